"""Start-up of the worker processes of the local dask cluster (a dask "preload" module).

They ignore SIGINT: a Ctrl-C in the terminal reaches every process of the
group, and the study's own process stops the cluster (executors.py); a
worker interrupted mid-task would only print a traceback. And they import
the simulation at start-up (:func:`executors.start_worker`), while the
cluster is being opened, rather than inside the first task.
"""

from __future__ import annotations

from simulator.experiments.executors import start_worker


def dask_setup(worker) -> None:  # noqa: ARG001 - the signature dask calls
    start_worker()
