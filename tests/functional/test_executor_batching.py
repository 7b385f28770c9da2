"""Batches sized to the workers: the same rows whatever the executor and the batch size.

A small M/M/c office (scenarios/validation/mmc_office.yaml cut to 10 hours)
keeps each replication to a few milliseconds.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import pytest

from simulator.experiments import SerialExecutor, open_executor, run_study
from simulator.experiments.executors import executor_workers
from simulator.experiments.runner import MAX_BATCH, default_batch_size, make_batches
from simulator.scenario import load_scenario
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def office():
    scenario = load_scenario(SCENARIOS / "validation" / "mmc_office.yaml")
    return scenario.model_copy(update={"meta": scenario.meta.model_copy(update={"horizon": 600.0})})


def _rows(study):
    return study.results.drop(columns=["runtime"]).sort_values(["plan", "replication"]).reset_index(drop=True)


@pytest.mark.parametrize(
    ("replications", "workers", "plans", "size"),
    [
        (50, 2, 1, 7),  # 2 workers x 4 tasks = 8 tasks: ceil(50 / 8) = 7
        (200, 2, 1, 25),  # ceil(200 / 8) = 25, the largest batch
        (1000, 2, 1, MAX_BATCH),  # ceil(1000 / 8) = 125, capped
        (50, 2, 2, 13),  # two plans share the 8 tasks: ceil(100 / 8) = 13
        (3, 8, 1, 1),  # fewer replications than tasks: one each
        (40, 1, 1, 10),  # serial: 4 tasks, ceil(40 / 4) = 10 (the progress bar moves 4 times)
    ],
)
def test_batch_size_follows_the_workers(replications, workers, plans, size):
    assert default_batch_size(replications, workers, plans) == size


def test_batches_cover_every_replication_of_every_plan_once(office):
    batches = make_batches([("a", office), ("b", office)], 1, list(range(50)), default_batch_size(50, 2, 2))
    assert [len(b.indices) for b in batches] == [13, 13, 13, 11] * 2
    for plan in ("a", "b"):
        assert sorted(i for b in batches if b.plan_id == plan for i in b.indices) == list(range(50))


def test_workers_of_each_executor():
    assert executor_workers(SerialExecutor()) == 1
    with ProcessPoolExecutor(max_workers=3) as pool:  # no worker is started until a task is submitted
        assert executor_workers(pool) == 3


def test_workers_of_a_dask_client_are_its_threads():
    distributed = pytest.importorskip("distributed")
    import logging

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None, silence_logs=logging.ERROR)
    try:
        with distributed.Client(cluster) as client:
            assert executor_workers(client.get_executor(pure=False)) == 2
    finally:
        cluster.close()


def test_same_rows_serial_pool_and_any_batch_size(office):
    serial = _rows(run_study(office, replications=9, seed=11, executor="serial", batch_size=1))
    assert len(serial) == 9 and (serial["error"] == "").all()
    assert serial["seed"].nunique() == 9
    for size in (None, 2, 9):  # None: the default, sized to the pool's two workers
        with open_executor("process", workers=2) as pool:
            pooled = _rows(run_study(office, replications=9, seed=11, executor=pool, batch_size=size))
        assert pooled.equals(serial), size


def test_workers_fork_on_linux_and_come_from_a_fork_server_elsewhere(office):
    from simulator.experiments.executors import _start_method

    assert _start_method("linux").get_start_method() == "fork"
    server = _start_method("darwin")  # macOS: fork is there but unsafe; Linux has a fork server too
    assert server.get_start_method() == "forkserver"
    # a fork server's workers (drillsim imported once, in the server) give the same rows
    with ProcessPoolExecutor(max_workers=2, mp_context=server) as pool:
        pooled = _rows(run_study(office, replications=4, seed=11, executor=pool))
    assert pooled.equals(_rows(run_study(office, replications=4, seed=11, executor="serial")))
