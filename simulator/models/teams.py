"""Teams: which team goes where. The pool picks teams; ``team_ops`` runs them.

Dispatch rules (``command.dispatch``):
- ``nearest``: the nearest capable free team anywhere (by travel time);
- ``territory_first`` (属地为主): the commanding unit sends only teams of its
  own territory and, when it has none free, asks the level above for
  support (with ``response.mutual_aid`` a district first asks its
  neighbouring districts);
- ``district_unified``: one district dispatch centre sends every team of its
  district, so a township's request goes straight to it.
A team may also be limited to the levels allowed to send it, be off duty
until a time, or be grounded (aviation) by the weather. Needs no one can
serve now wait, first come first served or response level I first
(``response.priority``), for a capable team to come free. Those rules are
``dispatch_rules``, which players' dispatches pass too; each team's
lifecycle state is kept by ``team_state``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import simpy

from simulator.engine.context import SimContext
from simulator.models.dispatch_policies import FOR_PLAYERS, PolicyFunction, as_policy, nearest_team, players_decide  # noqa: F401 (the policies' usual home)
from simulator.models.dispatch_policies import DispatchPolicy as _Policy
from simulator.models.dispatch_rules import DispatchRules
from simulator.models.geography import RoadNetwork
from simulator.models.incidents import Incident
from simulator.models.orders import Orders
from simulator.models.spawning import spawn
from simulator.models.team_state import TeamStates
from simulator.scenario.command import Unit
from simulator.scenario.response import Need, Team
from simulator.scenario.vocabulary import RESPONSE_LEVELS, level_rank


@dataclass
class Assignment:
    """One team's worth of one need of one incident."""

    incident: Incident
    need: Need
    dispatcher: Unit
    done: simpy.Event
    order: int = field(default=0, compare=False)  # arrival order, for first come first served
    index: int = 0  # which of the need's teams this is

    @property
    def job(self) -> str:
        """The job's name in the log (``job.<capability>.<n>``): links a waiting need to the team sent to it."""
        return f"job.{self.need.capability}.{self.index}"


# A policy is an object whose ``choose(pool, assignment)`` picks the team (``dispatch_policies``),
# or a plain function of the candidates, which the pool wraps.
DispatchPolicy = _Policy | PolicyFunction


_NONE: frozenset[str] = frozenset()


class TeamPool:
    def __init__(self, ctx: SimContext, roads: RoadNetwork, orders: Orders, policy: DispatchPolicy = nearest_team):
        from simulator.models.team_ops import (
            TeamOps,  # the operations need the pool; built here
        )

        self.ctx = ctx
        self.roads = roads
        self.orders = orders
        self.policy = policy
        sc = ctx.scenario
        self.teams: dict[str, Team] = {t.id: t for t in sc.teams}
        self._capable: dict[str, list[Team]] = {}  # capability -> teams having it, in scenario order
        for team in self.teams.values():
            for capability in dict.fromkeys(team.capabilities):
                self._capable.setdefault(capability, []).append(team)
        self._capable_ids = {c: {t.id for t in teams} for c, teams in self._capable.items()}
        self.states = TeamStates((t.id, t.available_from <= 0) for t in sc.teams)
        self.free: set[str] = self.states.free  # the teams at base, kept by the states: an index for dispatch
        self.rules = DispatchRules(sc, orders, self.states)
        self.location: dict[str, str] = {t.id: t.base for t in sc.teams}
        self.waiting: list[Assignment] = []
        self.staged: set[str] = set()  # free teams waiting away from base (a plan pre-positioned them)
        self.active: dict[str, tuple[simpy.Process, Assignment]] = {}
        self._mode = sc.command.dispatch
        # nearest dispatch ranks every team by its travel from base to a place once per road
        # state (free teams wait at their base) and walks the ranking for a free capable one
        self._by_id = sorted(self.teams.values(), key=lambda t: t.id)
        self._by_id_array = np.empty(len(self._by_id), dtype=object)  # the same, for numpy's gather by position
        for k, team in enumerate(self._by_id):
            self._by_id_array[k] = team
        self._base_at = roads.positions([t.base for t in self._by_id])
        self._flying = [(k, t) for k, t in enumerate(self._by_id) if t.air is not None]
        self._ranked: dict[tuple[int, str], tuple[list[Team], list[float]]] = {}  # (road state, place) -> reachable teams, nearest first
        self._arrivals = 0
        self.ops = TeamOps(self)
        for team in sc.teams:
            if team.available_from > 0:
                ctx.env.process(self._comes_on_duty(team))

    @property
    def policy(self) -> _Policy:
        return self._policy

    @policy.setter
    def policy(self, policy: DispatchPolicy) -> None:
        self._policy = as_policy(policy)
        self._players_only = getattr(self._policy, "leaves_all_to_players", False)

    # -- requests ---------------------------------------------------------------
    def capable(self, capability: str) -> list[Team]:
        return list(self._capable.get(capability, ()))

    def capable_ids(self, capability: str) -> set[str]:
        """Ids of the teams having ``capability`` (an index; do not change it)."""
        return self._capable_ids.get(capability, _NONE)

    def request(self, incident: Incident, need: Need, commander: Unit) -> list[simpy.Event]:
        """Ask for ``need.teams`` teams; returns events that fire when each finishes on scene."""
        if need.capability not in self._capable:
            incident.unserved += need.teams
            self.ctx.record("need_unmet", incident=incident.id, location=incident.place, detail=need.capability, quantity=need.teams)
            return []
        events = []
        for index in range(need.teams):
            self._arrivals += 1
            incident.requested[need.capability] = incident.requested.get(need.capability, 0) + 1
            assignment = Assignment(incident, need, commander, self.ctx.env.event(), self._arrivals, incident.requested[need.capability])
            events.append(assignment.done)
            spawn(self.ctx.env, self._assign(assignment))  # usually sent or queued in its first step: no process then
        return events

    def _assign(self, a: Assignment):
        """SimPy process: find a team, passing the request up (or across) as the rules say."""
        ctx = self.ctx
        if self._mode == "district_unified" and level_rank(a.dispatcher.level) < level_rank("district"):
            centre = next((u for u in self.orders.chain.chain_up(a.dispatcher) if u.level == "district"), None)
            if centre is not None:
                yield from self._pass_request(a, centre, "unified_dispatch")
        while True:
            outcome = self._try_dispatch(a)
            if outcome is True:
                return
            territorial = self._mode != "nearest"
            if outcome is not None and territorial and ctx.scenario.response.mutual_aid and a.dispatcher.level == "district":
                for neighbour in self._neighbours(a.dispatcher):
                    if self._candidates(a, neighbour):
                        yield from self._pass_request(a, neighbour, "mutual_aid")
                        break
                if self._try_dispatch(a) is True:
                    return
            parent = self._above(a.dispatcher)
            if outcome is None or not territorial or parent is None:
                self._hold(a, for_players=outcome is None or self._players_only)
                return
            yield from self._pass_request(a, parent, "escalated")

    def _pass_request(self, a: Assignment, to: Unit, kind: str):
        """The request for support travels to ``to`` and waits at its desk."""
        ctx = self.ctx
        ctx.record(kind, incident=a.incident.id, unit=a.dispatcher.id, entity=to.id, detail=a.need.capability)
        job = ctx.rng(f"incident.{a.incident.id}.job.{a.need.capability}.{a.index}.{kind}.{to.id}")  # this request's own draws
        yield from self.orders.transport.hop(a.dispatcher.id, to.id, a.incident.id, "support_request", job)
        yield from self.orders.desks.handle(to, a.incident.id, "support_request", job)
        a.dispatcher = to

    def _hold(self, a: Assignment, for_players: bool = False) -> None:
        a.incident.unserved += 1
        self.waiting.append(a)
        self.ctx.record("need_queued", entity=a.job, incident=a.incident.id, location=a.incident.place, unit=a.dispatcher.id, detail=a.need.capability)
        if for_players:
            self.ctx.flag_decision("dispatch", a.incident.id)

    # -- who may go -------------------------------------------------------------
    def _above(self, unit: Unit) -> Unit | None:
        """The unit to ask for support: the parent, or above the HQ a specialised HQ sits under."""
        units = self.orders.units
        parent = units.get(unit.parent) if unit.parent else None
        if unit.kind == "specialised_hq" and parent is not None:
            parent = units.get(parent.parent) if parent.parent else None
        return parent

    def _neighbours(self, district: Unit) -> list[Unit]:
        return sorted(
            (u for u in self.orders.units.values() if u.level == "district" and u.kind != "specialised_hq" and u.parent == district.parent and u.id != district.id),
            key=lambda u: u.id,
        )

    def travel(self, team: Team, origin: str, place: str) -> float:
        if team.air is not None:
            return self.roads.flight_minutes(origin, place, team.air.speed_kmh, team.air.takeoff_landing_minutes)
        return self.roads.travel_minutes(origin, place)

    def allowed(self, team: Team, a: Assignment, dispatcher: Unit | None = None, action: str = "dispatch") -> bool:
        """The rules players' decisions are checked by (``DispatchRules``), for assignment ``a``."""
        return self.rules.refusal(team, a.need.capability, dispatcher or a.dispatcher, action) is None

    def _candidates(self, a: Assignment, dispatcher: Unit | None = None) -> list[tuple[Team, float]]:
        return list(self.each_candidate(a, dispatcher))

    def each_candidate(self, a: Assignment, dispatcher: Unit | None = None, among: set[str] | None = None) -> Iterator[tuple[Team, float]]:
        """The teams ``dispatcher`` (default: the assignment's) may send to ``a`` now, with their travel
        minutes from where they are, in id order; ``among``: only those of these ids."""
        place = a.incident.place
        by_road = None  # the distances to the place, looked up once (when some team goes by road)
        # only free teams with the capability can be allowed: look at those alone, in the same (id) order
        ids = self.free & self._capable_ids.get(a.need.capability, _NONE)
        for team_id in sorted(ids if among is None else ids & among):
            team = self.teams[team_id]
            if self.allowed(team, a, dispatcher):
                origin = self.location[team_id]
                if team.air is None:
                    by_road = by_road or self.roads.minutes_to(place)
                    minutes = by_road(origin)
                else:
                    minutes = self.travel(team, origin, place)
                if math.isfinite(minutes):
                    yield team, minutes

    def ranking(self, place: str) -> tuple[list[Team], list[float]]:
        """The teams that can reach ``place`` from their base, by (minutes, id), and their minutes (an index)."""
        key = (self.roads.state, place)
        ranked = self._ranked.get(key)
        if ranked is None:
            minutes = self.roads.minutes_from_each(self._base_at, place)  # in id order
            for k, team in self._flying:
                minutes[k] = self.travel(team, team.base, place)
            order = np.argsort(minutes, kind="stable")  # stable: equal minutes stay in id order
            reachable = int(np.isfinite(minutes).sum())  # inf sorts last
            if len(self._ranked) >= self.roads.max_trees:  # bounded like the distances they come from
                self._ranked.clear()
            kept = order[:reachable]
            ranked = self._ranked[key] = (self._by_id_array[kept].tolist(), minutes[kept].tolist())
        return ranked

    # -- sending ----------------------------------------------------------------
    def _try_dispatch(self, a: Assignment) -> bool | None:
        """True: a team was sent; False: none available; None: the policy leaves it to the players."""
        team = self._policy.choose(self, a)
        if team is None:
            return False
        if team is FOR_PLAYERS:
            return None
        self.send(team, a)
        return True

    def send(self, team: Team, a: Assignment) -> None:
        self.states.move(team.id, "dispatch")
        # a team a plan pre-positioned has gathered already and waits ready at its staging place: no second turnout
        ready = team.id in self.staged
        self.staged.discard(team.id)  # sent from where it waited
        self.active[team.id] = (self.ctx.env.process(self.ops.serve(team, a, self.location[team.id], mobilise=not ready)), a)

    def recall(self, team_id: str) -> Assignment:
        """Call a team back (a players' decision); its need waits for another team.

        The state turns to returning now, not when the team's process wakes to
        the interrupt: a second recall in the same step is refused, not thrown
        into a process already handling the first.
        """
        self.states.move(team_id, "recall")
        self.ops.driving.pop(team_id, None)  # the recall stops it, not a road change of this step too
        process, assignment = self.active[team_id]
        process.interrupt("recalled")
        return assignment

    def in_priority_order(self) -> list[Assignment]:
        if self.ctx.scenario.response.priority == "severity":
            return sorted(self.waiting, key=lambda a: (RESPONSE_LEVELS.index(a.incident.level), a.order))
        return sorted(self.waiting, key=lambda a: a.order)

    def next_for(self, team: Team, place: str) -> Assignment | None:
        """A waiting need ``team`` can take straight from ``place`` (redeployment)."""
        if self._players_only:
            return None
        for a in self.in_priority_order():
            if self.allowed(team, a, action="redeploy") and math.isfinite(self.travel(team, place, a.incident.place)):
                return a
        return None

    def take(self, a: Assignment) -> None:
        self.waiting.remove(a)
        a.incident.unserved -= 1

    def serve_waiting(self) -> None:
        for a in self.in_priority_order():
            if self._try_dispatch(a) is True:
                self.take(a)

    def set_flyable(self, flyable: bool) -> None:
        self.rules.flyable = flyable
        if flyable:
            self.serve_waiting()

    def _comes_on_duty(self, team: Team):
        yield self.ctx.env.timeout(team.available_from)
        self.states.move(team.id, "come_on_duty")
        self.ctx.record("team_available", team=team.id, location=team.base)
        self.serve_waiting()
