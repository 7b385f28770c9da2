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


def test_sequential_mode_stops_at_the_target_or_the_maximum(noisy):
    wide = run_sequential(noisy, [BIG_TEAM], "incident_duration_mean", 1e6, seed=3, executor="serial", initial=3, step=2, max_replications=9)
    assert (wide.stop_reason, wide.replications) == ("target_reached", 3)
    narrow = run_sequential(noisy, [BIG_TEAM], "incident_duration_mean", 1e-9, seed=3, executor="serial", initial=3, step=2, max_replications=7)
    assert (narrow.stop_reason, narrow.replications) == ("max_replications", 7)
    # the first three replications are the same runs in both
    cols = ["replication", "seed", "incident_duration_mean"]
    assert narrow.results[cols].head(3).equals(wide.results[cols].head(3))
    assert narrow.meta()["sequential"]["kpi"] == "incident_duration_mean"
