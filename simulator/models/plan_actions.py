"""A contingency plan's actions, carried out through the same checks as players' decisions.

Once a plan reaches an action's level the action is due (one ``plan_action``
row per target, outcome ``due``) and is carried out ``delay_minutes`` later:

- ``activate_hq``: the HQ's duty desk is staffed up from ``duty_staff`` to
  its ``activated_staff`` (the extra officers take waiting messages at once);
- ``set_response_level``: the area's response level (simulator.models.contingency);
- ``preposition``: a free team (at base, or waiting elsewhere) mobilises,
  drives to the staging place and waits there, free to be sent from there
  (team state ``prepositioning``, then free again: at base in the lifecycle
  table, at the staging place in ``pool.location`` and ``pool.staged``, so
  the nearest-team ranking from bases is not used meanwhile); a busy team makes the
  action wait until it is free (late) or, with ``if_busy: skip``, impossible.
  A team named by two pre-positionings (two plans, or two levels of one)
  is taken by the first carried out; the other waits until it is staged
  and then moves it on from there without a second turnout (the later
  order wins), or with ``skip`` is impossible;
- ``issue_warning`` and ``request_military``: the players' decisions
  (``world.decisions``), so a refusal (``DecisionRejected``) is the action's
  reason for being impossible; military support is asked for the oldest
  open incident in the area that waits for what the team can do (else the
  oldest open one; with none commanded yet, when the next is commanded) and
  is done when approved; when every commanded incident's commander is
  refused the team (its territory or level), impossible with that refusal;
  a refusal that passes (roads cut: ``unreachable``; aviation grounded by
  the weather: ``grounded``) makes it wait, with that reason, and try again
  when a road opens, the weather changes or another incident is commanded;
  a team found already on a job in the area (sent by the dispatcher) is
  done, with the reason ``already``;
- ``release_stock``: each depot of the tier in the area receives the
  quantities from depots of higher tiers, nearest first, through the
  consignment and trucks of a transfer (``Reserves.transfer``); done when
  the last load arrives, impossible when no higher depot holds any
  (``no_stock``) or every one that does is cut off by road (``unreachable``);
- ``open_shelter`` and ``evacuate``: the people model (``world.people``).

A team action's target is the team; the others' the unit, place, shelter or depot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.engine.sampling import sample
from simulator.models.decisions import DecisionRejected
from simulator.models.supplies.stock import EPS
from simulator.scenario.contingency import ContingencyPlan, PlanAction, action_targets
from simulator.scenario.team_types import mobilisation_of
from simulator.scenario.vocabulary import level_rank

# taps that free a team (an action waiting for it tries again): home from a job, rested, on duty,
# or staged by another pre-positioning (free again, at the staging place)
_FREES = frozenset({"team_returned", "team_rested", "team_available", "team_staged"})
# refusals of a military request that pass with the roads or the weather: it waits for them, not impossible
_PASSING = frozenset({"unreachable", "grounded"})
# taps after which a request waiting for one of those tries again (a new incident commanded may be reachable)
_OPENS = frozenset({"road_opened", "weather", "command_assumed"})


@dataclass(frozen=True)
class Job:
    """One action of one plan, due since ``start`` because ``trigger`` fired."""

    plan: ContingencyPlan
    action: PlanAction
    trigger: str
    start: float


class PlanActions:
    def __init__(self, engine):
        self.engine = engine
        self.world = engine.world
        self.ctx = engine.ctx
        self.for_team: dict[str, list[tuple[Job, str]]] = {}  # team -> (job, kind) waiting for it to be free
        self.approval: dict[str, Job] = {}  # military team -> its job, done when approved
        self.for_incident: list[tuple[Job, str]] = []  # request_military with no incident in its area yet
        self.for_way: list[tuple[Job, str]] = []  # request_military refused until a road opens or the weather changes
        self._way_due = False  # its retry is scheduled for this step
        self._said_waiting: set[tuple[str, ...]] = set()  # (plan, action, team[, passing reason]): its ``waiting`` row is written once

    # -- rows ---------------------------------------------------------------------
    def row(self, job: Job, target: str, outcome: str, reason: str = "", **fields) -> None:
        detail = "|".join([job.action.id, target, job.trigger, outcome, *([reason] if reason else [])])
        quantity = job.plan.within(job.action) if outcome == "due" else self.ctx.env.now - job.start
        self.ctx.record("plan_action", entity=job.plan.id, detail=detail, level=job.action.level, quantity=quantity, **fields)

    def targets(self, plan: ContingencyPlan, action: PlanAction) -> list[tuple[str, dict]]:
        """(target id, the row's fields naming it) for each target of the action (``action_targets``)."""
        sc = self.ctx.scenario
        places = {**{s.id: s.place for s in sc.shelters}, **{d.id: d.place for d in sc.depots}}
        out = []
        for target in action_targets(sc, plan, action):
            if action.do in ("preposition", "request_military"):
                fields = {"team": target, **({"location": action.place} if action.place else {})}
            elif action.do in ("activate_hq", "issue_warning"):
                fields = {"unit": target}
            else:  # an area or place, or a shelter's or depot's place
                fields = {"location": places.get(target, target)}
            out.append((target, fields))
        return out

    # -- ordering -----------------------------------------------------------------------
    def order(self, plan: ContingencyPlan, action: PlanAction, trigger: str, level: str) -> None:
        job = Job(plan, action, trigger, self.ctx.env.now)
        targets = self.targets(plan, action)
        for target, fields in targets:
            self.row(job, target, "due", **fields)
        if action.delay_minutes > 0:
            self.ctx.env.timeout(action.delay_minutes).callbacks.append(lambda _e: self._run(job, targets))
        else:
            self._run(job, targets)

    def _run(self, job: Job, targets: list[tuple[str, dict]]) -> None:
        do = job.action.do
        if do == "release_stock":
            for target, fields in targets:
                self._release(job, target, fields)
            return
        if do == "evacuate":
            self._evacuate(job, targets)
            return
        for target, fields in targets:
            getattr(self, f"_{do}")(job, target, fields)

    # -- each action --------------------------------------------------------------------
    def _activate_hq(self, job: Job, unit_id: str, fields: dict) -> None:
        desks = self.world.desks
        unit, officers = desks.units[unit_id], desks.officers[unit_id]
        extra = (unit.activated_staff or unit.duty_staff) - officers.capacity
        if extra > 0:
            officers.capacity += extra
            for _ in range(extra):  # each new officer takes the first waiting message, or is free
                officers.give_back()
        self.ctx.record("hq_activated", entity=job.plan.id, unit=unit_id, location=unit.place, quantity=officers.capacity)
        # a desk at its activated strength already (a variant raised duty_staff to it, or another plan
        # activated it) is done with the reason "already"; a unit without activated_staff is refused
        # by the scenario checks (simulator.scenario.contingency_checks)
        self.row(job, unit_id, "done", *([] if extra > 0 else ["already"]), **fields)

    def _set_response_level(self, job: Job, place: str, fields: dict) -> None:
        self.engine.set_area_level(place, job.action.response_level or job.action.level, job.plan.id)
        self.row(job, place, "done", **fields)

    def _issue_warning(self, job: Job, unit_id: str, fields: dict) -> None:
        try:
            with self.world.decisions.by_plan() as decisions:
                decisions.issue_warning(unit_id, job.action.colour)
        except DecisionRejected as exc:
            self.row(job, unit_id, "impossible", exc.key, **fields)
            return
        self.row(job, unit_id, "done", **fields)

    # a measure already in effect (a shelter open from the start or by another order, a place
    # ordered out by another plan or the scenario's ``ordered_at``) is done, with the reason
    # ``already``: what the plan asks for holds, so it is not counted as a failure
    def _open_shelter(self, job: Job, shelter_id: str, fields: dict) -> None:
        people = getattr(self.world, "people", None)
        if people is None:
            self.row(job, shelter_id, "impossible", "no_people_model", **fields)
        elif people.open_shelter(shelter_id, f"plan:{job.plan.id}"):
            self.row(job, shelter_id, "done", **fields)
        else:  # the scenario's shelters are checked to exist: it was open already
            self.row(job, shelter_id, "done", "already", **fields)

    def _evacuate(self, job: Job, targets: list[tuple[str, dict]]) -> None:
        people = getattr(self.world, "people", None)
        if people is None:
            for place, fields in targets:
                self.row(job, place, "impossible", "no_people_model", **fields)
            return
        before = {place for place, _ in targets if people.is_ordered(place)}
        ordered = set(people.evacuate([t for t, _ in targets], f"plan:{job.plan.id}"))
        for place, fields in targets:
            if place in ordered:
                self.row(job, place, "done", **fields)
            elif place in before:
                self.row(job, place, "done", "already", **fields)
            else:
                self.row(job, place, "impossible", "evacuation_not_ordered", **fields)

    def _preposition(self, job: Job, team_id: str, fields: dict) -> None:
        pool = self.world.teams
        team, place = pool.teams[team_id], job.action.place
        if pool.states.may(team_id, "preposition"):
            if math.isinf(pool.travel(team, pool.location[team_id], place)):
                self.row(job, team_id, "impossible", "unreachable", **fields)
                return
            # the team is taken now, not when its process first runs: another action of this
            # step naming it finds it busy (and waits for it to be staged, or skips it)
            gathered = team_id in pool.staged
            pool.states.move(team_id, "preposition")
            pool.staged.discard(team_id)
            self.ctx.env.process(self._move(job, team, place, fields, gathered))
            return
        self._busy(job, team_id, "preposition", fields)

    def _busy(self, job: Job, team_id: str, kind: str, fields: dict) -> None:
        if job.action.if_busy == "skip":
            self.row(job, team_id, "impossible", "team_busy", **fields)
            return
        self._waiting_row(job, team_id, "", fields)
        self.for_team.setdefault(team_id, []).append((job, kind))

    def _waiting_row(self, job: Job, team_id: str, reason: str, fields: dict) -> None:
        # said once; a wait for a road or the weather is said with its reason even after another wait
        key = (job.plan.id, job.action.id, team_id, *([reason] if reason in _PASSING else []))
        if key not in self._said_waiting:
            self._said_waiting.add(key)
            self.row(job, team_id, "waiting", reason, **fields)

    def _move(self, job: Job, team, place: str, fields: dict, gathered: bool):
        """SimPy process: the team mobilises, drives to the staging place and waits there.

        A team moved on from another staging place (``gathered``) turned out
        already: it sets off at once, as it would for a dispatch from there.
        """
        env, ctx, pool = self.ctx.env, self.ctx, self.world.teams
        origin = pool.location[team.id]
        ctx.record("team_prepositioning", entity=job.plan.id, team=team.id, location=origin, detail=place)
        if not gathered:
            rng = ctx.rng(f"plan.{job.plan.id}.{job.action.id}.{team.id}")  # this pre-positioning's own draws
            minutes = sample(mobilisation_of(team), rng.child("mobilisation"))
            if minutes > 0:
                yield env.timeout(minutes)
        yield from pool.ops._travel(team, origin, place, "")
        pool.states.move(team.id, "stage")
        pool.staged.add(team.id)
        ctx.record("team_staged", entity=job.plan.id, team=team.id, location=place)
        self.row(job, team.id, "done", **fields)
        pool.serve_waiting()  # a free team again: needs waiting for one may take it from here

    def _request_military(self, job: Job, team_id: str, fields: dict) -> None:
        inc, refusal = self._incident_for(job, team_id)
        if inc is None:
            if refusal is None:  # no incident commanded in the area yet: asked for the next one commanded
                self._waiting_row(job, team_id, "no_incident_yet", fields)
                self.for_incident.append((job, team_id))
            elif refusal.key == "team_state" and self._sent_here(job, team_id):
                # already ordered to an incident in the area (the dispatcher asked for it when a road
                # opened, before this retry): what the plan asks for holds; asking again would be a
                # second deployment once it is back
                self.row(job, team_id, "done", "already", incident=self.world.teams.active[team_id][1].incident.id, **fields)
            elif refusal.key == "team_state":
                self._busy(job, team_id, "request_military", fields)
            elif refusal.key in _PASSING:  # roads cut or aviation grounded: asked again when that changes
                self._waiting_row(job, team_id, refusal.key, fields)
                self.for_way.append((job, team_id))
            else:  # incidents are commanded, none by a unit that may send the team: said by the first one's refusal
                self.row(job, team_id, "impossible", refusal.key, **fields)
            return
        try:
            with self.world.decisions.by_plan() as decisions:
                decisions.request_military(team_id, inc.id)
        except DecisionRejected as exc:  # the players' own checks: recorded as the reason
            self.row(job, team_id, "impossible", exc.key, incident=inc.id, **fields)
            return
        self.approval[team_id] = job

    def _sent_here(self, job: Job, team_id: str) -> bool:
        """The team is on a job for an incident in the plan's area."""
        active = self.world.teams.active.get(team_id)
        return active is not None and active[1].incident.place in self.engine.areas[job.plan.id]

    def _incident_for(self, job: Job, team_id: str):
        """(the incident to ask support for, or None and why not).

        The oldest open, commanded incident in the area whose commander may
        send the team (``Decisions.dispatch_refusal``: the dispatch rules),
        one waiting for what the team can do first. Without one: a busy team
        is said by its refusal (``team_state``); commanded incidents whose
        commanders may not send it by the first one's refusal (e.g.
        ``outside_territory``: a county HQ commands, the city owns the army),
        which makes the request impossible rather than a wait that never
        ends (a plan that wants the army raises the area's response level
        first, so the tier that may ask commands); a refusal that passes
        (``_PASSING``: roads cut, aviation grounded) comes before such a one,
        so the request waits; no refusal: no incident is commanded in the
        area yet.
        """
        area, pool, decisions = self.engine.areas[job.plan.id], self.world.teams, self.world.decisions
        capabilities = set(pool.teams[team_id].capabilities)
        waiting = {a.incident.id for a in pool.waiting if a.need.capability in capabilities}
        open_ = sorted(
            (i for i in self.world.incidents.values() if not i.closed and i.commander is not None and i.place in area),
            key=lambda i: (i.id not in waiting, i.occurred, i.id),
        )
        first = passing = None
        for inc in open_:
            refusal = decisions.dispatch_refusal(team_id, inc.id)
            if refusal is None:
                return inc, None
            if refusal.key == "team_state":
                return None, refusal
            if refusal.key in _PASSING:
                passing = passing or refusal
            first = first or refusal
        return None, passing or first

    def _release(self, job: Job, depot_id: str, fields: dict) -> None:
        reserves = self.world.supplies.reserves
        dep, roads = reserves.depots[depot_id], self.world.roads
        pending = [0]
        sent = 0.0
        held = False  # some higher depot held the item (cut off by road, if nothing was sent)

        def one_done() -> None:
            pending[0] -= 1
            if pending[0] == 0:
                self.row(job, depot_id, "done", **fields)

        for item, quantity in sorted(job.action.items.items()):
            sources = sorted(
                (roads.travel_minutes(s.place, dep.place), s.id, s)
                for s in reserves.depots.values()
                if level_rank(s.tier) > level_rank(dep.tier) and s.allocatable(item) > EPS
            )
            left = quantity
            held = held or bool(sources)
            for minutes, _id, src in sources:
                if left <= EPS or math.isinf(minutes):
                    break
                moved = reserves.transfer(src, dep, item, left, one_done)  # its consignment runs later: counted now
                pending[0] += moved > EPS
                sent += moved
                left -= moved
            if left > EPS:
                self.ctx.record("plan_stock_short", entity=job.plan.id, item=item, location=dep.place, quantity=left, detail=depot_id)
        if sent <= EPS:
            self.row(job, depot_id, "impossible", "unreachable" if held else "no_stock", **fields)

    # -- the log ---------------------------------------------------------------------------
    def seen(self, kind: str, fields: dict) -> None:
        team = fields.get("team", "")
        if kind in _FREES and team in self.for_team:
            # after the team's own step: a need waiting for a team has it first
            self.ctx.env.timeout(0).callbacks.append(lambda _e: self._retry_team(team))
        elif kind == "military_approved" and team in self.approval:
            job = self.approval.pop(team)
            self.row(job, team, "done", team=team, incident=fields.get("incident", ""))
        elif kind == "command_assumed" and self.for_incident:
            self.ctx.env.timeout(0).callbacks.append(lambda _e: self._retry_incidents())
        if kind in _OPENS and self.for_way and not self._way_due:  # once per step, however many roads open in it
            self._way_due = True
            self.ctx.env.timeout(0).callbacks.append(lambda _e: self._retry_way())

    def _retry_team(self, team_id: str) -> None:
        waiting = self.for_team.pop(team_id, [])
        for job, kind in waiting:
            fields = {"team": team_id, **({"location": job.action.place} if job.action.place else {})}
            getattr(self, f"_{kind}")(job, team_id, fields)

    def _retry_way(self) -> None:
        waiting, self.for_way, self._way_due = self.for_way, [], False
        for job, team_id in waiting:
            self._request_military(job, team_id, {"team": team_id})

    def _retry_incidents(self) -> None:
        waiting, self.for_incident = self.for_incident, []
        for job, team_id in waiting:
            self._request_military(job, team_id, {"team": team_id})
