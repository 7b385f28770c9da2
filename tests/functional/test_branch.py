"""What-if branches of a stored drill or a saved run (issue 15): exact replay to t, common random numbers after it.

The tiny scenario (tests/conftest.py) has fixed durations, so a need's wait
is computed by hand: the flood is reported to the town office 18 minutes
after it occurs (10 detection + 1 + 2 + 1 + 4), its pumping need waits from
then until a team is sent.
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from simulator.drill import Store, start_session
from simulator.drill.alternatives import RECORDED, STANDARD, parse_alternative
from simulator.drill.branch import BranchSource, prepare, run_future
from simulator.eventlog import write_events
from simulator.experiments.branching import percentile_text, room_percentiles, run_branch
from simulator.models import simulate
from simulator.report.outputs import load_run, save_run
from tests.conftest import tiny_dict, to_yaml

STORM = {
    "id": "storm", "name": {"zh": "暴雨积水", "en": "Storm water"}, "hazard": "flood", "rate_per_hour": 0.4, "places": ["v", "t"],
    "severity": {"IV": 1.0}, "needs": [{"capability": "pumping", "teams": 1, "on_scene_minutes": 30}],
    "detection_minutes": {"dist": "exponential", "mean": 10},
}


def scenario_file(tmp_path, storm: bool = True, random_detection: bool = False):
    data = copy.deepcopy(tiny_dict())
    if storm:
        data["incidents"].append(copy.deepcopy(STORM))
    if random_detection:
        data["incidents"][0]["detection_minutes"] = {"dist": "uniform", "low": 5, "high": 30}
    path = tmp_path / "tiny.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    return path


def play_drill(tmp_path, delay: float = 20.0, undo: bool = False, **scenario):
    """A room that answers every need ``delay`` minutes late with the city team; a note and an inject of
    the facilitator's too; with ``undo``, its second dispatch is corrected 3 minutes later (the team recalled)."""
    store = Store(tmp_path / "store")
    session, info = start_session(store, scenario_file(tmp_path, **scenario))
    session.note("drill starts")
    while not session.ended:
        for point in session.step():
            if point.reason == "dispatch":
                session.advance(delay)
                outcome = session.decide("dispatch_team", team="city_team", incident=point.ref)
                if undo and outcome.accepted and sum(o.accepted and o.decision.action == "dispatch_team" for o in session.outcomes) == 2:
                    session.advance(3)
                    assert session.undo(outcome.seq).accepted
        if 300 <= session.now < 400 and not session.extra_injects:
            session.add_inject("id: slow\ntime: 420\ntext: {zh: 道路缓行, en: Slow road}\neffect: {type: slow_road, from: t, to: v, factor: 2}\n")
    return store, info.id, session


def csv_bytes(events: pd.DataFrame, tmp_path, name: str) -> bytes:
    path = tmp_path / name
    write_events(events, path)
    return path.read_bytes()


def test_branching_a_drill_with_its_recorded_decisions_and_seed_reproduces_its_log_byte_for_byte(tmp_path):
    store, drill, session = play_drill(tmp_path, undo=True)
    assert sum(o.decision.action == "dispatch_team" for o in session.outcomes) >= 3 and session.extra_injects
    assert any(o.decision.action == "undo" and o.accepted for o in session.outcomes)
    original = csv_bytes(session.events(), tmp_path, "original.csv")
    source = BranchSource.from_drill(store, drill)
    dispatches = [d.time for d in source.decisions if d.action == "dispatch_team"]
    # at the start, just before, at and just after a decision, at the facilitator's inject, near the end
    for at in (0.0, dispatches[0] - 0.5, dispatches[0], dispatches[0] + 1e-6, 300.0, 420.0, 599.0):
        run = run_future(source.setup(at), prepare(source, RECORDED, at), 0)
        assert csv_bytes(run.events(), tmp_path, "branch.csv") == original, at


def test_branching_a_saved_run_at_any_minute_reproduces_its_events_csv(tmp_path):
    path = scenario_file(tmp_path)
    from simulator.scenario import load_scenario

    scenario = load_scenario(path)
    result = simulate(scenario, 11)
    save_run(tmp_path / "run", path.read_text(encoding="utf-8"), scenario, result.events, result.meta())
    saved = load_run(tmp_path / "run")
    source = BranchSource.from_run(saved.scenario, saved.events, saved.meta["seed"], str(tmp_path / "run"))
    recorded = (tmp_path / "run" / "events.csv").read_bytes()
    for at in (0.0, 250.0, 599.5):
        run = run_future(source.setup(at), prepare(source, RECORDED, at), 0)
        assert csv_bytes(run.events(), tmp_path, "branch.csv") == recorded, at


def _alternatives():
    earlier = parse_alternative("id: earlier\nname: {zh: 提前, en: Earlier}\nchange:\n  - seq: 3\n    shift: -10\n", "earlier.yaml")
    added = parse_alternative(
        "id: added\nname: {zh: 增派, en: Added}\nremove: [5]\nadd:\n  - action: set_response_level\n    args: {incident: flood-001, level: III}\n    after: 2\n",
        "added.yaml",
    )
    return [RECORDED, STANDARD, earlier, added]


def test_every_alternative_in_every_future_has_the_original_log_up_to_the_branch(tmp_path):
    store, drill, session = play_drill(tmp_path, undo=True)
    source = BranchSource.from_drill(store, drill)
    at = source.decisions[3].time - 15
    original = source.events[source.events["time"] < at]
    undone = 0
    for alt in _alternatives():
        prepared = prepare(source, alt, at)
        for future in (1, 2, 3):
            run = run_future(source.setup(at), prepared, future)
            events = run.events()
            before = events[events["time"] < at]
            pd.testing.assert_frame_equal(before.reset_index(drop=True), original.reset_index(drop=True))
            assert len(events) > len(before)
            # an undo follows the decision it corrects: 3 minutes after it was played here, or skipped with it
            by_seq = {e.seq: e for e in run.ledger}
            for e in (e for e in run.ledger if e.action == "undo"):
                target = by_seq.get(e.args["seq"])
                if target is not None and target.status == "played":
                    assert e.status in ("played", "refused") and e.due == pytest.approx(target.played_at + 3.0)
                    undone += e.status == "played"
                elif target is not None:
                    assert e.status == "skipped" and e.reason == "target_not_played"
    assert undone > 0


def incidents_after(events: pd.DataFrame, at: float) -> list[tuple]:
    rows = events[(events["kind"] == "incident_occurred") & (events["time"] >= at)]
    return list(rows[["incident", "time", "location", "level"]].itertuples(index=False, name=None))


def test_alternatives_that_differ_only_after_the_branch_see_the_same_incidents_in_each_future(tmp_path):
    store, drill, _ = play_drill(tmp_path)
    source = BranchSource.from_drill(store, drill)
    at = source.decisions[3].time - 15
    alternatives = _alternatives()
    seen = {}
    for future in range(1, 6):
        runs = [run_future(source.setup(at), prepare(source, alt, at), future).events() for alt in alternatives]
        first = incidents_after(runs[0], at)
        for other in runs[1:]:
            assert incidents_after(other, at) == first, future
        seen[future] = first
    # the futures are fresh draws: they differ from one another and from the recorded run
    assert len({tuple(v) for v in seen.values()}) > 1
    assert all(v != incidents_after(source.events, at) for v in seen.values())


def test_a_free_team_sent_earlier_to_a_waiting_need_shortens_its_wait_by_hand(tmp_path):
    """No storm: the city team is free when the flood's need waits, so sending it 35 minutes earlier
    cuts that need's wait from 40 to 5 minutes in every future, and the team arrives 35 minutes earlier."""
    store, drill, session = play_drill(tmp_path, delay=40.0, storm=False, random_detection=True)
    source = BranchSource.from_drill(store, drill)
    earlier = parse_alternative("id: earlier\nname: {zh: 提前35分钟, en: 35 min earlier}\nchange:\n  - seq: 1\n    shift: -35\n", "earlier.yaml")
    study = run_branch(source, 0.0, [earlier, STANDARD], futures=6, executor="serial")
    ok = study.results[study.results["error"] == ""]
    assert len(ok) == 18 and study.focus == ("flood-001", "pumping")
    waits = ok.pivot(index="replication", columns="plan", values="focus_need_wait")
    assert list(waits["recorded"]) == pytest.approx([40.0] * 6) and list(waits["earlier"]) == pytest.approx([5.0] * 6)
    assert list(waits["standard"]) == [0.0] * 6
    # from the call (detection) to the first team on scene: 8 min reporting, the wait, then 1 (order) + 5 (mobilising) + 15 (road)
    arrivals = ok.pivot(index="replication", columns="plan", values="first_arrival_mean")
    assert list(arrivals["recorded"]) == pytest.approx([69.0] * 6) and list(arrivals["earlier"]) == pytest.approx([34.0] * 6)
    assert list(arrivals["standard"]) == pytest.approx([29.0] * 6)
    detected = [run_future(source.setup(0.0), prepare(source, RECORDED, 0.0), f).events() for f in (1, 2)]
    times = [float(e.loc[e["kind"] == "incident_detected", "time"].iloc[0]) for e in detected]
    assert times[0] != times[1] and all(105 <= t <= 130 for t in times)  # the futures draw the detection anew
    d = study.summary().difference("earlier", "focus_need_wait")
    assert d["mean"] == pytest.approx(-35.0) and d["high"] < 0 and d["verdict"] == "better"


def test_sending_the_team_earlier_wins_a_paired_interval_when_futures_compete_for_it(tmp_path):
    """With storms competing for the only team, waits vary by future; the earlier dispatch still wins, paired."""
    store, drill, _ = play_drill(tmp_path, delay=40.0, random_detection=True)
    source = BranchSource.from_drill(store, drill)
    flood = next(seq for seq, d in enumerate(source.decisions) if d.args.get("incident") == "flood-001")
    earlier = parse_alternative(f"id: earlier\nname: {{zh: 提前, en: Earlier}}\nchange:\n  - seq: {flood}\n    shift: -35\n", "earlier.yaml")
    study = run_branch(source, 0.0, [earlier], futures=12, executor="serial")
    summary = study.summary()
    waits = study.results.pivot(index="replication", columns="plan", values="need_wait_mean")
    assert waits["recorded"].std() > 0  # the futures differ
    d = summary.difference("earlier", "need_wait_mean")
    assert d["high"] < 0 and d["verdict"] == "better"
    assert summary.difference("earlier", "focus_need_wait")["verdict"] == "better"
    # CRN: the paired interval is narrower than the same runs taken as independent samples
    assert d["half_width"] < d["unpaired_half_width"]


def test_room_percentiles_place_the_actual_outcome_among_its_own_and_the_standard_futures(tmp_path):
    """By hand: the room answered the flood 40 minutes late. Its own futures answer 40 minutes late too (all
    ties: 50%); the standard procedure sends the team at once (the room never did better: 0%)."""
    store, drill, _ = play_drill(tmp_path, delay=40.0, storm=False, random_detection=True)
    frame = room_percentiles(store, drill, ["need_wait_mean", "incidents_total"], futures=5, executor="serial")
    table = frame.set_index("kpi")
    wait = table.loc["need_wait_mean"]
    assert wait["actual"] == pytest.approx(40.0) and wait["own_percentile"] == 50.0 and wait["standard_percentile"] == 0.0
    assert wait["own_n"] == wait["standard_n"] == 5
    assert table.loc["incidents_total", "better"] == ""  # no direction: the share below
    sentence = percentile_text(frame.iloc[0], "en")
    assert "did better than 50% of the futures under its own decisions (5) and than 0% of the futures under the standing procedure" in sentence
    assert "标准程序下 0% 的未来" in percentile_text(frame.iloc[0], "zh")


def test_an_alternative_that_edits_before_the_branch_is_refused_with_its_line(tmp_path):
    from simulator.scenario import ScenarioError

    store, drill, _ = play_drill(tmp_path)
    source = BranchSource.from_drill(store, drill)
    late = parse_alternative("id: late\nname: {zh: 晚, en: Late}\nchange:\n  - seq: 1\n    time: 10\nremove: [99]\n", "late.yaml")
    with pytest.raises(ScenarioError) as err:
        run_branch(source, source.decisions[1].time, [late], futures=2, executor="serial")
    text = err.value.render("en")
    assert "late.yaml:4: change[0]: minute 10 is before the branch" in text and "late.yaml:6: remove[0]: the decision log has no decision 99" in text
    assert "早于分支时刻" in err.value.render("zh")


def test_the_branch_command_writes_the_table_the_summary_and_a_comparison_that_names_things(tmp_path):
    import json

    from typer.testing import CliRunner

    from simulator.cli import app

    store, drill, _ = play_drill(tmp_path, delay=40.0)
    source = BranchSource.from_drill(store, drill)
    flood = next(seq for seq, d in enumerate(source.decisions) if d.args.get("incident") == "flood-001")
    (tmp_path / "earlier.yaml").write_text(f"id: earlier\nname: {{zh: 提前派出, en: Sent earlier}}\nchange:\n  - seq: {flood}\n    shift: -30\n", encoding="utf-8")
    out = tmp_path / "out"
    at = f"{source.decisions[flood].time - 30:.3f}"
    args = ["branch", drill, "--at", at, "--alternative", str(tmp_path / "earlier.yaml"), "-n", "4", "--executor", "serial", "--data", str(tmp_path / "store"), "--out", str(out), "--lang", "zh"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert "所关注需求的等待时间" in result.stdout and "提前派出" in result.stdout
    results = pd.read_csv(out / "results.csv", keep_default_na=False)
    assert list(results["plan"].unique()) == ["recorded", "earlier", "standard"] and len(results) == 12 and (results["error"] == "").all()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["branch"]["at"] == float(at) and summary["branch"]["focus"] == ["flood-001", "pumping"] and summary["reference"] == "recorded"
    verdicts = {(d["plan"], d["kpi"]): d["verdict"] for d in summary["differences"]}
    assert verdicts[("earlier", "focus_need_wait")] == "better"
    ledger = pd.read_csv(out / "decisions.csv", keep_default_na=False)
    assert set(ledger["status"]) <= {"played", "refused", "skipped", "not_arisen", "too_late"} and len(ledger[ledger["alternative"] == "earlier"]) > 0
    html = (out / "comparison.html").read_text(encoding="utf-8")
    assert "内涝 第1起" in html and "提前 30 分钟" in html and "标准程序(自动调派)" in html and "city_team" not in html
    assert "{team}" not in html and "{state}" not in html  # refusals are said with names, not left as templates
    assert html.count("plotly.js v") == 1 and "<script src=" not in html  # offline: plotly.js inline, once


def test_the_branch_command_says_what_is_wrong_with_its_input(tmp_path):
    from typer.testing import CliRunner

    from simulator.cli import app

    store, drill, _ = play_drill(tmp_path)
    data = ["--data", str(tmp_path / "store"), "--executor", "serial", "--out", str(tmp_path / "out")]
    runner = CliRunner()
    result = runner.invoke(app, ["branch", drill, "--at", "700", *data])
    assert result.exit_code == 2 and "--at 700: the branch minute must be from 0 up to where the record ends (minute 600)" in result.stderr
    result = runner.invoke(app, ["branch", "nope", "--at", "10", *data, "--lang", "zh"])
    assert result.exit_code == 2 and "'nope' 既不是运行结果目录" in result.stderr
    (tmp_path / "bad.yaml").write_text("id: bad\nname: {zh: 坏, en: Bad}\nadd:\n  - action: fly_away\n    time: 20\n", encoding="utf-8")
    result = runner.invoke(app, ["branch", drill, "--at", "10", "--alternative", str(tmp_path / "bad.yaml"), *data])
    assert result.exit_code == 2 and "bad.yaml:4: add[0].action: 'fly_away' is not a decision" in result.stderr
    result = runner.invoke(app, ["branch", drill, "--at", "10", "--focus", "flood-001", *data])
    assert result.exit_code == 2 and "write INCIDENT:CAPABILITY" in result.stderr


def test_a_branch_gives_the_same_table_on_a_process_pool_as_in_this_process(tmp_path):
    store, drill, _ = play_drill(tmp_path)
    source = BranchSource.from_drill(store, drill)
    serial = run_branch(source, 200.0, [STANDARD], futures=3, executor="serial")
    pooled = run_branch(source, 200.0, [STANDARD], futures=3, executor="process", workers=2, batch_size=2)
    assert pooled.executor == "process" and (pooled.results["error"] == "").all()
    pd.testing.assert_frame_equal(serial.results.drop(columns="runtime"), pooled.results.drop(columns="runtime"))
    pd.testing.assert_frame_equal(serial.ledger, pooled.ledger)


def test_a_future_that_fails_is_a_row_with_its_cause_and_the_command_says_so(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import simulator.experiments.branching as branching
    from simulator.cli import app

    store, drill, _ = play_drill(tmp_path)
    real = branching.run_future

    def flaky(setup, alternative, future, seed_sequence=None):
        if alternative.id == "standard" and future == 2:
            raise ZeroDivisionError("a model bug")
        return real(setup, alternative, future, seed_sequence)

    monkeypatch.setattr(branching, "run_future", flaky)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["branch", drill, "--at", "200", "-n", "3", "--executor", "serial", "--data", str(tmp_path / "store"), "--out", str(out)])
    assert result.exit_code == 1 and "1 of 6 runs failed" in result.stderr
    results = pd.read_csv(out / "results.csv", keep_default_na=False)
    failed = results[results["error"] != ""]
    assert list(zip(failed["plan"], failed["replication"])) == [("standard", 2)] and "ZeroDivisionError: a model bug" in failed["error"].iloc[0]
    differences = pd.read_csv(out / "differences.csv")
    assert set(differences["dropped_failed"]) == {1} and set(differences["n"]) <= {2, 0}
