"""The task a worker runs: a batch of replications of one plan.

Module level and importable, so a process pool or a dask worker can
unpickle it. Each replication becomes one row; an exception becomes a row
with its text in ``error``, never a crash of the study.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

import simulator
from simulator.experiments.kpis import replication_kpis
from simulator.experiments.seeds import record_seed, replication_sequence
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


def run_batch(batch: Batch) -> list[dict]:
    run = batch.simulate_fn or simulate
    digest = scenario_hash(batch.scenario)
    rows = []
    for index in batch.indices:
        sequence = replication_sequence(batch.root_seed, index)
        seed = record_seed(sequence)
        row: dict = {
            "plan": batch.plan_id,
            "replication": index,
            "root_seed": batch.root_seed,
            "seed": seed,
            "scenario_hash": digest,
            "version": simulator.__version__,
        }
        started = time.perf_counter()
        try:
            result = run(batch.scenario, seed=seed, seed_sequence=sequence)
            row.update(replication_kpis(batch.scenario, result.events))
            row["error"] = ""
        except Exception as exc:  # a failed replication is data
            last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
            where = f" ({last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last else ""
            row["error"] = f"{type(exc).__name__}: {exc}{where}"
        row["runtime"] = round(time.perf_counter() - started, 4)
        rows.append(row)
    return rows


def make_batches(plans: list[tuple[str, Scenario]], root_seed: int, indices: list[int], batch_size: int, simulate_fn: Callable | None = None) -> list[Batch]:
    """Several replications per task; every plan gets the same replication indices."""
    size = max(1, batch_size)
    return [
        Batch(plan_id, scenario, root_seed, tuple(indices[i : i + size]), simulate_fn)
        for plan_id, scenario in plans
        for i in range(0, len(indices), size)
    ]
