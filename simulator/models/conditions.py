"""Conditional injects: watch a condition on the run's state and fire the inject when it holds.

The MSEL reacts to the room: an inject may wait for an incident left without
a team, a report that is late, a warning nobody answered, or a team sent to
a place (``scenario.drills.Condition``). Each condition is a predicate over
the world, checked exactly when it can turn true, never by polling:

- ``unmet_incident`` and ``report_late`` turn true at a deadline (an
  incident's occurrence or detection plus ``after_minutes``): a timer is set
  when the incident occurs or is detected;
- ``warning_unanswered`` likewise, from a warning's issue;
- ``team_dispatched_to`` turns true when a team is sent: checked in a
  zero-minute step right after the dispatch.

Incidents, warnings and dispatches are all marked in the event log, so the
watch taps ``ctx.record`` (only in runs that have conditional injects: the
others keep the recorder's own method and their exact steps). Everything
is driven by simulation events, so a replay with the same seed and
decisions fires the same injects at the same steps. A watch added mid-run
(a facilitator's conditional inject) first reads the log so far.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from simulator.scenario.drills import Inject

# the log rows a condition may turn on
_TAPPED = frozenset({"incident_occurred", "incident_detected", "warning_issued", "warning_called", "warning_answered", "team_dispatched", "team_redeployed"})


class Watch(ABC):
    """One conditional inject waiting for its condition, from ``inject.time`` to ``inject.until``."""

    def __init__(self, conditions: "ConditionWatch", inject: Inject, fire: Callable[[Inject, dict], None]):
        self.conditions = conditions
        self.inject = inject
        self.spec = inject.condition.spec
        self.kind = inject.condition.kind
        self.fire = fire
        self.done = False

    def stop(self) -> None:
        """The inject was withdrawn or replaced: no more checks, nothing recorded."""
        self.done = True

    def check(self, subject=None) -> None:
        """Fire if the condition holds now; ``subject`` (an incident, a warning) limits the look to what set the timer."""
        now = self.conditions.ctx.env.now
        inject = self.inject
        if self.done or now < inject.time or (inject.until is not None and now > inject.until):
            return
        found = self.match(now, subject)
        if found is not None:
            self.done = True
            self.conditions.ctx.record("condition_met", entity=inject.id, detail=self.kind, **found)
            self.fire(inject, found)

    def lapse(self) -> None:
        self.check()  # a deadline falling exactly at ``until`` still counts
        if not self.done:
            self.done = True
            self.conditions.ctx.record("condition_lapsed", entity=self.inject.id, detail=self.kind)

    @abstractmethod
    def match(self, now: float, subject=None) -> dict | None:
        """The log fields of what makes the condition hold now (the incident, the silent unit...), or None."""

    def seen(self, kind: str, fields: dict) -> None:
        """A tapped log row: set a timer for a new deadline, or check at once."""


class _IncidentWatch(Watch):
    """Conditions on an incident: ``unmet_incident`` (from occurrence), ``report_late`` (from detection)."""

    def _incidents(self):
        ref = self.spec.incident
        return (inc for inc in self.conditions.world.incidents.values() if inc.id == ref or inc.source == ref)

    def _deadline(self, inc) -> float | None:
        if self.kind == "unmet_incident":
            return inc.occurred + self.spec.after_minutes
        if inc.detected is None:
            return None
        minutes = self.spec.after_minutes
        if minutes is None:  # the scenario's own limit for a phone report at this level
            limit = self.conditions.ctx.scenario.command.reporting_limits.get(inc.level)
            minutes = getattr(limit, "phone_minutes", None)
        return None if minutes is None else inc.detected + minutes

    def _holds(self, inc) -> bool:
        if self.kind == "unmet_incident":
            return not inc.closed and inc.first_arrival is None
        return inc.commander is None

    def match(self, now: float, subject=None) -> dict | None:
        for inc in ([subject] if subject is not None else self._incidents()):
            deadline = self._deadline(inc)
            if deadline is not None and deadline <= now and self._holds(inc):
                return {"incident": inc.id, "location": inc.place}
        return None

    def arm(self, inc) -> None:
        deadline = self._deadline(inc)
        if deadline is not None:
            self.conditions.at(deadline, self, inc)

    def seen(self, kind: str, fields: dict) -> None:
        wanted = "incident_occurred" if self.kind == "unmet_incident" else "incident_detected"
        if kind == wanted:
            inc = self.conditions.world.incidents.get(fields.get("incident"))
            if inc is not None and (inc.id == self.spec.incident or inc.source == self.spec.incident):
                self.arm(inc)


class _WarningWatch(Watch):
    """``warning_unanswered``: a unit called about the warning has not answered ``after_minutes`` after its issue."""

    def _warnings(self):
        ref = self.spec.warning
        return ((w, state) for w, state in self.conditions.warnings.items() if ref is None or w == ref)

    def match(self, now: float, subject=None) -> dict | None:
        warnings = [(subject, self.conditions.warnings[subject])] if subject is not None else self._warnings()
        for _warning, (issued, called, answered) in warnings:
            silent = sorted(called - answered)
            if issued + self.spec.after_minutes <= now and silent:
                return {"unit": silent[0]}
        return None

    def seen(self, kind: str, fields: dict) -> None:
        warning = fields.get("entity")
        if self.spec.warning is not None and warning != self.spec.warning:
            return
        now = self.conditions.ctx.env.now
        if kind == "warning_issued":
            self.conditions.at(now + self.spec.after_minutes, self, warning)
        elif kind == "warning_called" and warning in self.conditions.warnings:
            if self.conditions.warnings[warning][0] + self.spec.after_minutes <= now:
                self.conditions.at(now, self, warning)  # a unit called only after the deadline


class _DispatchWatch(Watch):
    """``team_dispatched_to``: a team (or the named one) sent or redeployed to an incident at the place or under it."""

    def __init__(self, *args):
        super().__init__(*args)
        self.places = self.conditions.places_under(self.spec.place)

    def match(self, now: float, subject=None) -> dict | None:
        for team, incident_id, place in ([subject] if subject is not None else self.conditions.dispatches):
            if place in self.places and (self.spec.team is None or team == self.spec.team):
                return {"incident": incident_id, "team": team, "location": place}
        return None

    def seen(self, kind: str, fields: dict) -> None:
        dispatches = self.conditions.dispatches
        if kind in ("team_dispatched", "team_redeployed") and dispatches and dispatches[-1][1] == fields.get("incident"):
            self.conditions.at(self.conditions.ctx.env.now, self, dispatches[-1])  # after the dispatch's own step


_WATCHES = {"unmet_incident": _IncidentWatch, "report_late": _IncidentWatch, "warning_unanswered": _WarningWatch, "team_dispatched_to": _DispatchWatch}


class ConditionWatch:
    """The conditional injects of one run, and the little state they need that the world does not keep."""

    def __init__(self, world):
        self.world = world
        self.ctx = world.ctx
        self.watches: list[Watch] = []
        self.warnings: dict[str, tuple[float, set, set]] = {}  # warning -> (issued, units called, units answered)
        self.dispatches: list[tuple[str, str, str]] = []  # (team, incident, place), in order
        self._parent = {p.id: p.parent for p in self.ctx.scenario.places}
        for row in self.ctx.recorder.rows():  # added mid-run: what happened so far
            _seq, time, kind, entity, _location, incident, team, unit, *_ = row
            if kind in _TAPPED:
                self._note(kind, {"entity": entity, "incident": incident, "team": team, "unit": unit}, time)
        base = self.ctx.record

        def record(kind: str, **fields) -> None:
            base(kind, **fields)
            if kind in _TAPPED:
                self._note(kind, fields, self.ctx.env.now)
                for watch in list(self.watches):
                    if not watch.done:
                        watch.seen(kind, fields)

        self.ctx.record = record

    def places_under(self, place: str) -> set[str]:
        """``place`` and every place below it."""
        out = set()
        for p in self._parent:
            node = p
            while node is not None and node not in out and node != place:
                node = self._parent.get(node)
            if node is not None:
                out.add(p)
        return out

    def _note(self, kind: str, fields: dict, time: float) -> None:
        if kind == "warning_issued":
            self.warnings[fields.get("entity", "")] = (time, set(), set())
        elif kind in ("warning_called", "warning_answered"):
            state = self.warnings.get(fields.get("entity", ""))
            if state is not None:
                state[1 if kind == "warning_called" else 2].add(fields.get("unit", ""))
        elif kind in ("team_dispatched", "team_redeployed"):
            inc = self.world.incidents.get(fields.get("incident", ""))
            if inc is not None:
                self.dispatches.append((fields.get("team", ""), inc.id, inc.place))

    def at(self, time: float, watch: Watch, subject=None) -> None:
        """Check ``watch`` at ``time`` (now or later), as a step of its own, on ``subject`` alone when given."""
        env = self.ctx.env
        env.timeout(max(time - env.now, 0.0)).callbacks.append(lambda _event: watch.check(subject))

    def watch(self, inject: Inject, fire: Callable[[Inject, dict], None]) -> Watch:
        """Start watching ``inject``'s condition; ``fire(inject, found)`` plays it when the condition holds."""
        watch = _WATCHES[inject.condition.kind](self, inject, fire)
        self.watches.append(watch)
        env = self.ctx.env
        self.at(max(inject.time, env.now), watch)  # it may hold from the start of its window
        if isinstance(watch, _IncidentWatch):  # deadlines of incidents already there, still ahead
            for inc in list(watch._incidents()):
                deadline = watch._deadline(inc)
                if deadline is not None and deadline > max(inject.time, env.now):
                    self.at(deadline, watch, inc)
        elif isinstance(watch, _WarningWatch):
            for warning, (issued, _called, _answered) in list(watch._warnings()):
                if issued + watch.spec.after_minutes > max(inject.time, env.now):
                    self.at(issued + watch.spec.after_minutes, watch, warning)
        if inject.until is not None:
            env.timeout(max(inject.until - env.now, 0.0)).callbacks.append(lambda _event: watch.lapse())
        return watch
