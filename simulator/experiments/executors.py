"""Where replications run: any ``concurrent.futures.Executor``.

- ``serial``: in this process, one task after the other (tiny studies, notebooks, debugging);
- ``process``: a local process pool, one worker per core by default;
- ``dask``: dask.distributed, either a LocalCluster started here on the
  loopback interface or an existing cluster (``scheduler="tcp://host:8786"``).
  ``Client.get_executor(pure=False)`` is a plain Executor, so the study code
  is the same for all three.
"""

from __future__ import annotations

import logging
import os
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
        except BaseException as exc:  # handed to the caller through the future
            future.set_exception(exc)
        return future


def default_workers() -> int:
    return os.cpu_count() or 1


@contextmanager
def open_executor(kind: str = "process", workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """An executor of ``kind``, shut down (and its cluster closed) on exit."""
    if kind == "serial":
        yield SerialExecutor()
    elif kind == "process":
        with ProcessPoolExecutor(max_workers=workers or default_workers()) as pool:
            yield pool
    elif kind == "dask":
        with _dask_executor(workers, scheduler) as executor:
            yield executor
    else:
        raise ValueError(f"unknown executor {kind!r}; expected one of {', '.join(EXECUTORS)}")


# dask settings of the local cluster, passed on to its worker processes
_QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
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
    try:
        with Client(cluster) as client:
            yield client.get_executor(pure=False)
    finally:
        cluster.close()
