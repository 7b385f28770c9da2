"""Plan testing: seeded replications, plan variants, executors, statistics.

Sits above models and metrics; never imports plotly or ipywidgets.

    from simulator.experiments import run_study
    study = run_study(scenario, [plan_a, plan_b], replications=30, seed=1)
    summary = study.summary()        # means with 95% CIs, paired differences, verdicts

The summary side (``compare``, ``statistics``, ``results``) imports no
simulation code, so a saved results table is re-analysed without SimPy; the
running side (``study``, ``runner``) is imported on first use.
"""

from simulator.experiments.compare import Summary, summarise, verdict
from simulator.experiments.executors import EXECUTORS, SerialExecutor, open_executor
from simulator.experiments.kpis import KPI_DIRECTIONS, direction
from simulator.experiments.results import ROW_FIELDS, read_results, results_frame
from simulator.experiments.seeds import (
    record_seed,
    replication_sequence,
    spawn_sequences,
)
from simulator.experiments.statistics import (
    Estimate,
    mean_interval,
    paired_interval,
    t_quantile,
)

_RUNNING = {
    "Study": "simulator.experiments.study",
    "StudyPlan": "simulator.experiments.study",
    "prepare_plans": "simulator.experiments.study",
    "run_sequential": "simulator.experiments.study",
    "run_study": "simulator.experiments.study",
    "replication_kpis": "simulator.experiments.kpis",
    "save_study": "simulator.experiments.store",
}


def __getattr__(name: str):
    if name in _RUNNING:
        import importlib

        return getattr(importlib.import_module(_RUNNING[name]), name)
    raise AttributeError(f"module 'simulator.experiments' has no attribute {name!r}")


__all__ = [
    "EXECUTORS",
    "KPI_DIRECTIONS",
    "ROW_FIELDS",
    "Estimate",
    "SerialExecutor",
    "Summary",
    "direction",
    "mean_interval",
    "open_executor",
    "paired_interval",
    "read_results",
    "record_seed",
    "replication_sequence",
    "results_frame",
    "spawn_sequences",
    "summarise",
    "t_quantile",
    "verdict",
    *_RUNNING,
]
