"""The past-drills panel's "what if", driven from Python: pick a drill and a decision, change it, compare (issue 15)."""

from __future__ import annotations

from types import SimpleNamespace

import ipywidgets as widgets
import pytest

from simulator.drill import Store, start_session
from simulator.ui.what_if import WhatIfPanel
from tests.functional.test_decisions_as_policy import tiny
from tests.conftest import to_yaml


@pytest.fixture
def drill(tmp_path):
    """The room sends the city team 40 minutes after the flood's need began waiting."""
    path = tmp_path / "tiny.yaml"
    path.write_text(to_yaml(tiny()), encoding="utf-8")
    store = Store(tmp_path / "store")
    session, info = start_session(store, path)
    session.step()
    session.advance(40)
    session.decide("dispatch_team", team="city_team", incident="flood-001", capability="pumping")
    session.run_until(600)
    return store, info.id


def panel(store, drill_id, lang="en"):
    archive = SimpleNamespace(
        console=SimpleNamespace(store=store, lang=lang, session=None),
        compare_picker=widgets.SelectMultiple(options=[("the drill", drill_id)]),
    )
    return archive, WhatIfPanel(archive)


def test_choosing_a_drill_lists_its_decisions_by_minute_and_by_name(drill):
    store, drill_id = drill
    archive, what_if = panel(store, drill_id)
    assert "Choose one drill" in what_if.message.value and what_if.decision.options == ()
    archive.compare_picker.value = (drill_id,)
    (label, seq), = what_if.decision.options
    assert seq == 0 and what_if.decision.value == 0
    assert label.startswith("minute 162 · Dispatch a team: City team → Waterlogging #1") and "city_team" not in label
    what_if.change.value = "removed"
    assert what_if.minutes.disabled


def test_a_decision_taken_earlier_is_compared_with_the_recorded_one_and_downloaded(drill):
    store, drill_id = drill
    archive, what_if = panel(store, drill_id, lang="zh")
    archive.compare_picker.value = (drill_id,)
    what_if.change.value = "earlier"
    what_if.minutes.value = 35
    what_if.futures.value = 3
    what_if.run_button.click()
    study = what_if.study
    assert study is not None and study.at == 127.0 and study.ids == ["recorded", "what_if"]
    assert "提前 35 分钟:派遣队伍" in what_if.message.value
    d = what_if.summary.difference("what_if", "focus_need_wait")
    assert d["mean"] == pytest.approx(-35.0) and d["verdict"] == "better"
    assert "所关注需求的等待时间" in what_if.table.value and "更优" in what_if.table.value
    assert not what_if.report_button.disabled
    what_if.report_button.click()
    name, data, mime = what_if.download.last
    assert name == "tiny_what_if_127.html" and mime == "text/html" and "推演分支" in data.decode("utf-8")


def test_the_standing_procedure_from_a_decision_on(drill):
    store, drill_id = drill
    archive, what_if = panel(store, drill_id)
    archive.compare_picker.value = (drill_id,)
    what_if.change.value = "standard"
    what_if.futures.value = 2
    study = what_if.run()
    # branched at the whole minute of the decision (162), where the dispatcher sends the free team at once
    events = study.source.events
    queued = float(events.loc[events["kind"] == "need_queued", "time"].iloc[0])
    assert study.at == 162.0 and 161 < queued + 40 < 163
    waits = study.results.pivot(index="replication", columns="plan", values="focus_need_wait")
    assert list(waits["what_if"]) == pytest.approx([162.0 - queued] * 2) and list(waits["recorded"]) == pytest.approx([40.0] * 2)
