"""Contingency plans at run time: triggers fire, plans activate, actions are carried out.

The scenario's ``plans:`` (simulator.scenario.contingency) are documents of
triggers and actions; this engine plays them as written and records what
happened, so the report can set the plan as written beside the plan as
executed:

- ``plan_activated`` (entity: the plan, detail: the trigger, level: the
  response level, quantity: the reading or count that fired it) and
  ``plan_escalated`` when a later trigger calls for a higher level;
- ``plan_action`` rows, one per action and target (a team, a place, a
  shelter, a depot): detail ``action|target|trigger|outcome[|reason]`` with
  the outcome ``due`` (its level was reached; quantity: the minutes it is
  allowed, ``within``), ``waiting`` (a busy team: done when it frees),
  ``done`` or ``impossible`` (quantity: minutes since the trigger);
- ``response_level_set`` for an area (location) and ``hq_activated``.

Hierarchy (territory first 属地为主, Nantong's 2023 reply on urban emergency
capacity, seed 003): triggers that fire in
the same minute are handled lowest plan first (site, township, special,
general), so a township plan acts first. When a plan activates, or is
raised, over the area of an active lower plan (same area and a higher scope, or a larger
area), it takes over: ``plan_taken_over`` (entity: the lower plan, detail:
the higher). From then on the lower plan's triggers no longer raise it
(``plan_trigger_ignored``): the higher plan's level rules the area. Its
actions already ordered, including those waiting for a busy team, are
carried out as ordered (measures in hand are not withdrawn when command
passes up); their rows say so by the plan they belong to.

Response level of an area (``response_level_set``): an incident that occurs
in an area at level L is commanded at least at L (its level is raised as it
occurs, so its report goes to L's tier: ``response_level_applied``); one
already commanded there is raised by the players' own decision
(``Decisions.set_response_level``: command passes to that tier); one whose
report is on its way is raised once it is commanded.

Everything is driven by simulation events (a tap on ``ctx.record``, only in
runs with plans, as in simulator.models.conditions; one timer per series
threshold), so the same seed and decisions give the same log.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.models.decisions import DecisionRejected
from simulator.models.plan_actions import PlanActions
from simulator.models.plan_triggers import TAPPED, PlanTriggers
from simulator.scenario.contingency import PLAN_SCOPES, ContingencyPlan, area_of, severity


@dataclass
class PlanState:
    plan: ContingencyPlan
    level: str | None = None  # None: not activated
    taken_over_by: str | None = None
    scheduled: set = field(default_factory=set)  # action ids whose level has been reached


class PlanEngine:
    def __init__(self, world):
        self.world = world
        self.ctx = ctx = world.ctx
        sc = ctx.scenario
        self.parent = {p.id: p.parent for p in sc.places}
        self._under: dict[str, set[str]] = {}
        self.states = {p.id: PlanState(p) for p in sc.plans}
        self.areas = {p.id: self.under(p.place) for p in sc.plans}
        # lowest plan first: site, township, special, general (territory first), then as written
        rank = {scope: n for n, scope in enumerate(reversed(PLAN_SCOPES))}
        self.order = sorted(sc.plans, key=lambda p: rank[p.scope])
        self.area_level: dict[str, str] = {}  # place -> the response level set for its area
        self.triggers = PlanTriggers(self)
        self.actions = PlanActions(self)
        base = ctx.record

        def record(kind: str, **fields) -> None:
            base(kind, **fields)
            if kind in TAPPED:
                self.seen(kind, fields)

        ctx.record = record

    def start(self) -> None:
        self.triggers.arm()

    # -- places -----------------------------------------------------------------
    def under(self, place: str) -> set[str]:
        """``place`` and every place below it (remembered: the scenario does not change)."""
        found = self._under.get(place)
        if found is None:
            found = self._under[place] = area_of(self.ctx.scenario, place)
        return found

    def ancestors(self, place: str) -> set[str]:
        out, node = set(), place
        while node is not None and node not in out:
            out.add(node)
            node = self.parent.get(node)
        return out

    def level_for(self, place: str) -> str | None:
        """The highest response level set for an area that holds ``place``."""
        levels = [self.area_level[a] for a in self.ancestors(place) if a in self.area_level]
        return max(levels, key=severity) if levels else None

    # -- the log --------------------------------------------------------------------
    def seen(self, kind: str, fields: dict) -> None:
        if kind == "incident_occurred":
            self._apply_area_level(fields.get("incident", ""))
        elif kind == "command_assumed":
            self._raise_commanded(fields.get("incident", ""))
        self.triggers.seen(kind, fields)
        self.actions.seen(kind, fields)

    # -- plans ----------------------------------------------------------------------
    def fire(self, plan: ContingencyPlan, trigger_id: str, level: str, quantity: float | None = None) -> None:
        """A trigger of ``plan`` fired now, calling for ``level``."""
        state = self.states[plan.id]
        ctx = self.ctx
        if state.taken_over_by is not None:
            ctx.record("plan_trigger_ignored", entity=plan.id, detail=trigger_id, level=level, unit=plan.unit, location=plan.place)
            return
        if state.level is not None and severity(level) <= severity(state.level):
            return  # the plan is already at this level or higher
        kind = "plan_activated" if state.level is None else "plan_escalated"
        state.level = level
        ctx.record(kind, entity=plan.id, detail=trigger_id, level=level, unit=plan.unit, location=plan.place, quantity=quantity)
        self._take_over(plan)  # activated or raised: it takes over the active lower plans of its area
        for action in plan.actions:
            if action.id not in state.scheduled and severity(action.level) <= severity(level):
                state.scheduled.add(action.id)
                self.actions.order(plan, action, trigger_id, level)
        self.triggers.plan_raised(plan, level)

    def _take_over(self, plan: ContingencyPlan) -> None:
        mine, rank = self.areas[plan.id], PLAN_SCOPES.index(plan.scope)
        for other in self.order:
            state = self.states[other.id]
            if other.id == plan.id or state.level is None or state.taken_over_by is not None:
                continue
            theirs = self.areas[other.id]
            if theirs < mine or (theirs == mine and PLAN_SCOPES.index(other.scope) > rank):
                state.taken_over_by = plan.id
                self.ctx.record("plan_taken_over", entity=other.id, detail=plan.id, level=self.states[plan.id].level, unit=plan.unit, location=other.place)

    # -- response levels of areas ---------------------------------------------------
    def set_area_level(self, place: str, level: str, plan_id: str) -> None:
        """Response level ``level`` for ``place``'s area: incidents there are commanded at least at it."""
        current = self.area_level.get(place)
        if current is not None and severity(current) >= severity(level):
            return
        self.area_level[place] = level
        self.ctx.record("response_level_set", entity=plan_id, location=place, level=level, detail=current or "")
        area = self.under(place)
        for inc in list(self.world.incidents.values()):
            if inc.closed or inc.place not in area or severity(inc.level) >= severity(level):
                continue
            if inc.commander is not None:
                self._raise(inc, level)
            elif inc.detected is None:  # its report has not started: it goes to the new tier
                self._apply_area_level(inc.id)
            # else: its report is on its way; raised once commanded (``command_assumed``)

    def _apply_area_level(self, incident_id: str) -> None:
        inc = self.world.incidents.get(incident_id)
        if inc is None:
            return
        level = self.level_for(inc.place)
        if level is not None and severity(level) > severity(inc.level):
            self.ctx.record("response_level_applied", incident=inc.id, location=inc.place, level=level, detail=inc.level)
            inc.level = level

    def _raise_commanded(self, incident_id: str) -> None:
        inc = self.world.incidents.get(incident_id)
        if inc is None:
            return
        level = self.level_for(inc.place)
        if level is not None and severity(level) > severity(inc.level):
            # a step of its own: the incident's process sets its commander right after this row
            self.ctx.env.timeout(0).callbacks.append(lambda _e: self._raise(inc, level))

    def _raise(self, inc, level: str) -> None:
        if inc.closed or severity(inc.level) >= severity(level):
            return
        try:
            with self.world.decisions.by_plan() as decisions:
                decisions.set_response_level(inc.id, level)
        except DecisionRejected:
            pass  # closed or not commanded meanwhile: nothing to raise
