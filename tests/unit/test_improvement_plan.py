"""Observations and the improvement plan in the drill store, tracked from one drill to the next."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from simulator.drill import Store, open_session, start_session
from simulator.drill.evaluation import (
    EvaluationRejected,
    actions_of,
    carried_actions,
    closed_in,
    draft_actions,
    drill_record,
    observations,
    record_observation,
    update_action,
)
from simulator.drill.store import MIGRATIONS, SCHEMA_VERSION
from simulator.metrics.findings import draft_findings
from simulator.report.aar import build_aar
from tests.conftest import to_yaml
from tests.unit.test_findings import evaluated_tiny


@pytest.fixture
def scenario_file(tiny, tmp_path):
    data = evaluated_tiny(tiny)
    data["objectives"] = [{
        "id": "warn", "name": {"zh": "叫应", "en": "Warnings answered"}, "kpi": "calls_unanswered", "op": "<=", "target": 0, "step": "analysis_warning",
        "critical_tasks": [{"id": "answer", "name": {"zh": "十分钟内应答", "en": "Answer within 10 minutes"}, "by": "town_office", "measure": "warning_answer"}],
    }]
    path = tmp_path / "tiny.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    return path


def first_drill(store, scenario_file):
    session, info = start_session(store, scenario_file)
    session.run_until(45)
    session.decide("dispatch_team", team="city_team", incident="dam")
    session.run_until(120)
    return session, store.get(info.id)


def test_an_action_opened_in_one_drill_is_listed_at_the_next_and_closed_there(tmp_path, scenario_file):
    store = Store(tmp_path / "data")
    session, info = first_drill(store, scenario_file)
    findings = draft_findings(session.scenario, session.events(), until=session.now)
    made = draft_actions(store, info, session.scenario, findings, "en", today=date(2026, 12, 1))
    assert [a.finding for a in made] == ["late_report:city_office", "unanswered_warning:village_station", "late_decision:city_office"]
    assert {a.due for a in made} == {"2026-12-31"} and {a.status for a in made} == {"open"}
    assert made[1].description.startswith("Fix the duty and answering arrangements at Village station")
    assert draft_actions(store, info, session.scenario, findings, "en") == []  # drafted once per finding and drill
    update_action(store, made[0].id, unit="town_office", unit_name="Town office", due="2027-01-15", status="in_progress")

    second, second_info = start_session(store, scenario_file)
    carried = carried_actions(store, second.scenario, second_info.id)
    assert [a.finding for a in carried] == [a.finding for a in made]  # the next drill of the scenario lists them
    assert carried[0].unit == "town_office" and carried[0].due == "2027-01-15" and carried[0].status == "in_progress"
    closed = update_action(store, made[1].id, second_info.id, status="closed")
    assert closed.closed_in == second_info.id
    assert [a.id for a in closed_in(store, second_info.id)] == [made[1].id]
    assert [a.id for a in carried_actions(store, second.scenario, second_info.id)] == [made[0].id, made[2].id]
    assert actions_of(store, second_info.id) == []

    record = drill_record(store, second_info.id, second.scenario, "en", clock=second.now)
    aar = build_aar(second.scenario, second.events(), {"seed": 7}, "en", record)
    assert [row[-1] for row in aar.carried.rows] == ["closed", "still open", "still open"]
    assert aar.carried.rows[0][1] == made[1].description
    summary = dict(aar.summary)
    assert summary["Improvement plan"].endswith("from earlier drills 1 closed in this one, 2 still open")
    # the first drill's own report shows its stored plan, not the next drill's doings
    first_aar = build_aar(session.scenario, session.events(), {"seed": 7}, "en", drill_record(store, info.id, session.scenario, "en", clock=session.now))
    assert [row[3] for row in first_aar.plan.rows] == ["Town office", "Village station", "City bureau"]
    assert first_aar.carried.rows == []


def test_bad_edits_are_refused_and_change_nothing(tmp_path, scenario_file):
    store = Store(tmp_path / "data")
    session, info = first_drill(store, scenario_file)
    action = draft_actions(store, info, session.scenario, draft_findings(session.scenario, session.events()), "zh")[0]
    for changes, key in (({"status": "done"}, "bad_status"), ({"due": "next week"}, "bad_due"), ({"opened_in": "x"}, "bad_field")):
        with pytest.raises(EvaluationRejected) as caught:
            update_action(store, action.id, **changes)
        assert caught.value.key == key and caught.value.message("zh") != caught.value.message("en")
    assert actions_of(store, info.id)[0] == action


def test_observations_are_stored_with_the_drill_and_survive_reopening(tmp_path, scenario_file):
    store = Store(tmp_path / "data")
    session, info = first_drill(store, scenario_file)
    record_observation(store, info.id, session.scenario, time=session.now, task="answer", rating="s", note="town answered, village silent", evaluator="Evaluator 1")
    record_observation(store, info.id, session.scenario, time=session.now, note="the room argued about the level")
    with pytest.raises(EvaluationRejected) as caught:
        record_observation(store, info.id, session.scenario, time=1, task="answer", rating="X")
    assert caught.value.key == "bad_rating"
    with pytest.raises(EvaluationRejected):
        record_observation(store, info.id, session.scenario, time=1, task="nope", note="x")
    store.close()

    again = Store(tmp_path / "data")  # a new kernel: everything is read back from the file
    assert again.schema_version() == SCHEMA_VERSION
    got = observations(again, info.id)
    assert [(o.seq, o.objective, o.task, o.rating, o.evaluator) for o in got] == [(0, "warn", "answer", "S", "Evaluator 1"), (1, "", "", "", "")]
    reopened = open_session(again, info.id)
    assert reopened.events().equals(session.events())  # observations change nothing in the replay
    record = drill_record(again, info.id, reopened.scenario, "en", clock=reopened.now)
    aar = build_aar(reopened.scenario, reopened.events(), {"seed": 7}, "en", record)
    task = aar.objectives[0].tasks[0]
    assert (task.rating, task.source) == ("S", "rated by the evaluator")  # the evaluator's rating, not the drafted one
    assert task.notes == ["T+02:00 Evaluator 1: [S] town answered, village silent"]
    assert aar.notes == ["T+02:00 evaluator: the room argued about the level"]
    assert "Evaluator 1" in dict(aar.summary)["Seats and evaluators"]


def test_an_older_store_gains_the_tables_and_keeps_its_drills(tmp_path):
    """A store written before observations and actions (schema 5) is migrated in place."""
    (tmp_path / "data").mkdir()
    db = sqlite3.connect(tmp_path / "data" / "drills.sqlite")
    for script in MIGRATIONS[:5]:
        db.executescript(script)
    db.execute("PRAGMA user_version=5")
    db.execute("INSERT INTO sessions (id, name, scenario_id, scenario_path, scenario_text, scenario_hash, seed, created, updated) VALUES ('old', 'old drill', 'tiny', 'x', '', 'h', 7, '2026-01-01', '2026-01-01')")
    db.commit()
    db.close()
    store = Store(tmp_path / "data")
    assert store.schema_version() == SCHEMA_VERSION and store.get("old").name == "old drill"
    assert observations(store, "old") == [] and actions_of(store, "old") == []
