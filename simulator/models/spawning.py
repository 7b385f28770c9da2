"""Start a process nobody waits for without paying for a process when it needs none.

A SimPy process costs two steps of its own: its start (an ``Initialize``
event, scheduled urgent at the current minute) and its end (the process as
an event, scheduled when the generator returns, popped even when nobody
waits for it). Many of the models' processes usually finish in their first
step (a team found at once for a need) or hand over to one wait and plain
code (the supply round). ``spawn`` runs the generator's first step from an
event scheduled exactly as ``Initialize`` is, so it runs at the same minute
and the same place among the steps as the process would; if the generator
returns there, nothing else happens (no process object, no end step); if it
yields, a process adopts it from that point, waiting on the event it yielded.
The steps between a cause and its effect are the same as with
``env.process``, so the event log is the same row for row: only the end
events nobody waited for are gone (popping one ran no callback, and SimPy
orders the other events of a minute by when they were scheduled, which
leaving one out does not change).

Only for processes whose ``Process`` object nobody keeps (to wait on or
interrupt): ``spawn`` returns nothing. ``soon`` is the same for plain code
that would have been a process's first step.
"""

from __future__ import annotations

from collections.abc import Callable, Generator

import simpy
from simpy.events import URGENT, Event


class _Start(Event):
    """Triggered when made and scheduled urgent, as SimPy's ``Initialize``: where a process's first step would run."""

    def __init__(self, env: simpy.Environment, step: Callable[[Event], None]):
        self.env = env
        self.callbacks = [step]
        self._value = None
        self._ok = True
        env.schedule(self, URGENT)


class _Adopted(simpy.Process):
    """A process taking over a generator already past its first step, waiting on the event that step yielded."""

    def __init__(self, env: simpy.Environment, generator: Generator, target: Event):
        self.env = env  # Process.__init__ without its Initialize: the generator has started
        self.callbacks = []
        self._generator = generator
        self._target = target
        if target.callbacks is not None:
            target.callbacks.append(self._resume)
        else:  # already processed: SimPy's own loop would go straight on with its value
            self._resume(target)


def spawn(env: simpy.Environment, generator: Generator) -> None:
    """``env.process(generator)`` for a process nobody waits for or interrupts (see the module's docstring)."""
    _Start(env, lambda _event: _first_step(env, generator))


def soon(env: simpy.Environment, step: Callable[[], None]) -> None:
    """Call ``step()`` where the first step of a process started now would run (a process of plain code, with no end step)."""
    _Start(env, lambda _event: step())


def _first_step(env: simpy.Environment, generator: Generator) -> None:
    try:
        target = next(generator)
    except StopIteration:
        return  # done in its first step: no process, no end step
    if not isinstance(target, Event):
        generator.close()
        raise RuntimeError(f"{generator!r} yielded {target!r}, not a SimPy event")
    _Adopted(env, generator, target)
