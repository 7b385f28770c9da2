"""A run's ``env.timeout``: SimPy's ``Timeout`` made and scheduled in one Python frame instead of three.

The models wait on some 260,000 timeouts in the 72-hour city (a third of its
events). SimPy makes each through its ``BoundClass`` (``Timeout.__init__``,
then ``Environment.schedule``); :func:`install` replaces the environment's
``timeout`` with one function doing the same work: a ``Timeout`` object with
the same attributes, pushed on the same queue with the same key (time,
``NORMAL``, the environment's next event id). So the events, their order and
every log are as before; only the two calls per timeout are saved.
"""

from __future__ import annotations

from heapq import heappush

import simpy
from simpy.events import NORMAL, Timeout


def install(env: simpy.Environment) -> None:
    """Give ``env`` the one-frame ``timeout`` (same signature: ``timeout(delay, value=None)``)."""
    queue, eid, new = env._queue, env._eid, Timeout.__new__

    def timeout(delay: float, value=None) -> Timeout:
        if delay < 0:
            raise ValueError(f"Negative delay {delay}")
        event = new(Timeout)
        event.env = env
        event.callbacks = []
        event._value = value
        event._delay = delay
        event._ok = True
        heappush(queue, (env._now + delay, NORMAL, next(eid), event))
        return event

    env.timeout = timeout
