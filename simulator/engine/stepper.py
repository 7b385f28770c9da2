"""Advance a run to a time, or until the next decision point (used by drills)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from simulator.engine.context import DecisionPoint, SimContext


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
    def __init__(self, ctx: SimContext):
        self.ctx = ctx

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
            self.ctx.env.run(until=target)

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
            env.step()
        if not pending:
            # nothing more before the limit: move the clock there
            if limit > env.now:
                env.run(until=limit)
            return []
        raised = list(pending)
        pending.clear()
        return raised
