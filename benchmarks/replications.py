"""Replications: 200 runs of urban_rainstorm, serial against a 2-worker process pool against dask.

All three go through ``run_study`` (what ``drillsim experiment`` runs) on
the executors ``drillsim experiment --executor serial|process|dask`` uses
(``simulator.experiments.executors.open_executor``), with the default
batching, and must give the same results row for row (runtimes aside).

The three executors are opened and warmed first (a small study: imports
and first-run costs in every worker), then the 200 replications run as 4
rounds of 50 (round r with root seed scenario seed + r), each round on all
three executors in turn, the order rotating from round to round; so a
burst of load from elsewhere on the machine falls on all three alike.
Opening and closing are printed as notes, not counted.

- speed-up: serial seconds / process-pool seconds (target >= 1.7 on 2 cores);
- dask overhead: dask seconds / process-pool seconds - 1, on the
  ``distributed.LocalCluster`` that ``open_executor("dask")`` starts on
  127.0.0.1 (2 single-threaded worker processes) and closes after (target <= 15%).
"""

from __future__ import annotations

import sys
import time
from contextlib import ExitStack

from _common import SCENARIOS, figure, machine, note, timed

REPLICATIONS = 200
ROUNDS = 4
WORKERS = 2
KINDS = ("serial", "process", "dask")


def _same(a, b) -> bool:
    cols = [c for c in a.columns if c != "runtime"]
    key = ["plan", "replication"]
    return a[cols].sort_values(key).reset_index(drop=True).equals(b[cols].sort_values(key).reset_index(drop=True))


def main() -> int:
    from simulator.experiments.executors import open_executor
    from simulator.experiments.study import run_study
    from simulator.scenario import load_scenario

    scenario = load_scenario(SCENARIOS / "urban_rainstorm.yaml")
    per_round = REPLICATIONS // ROUNDS
    seconds = dict.fromkeys(KINDS, 0.0)
    same, errors = True, 0
    with ExitStack() as stack:
        executors, opened = {}, {}
        for kind in KINDS:
            started = time.perf_counter()
            executors[kind] = stack.enter_context(open_executor(kind, workers=WORKERS))
            run_study(scenario, replications=2 * WORKERS, executor=executors[kind], batch_size=1)  # warm every worker
            opened[kind] = time.perf_counter() - started
        for r in range(ROUNDS):
            results = {}
            for kind in KINDS[r % 3:] + KINDS[: r % 3]:
                took, study = timed(run_study, scenario, replications=per_round, seed=scenario.meta.seed + r, executor=executors[kind])
                seconds[kind] += took
                results[kind] = study.results
                errors += int((study.results["error"] != "").sum())
            same = same and _same(results["serial"], results["process"]) and _same(results["serial"], results["dask"])
        started = time.perf_counter()
    closed = time.perf_counter() - started

    note(f"{machine()}; urban_rainstorm, {REPLICATIONS} replications ({ROUNDS} rounds of {per_round}, executors in rotating order), default batching, {WORKERS} workers")
    note(f"serial {seconds['serial']:.1f} s ({1000 * seconds['serial'] / REPLICATIONS:.0f} ms per replication); process pool {seconds['process']:.1f} s; dask {seconds['dask']:.1f} s")
    note(f"open and warm: process pool {opened['process']:.2f} s, dask LocalCluster {opened['dask']:.2f} s; closing all {closed:.2f} s")
    note(f"results identical on all three executors: {same}; failed replications: {errors}")
    figure("replications_process_speedup", seconds["serial"] / seconds["process"], "x", ">=", 1.7)
    figure("replications_dask_overhead", 100 * (seconds["dask"] / seconds["process"] - 1), "%", "<=", 15)
    return 0 if same and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
