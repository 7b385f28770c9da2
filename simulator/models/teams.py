"""Teams: dispatched to a need, they mobilise, travel, work on scene and return.

The default dispatch policy sends the nearest capable free team by travel
time over the road network. Needs no free team can take wait in a
first-come-first-served queue and are served when a capable team returns.
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
from simulator.scenario.models import Need, Team


@dataclass
class Assignment:
    """One team's worth of one need of one incident."""

    incident: Incident
    need: Need
    dispatcher: str
    done: simpy.Event


RETRY_MINUTES = 30.0

# A policy picks one team from the free capable candidates (each with its travel minutes).
DispatchPolicy = Callable[[Assignment, list[tuple[Team, float]]], Team]


def nearest_team(assignment: Assignment, candidates: list[tuple[Team, float]]) -> Team:
    return min(candidates, key=lambda c: (c[1], c[0].id))[0]


class TeamPool:
    def __init__(self, ctx: SimContext, roads: RoadNetwork, policy: DispatchPolicy = nearest_team):
        self.ctx = ctx
        self.roads = roads
        self.policy = policy
        self.teams: dict[str, Team] = {t.id: t for t in ctx.scenario.teams}
        self.free: set[str] = set(self.teams)
        self.waiting: list[Assignment] = []

    def capable(self, capability: str) -> list[Team]:
        return [t for t in self.teams.values() if capability in t.capabilities]

    def request(self, incident: Incident, need: Need, dispatcher: str) -> list[simpy.Event]:
        """Ask for ``need.teams`` teams; returns events that fire when each finishes on scene."""
        events = []
        if not self.capable(need.capability):
            incident.unserved += need.teams
            self.ctx.record("need_unmet", incident=incident.id, location=incident.place, detail=need.capability, quantity=need.teams)
            return events
        for _ in range(need.teams):
            assignment = Assignment(incident, need, dispatcher, self.ctx.env.event())
            events.append(assignment.done)
            if not self._try_dispatch(assignment):
                incident.unserved += 1
                self.waiting.append(assignment)
                self.ctx.record("need_queued", incident=incident.id, location=incident.place, detail=need.capability)
        return events

    def _candidates(self, assignment: Assignment) -> list[tuple[Team, float]]:
        place = assignment.incident.place
        out = []
        for team_id in sorted(self.free):
            team = self.teams[team_id]
            if assignment.need.capability in team.capabilities:
                minutes = self.roads.travel_minutes(team.base, place)
                if math.isfinite(minutes):
                    out.append((team, minutes))
        return out

    def _try_dispatch(self, assignment: Assignment) -> bool:
        candidates = self._candidates(assignment)
        if not candidates:
            return False
        team = self.policy(assignment, candidates)
        self.free.discard(team.id)
        self.ctx.env.process(self._serve(team, assignment))
        return True

    def _serve(self, team: Team, a: Assignment):
        env, ctx = self.ctx.env, self.ctx
        inc = a.incident
        ctx.record("team_dispatched", team=team.id, incident=inc.id, unit=a.dispatcher, location=team.base, detail=a.need.capability)
        rng = ctx.rng(f"teams.{team.id}")
        yield env.timeout(sample(ctx.scenario.command.link_minutes, rng))  # the order reaches the team
        yield env.timeout(sample(team.mobilisation_minutes, rng))
        ctx.record("team_mobilised", team=team.id, incident=inc.id, location=team.base)
        yield env.timeout(self.roads.travel_minutes(team.base, inc.place))
        ctx.record("team_arrived", team=team.id, incident=inc.id, location=inc.place, detail=a.need.capability)
        if inc.first_arrival is None:
            inc.first_arrival = env.now
        yield env.timeout(sample(a.need.on_scene_minutes, rng))
        ctx.record("team_released", team=team.id, incident=inc.id, location=inc.place)
        a.done.succeed()
        back = self.roads.travel_minutes(inc.place, team.base)
        while not math.isfinite(back):  # cut off by closed roads: wait on site, then retry
            yield env.timeout(RETRY_MINUTES)
            back = self.roads.travel_minutes(inc.place, team.base)
        yield env.timeout(back)
        ctx.record("team_returned", team=team.id, location=team.base)
        self.free.add(team.id)
        self._serve_waiting()

    def _serve_waiting(self) -> None:
        still = []
        for assignment in self.waiting:
            if self._try_dispatch(assignment):
                assignment.incident.unserved -= 1
            else:
                still.append(assignment)
        self.waiting = still
