"""Start-up of the worker processes of the local dask cluster (a dask "preload" module).

They ignore SIGINT: a Ctrl-C in the terminal reaches every process of the
group, and the study's own process stops the cluster (executors.py); a
worker interrupted mid-task would only print a traceback.
"""

from __future__ import annotations

from simulator.experiments.executors import ignore_interrupts


def dask_setup(worker) -> None:  # noqa: ARG001 - the signature dask calls
    ignore_interrupts()
