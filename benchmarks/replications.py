"""Replications: 200 runs of urban_rainstorm, serial against a 2-worker process pool against dask.

All three go through ``run_study`` (what ``drillsim experiment`` runs) on
the executors ``drillsim experiment --executor serial|process|dask`` uses
(``simulator.experiments.executors.open_executor``), with the same root
seed and the default batching, and must give the same results row for row
(runtimes aside). Each executor is opened and warmed with a small study
(imports and first-run costs in every worker) before the clock starts,
and closed after it stops: the figures compare running the study; opening
and closing are printed as notes.

- speed-up: serial seconds / process-pool seconds (target >= 1.7 on 2 cores);
- dask overhead: dask seconds / process-pool seconds - 1, on the
  ``distributed.LocalCluster`` that ``open_executor("dask")`` starts on
  127.0.0.1 (2 single-threaded worker processes) and closes after (target <= 15%).
"""

from __future__ import annotations

import sys
import time

from _common import SCENARIOS, figure, machine, note, timed

REPLICATIONS = 200
WORKERS = 2


def _same(a, b) -> bool:
    cols = [c for c in a.columns if c != "runtime"]
    key = ["plan", "replication"]
    return a[cols].sort_values(key).reset_index(drop=True).equals(b[cols].sort_values(key).reset_index(drop=True))


def _study(kind: str, scenario):
    """(seconds to open and warm, seconds of the study, the study, seconds to close)."""
    from simulator.experiments.executors import open_executor
    from simulator.experiments.study import run_study

    started = time.perf_counter()
    context = open_executor(kind, workers=WORKERS)
    executor = context.__enter__()
    try:
        run_study(scenario, replications=2 * WORKERS, executor=executor, batch_size=1)  # warm every worker
        opened = time.perf_counter() - started
        seconds, study = timed(run_study, scenario, replications=REPLICATIONS, executor=executor)
    finally:
        started = time.perf_counter()
        context.__exit__(None, None, None)
        closed = time.perf_counter() - started
    return opened, seconds, study, closed


def main() -> int:
    from simulator.scenario import load_scenario

    scenario = load_scenario(SCENARIOS / "urban_rainstorm.yaml")
    runs = {kind: _study(kind, scenario) for kind in ("serial", "process", "dask")}
    serial_s, process_s, dask_s = (runs[k][1] for k in ("serial", "process", "dask"))
    results = {k: runs[k][2].results for k in runs}

    note(f"{machine()}; urban_rainstorm, {REPLICATIONS} replications, default batching, {WORKERS} workers")
    note(f"serial {serial_s:.1f} s ({1000 * serial_s / REPLICATIONS:.0f} ms per replication); process pool {process_s:.1f} s; dask {dask_s:.1f} s")
    for kind in ("process", "dask"):
        opened, seconds, _study_, closed = runs[kind]
        note(f"{kind}: open and warm {opened:.2f} s, close {closed:.2f} s, end to end {opened + seconds + closed:.1f} s")
    same = _same(results["serial"], results["process"]) and _same(results["serial"], results["dask"])
    errors = sum(int((r["error"] != "").sum()) for r in results.values())
    note(f"results identical on all three executors: {same}; failed replications: {errors}")
    figure("replications_process_speedup", serial_s / process_s, "x", ">=", 1.7)
    figure("replications_dask_overhead", 100 * (dask_s / process_s - 1), "%", "<=", 15)
    return 0 if same and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
