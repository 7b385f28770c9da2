"""Where replications run: any ``concurrent.futures.Executor``.

- ``serial``: in this process, one task after the other (tiny studies, notebooks, debugging);
- ``process``: a local process pool, one worker per core by default;
- ``dask``: dask.distributed, either a LocalCluster started here on the
  loopback interface or an existing cluster (``scheduler="tcp://host:8786"``).
  ``Client.get_executor(pure=False)`` is a plain Executor, so the study code
  is the same for all three.

Stopping: leaving an executor opened here by an exception (Ctrl-C's
KeyboardInterrupt) stops its work at once instead of waiting for the
running tasks: pool workers are terminated, a local cluster is closed
(its workers with it). The workers started here ignore SIGINT, so a Ctrl-C
in a terminal, which reaches the whole process group, interrupts only the
study's own process, which then stops them; no worker prints a traceback.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager

EXECUTORS = ("serial", "process", "dask")


class SerialExecutor(Executor):
    """Runs each task at submission, in the calling process."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # handed to the caller through the future
            future.set_exception(exc)
        # KeyboardInterrupt and SystemExit go straight up: they stop the study, not one task
        return future


def default_workers() -> int:
    return os.cpu_count() or 1


@contextmanager
def open_executor(kind: str = "process", workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """An executor of ``kind``, shut down (and its cluster closed) on exit."""
    if kind == "serial":
        yield SerialExecutor()
    elif kind == "process":
        pool = ProcessPoolExecutor(max_workers=workers or default_workers(), mp_context=_start_method(), initializer=start_worker)
        try:
            yield pool
        except BaseException:
            stop_pool(pool)
            raise
        pool.shutdown(wait=True)
    elif kind == "dask":
        with _dask_executor(workers, scheduler) as executor:
            yield executor
    else:
        raise ValueError(f"unknown executor {kind!r}; expected one of {', '.join(EXECUTORS)}")


def executor_workers(executor: Executor) -> int:
    """How many replications ``executor`` runs at once (batches are sized to it): its workers, else the cores here."""
    if isinstance(executor, SerialExecutor):
        return 1
    if isinstance(executor, ProcessPoolExecutor):
        return executor._max_workers  # no public accessor
    client = getattr(executor, "_client", None)  # dask's ClientExecutor
    if client is not None:
        try:
            return max(1, sum(client.nthreads().values()))
        except Exception:  # a cluster that does not answer: the batches are only a little less even
            pass
    return default_workers()


def _start_method(platform: str = sys.platform):
    """How pool workers start: forked on Linux, else from a fork server that imported drillsim once.

    A forked worker inherits the study process's imports (drillsim, numpy,
    pandas, SimPy: about a second per worker with ``spawn``), which is what
    Python did by default on Linux up to 3.13; asked for by name, it stays so
    when 3.14 makes the fork server the default. macOS has ``fork`` but its
    system libraries are not safe to use in a forked child, so there a fork
    server imports the simulation once and forks each worker from that.
    Windows has only ``spawn``: each worker imports in :func:`start_worker`.
    """
    methods = multiprocessing.get_all_start_methods()
    if platform.startswith("linux") and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([_WORKER_MODULE])
        return context
    return None  # the platform's default (spawn)


_WORKER_MODULE = "simulator.experiments.runner"


def start_worker() -> None:
    """Worker start-up: SIGINT ignored, and the simulation imported before the first task rather than during it."""
    ignore_interrupts()
    importlib.import_module(_WORKER_MODULE)


def ignore_interrupts() -> None:
    """Worker start-up: SIGINT is the study's to handle (see the module docstring)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_pool(pool: ProcessPoolExecutor, timeout: float = 5.0) -> None:
    """Cancel what has not started and terminate the workers now (running tasks are lost)."""
    # no public way to reach the workers before Python 3.14's terminate_workers()
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join(timeout)


# dask settings of the local cluster, passed on to its worker processes:
# no profiler (see below), and SIGINT ignored in the workers (simulator/experiments/dask_worker.py)
_QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.preload": ["simulator.experiments.dask_worker"],
}


@contextmanager
def _dask_executor(workers: int | None, scheduler: str | None) -> Iterator[Executor]:
    import dask
    from distributed import (  # optional dependency: the [dask] extra
        Client,
        LocalCluster,
    )

    if scheduler:
        with Client(scheduler) as client:
            yield client.get_executor(pure=False)
        return
    # Without a dashboard nobody sees the workers' statistical profiler, which samples
    # the running task every 10 ms: about 9% of a CPU-bound replication (benchmarks/README.md).
    with dask.config.set(_QUIET_WORKERS):
        cluster = LocalCluster(
            n_workers=workers or default_workers(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
    client = Client(cluster)
    try:
        yield client.get_executor(pure=False)
    except BaseException:
        # interrupted: the workers' running tasks are dropped, not awaited
        client.close(timeout=_CLOSE_SECONDS)
        cluster.close(timeout=_CLOSE_SECONDS)
        raise
    client.close()
    cluster.close()


_CLOSE_SECONDS = 5
