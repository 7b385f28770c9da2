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

- speed-up: serial seconds / process-pool seconds, the median of the
  rounds' ratios (target >= 1.85 on 2 cores);
- dask overhead: dask seconds / process-pool seconds - 1, the median of the
  rounds', on the ``distributed.LocalCluster`` that ``open_executor("dask")``
  starts on 127.0.0.1 (2 single-threaded worker processes) and closes after
  (target <= 10%).

Default batching is guided (``runner.guided_size``): each task takes a
quarter of the replications still to hand out on 2 workers, so tasks
shrink towards the end and the two workers finish together. The machine's load
average is noted before and after: others' work on a 2-core machine lowers
the speed-up however good the pool is.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import ExitStack

from _common import SCENARIOS, figure, machine, median, note, timed

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
    speedups, overheads = [], []
    load_before = os.getloadavg()
    same, errors = True, 0
    with ExitStack() as stack:
        executors, opened = {}, {}
        for kind in KINDS:
            started = time.perf_counter()
            executors[kind] = stack.enter_context(open_executor(kind, workers=WORKERS))
            run_study(scenario, replications=2 * WORKERS, executor=executors[kind], batch_size=1)  # warm every worker
            opened[kind] = time.perf_counter() - started
        for r in range(ROUNDS):
            results, took_round = {}, {}
            for kind in KINDS[r % 3:] + KINDS[: r % 3]:
                took, study = timed(run_study, scenario, replications=per_round, seed=scenario.meta.seed + r, executor=executors[kind])
                seconds[kind] += took
                took_round[kind] = took
                results[kind] = study.results
                errors += int((study.results["error"] != "").sum())
            same = same and _same(results["serial"], results["process"]) and _same(results["serial"], results["dask"])
            speedups.append(took_round["serial"] / took_round["process"])
            overheads.append(100 * (took_round["dask"] / took_round["process"] - 1))
        started = time.perf_counter()
    closed = time.perf_counter() - started

    from simulator.experiments.runner import make_batches

    sizes = [len(b.indices) for b in make_batches([("plan", scenario)], 0, list(range(per_round)), workers=WORKERS)]
    note(f"{machine()}; urban_rainstorm, {REPLICATIONS} replications ({ROUNDS} rounds of {per_round}, executors in rotating order), guided batching (tasks of {', '.join(map(str, sizes))}), {WORKERS} workers")
    note(f"load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    note("per round: speed-up " + ", ".join(f"{x:.2f}" for x in speedups) + "; dask overhead " + ", ".join(f"{x:.1f}%" for x in overheads))
    note(f"serial {seconds['serial']:.1f} s ({1000 * seconds['serial'] / REPLICATIONS:.0f} ms per replication); process pool {seconds['process']:.1f} s; dask {seconds['dask']:.1f} s")
    note(f"open and warm: process pool {opened['process']:.2f} s, dask LocalCluster {opened['dask']:.2f} s; closing all {closed:.2f} s")
    note(f"results identical on all three executors: {same}; failed replications: {errors}")
    figure("replications_process_speedup", median(speedups), "x", ">=", 1.85)
    figure("replications_dask_overhead", median(overheads), "%", "<=", 10)
    return 0 if same and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
