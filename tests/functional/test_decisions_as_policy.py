"""A recorded decision log applied as a policy across replications with other seeds (issue 15).

The tiny scenario's flood is detected 5-30 minutes after minute 100 (a
uniform draw per seed) and then reported to the town office in 8 minutes,
so its pumping need begins waiting at a different minute under each seed;
the room's dispatch must follow the need, not the clock.
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest
from typer.testing import CliRunner

from simulator.cli import app
from simulator.drill import Store, start_session
from simulator.drill.archive import export_decisions
from simulator.drill.branch import RUN, Prepared, Setup, run_future
from simulator.experiments.decision_policy import DecisionLog, log_from_drill, simulate_with_decisions
from simulator.experiments.seeds import replication_sequence
from simulator.models import simulate
from simulator.scenario import load_scenario, parse_scenario
from tests.conftest import SCENARIOS, tiny_dict, to_yaml
from tests.functional.test_branch import STORM


def tiny(storm: bool = False, on_scene: float = 60.0) -> dict:
    data = copy.deepcopy(tiny_dict())
    data["incidents"][0]["detection_minutes"] = {"dist": "uniform", "low": 5, "high": 30}
    data["incidents"][0]["needs"][0]["on_scene_minutes"] = on_scene
    if storm:
        data["incidents"].append(copy.deepcopy(STORM))
    return data


@pytest.fixture
def drill(tmp_path):
    """The room sends the city team 40 minutes after the flood's need began waiting (the report's arrival),
    and 100 minutes after the report releases 10 sandbags to it. The flood is still open then: the team
    arrives 21 minutes after its dispatch (1 order + 5 mobilising + 15 road) and works 60, so it closes
    121 minutes after the report."""
    path = tmp_path / "tiny.yaml"
    path.write_text(to_yaml(tiny()), encoding="utf-8")
    store = Store(tmp_path / "store")
    session, info = start_session(store, path)
    session.step()
    session.advance(40)
    assert session.decide("dispatch_team", team="city_team", incident="flood-001", capability="pumping").accepted
    session.advance(60)
    assert session.decide("release_supplies", incident="flood-001", item="sandbag", quantity=10).accepted
    session.run_until(600)
    return store, info.id, path


def waits(events: pd.DataFrame) -> tuple[float, float]:
    queued = float(events.loc[events["kind"] == "need_queued", "time"].iloc[0])
    sent = float(events.loc[events["kind"] == "team_dispatched", "time"].iloc[0])
    return queued, sent - queued


def test_a_dispatch_follows_its_need_under_other_seeds_not_the_clock(drill):
    store, drill_id, _ = drill
    log = log_from_drill(store, drill_id)
    assert [(p.decision.action, p.situation.code(), p.delay) for p in log.planned] == [
        ("dispatch_team", "need_queued:flood-001:pumping#1", pytest.approx(40.0)),
        ("release_supplies", "command_assumed:flood-001#1", pytest.approx(100.0)),
    ]
    scenario = parse_scenario(to_yaml(tiny()), "tiny.yaml")
    queued_at = []
    for index in range(4):
        run = simulate_with_decisions(log, scenario, seed=1, seed_sequence=replication_sequence(99, index))
        queued, waited = waits(run.events)
        queued_at.append(queued)
        assert waited == pytest.approx(40.0)
        assert run.extra == {"decisions_played": 2.0, "decisions_refused": 0.0, "decisions_skipped": 0.0, "decisions_unplayed": 0.0, "procedure_dispatches": 0.0}
    assert len({round(q, 6) for q in queued_at}) == 4  # the need waited from a different minute under each seed


def test_what_no_longer_applies_is_skipped_and_logged_as_skipped(drill):
    """Shorter work on scene (20 minutes) closes the flood 81 minutes after its report: the release at +100 no longer applies."""
    store, drill_id, _ = drill
    log = log_from_drill(store, drill_id)
    quicker = parse_scenario(to_yaml(tiny(on_scene=20.0)), "quicker.yaml")
    run = simulate_with_decisions(log, quicker, seed=1, seed_sequence=replication_sequence(99, 0))
    skipped = run.events[run.events["kind"] == "decision_skipped"]
    assert list(zip(skipped["entity"], skipped["incident"], skipped["detail"])) == [("release_supplies", "flood-001", "incident_closed")]
    closed = float(run.events.loc[run.events["kind"] == "incident_closed", "time"].iloc[0])
    reported = float(run.events.loc[run.events["kind"] == "command_assumed", "time"].iloc[0])
    assert closed - reported == pytest.approx(81.0) and float(skipped["time"].iloc[0]) - reported == pytest.approx(100.0)
    assert run.extra["decisions_played"] == 1.0 and run.extra["decisions_skipped"] == 1.0


def test_needs_no_decision_answers_go_to_the_standing_procedure_at_the_room_s_median_pace(drill, tmp_path):
    """Storms the drill never had: nobody in the room answered them, so the procedure sends the city team
    40 minutes (the room's median) after each begins waiting, or as soon as the team is back. When the
    room's own dispatch is refused (the team is out on a storm), its need goes to the procedure too."""
    store, drill_id, _ = drill
    log = log_from_drill(store, drill_id)
    assert log.fallback_delay == pytest.approx(40.0)
    stormy = parse_scenario(to_yaml(tiny(storm=True)), "stormy.yaml")
    setup = Setup(stormy, 1, False, RUN, stormy.meta.horizon, 0.0, ())
    run = run_future(setup, Prepared("log", "drill", log.planned, log.fallback_delay, log.left_alone, None), 0, replication_sequence(5, 1))
    events = run.events()
    queued = {r.incident: r.time for r in events[events["kind"] == "need_queued"].itertuples()}
    sent = {r.incident: r.time for r in events[events["kind"] == "team_dispatched"].itertuples()}
    room = [(e.action, e.status, e.reason) for e in run.ledger if e.origin != "procedure"]
    assert room == [("dispatch_team", "refused", "team_state"), ("release_supplies", "played", "")]
    procedure = {e.args["incident"]: e for e in run.ledger if e.origin == "procedure"}
    assert set(procedure) == set(queued) and "flood-001" in procedure and len(procedure) >= 4
    assert all(e.status == "played" and e.played_at == sent[i] for i, e in procedure.items())
    delays = {i: sent[i] - queued[i] for i in queued}
    assert all(d >= 40.0 - 1e-9 for d in delays.values()) and delays["storm-001"] == pytest.approx(40.0)
    # without the procedure nobody answers the storms: the team stays free and the room's own dispatch goes
    alone = run_future(setup, Prepared("log", "drill", log.planned, None, log.left_alone, None), 0, replication_sequence(5, 1)).events()
    assert list(alone.loc[alone["kind"] == "team_dispatched", "incident"]) == ["flood-001"]


def test_an_empty_log_with_automatic_dispatch_is_the_plain_replication():
    """The runner changes nothing but the decisions: no decisions and the automatic dispatcher is simulate() itself."""
    street = load_scenario(SCENARIOS / "street_command.yaml")
    empty = DecisionLog("none", street.meta.id, True, (), None, frozenset())
    for index in (0, 1):
        plain = simulate(street, 5, replication_sequence(5, index)).events
        pd.testing.assert_frame_equal(simulate_with_decisions(empty, street, 5, replication_sequence(5, index)).events, plain)


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_experiment_command_applies_a_drill_and_its_exported_csv_alike(drill, tmp_path):
    store, drill_id, path = drill
    export_decisions(store, drill_id, tmp_path / "log.csv")
    outs = {}
    for name, target in (("drill", drill_id), ("csv", str(tmp_path / "log.csv"))):
        out = tmp_path / name
        code, stdout, stderr = run_cli("experiment", str(path), "--decisions", target, "--data", str(tmp_path / "store"), "-n", "4", "--executor", "serial", "--out", str(out))
        assert code == 0, stderr
        assert "each played by the situation it answered" in stdout and "after 40 min" in stdout
        outs[name] = pd.read_csv(out / "results.csv", keep_default_na=False)
        plan = pd.read_csv(out / "decisions_plan.csv")
        assert list(plan["situation"]) == ["need_queued:flood-001:pumping#1", "command_assumed:flood-001#1"]
    assert (outs["drill"]["decisions_played"] == 2).all() and (outs["drill"]["decisions_skipped"] == 0).all()
    pd.testing.assert_frame_equal(outs["drill"].drop(columns="runtime"), outs["csv"].drop(columns="runtime"))


def test_the_experiment_command_refuses_a_log_it_cannot_use(drill, tmp_path):
    store, drill_id, path = drill
    code, _, stderr = run_cli("experiment", str(path), "--decisions", "nope", "--data", str(tmp_path / "store"), "--out", str(tmp_path / "o1"), "--lang", "zh")
    assert code == 2 and "--decisions nope:没有这个 CSV 文件" in stderr
    street = str(SCENARIOS / "street_command.yaml")
    code, _, stderr = run_cli("experiment", street, "--decisions", drill_id, "--data", str(tmp_path / "store"), "--out", str(tmp_path / "o2"))
    assert code == 2 and "the decisions were taken on scenario 'tiny', not 'street_command'" in stderr
    (tmp_path / "bad.csv").write_text("minute,what\n1,x\n", encoding="utf-8")
    code, _, stderr = run_cli("experiment", str(path), "--decisions", str(tmp_path / "bad.csv"), "--out", str(tmp_path / "o3"))
    assert code == 2 and "not a decision log (columns time, action, args" in stderr
    # a study resumed with another log is another study
    out = tmp_path / "o4"
    assert run_cli("experiment", str(path), "--decisions", drill_id, "--data", str(tmp_path / "store"), "-n", "2", "--executor", "serial", "--out", str(out))[0] == 0
    code, _, stderr = run_cli("experiment", str(path), "-n", "2", "--executor", "serial", "--out", str(out), "--resume")
    assert code == 2 and "the decision log (--decisions)" in stderr
