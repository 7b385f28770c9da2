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


# tasks per worker: enough that a worker slowed by other work on the machine leaves
# little for the others to wait for at the end, few enough that each task's
# overhead (pickling the scenario, a dask round trip: a few milliseconds) stays small
TASKS_PER_WORKER = 4
MAX_BATCH = 25


def default_batch_size(replications: int, workers: int, plans: int = 1) -> int:
    """Replications per task: every plan's ``replications`` spread over ``TASKS_PER_WORKER`` tasks per worker."""
    tasks = max(1, workers) * TASKS_PER_WORKER
    return max(1, min(MAX_BATCH, math.ceil(replications * max(1, plans) / tasks)))


def make_batches(
    plans: list[tuple[str, Scenario]],
    root_seed: int,
    indices: list[int],
    batch_size: int,
    simulate_fn: Callable | None = None,
    stage: str = MAIN,
    time_limit: float | None = None,
    skip: frozenset[tuple[str, int]] = frozenset(),
) -> list[Batch]:
    """Several replications per task; every plan gets the same replication indices.

    ``skip``: (plan, replication) pairs already done (a resumed study).
    """
    size = max(1, batch_size)
    batches = []
    for plan_id, scenario in plans:
        todo = [i for i in indices if (plan_id, i) not in skip]
        batches += [Batch(plan_id, scenario, root_seed, tuple(todo[i : i + size]), simulate_fn, stage, time_limit) for i in range(0, len(todo), size)]
    return batches
