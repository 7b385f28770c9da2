"""The console when the store refuses: the status line says why (path, what to do), the form stays filled, retry works.

Driven from Python as the facilitator would, on the tiny scenario (tests/conftest.py):
its one dispatch point is at minute 118, the flood reported to a commanding unit.
"""

from __future__ import annotations

import os
import random
import sqlite3

import pytest

from simulator.drill import Store
from simulator.ui.drill_console import DrillConsole
from tests.conftest import to_yaml


@pytest.fixture
def scenarios(tmp_path, tiny):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(to_yaml(tiny), encoding="utf-8")
    return folder


def console_at_dispatch_point(scenarios, data, lang="en") -> DrillConsole:
    console = DrillConsole(scenarios, data=data, lang=lang)
    console._store = Store(data, busy_timeout_ms=50)  # fail fast when another program holds the store
    console.start("tiny")
    console.step_button.click()
    assert console.session.now == 118
    form = console.decision_form
    form.action.value = "dispatch_team"
    form.team.value = "city_team"
    form.incident.value = "flood-001"
    return console


def locked(console: DrillConsole) -> sqlite3.Connection:
    other = sqlite3.connect(console.store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def release(other: sqlite3.Connection) -> None:
    other.execute("ROLLBACK")
    other.close()


def test_a_refused_decision_is_said_kept_in_the_form_and_taken_on_retry(tmp_path, scenarios):
    console = console_at_dispatch_point(scenarios, tmp_path / "data")
    form, path = console.decision_form, str(console.store.path)
    other = locked(console)
    form.decide_button.click()
    release(other)
    for line in (console.message.value, form.message.value):  # the status line, and beside the button
        assert "Decision not taken" in line and path in line and "Close the other program" in line
    assert (form.action.value, form.team.value, form.incident.value) == ("dispatch_team", "city_team", "flood-001")
    assert console.session.outcomes == [] and console.store.decisions(console.session.sink.session_id) == []
    form.decide_button.click()  # the facilitator presses Decide again
    assert "Done" in form.message.value and "City team" in console.log.value  # the log names teams by their names
    assert [d.accepted for d in console.store.decisions(console.session.sink.session_id)] == [True]


def test_a_refused_move_leaves_the_drill_where_the_store_has_it(tmp_path, scenarios):
    console = console_at_dispatch_point(scenarios, tmp_path / "data", lang="zh")
    console.decision_form.decide_button.click()
    other = locked(console)
    console.step_button.click()
    release(other)
    assert "演练未推进" in console.message.value and "第 118 分钟" in console.message.value and str(console.store.path) in console.message.value
    assert console.session.now == 118 and "T+01:58" in console.clock.value  # reopened from the store
    console.step_button.click()
    assert console.session.now > 118 and console.store.get(console.session.sink.session_id).clock == console.session.now


def test_real_time_stops_when_the_store_refuses(tmp_path, scenarios):
    console = console_at_dispatch_point(scenarios, tmp_path / "data")
    console.realtime.value = True
    other = locked(console)
    console.timer.value += 1  # a tick of the browser's timer
    release(other)
    assert not console.realtime.value and not console.timer.playing
    assert "did not move" in console.message.value and console.session.now == 118


def test_a_read_only_store_is_listed_opened_and_exported_but_not_moved(tmp_path, scenarios):
    data = tmp_path / "data"
    first = console_at_dispatch_point(scenarios, data)
    first.decision_form.decide_button.click()
    session_id = first.session.sink.session_id
    first.store.close()
    os.chmod(data / "drills.sqlite", 0o444)
    later = DrillConsole(scenarios, data=data, lang="en")
    assert session_id in [v for _, v in later.session_picker.options]
    later.open(session_id)
    assert later.session.now == 118 and "reopened" in later.message.value
    later.step_button.click()
    assert later.session.now == 118 and "read-only" in later.message.value and str(data / "drills.sqlite") in later.message.value
    later.decision_form.action.value = "recall_team"
    later.decision_form.decide_button.click()
    assert "Decision not taken" in later.decision_form.message.value and len(later.session.outcomes) == 1
    assert later.archive.export(".csv").decode("utf-8").startswith("seq,time,step,action")


def test_a_corrupt_store_is_said_when_the_console_opens(tmp_path, scenarios):
    data = tmp_path / "data"
    data.mkdir()
    (data / "drills.sqlite").write_bytes(random.Random(7).randbytes(4096))
    console = DrillConsole(scenarios, data=data, lang="zh")  # the console still shows
    assert "已损坏" in console.message.value and str(data / "drills.sqlite") in console.message.value
    assert console.session_picker.options == ()
    assert console.start("tiny") is None and "已损坏" in console.message.value


def test_a_step_past_the_run_budget_is_said_and_the_drill_stays_where_it_was(tmp_path, scenarios, monkeypatch):
    """Issue 18: the run budget in a drill is a message on the status line, not an error escaping the widget."""
    from simulator.drill import session as drill_session

    console = console_at_dispatch_point(scenarios, tmp_path / "data", lang="zh")
    steps, now = console.session.steps, console.session.now
    monkeypatch.setattr(drill_session, "MAX_EVENTS", steps)  # the budget is spent: the next step is refused
    console.realtime.value = True
    console.step_button.click()
    assert console.session.steps == steps and console.session.now == now == 118
    assert not console.realtime.value
    assert f"处理 {steps} 个仿真事件后停止" in console.message.value  # the budget message, in the console's language
