"""The same seeds give identical KPI results on every executor, and plans share their incidents."""

from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor

import pytest

from simulator.experiments import open_executor, run_study
from simulator.scenario.variants import load_plan
from tests.conftest import SCENARIOS

PLANS = SCENARIOS / "plans"


@pytest.fixture(scope="module")
def stock_plans():
    return [load_plan(PLANS / "stock_at_city.yaml"), load_plan(PLANS / "stock_at_townships.yaml")]


@pytest.fixture(scope="module")
def serial_study(rainstorm, stock_plans):
    return run_study(rainstorm, stock_plans, replications=3, seed=2024, executor="serial")


def _kpis(study):
    return study.results.drop(columns=["runtime"])


def test_process_pool_and_dask_give_the_serial_results(rainstorm, stock_plans, serial_study):
    distributed = pytest.importorskip("distributed")
    expected = _kpis(serial_study)
    assert (expected["error"] == "").all() and len(expected) == 6

    with ProcessPoolExecutor(max_workers=2) as pool:
        pooled = run_study(rainstorm, stock_plans, replications=3, seed=2024, executor=pool, batch_size=2)
    assert _kpis(pooled).equals(expected)

    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://", host="127.0.0.1",
        dashboard_address=None, silence_logs=logging.ERROR,
    )
    try:
        with distributed.Client(cluster) as client:
            on_dask = run_study(rainstorm, stock_plans, replications=3, seed=2024, executor=client.get_executor(pure=False), batch_size=1)
        assert _kpis(on_dask).equals(expected)
        # an existing cluster by its address, as `--scheduler tcp://HOST:PORT` does
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        with open_executor("dask", scheduler=cluster.scheduler_address) as executor:
            by_address = run_study(rainstorm, stock_plans, replications=3, seed=2024, executor=executor)
        assert _kpis(by_address).equals(expected)
    finally:
        cluster.close()


def test_plans_see_the_same_incidents_on_the_same_seeds(serial_study):
    results = serial_study.results
    by_plan = results.pivot(index="replication", columns="plan", values="incidents_total")
    assert (by_plan["stock_at_city"] == by_plan["stock_at_townships"]).all()
    assert results["seed"].nunique() == 3  # one seed per replication, shared by the plans
    seeds = results.pivot(index="replication", columns="plan", values="seed")
    assert (seeds["stock_at_city"] == seeds["stock_at_townships"]).all()
    hashes = results.groupby("plan")["scenario_hash"].first()
    assert hashes["stock_at_city"] != hashes["stock_at_townships"]


def test_stock_moved_closer_closes_incidents_sooner(rainstorm, stock_plans):
    """Township warehouses are nearer the flooded communities and run dry less often.

    Relief waits for an incident's supplies, so incidents close sooner. Measured
    (40 paired replications, seed 2024, 95% paired t, random streams keyed by
    job): incident duration -3.25 min [-5.43, -1.06], stockouts -5.80 [-6.51,
    -5.09]. With 20 replications the duration's interval reaches +0.15 (-2.25
    [-4.64, 0.15]): the effect is real but needs 40 to show at 95%.
    """
    summary = run_study(rainstorm, stock_plans, replications=40, seed=2024, executor="process").summary()
    for kpi in ("incident_duration_mean", "supply_stockouts"):
        diff = summary.difference("stock_at_townships", kpi)
        assert diff["verdict"] == "better" and diff["high"] < 0, (kpi, diff)
