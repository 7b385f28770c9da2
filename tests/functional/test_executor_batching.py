"""Batches sized to the workers (guided: shrinking towards the end): the same rows whatever the executor and the batch size.

A small M/M/c office (scenarios/validation/mmc_office.yaml cut to 10 hours)
keeps each replication to a few milliseconds.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import pytest

from simulator.experiments import SerialExecutor, open_executor, run_study
from simulator.experiments.executors import executor_workers
from simulator.experiments.runner import MAX_BATCH, make_batches
from simulator.scenario import load_scenario
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def office():
    scenario = load_scenario(SCENARIOS / "validation" / "mmc_office.yaml")
    return scenario.model_copy(update={"meta": scenario.meta.model_copy(update={"horizon": 600.0})})


def _rows(study):
    return study.results.drop(columns=["runtime"]).sort_values(["plan", "replication"]).reset_index(drop=True)


def _sizes(replications, workers, plans=1, batch_size=None):
    batches = make_batches([(f"p{k}", None) for k in range(plans)], 1, list(range(replications)), batch_size, workers=workers)
    return [(b.plan_id, len(b.indices)) for b in batches]


@pytest.mark.parametrize(
    ("replications", "workers", "sizes"),
    [
        # each task takes ceil(left / (2 x workers)): 50 -> 13 (ceil 50/4), 37 -> 10, 27 -> 7, 20 -> 5,
        # 15 -> 4, 11 -> 3, 8 -> 2, 6 -> 2, then 4 tasks of 1; the two workers end at most one replication apart
        (50, 2, [13, 10, 7, 5, 4, 3, 2, 2, 1, 1, 1, 1]),
        # 200: ceil(200/4) = 50 is capped at MAX_BATCH (25) until 100 are left, then 25, 19, 14, 11, 8, 6, 5, 3, 3, 2, 1 x 4
        (200, 2, [MAX_BATCH] * 5 + [19, 14, 11, 8, 6, 5, 3, 3, 2, 1, 1, 1, 1]),
        (3, 8, [1, 1, 1]),  # fewer replications than workers: one each
        (5, 1, [1, 1, 1, 1, 1]),  # serial: one per task, the progress bar moves with each
    ],
)
def test_guided_batches_shrink_towards_the_end(replications, workers, sizes):
    assert [n for _, n in _sizes(replications, workers)] == sizes


def test_a_task_never_spans_two_plans_and_a_given_size_is_kept():
    # 2 plans x 10 on 2 workers: 20 -> 5, 15 -> 4, then plan p0's last 1 (cut at its end), then p1 from 10 left: 3, 2, 2, 1, 1, 1
    assert _sizes(10, 2, plans=2) == [("p0", 5), ("p0", 4), ("p0", 1), ("p1", 3), ("p1", 2), ("p1", 2), ("p1", 1), ("p1", 1), ("p1", 1)]
    assert _sizes(10, 2, plans=2, batch_size=4) == [("p0", 4), ("p0", 4), ("p0", 2), ("p1", 4), ("p1", 4), ("p1", 2)]


def test_batches_cover_every_replication_of_every_plan_once(office):
    batches = make_batches([("a", office), ("b", office)], 1, list(range(50)), workers=2)
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
