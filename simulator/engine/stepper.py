"""Advance a run to a time, or until the next decision point (used by drills).

Every run has a budget of SimPy steps. The scenario loader refuses files
whose estimated work is absurd, but a file can still find a way to make
endless work (a follow-up every microsecond, a million-team need on every
incident); the budget makes sure such a run stops with a clear
:class:`RunBudgetExceeded` instead of running for ever.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from simpy.core import StopSimulation
from simpy.events import URGENT, Event

from simulator.engine.context import DecisionPoint, SimContext
from simulator.i18n import tr
from simulator.scenario.limits import MAX_EVENTS as DEFAULT_MAX_EVENTS


class RunBudgetExceeded(Exception):
    """A run took its whole budget of steps before reaching where it was asked to go."""

    def __init__(self, limit: int, time: float, horizon: float):
        self.limit, self.time, self.horizon = limit, time, horizon
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        return tr("run.budget_exceeded", lang, events=f"{self.limit:,}", time=f"{self.time:g}", horizon=f"{self.horizon:g}")


@contextmanager
def fewer_collections(threshold: int = 100_000) -> Iterator[None]:
    """Raise the garbage collector's first threshold for a long run; restored after.

    A run allocates millions of short-lived objects but makes almost no
    reference cycles (a 72-hour run of a city leaves a few hundred objects
    to collect), so with the default threshold (a young-generation pass
    every 700 allocations, now and then a pass over every live object) the
    collector mostly rescans the live model: about 15% of a long run.
    """
    old = gc.get_threshold()
    gc.set_threshold(max(threshold, old[0]), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


class Stepper:
    """Moves a run's clock; ``max_events`` SimPy steps at most (None: no budget)."""

    def __init__(self, ctx: SimContext, max_events: int | None = DEFAULT_MAX_EVENTS):
        self.ctx = ctx
        self.max_events = max_events
        self.events = 0  # steps taken so far

    @property
    def now(self) -> float:
        return self.ctx.env.now

    @property
    def finished(self) -> bool:
        return self.now >= self.ctx.horizon

    def run_until(self, time: float) -> None:
        """Process every event before ``time`` (capped at the horizon); the clock ends at ``time``."""
        target = min(time, self.ctx.horizon)
        if target > self.ctx.env.now:
            self._run(target)

    def run_to_end(self) -> None:
        self.run_until(self.ctx.horizon)

    def run_until_decision(self, until: float | None = None) -> list[DecisionPoint]:
        """Step event by event until a decision point is raised or ``until`` is reached.

        Returns the decision points raised (empty when the time limit came first);
        they are taken off the context's pending list.
        """
        env = self.ctx.env
        limit = min(self.ctx.horizon if until is None else until, self.ctx.horizon)
        pending = self.ctx.pending_decisions
        while not pending and env.peek() <= limit:
            self._spend(1)
            env.step()
        if not pending:
            # nothing more before the limit: move the clock there
            if limit > env.now:
                self._run(limit)
            return []
        raised = list(pending)
        pending.clear()
        return raised

    def _spend(self, steps: int) -> None:
        if self.max_events is not None and self.events + steps > self.max_events:
            raise RunBudgetExceeded(self.max_events, self.ctx.env.now, self.ctx.horizon)
        self.events += steps

    def _run(self, target: float) -> None:
        """``env.run(until=target)`` within the budget.

        The same stop event as simpy's own (triggered, urgent, at ``target``),
        so the same events run in the same order and a drill's step counts do
        not move; only the loop around ``env.step`` is ours, to count.
        """
        env = self.ctx.env
        stop = Event(env)
        stop._ok, stop._value = True, None
        env.schedule(stop, URGENT, target - env.now)
        stop.callbacks.append(StopSimulation.callback)
        left = None if self.max_events is None else self.max_events - self.events
        step = env.step
        taken = 0
        try:
            if left is None:
                while True:
                    taken += 1
                    step()
            for taken in range(1, left + 1):
                step()
        except StopSimulation:
            self.events += taken
            return
        self.events += left
        stop.callbacks.remove(StopSimulation.callback)  # a spent run must not stop a later step by surprise
        raise RunBudgetExceeded(self.max_events, env.now, self.ctx.horizon)
