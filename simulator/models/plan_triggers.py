"""When a contingency plan's triggers fire: each checked exactly when it can turn true.

- ``series``: the readings are known in advance, so the minute the threshold
  is first reached (simulator.scenario.hazard_series.crossing) is computed
  once and one timer is set;
- ``warning``: a ``warning_issued`` row of that colour or higher, by a unit
  whose territory covers the plan's area or lies within it;
- ``incidents``: the N-th ``incident_occurred`` in the area (of the
  trigger's hazard, or a special plan's);
- ``casualties``: ``people_lost`` in the area adding up to N;
- ``plan``: another plan activated or raised to ``at_level`` or higher.

A trigger fires at most once. Firing is a zero-minute step of its own
after the row that caused it (the model that wrote the row finishes its
step first), and the triggers of one step are handled lowest plan first.
"""

from __future__ import annotations

from simulator.scenario.chain import ChainIndex
from simulator.scenario.contingency import WARNING_RESPONSE, ContingencyPlan, Trigger, severity
from simulator.scenario.hazard_series import crossing
from simulator.scenario.vocabulary import WARNING_LEVELS

# the log rows a trigger or an action may turn on
TAPPED = frozenset({
    "incident_occurred", "command_assumed", "warning_issued", "people_lost",
    "team_returned", "team_rested", "team_available", "team_staged", "team_dispatched", "military_approved",
    "road_opened", "weather",  # a military request waiting for a road or for flying weather (plan_actions._PASSING)
})


class PlanTriggers:
    def __init__(self, engine):
        self.engine = engine
        self.ctx = engine.ctx
        self.fired: set[tuple[str, str]] = set()  # (plan, trigger)
        self.counts: dict[tuple[str, str], float] = {}  # incidents or people lost so far, per trigger
        self._due: list[tuple[ContingencyPlan, Trigger, str, float | None]] = []  # to fire at the end of this step
        self._units = ChainIndex(self.ctx.scenario).units

    def arm(self) -> None:
        """Set one timer per series threshold within the horizon."""
        series = {s.id: s for s in self.ctx.scenario.hazard_series}
        env = self.ctx.env
        for plan in self.engine.order:
            for trig in plan.triggers:
                if trig.series is None:
                    continue
                at = crossing(series[trig.series], trig.above)
                if at is not None and at <= self.ctx.horizon:
                    env.timeout(at).callbacks.append(lambda _e, p=plan, t=trig: self.due(p, t, t.level, t.above))

    def due(self, plan: ContingencyPlan, trig: Trigger, level: str, quantity: float | None = None) -> None:
        """Fire ``trig`` in a zero-minute step (once); triggers due in one step go lowest plan first."""
        key = (plan.id, trig.id)
        if key in self.fired:
            return
        self.fired.add(key)
        if not self._due:
            self.ctx.env.timeout(0).callbacks.append(lambda _e: self._flush())
        self._due.append((plan, trig, level, quantity))

    def _flush(self) -> None:
        rank = {p.id: n for n, p in enumerate(self.engine.order)}
        due, self._due = sorted(self._due, key=lambda d: rank[d[0].id]), []
        for plan, trig, level, quantity in due:
            self.engine.fire(plan, trig.id, level, quantity)

    # -- the log ------------------------------------------------------------------
    def seen(self, kind: str, fields: dict) -> None:
        if kind == "warning_issued":
            self._warning(fields.get("unit", ""), fields.get("level", ""))
        elif kind == "incident_occurred":
            inc = self.engine.world.incidents.get(fields.get("incident", ""))
            if inc is not None:
                self._count("incidents", inc.place, 1.0, inc.hazard)
        elif kind == "people_lost":
            self._count("casualties", fields.get("location", ""), float(fields.get("quantity") or 0.0), None)

    def _warning(self, unit_id: str, colour: str) -> None:
        unit = self._units.get(unit_id)
        if unit is None or colour not in WARNING_LEVELS:
            return
        engine = self.engine
        for plan in engine.order:
            area = engine.areas[plan.id]
            # the issuer's territory covers the plan's area (a city warning over a township) or lies within it
            if unit.place not in area and plan.place not in engine.under(unit.place):
                continue
            for trig in plan.triggers:
                if trig.warning is not None and WARNING_LEVELS.index(colour) >= WARNING_LEVELS.index(trig.warning):
                    self.due(plan, trig, trig.level or WARNING_RESPONSE[colour], None)

    def _count(self, kind: str, place: str, amount: float, hazard: str | None) -> None:
        engine = self.engine
        for plan in engine.order:
            if place not in engine.areas[plan.id]:
                continue
            for trig in plan.triggers:
                wanted = getattr(trig, kind)
                if wanted is None or (plan.id, trig.id) in self.fired:
                    continue
                only = trig.hazard or (plan.hazard if plan.scope == "special" else None)
                if kind == "incidents" and only is not None and hazard != only:
                    continue
                key = (plan.id, trig.id)
                self.counts[key] = self.counts.get(key, 0.0) + amount
                if self.counts[key] >= wanted:
                    self.due(plan, trig, trig.level, self.counts[key])

    def plan_raised(self, plan: ContingencyPlan, level: str) -> None:
        """``plan`` was activated or raised to ``level``: plans triggered by it."""
        for other in self.engine.order:
            for trig in other.triggers:
                if trig.plan == plan.id and (trig.at_level is None or severity(level) >= severity(trig.at_level)):
                    self.due(other, trig, trig.level or level, None)
