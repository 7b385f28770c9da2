"""Ctrl-C during a study: the first one stops it, the next ones are ignored while it winds up.

The first SIGINT raises KeyboardInterrupt as usual; the study drops the
running work (executors.py) and the command writes what finished. A second
Ctrl-C pressed while that happens (people press it twice) would break off
the writing, so from the first one on, SIGINT is ignored until the block
ends. Only the main thread can set signal handlers; elsewhere this does
nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def first_interrupt_stops(on_stop: Callable[[], None] | None = None) -> Iterator[None]:
    """Within the block, the first Ctrl-C raises KeyboardInterrupt (after ``on_stop()``); later ones are ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum, frame) -> None:  # noqa: ARG001 - the signal module's signature
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if on_stop is not None:
            on_stop()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
