"""A per-replication time limit that works in any worker.

A watchdog thread raises :class:`ReplicationTimeout` inside the thread that
runs the replication (``PyThreadState_SetAsyncExc``, what debuggers use to
interrupt a thread). Signals (``SIGALRM``) would only reach a main thread,
and dask runs tasks in worker threads. The exception arrives between two
Python bytecodes, so a replication stuck in a Python loop (the model's,
SimPy's, networkx's) stops within milliseconds; one stuck inside a single
long C call stops when that call returns.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from simulator.experiments.failures import ReplicationTimeout

DEFAULT_TIME_LIMIT = 600.0  # seconds; the largest bundled study's replication takes ~12 s (benchmarks/README.md)


def _raise_in(thread_id: int, exc_type: type[BaseException] | None) -> None:
    """Schedule ``exc_type`` in thread ``thread_id`` (None: cancel a scheduled one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc_type) if exc_type else None)


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`ReplicationTimeout` in this thread if the block runs longer than ``seconds``.

    ``None`` or 0: no limit.
    """
    if not seconds or seconds <= 0:
        yield
        return
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}
    finished = threading.Event()

    def watch() -> None:
        if finished.wait(seconds):
            return
        with lock:
            if not state["done"]:
                state["fired"] = True
                _raise_in(target, ReplicationTimeout)

    watchdog = threading.Thread(target=watch, name="replication-time-limit", daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        try:
            with lock:
                state["done"] = True
                if state["fired"]:
                    _raise_in(target, None)  # the block ended first: drop the exception if not yet raised
        finally:
            finished.set()
            watchdog.join()
