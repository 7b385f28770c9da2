"""The task a worker runs: a batch of replications of one plan.

Module level and importable, so a process pool or a dask worker can
unpickle it. Each replication becomes one row; an exception becomes a row
with its cause (:mod:`failures`), never a crash of the study, and a
replication past the time limit is stopped and marked (:mod:`limits`).
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import simulator
from simulator.experiments.failures import ReplicationTimeout, error_fields
from simulator.experiments.kpis import replication_kpis
from simulator.experiments.limits import time_limit
from simulator.experiments.seeds import record_seed, replication_sequence
from simulator.experiments.sequential import MAIN
from simulator.models import simulate
from simulator.scenario.loader import scenario_hash
from simulator.scenario.models import Scenario


@dataclass(frozen=True)
class Batch:
    """Replications ``indices`` of plan ``plan_id`` (its scenario already applied)."""

    plan_id: str
    scenario: Scenario
    root_seed: int
    indices: tuple[int, ...]
    # a module-level stand-in for ``simulate`` (tests inject failures with it)
    simulate_fn: Callable | None = None
    stage: str = MAIN
    # seconds per replication; None: no limit
    time_limit: float | None = None


def row_head(batch: Batch, index: int, digest: str) -> dict:
    """The provenance part of replication ``index``'s row."""
    return {
        "plan": batch.plan_id,
        "replication": index,
        "stage": batch.stage,
        "root_seed": batch.root_seed,
        "seed": record_seed(replication_sequence(batch.root_seed, index)),
        "scenario_hash": digest,
        "version": simulator.__version__,
    }


def run_batch(batch: Batch) -> list[dict]:
    run = batch.simulate_fn or simulate
    digest = scenario_hash(batch.scenario)
    rows = []
    for index in batch.indices:
        row = row_head(batch, index, digest)
        started = time.perf_counter()
        try:
            with time_limit(batch.time_limit):
                result = run(batch.scenario, seed=row["seed"], seed_sequence=replication_sequence(batch.root_seed, index))
                kpis = replication_kpis(batch.scenario, result.events)
            row.update(kpis)
            row.update(getattr(result, "extra", None) or {})  # a run's own counts (decisions of a recorded log: played, skipped ...)
            row.update(error="", error_kind="", error_field="")
        except (Exception, ReplicationTimeout) as exc:  # a failed replication is data
            row.update(error_fields(exc, batch.scenario, batch.time_limit))
            row["runtime"] = round(time.perf_counter() - started, 4)
            rows.append(row)
            # a run stopped part way leaves its world in reference cycles (processes, generators):
            # collect them now, or the collector does it inside the next replication's time limit
            del exc
            gc.collect()
            continue
        row["runtime"] = round(time.perf_counter() - started, 4)
        rows.append(row)
    return rows


# Default batching is guided self-scheduling (Polychronopoulos & Kuck, IEEE Trans.
# Computers 36(12), 1987; OpenMP's schedule(guided)): each task takes a share of the
# replications still to hand out, so tasks shrink towards the end and the workers
# finish together. Equal tasks leave up to a whole task on one worker at the end:
# 50 replications in 8 tasks of 7 on 2 workers split 28/22, a speed-up of at most
# 50/28 = 1.79. A task costs a few milliseconds (pickling the scenario, a dask round
# trip) against about 0.2 s a flagship replication, so one-replication tasks at the
# end are cheap.
GUIDED_SHARE = 2  # a task takes 1 / (GUIDED_SHARE x workers) of what is left
MAX_BATCH = 25


def guided_size(left: int, workers: int) -> int:
    """The next task's size with ``left`` replications still to hand out to ``workers``.

    One worker (a serial executor) takes one replication per task: nothing
    to balance, and the progress bar moves with every replication.
    """
    if workers <= 1:
        return 1
    return max(1, min(MAX_BATCH, math.ceil(left / (GUIDED_SHARE * workers))))


def make_batches(
    plans: list[tuple[str, Scenario]],
    root_seed: int,
    indices: list[int],
    batch_size: int | None = None,
    simulate_fn: Callable | None = None,
    stage: str = MAIN,
    time_limit: float | None = None,
    skip: frozenset[tuple[str, int]] = frozenset(),
    workers: int = 1,
) -> list[Batch]:
    """Tasks of one plan's replications each, in plan order; every plan gets the same replication indices.

    ``batch_size``: replications per task; None: guided sizes over the whole
    study for ``workers`` (:func:`guided_size`), a task never spanning two
    plans. ``skip``: (plan, replication) pairs already done (a resumed study).
    """
    todo = [(plan_id, scenario, [i for i in indices if (plan_id, i) not in skip]) for plan_id, scenario in plans]
    total = sum(len(t) for _, _, t in todo)
    batches = []
    for plan_id, scenario, left in todo:
        while left:
            size = max(1, batch_size) if batch_size else guided_size(total, workers)
            batches.append(Batch(plan_id, scenario, root_seed, tuple(left[:size]), simulate_fn, stage, time_limit))
            total -= len(batches[-1].indices)
            left = left[size:]
    return batches
