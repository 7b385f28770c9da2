"""The injects of a run: each waits for its time (or its condition) and is played once.

A drill may change its MSEL while it runs: an inject not played yet can be
replaced (edited or moved) or withdrawn. The inject's waiting process is not
interrupted (that would add steps to every run); it wakes at its old time,
finds it is no longer the current version and does nothing. A replay makes
the same change at the same step, so it wakes and skips the same way.
"""

from __future__ import annotations

from collections.abc import Callable

from simulator.models.conditions import ConditionWatch, Watch
from simulator.models.decisions import DecisionRejected
from simulator.scenario.drills import Inject


class InjectSchedule:
    def __init__(self, world, play: Callable[[Inject], None]):
        self.world = world
        self.ctx = world.ctx
        self.play = play
        self.current: dict[str, Inject] = {}  # the injects still to play, by id (their latest version)
        self.played: dict[str, float] = {}  # id -> minute played
        self.versions: dict[str, Inject] = {}  # every inject ever scheduled, by id: its latest version
        self.withdrawn: set[str] = set()
        self._watches: dict[str, Watch] = {}
        self._conditions: ConditionWatch | None = None  # made on the first conditional inject

    def add(self, inject: Inject) -> None:
        """Schedule ``inject``: at its time, or when its condition holds."""
        self.current[inject.id] = inject
        self.versions[inject.id] = inject
        self.withdrawn.discard(inject.id)
        if inject.condition is None:
            self.ctx.env.process(self._timed(inject))
            return
        if self._conditions is None:
            self._conditions = ConditionWatch(self.world)
        self._watches[inject.id] = self._conditions.watch(inject, self._fire)

    def _timed(self, inject: Inject):
        env = self.ctx.env
        yield env.timeout(inject.time - env.now)
        self._fire(inject)

    def _fire(self, inject: Inject, _found: dict | None = None) -> None:
        if self.current.get(inject.id) is not inject:  # withdrawn or replaced since it was scheduled
            return
        del self.current[inject.id]
        self._watches.pop(inject.id, None)
        self.played[inject.id] = self.ctx.env.now
        self.play(inject)

    def _pending(self, inject_id: str) -> Inject:
        if inject_id in self.played:
            raise DecisionRejected("inject_played", inject=inject_id)
        inject = self.current.get(inject_id)
        if inject is None:
            raise DecisionRejected("unknown_inject", inject=inject_id)
        if not self.is_pending(inject_id):  # lapsed: nothing left to change
            raise DecisionRejected("inject_lapsed", inject=inject_id)
        return inject

    def withdraw(self, inject_id: str) -> Inject:
        """Take an inject not played yet off the MSEL; returns it."""
        inject = self._pending(inject_id)
        del self.current[inject_id]
        self.withdrawn.add(inject_id)
        watch = self._watches.pop(inject_id, None)
        if watch is not None:
            watch.stop()
        return inject

    def replace(self, inject: Inject) -> Inject:
        """Put a new version of a pending inject in its place (edited text or effect, a new time); returns the old one."""
        if inject.time < self.ctx.env.now and inject.condition is None:  # a condition's window may have started: watched from now
            raise DecisionRejected("inject_in_past", time=inject.time)
        old = self.withdraw(inject.id)
        self.add(inject)
        return old

    def is_pending(self, inject_id: str) -> bool:
        """Still to come: scheduled, not played, not withdrawn, not lapsed."""
        watch = self._watches.get(inject_id)
        return inject_id in self.current and not (watch is not None and watch.done)

    def pending(self) -> list[Inject]:
        """The injects still to come, by time: the upcoming MSEL."""
        return sorted((i for i in self.current.values() if self.is_pending(i.id)), key=lambda i: (i.time, i.id))
