"""Start a process nobody waits for or interrupts without the steps only a waiter would need.

A SimPy process costs two steps of its own: its start (an ``Initialize``
event, scheduled urgent at the current minute) and its end (the process as
an event, scheduled when the generator returns and popped even when nobody
waits for it). ``spawn`` starts the generator from an event scheduled
exactly as ``Initialize`` is, so its first step runs at the same minute and
the same place among the steps as the process's would, and then resumes it
on each event it yields as ``Process._resume`` does (a failed event's
exception thrown in, an event already processed gone on from at once); when
the generator returns, nothing is scheduled. The steps between a cause and
its effect are those of ``env.process``, so the event log is the same row
for row: only the ends nobody waited for are gone (popping one ran no
callback, and SimPy orders the other events of a minute by when they were
scheduled, which leaving one out does not change).

Only for processes whose ``Process`` object nobody keeps (to wait on or
interrupt): ``spawn`` returns nothing, and ``env.active_process`` is
``None`` while a spawned generator runs (as in any callback; only SimPy's
preemptive resources read it, and the models use none). ``soon`` is the same
for plain code that would have been a process's first step. A generator that
raises stops the run at that step, as an unhandled process failure does.
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


class _Runner:
    """Resumes one generator on the events it yields (``simpy.Process._resume`` without the process's own event)."""

    __slots__ = ("generator",)

    def __init__(self, generator: Generator):
        self.generator = generator

    def resume(self, event: Event) -> None:
        generator = self.generator
        while True:
            try:
                if event._ok:
                    event = generator.send(event._value)
                else:  # the generator handles the failure or fails with it, as in a process
                    event._defused = True
                    error = type(event._value)(*event._value.args)
                    error.__cause__ = event._value
                    event = generator.throw(error)
            except StopIteration:
                return  # done: no end step
            callbacks = getattr(event, "callbacks", False)
            if callbacks is False:
                generator.close()
                raise RuntimeError(f"{generator!r} yielded {event!r}, not a SimPy event")
            if callbacks is not None:
                callbacks.append(self.resume)
                return
            # already processed: go straight on with its value, as SimPy's loop does


def spawn(env: simpy.Environment, generator: Generator) -> None:
    """``env.process(generator)`` for a process nobody waits for or interrupts (see the module's docstring)."""
    _Start(env, _Runner(generator).resume)


def soon(env: simpy.Environment, step: Callable[[], None]) -> None:
    """Call ``step()`` where the first step of a process started now would run (a process of plain code, with no end step)."""
    _Start(env, lambda _event: step())


def detachable(generator: Generator):
    """Steps of a process (``yield from``): run ``generator``'s steps inline, as if waiting on a process of its own.

    The caller saves that process's start and end steps. If the caller is
    interrupted while ``generator`` waits, ``generator`` goes on by itself
    from the event it was waiting on (as the process would have: the
    interrupt is the caller's, not its) and the interrupt goes on to the
    caller. Returns what ``generator`` returns.
    """
    value, error = None, None
    while True:
        try:
            event = generator.send(value) if error is None else generator.throw(error)
        except StopIteration as stop:
            return stop.value
        value, error = None, None
        try:
            value = yield event
        except simpy.Interrupt:
            runner = _Runner(generator)
            if event.callbacks is not None:
                event.callbacks.append(runner.resume)
            else:
                runner.resume(event)
            raise
        except Exception as failure:  # a failed event: the generator handles it or fails with it (an Interrupt is the recall above: orders wait only on timeouts and desk tickets)
            error = failure
