"""Teams: dispatched to a need, they get the order, mobilise, travel, work and return.

Two dispatch rules (``command.dispatch``): ``nearest`` sends the nearest
capable free team anywhere (by travel time on open roads);
``territory_first`` (属地为主) lets the commanding unit send only teams of
its own territory and, when it has none free, asks the level above for
support, which then looks over its wider territory. Needs no one can serve
now wait first come, first served for a capable team to come back.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import simpy

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample
from simulator.models.geography import RoadNetwork
from simulator.models.incidents import Incident
from simulator.models.orders import Orders
from simulator.scenario.chain import chain_up
from simulator.scenario.command import Unit
from simulator.scenario.response import Need, Team

RETRY_MINUTES = 30.0


@dataclass
class Assignment:
    """One team's worth of one need of one incident."""

    incident: Incident
    need: Need
    dispatcher: Unit
    done: simpy.Event


# A policy picks one team from the free capable candidates (each with its travel
# minutes), or None to leave the need for the players to decide.
DispatchPolicy = Callable[[Assignment, list[tuple[Team, float]]], Team | None]


def nearest_team(assignment: Assignment, candidates: list[tuple[Team, float]]) -> Team | None:
    return min(candidates, key=lambda c: (c[1], c[0].id))[0]


def players_decide(assignment: Assignment, candidates: list[tuple[Team, float]]) -> Team | None:
    """The drill policy: nothing is sent automatically; the need waits for a decision."""
    return None


class TeamPool:
    def __init__(self, ctx: SimContext, roads: RoadNetwork, orders: Orders, policy: DispatchPolicy = nearest_team):
        self.ctx = ctx
        self.roads = roads
        self.orders = orders
        self.policy = policy
        self.teams: dict[str, Team] = {t.id: t for t in ctx.scenario.teams}
        self.free: set[str] = set(self.teams)
        self.waiting: list[Assignment] = []
        self.active: dict[str, tuple[simpy.Process, Assignment]] = {}
        self._territory_first = ctx.scenario.command.dispatch == "territory_first"
        self._subtrees: dict[str, set[str]] = {}

    def capable(self, capability: str) -> list[Team]:
        return [t for t in self.teams.values() if capability in t.capabilities]

    def request(self, incident: Incident, need: Need, commander: Unit) -> list[simpy.Event]:
        """Ask for ``need.teams`` teams; returns events that fire when each finishes on scene."""
        if not self.capable(need.capability):
            incident.unserved += need.teams
            self.ctx.record("need_unmet", incident=incident.id, location=incident.place, detail=need.capability, quantity=need.teams)
            return []
        events = []
        for _ in range(need.teams):
            assignment = Assignment(incident, need, commander, self.ctx.env.event())
            events.append(assignment.done)
            self.ctx.env.process(self._assign(assignment))
        return events

    def _jurisdiction(self, unit: Unit) -> set[str]:
        """Ids of the units whose teams ``unit`` may send: its whole subtree.

        A specialised HQ commands with the territory of the HQ above it.
        """
        found = self._subtrees.get(unit.id)
        if found is None:
            units, sc = self.orders.units, self.ctx.scenario
            root = units[unit.parent] if unit.kind == "specialised_hq" and unit.parent else unit
            found = {u.id for u in sc.command.units if root.id in {a.id for a in chain_up(sc, u)}}
            self._subtrees[unit.id] = found
        return found

    def _candidates(self, a: Assignment) -> list[tuple[Team, float]]:
        allowed = self._jurisdiction(a.dispatcher) if self._territory_first else None
        out = []
        for team_id in sorted(self.free):
            team = self.teams[team_id]
            if a.need.capability not in team.capabilities:
                continue
            if allowed is not None and self.orders.owner[team_id].id not in allowed:
                continue
            minutes = self.roads.travel_minutes(team.base, a.incident.place)
            if math.isfinite(minutes):
                out.append((team, minutes))
        return out

    def _assign(self, a: Assignment):
        """SimPy process: find a team, escalating level by level under territory first."""
        ctx = self.ctx
        while True:
            outcome = self._try_dispatch(a)
            if outcome is True:
                return
            parent = self._above(a.dispatcher)
            if outcome is None or not self._territory_first or parent is None:
                # with players in charge every waiting need is theirs to decide, even with no team free
                self._hold(a, for_players=outcome is None or self.policy is players_decide)
                return
            ctx.record("escalated", incident=a.incident.id, unit=a.dispatcher.id, entity=parent.id, detail=a.need.capability)
            rng = ctx.rng(f"escalation.{a.incident.id}")
            yield ctx.env.process(self.orders.transport.hop(a.dispatcher.id, parent.id, a.incident.id, "support_request", rng))
            yield ctx.env.process(self.orders.desks.handle(parent, a.incident.id, "support_request", rng))
            a.dispatcher = parent

    def _hold(self, a: Assignment, for_players: bool = False) -> None:
        a.incident.unserved += 1
        self.waiting.append(a)
        self.ctx.record("need_queued", incident=a.incident.id, location=a.incident.place, unit=a.dispatcher.id, detail=a.need.capability)
        if for_players:
            self.ctx.flag_decision("dispatch", a.incident.id)

    def _above(self, unit: Unit) -> Unit | None:
        """The unit to ask for support: the parent, or above the HQ a specialised HQ sits under."""
        units = self.orders.units
        parent = units.get(unit.parent) if unit.parent else None
        if unit.kind == "specialised_hq" and parent is not None:
            parent = units.get(parent.parent) if parent.parent else None
        return parent

    def _try_dispatch(self, a: Assignment) -> bool | None:
        """True: a team was sent; False: none available; None: the policy leaves it to the players."""
        candidates = self._candidates(a)
        if not candidates:
            return False
        team = self.policy(a, candidates)
        if team is None:
            return None
        self.send(team, a)
        return True

    def send(self, team: Team, a: Assignment) -> None:
        self.free.discard(team.id)
        self.active[team.id] = (self.ctx.env.process(self._serve(team, a)), a)

    def recall(self, team_id: str) -> Assignment:
        """Call a team back (a players' decision); its need waits for another team."""
        process, assignment = self.active[team_id]
        process.interrupt("recalled")
        return assignment

    def _serve(self, team: Team, a: Assignment):
        env, ctx = self.ctx.env, self.ctx
        inc = a.incident
        ctx.record("team_dispatched", team=team.id, incident=inc.id, unit=a.dispatcher.id, location=team.base, detail=a.need.capability)
        rng = ctx.rng(f"teams.{team.id}")
        out_minutes = 0.0  # how far from base the team is when called back
        try:
            yield env.process(self.orders.issue(a.dispatcher, team, inc.id))
            yield env.timeout(sample(team.mobilisation_minutes, rng))
            ctx.record("team_mobilised", team=team.id, incident=inc.id, location=team.base)
            departed = env.now
            try:
                yield env.timeout(self.roads.travel_minutes(team.base, inc.place))
            finally:
                out_minutes = env.now - departed
            ctx.record("team_arrived", team=team.id, incident=inc.id, location=inc.place, detail=a.need.capability)
            if inc.first_arrival is None:
                inc.first_arrival = env.now
                if inc.on_first_arrival is not None:
                    inc.on_first_arrival()
            yield env.timeout(sample(a.need.on_scene_minutes, rng))
            ctx.record("team_released", team=team.id, incident=inc.id, location=inc.place)
            a.done.succeed()
            back = self.roads.travel_minutes(inc.place, team.base)
            while not math.isfinite(back):  # cut off by closed roads: wait on site, then retry
                yield env.timeout(RETRY_MINUTES)
                back = self.roads.travel_minutes(inc.place, team.base)
        except simpy.Interrupt:
            ctx.record("team_recalled", team=team.id, incident=inc.id, location=team.base)
            back = out_minutes  # retrace the road driven so far
            self._hold(a, for_players=True)
        del self.active[team.id]
        yield env.timeout(back)
        ctx.record("team_returned", team=team.id, location=team.base)
        self.free.add(team.id)
        self._serve_waiting()

    def _serve_waiting(self) -> None:
        still = []
        for assignment in self.waiting:
            if self._try_dispatch(assignment) is True:
                assignment.incident.unserved -= 1
            else:
                still.append(assignment)
        self.waiting = still
