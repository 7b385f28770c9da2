"""Replications, seeds, failed runs as data, summaries and sequential stopping."""

from __future__ import annotations

import math
from concurrent.futures import Executor

import numpy as np
import pandas as pd
import pytest

from simulator.experiments import (
    KPI_DIRECTIONS,
    ROW_FIELDS,
    SerialExecutor,
    record_seed,
    replication_sequence,
    run_sequential,
    run_study,
    spawn_sequences,
    summarise,
)
from simulator.experiments.runner import Batch, make_batches, run_batch
from simulator.experiments.sequential import MIN_MAIN, main_stage_size
from simulator.models import simulate
from simulator.scenario import parse_scenario
from simulator.scenario import vocabulary as vocab
from simulator.scenario.variants import parse_plan
from tests.conftest import to_yaml


@pytest.fixture
def noisy(tiny):
    """The tiny world with random detection and a few incidents, so KPIs vary between seeds."""
    tiny["incidents"][0]["schedule"] = [100, 200, 300]
    tiny["incidents"][0]["detection_minutes"] = {"dist": "exponential", "mean": 10}
    return parse_scenario(to_yaml(tiny), "noisy.yaml")


BIG_TEAM = parse_plan("id: big\nname: {zh: 大队, en: big team}\noverrides: ['teams.city_team.size=40']\n")


def test_replication_i_gets_child_i_of_the_root_sequence():
    children = spawn_sequences(42, 5)
    for i, child in enumerate(children):
        rebuilt = replication_sequence(42, i)
        assert np.array_equal(rebuilt.generate_state(4), child.generate_state(4))
    seeds = [record_seed(c) for c in children]
    assert len(set(seeds)) == 5 and all(0 <= s < 2**32 for s in seeds)


def test_a_batch_gives_one_row_per_replication_with_its_provenance(noisy):
    rows = run_batch(Batch("base", noisy, 7, (0, 1, 2)))
    assert [r["replication"] for r in rows] == [0, 1, 2]
    for row in rows:
        assert set(ROW_FIELDS) <= set(row)
        assert row["plan"] == "base" and row["root_seed"] == 7 and row["error"] == ""
        assert len(row["scenario_hash"]) == 16 and row["version"] and row["runtime"] >= 0
        assert row["seed"] == record_seed(replication_sequence(7, row["replication"]))
    # the run is the same as simulate() with the replication's sequence
    direct = simulate(noisy, seed=rows[1]["seed"], seed_sequence=replication_sequence(7, 1))
    from simulator.experiments import replication_kpis

    assert replication_kpis(noisy, direct.events)["report_latency_mean"] == rows[1]["report_latency_mean"]


def test_batches_share_the_replication_indices_across_plans(noisy):
    batches = make_batches([("a", noisy), ("b", noisy)], 1, list(range(7)), 3)
    assert [(b.plan_id, b.indices) for b in batches] == [
        ("a", (0, 1, 2)), ("a", (3, 4, 5)), ("a", (6,)), ("b", (0, 1, 2)), ("b", (3, 4, 5)), ("b", (6,))
    ]


FAILING_SEEDS: set[int] = set()


def flaky_simulate(scenario, seed=None, seed_sequence=None):
    """A stand-in for simulate() that fails on chosen seeds (module level: picklable)."""
    if seed in FAILING_SEEDS:
        raise RuntimeError(f"model blew up on seed {seed}")
    return simulate(scenario, seed=seed, seed_sequence=seed_sequence)


def test_a_failed_replication_is_a_row_not_a_crash(noisy):
    bad = record_seed(replication_sequence(5, 2))
    FAILING_SEEDS.add(bad)
    try:
        study = run_study(noisy, [BIG_TEAM], replications=4, seed=5, executor="serial", simulate_fn=flaky_simulate)
    finally:
        FAILING_SEEDS.discard(bad)
    failed = study.failures
    assert len(study.results) == 4 and len(failed) == 1
    row = failed.iloc[0]
    assert row["replication"] == 2 and row["seed"] == bad
    assert row["error"].startswith(f"RuntimeError: model blew up on seed {bad}")
    assert math.isnan(row["report_latency_mean"])
    summary = study.summary()
    est = summary.estimate("big", "report_latency_mean")
    assert est["n"] == 3 and est["failures"] == 1


def test_a_task_that_dies_marks_its_replications_failed(noisy):
    class Broken(Executor):
        def submit(self, fn, /, *args, **kwargs):
            return SerialExecutor().submit(_explode)

    study = run_study(noisy, None, replications=3, seed=1, executor=Broken(), batch_size=2)
    assert list(study.results["replication"]) == [0, 1, 2]
    assert set(study.results["error"]) == {"OSError: worker lost"}
    assert study.results["plan"].tolist() == ["baseline"] * 3


def _explode():
    raise OSError("worker lost")


def test_serial_executor_returns_results_and_exceptions_through_futures():
    ex = SerialExecutor()
    assert ex.submit(pow, 2, 5).result() == 32
    with pytest.raises(ZeroDivisionError):
        ex.submit(lambda: 1 / 0).result()


def test_summarise_pairs_replications_and_judges_each_kpi():
    results = pd.DataFrame({
        "plan": ["a"] * 4 + ["b"] * 4,
        "replication": [0, 1, 2, 3] * 2,
        "error": [""] * 7 + ["boom"],
        "report_latency_mean": [10.0, 12.0, 14.0, 16.0, 8.0, 10.5, 12.0, 99.0],  # b lower: better
        "supply_fill_rate": [0.9, 0.8, 0.7, 0.6, 0.9, 0.8, 0.7, 0.6],  # identical
        "incidents_total": [3.0, 4.0, 5.0, 6.0, 3.0, 5.0, 4.0, 7.0],  # noisy, no preference
    })
    summary = summarise(results)
    assert summary.reference == "a" and summary.plan_ids == ("a", "b")
    latency = summary.difference("b", "report_latency_mean")
    assert latency["n"] == 3  # replication 3 of b failed
    assert latency["mean"] == pytest.approx(-11 / 6)  # (-2 - 1.5 - 2) / 3
    assert (latency["verdict"], latency["winner"]) == ("better", "b")
    assert summary.difference("b", "supply_fill_rate")["verdict"] == "identical"
    assert summary.difference("b", "incidents_total")["verdict"] == "not_significant"
    assert summary.estimate("b", "report_latency_mean")["failures"] == 1
    assert summarise(results, reference="b").difference("a", "report_latency_mean")["winner"] == "b"


def test_every_kpi_has_a_stated_direction():
    assert set(vocab.KPI_NAMES) <= set(KPI_DIRECTIONS)


def test_main_stage_size_by_hand():
    # t(0.975, 9) = 2.262157 (any t table); (2.262157 * 2 / 1)^2 = 20.47 -> 21 replications
    assert main_stage_size(2.0, 1.0, 10) == 21
    # half the pilot's replications gave a value: twice the runs for as many values, 40.94 -> 41
    assert main_stage_size(2.0, 1.0, 10, share=0.5) == 41
    # no spread in the pilot: the floor of 10 keeps the interval's df at 9
    assert main_stage_size(0.0, 1.0, 10) == MIN_MAIN == 10
    # t(0.95, 19) = 1.729133 at 90%: (1.729133 * 3 / 0.5)^2 = 107.6 -> 108
    assert main_stage_size(3.0, 0.5, 20, confidence=0.90) == 108
    with pytest.raises(ValueError):
        main_stage_size(1.0, 1.0, 1)


def test_sequential_study_plans_its_main_stage_from_the_pilot_and_reports_the_main_stage_alone(noisy):
    kpi = "incident_duration_mean"
    study = run_sequential(noisy, [BIG_TEAM], kpi, 2.0, seed=3, executor="serial", pilot=10, max_replications=400)
    results = study.results
    pilot = results[results["stage"] == "pilot"]
    assert sorted(set(pilot["replication"])) == list(range(10)) and len(pilot) == 10  # one plan, 10 pilot runs
    # the size the pilot asks for, by the formula of sequential.py: (t(0.975, 9) * s0 / 2)^2 over the one interval
    s0 = pilot[kpi].std(ddof=1)
    expected = max(10, math.ceil((2.262157 * s0 / 2.0) ** 2))
    meta = study.meta()["sequential"]
    assert meta["needed"] == meta["main"] == expected
    assert study.stop_reason == "target_planned" and study.replications == expected
    assert sorted(results.loc[results["stage"] == "main", "replication"]) == list(range(10, 10 + expected))
    # the summary's interval is the main stage's alone
    main_values = results.loc[results["stage"] == "main", kpi]
    est = study.summary().estimate("big", kpi)
    assert est["n"] == expected and est["mean"] == pytest.approx(main_values.mean())

    capped = run_sequential(noisy, [BIG_TEAM], kpi, 1e-6, seed=3, executor="serial", pilot=10, max_replications=25)
    assert (capped.stop_reason, capped.replications, len(capped.results)) == ("max_replications", 15, 25)
    cols = ["replication", "seed", kpi]
    assert capped.results[cols].head(10).equals(study.results[cols].head(10))  # the same pilot runs
    with pytest.raises(ValueError):
        run_sequential(noisy, [BIG_TEAM], kpi, 1.0, executor="serial", pilot=5)


def test_a_journal_reads_back_what_its_file_holds(tmp_path):
    # a Ctrl-C may land after a batch's rows are written but before the study's list has them:
    # the interrupted study then takes its rows from the file (simulator.experiments.study)
    from simulator.experiments.journal import Journal

    journal = Journal.start(tmp_path, {"study": 1})
    journal.append([{"plan": "a", "replication": 0, "x": 1.0}, {"plan": "a", "replication": 1, "x": float("nan")}])
    assert [(r["plan"], r["replication"]) for r in journal.on_disk()] == [("a", 0), ("a", 1)]
    assert journal.on_disk()[1]["x"] is None  # NaN is written as null
