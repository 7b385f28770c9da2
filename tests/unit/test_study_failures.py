"""Failed replications carry their cause; a replication past its time limit is stopped; studies resume."""

from __future__ import annotations

import json
import time

import pandas as pd
import pytest

from simulator import cli
from simulator.experiments import run_study
from simulator.experiments.failures import ReplicationTimeout, failure_groups
from simulator.experiments.journal import ROWS_FILE, Journal, JournalMismatch, NothingToResume
from simulator.experiments.limits import time_limit
from simulator.experiments.study import prepare_plans, study_definition
from simulator.models import simulate
from simulator.scenario import parse_scenario
from simulator.scenario.distributions import Dist
from simulator.scenario.variants import parse_plan
from tests.conftest import to_yaml

BIG_TEAM = parse_plan("id: big\nname: {zh: 大队, en: big team}\noverrides: ['teams.city_team.size=40']\n")


@pytest.fixture
def noisy(tiny):
    tiny["incidents"][0]["schedule"] = [100, 200, 300]
    tiny["incidents"][0]["detection_minutes"] = {"dist": "exponential", "mean": 10}
    return parse_scenario(to_yaml(tiny), "noisy.yaml")


def endless_for_big_teams(scenario, seed=None, seed_sequence=None):
    """Never returns for the 40-strong team (a plan whose runs never finish); module level: picklable."""
    if scenario.teams[0].size == 40:
        while True:
            pass
    return simulate(scenario, seed=seed, seed_sequence=seed_sequence)


def test_time_limit_stops_a_busy_loop_and_leaves_a_quick_block_alone():
    started = time.perf_counter()
    with pytest.raises(ReplicationTimeout):
        with time_limit(0.2):
            while True:
                pass
    assert time.perf_counter() - started < 2
    with time_limit(0.2):
        total = sum(range(1000))
    time.sleep(0.4)  # past the limit: a cancelled watchdog raises nothing later
    assert total == 499500


@pytest.mark.parametrize("executor", ["serial", "process"])
def test_a_plan_whose_runs_never_finish_is_marked_failed_and_the_study_goes_on(noisy, executor):
    started = time.perf_counter()
    study = run_study(noisy, [BIG_TEAM], replications=2, seed=1, executor=executor, workers=1, time_limit=0.5, simulate_fn=endless_for_big_teams)
    assert time.perf_counter() - started < 20
    rows = study.results
    assert list(rows["error_kind"]) == ["time_limit", "time_limit"]
    assert set(rows["error"]) == {"ReplicationTimeout: ran longer than the time limit of 0.5 s"}
    assert (rows["runtime"] >= 0.5).all()
    # the other plan of the same study is unaffected
    both = run_study(noisy, [parse_plan("id: small\nname: {zh: 小, en: small}\n"), BIG_TEAM], replications=2, seed=1, executor="serial", time_limit=0.5, simulate_fn=endless_for_big_teams)
    ok = both.results[both.results["plan"] == "small"]
    assert (ok["error"] == "").all() and ok["incidents_total"].notna().all()
    assert failure_groups(both.results) == [
        {"plan": "big", "kind": "time_limit", "field": "", "error": "ReplicationTimeout: ran longer than the time limit of 0.5 s", "count": 2, "total": 2}
    ]


def _broken_duration(scenario):
    """The scenario with a lognormal of mean 0 slipped past validation (model_construct): sampling divides by it."""
    bad = Dist.model_construct(dist="lognormal", mean=0.0, sd=1.0, value=None, low=None, mode=None, high=None)
    incident = scenario.incidents[0]
    need = incident.needs[0].model_copy(update={"on_scene_minutes": bad})
    return scenario.model_copy(update={"incidents": (incident.model_copy(update={"needs": (need,)}),)})


def test_a_run_time_error_names_the_scenario_field_in_use(noisy):
    study = run_study(_broken_duration(noisy), None, replications=2, seed=1, executor="serial")
    row = study.results.iloc[0]
    assert row["error_kind"] == "error"
    assert row["error_field"] == "incidents[0].needs[0].on_scene_minutes"
    # where it was first raised, not where SimPy re-raised it
    assert row["error"].startswith("ZeroDivisionError: float division by zero (sampling.py:")


def test_the_command_names_each_plans_failures_and_the_line_of_the_field(tiny, tmp_path, capsys):
    text = to_yaml(tiny)
    path = tmp_path / "tiny.yaml"
    path.write_text(text, encoding="utf-8")
    # the line of incidents[0].needs[0].on_scene_minutes in the file, counted in the text itself
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "on_scene_minutes" in t)
    results = pd.DataFrame({
        "plan": ["a", "a", "a", "b"],
        "replication": [0, 1, 2, 0],
        "error": ["ZeroDivisionError: float division by zero (sampling.py:25)"] * 2 + ["", "ReplicationTimeout: ran longer than the time limit of 9 s"],
        "error_kind": ["error", "error", "", "time_limit"],
        "error_field": ["incidents[0].needs[0].on_scene_minutes"] * 2 + ["", ""],
    })
    names = {"a": "Plan A", "b": "Plan B"}
    assert cli._print_failures(results, names, path, tmp_path / "results.csv", 9.0, "en") == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"Plan A: 2 of 3 replications failed: ZeroDivisionError: float division by zero (sampling.py:25), while using {path}:{line}: incidents[0].needs[0].on_scene_minutes"
    assert err[1] == "Plan B: 1 of 1 replications failed: ran longer than the time limit of 9 s per replication and were stopped (--time-limit)"
    assert err[2] == f"3 of 4 replications failed; their errors are in {tmp_path / 'results.csv'}"
    cli._print_failures(results, names, path, tmp_path / "results.csv", 9.0, "zh")
    zh = capsys.readouterr().err
    assert "Plan B:1 次运行中有 1 次失败:运行超过每次 9 秒的时间上限而被终止" in zh and "出错时正在使用" in zh


INTERRUPT_AT: set[int] = set()


def interrupted_simulate(scenario, seed=None, seed_sequence=None):
    """Ctrl-C arrives during the replication with one of these seeds (serial: in this process)."""
    if seed in INTERRUPT_AT:
        raise KeyboardInterrupt
    return simulate(scenario, seed=seed, seed_sequence=seed_sequence)


def test_an_interrupted_study_keeps_what_finished_on_disk_and_resumes_to_the_uninterrupted_results(noisy, tmp_path):
    plans = prepare_plans(noisy, [parse_plan("id: small\nname: {zh: 小, en: small}\n"), BIG_TEAM])
    definition = study_definition(plans, 5)
    uninterrupted = run_study(noisy, plans, replications=6, seed=5, executor="serial", batch_size=2)
    # Ctrl-C during replication 3 of the first plan: batches (0, 1) are written, (2, 3) is lost
    seed_3 = uninterrupted.results.loc[(uninterrupted.results["plan"] == "small") & (uninterrupted.results["replication"] == 3), "seed"].iloc[0]
    INTERRUPT_AT.add(int(seed_3))
    try:
        journal = Journal.start(tmp_path, definition)
        stopped = run_study(noisy, plans, replications=6, seed=5, executor="serial", batch_size=2, simulate_fn=interrupted_simulate, journal=journal)
    finally:
        INTERRUPT_AT.clear()
    assert stopped.stop_reason == "interrupted"
    on_disk = [json.loads(line) for line in (tmp_path / ROWS_FILE).read_text(encoding="utf-8").splitlines()]
    assert [(r["plan"], r["replication"]) for r in on_disk] == [("small", 0), ("small", 1)]
    assert list(stopped.results["replication"]) == [0, 1]

    resumed_journal = Journal.resume(tmp_path, definition)
    assert resumed_journal.done() == {("small", 0), ("small", 1)}
    resumed = run_study(noisy, plans, replications=6, seed=5, executor="serial", batch_size=2, journal=resumed_journal)
    assert resumed.stop_reason == "done"
    columns = [c for c in uninterrupted.results.columns if c != "runtime"]
    pd.testing.assert_frame_equal(resumed.results[columns], uninterrupted.results[columns])
    assert len((tmp_path / ROWS_FILE).read_text(encoding="utf-8").splitlines()) == 12


def test_resume_refuses_another_study_and_drops_a_line_cut_short(noisy, tmp_path):
    plans = prepare_plans(noisy, [BIG_TEAM])
    with pytest.raises(NothingToResume):
        Journal.resume(tmp_path / "empty", study_definition(plans, 1))
    journal = Journal.start(tmp_path, study_definition(plans, 1))
    journal.append([{"plan": "big", "replication": 0, "error": "", "x": 1.0}])
    with (tmp_path / ROWS_FILE).open("a", encoding="utf-8") as stream:
        stream.write('{"plan": "big", "replicat')  # killed mid-write
    with pytest.raises(JournalMismatch) as mismatch:
        Journal.resume(tmp_path, study_definition(plans, 2))
    assert (mismatch.value.field, mismatch.value.saved, mismatch.value.current) == ("root_seed", 1, 2)
    again = Journal.resume(tmp_path, study_definition(plans, 1))
    assert again.done() == {("big", 0)}
    again.append([{"plan": "big", "replication": 1, "error": "", "x": 2.0}])
    assert [json.loads(line)["replication"] for line in (tmp_path / ROWS_FILE).read_text(encoding="utf-8").splitlines()] == [0, 1]
