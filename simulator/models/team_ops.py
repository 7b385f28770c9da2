"""One team's job: order, (coordination), mobilise, travel, work, then redeploy or return.

Travel follows the fastest route planned at departure in one wait (the
junctions' times are the sums a wait per road would give) while the roads
stay as planned; a road change stops a team on the move at the junction it
is heading for, and from there it re-plans at every junction, so it takes a
detour when a road ahead is closed or slowed; with no open route it waits
and tries again. Aviation flies straight. A released team goes straight on
to a waiting need it can serve (``response.redeploy``) unless it is due for
rest: after ``fatigue.work_minutes`` on scene it rests at base before it can
be sent again.
Each phase moves the team's state (``team_state``) as it begins.
"""

from __future__ import annotations

import math
from bisect import bisect_left

import simpy

from simulator.engine.sampling import sample_child
from simulator.models.spawning import detachable
from simulator.models.team_work import on_scene_minutes
from simulator.scenario.response import Team
from simulator.scenario.team_types import mobilisation_of

RETRY_MINUTES = 30.0
ROADS_CHANGED = "roads_changed"  # the cause of the interrupt that stops a team driving a route in one wait


class TeamOps:
    def __init__(self, pool):
        self.pool = pool
        self.ctx = pool.ctx
        self.worked: dict[str, float] = {t: 0.0 for t in pool.teams}
        self.edge_started: dict[str, float] = {}  # team -> when it left its last junction
        self.driving: dict[str, simpy.Process] = {}  # teams driving the rest of a planned route in one wait
        pool.roads.on_change.append(self._roads_changed)

    def serve(self, team: Team, a, origin: str, mobilise: bool):
        """SimPy process: carry out assignment ``a`` starting from ``origin``."""
        env, ctx, pool = self.ctx.env, self.ctx, self.pool
        states = pool.states
        inc = a.incident
        # draws belong to the job and its purpose, not to whichever team does it or what it drew before
        job = ctx.rng(f"incident.{inc.id}.job.{a.need.capability}.{a.index}")
        ctx.record(
            "team_dispatched", entity=a.job, team=team.id, incident=inc.id, unit=a.dispatcher.id, location=origin, detail=a.need.capability
        )
        try:
            # the order's steps inline (no process to start and end); a recall interrupts the team,
            # not the order already on its way, which goes on by itself (spawning.detachable)
            yield from detachable(pool.orders.issue(a.dispatcher, team, inc.id, job.child("order")))
            if team.coordination_minutes is not None:  # registered social teams coordinate first
                yield env.timeout(sample_child(team.coordination_minutes, job, "coordination"))
                ctx.record("team_coordinated", team=team.id, incident=inc.id)
            if mobilise:
                states.move(team.id, "mobilise")
                yield env.timeout(sample_child(mobilisation_of(team), job, "mobilisation"))
                ctx.record("team_mobilised", team=team.id, incident=inc.id, location=origin)
            states.move(team.id, "set_off")
            yield from self._travel(team, origin, inc.place, inc.id)
            states.move(team.id, "arrive")
            ctx.record("team_arrived", team=team.id, incident=inc.id, location=inc.place, detail=a.need.capability)
            if inc.first_arrival is None:
                inc.first_arrival = env.now
                if inc.on_first_arrival is not None:
                    inc.on_first_arrival()
            if a.need.capability not in inc.arrived_capabilities:
                inc.arrived_capabilities.add(a.need.capability)
                if inc.on_capability_arrival is not None:
                    inc.on_capability_arrival(a.need.capability)
            work = on_scene_minutes(a.need, team, ctx.scenario.response.team_work, job.child("on_scene"))  # scaled by team size
            yield env.timeout(work)
            self.worked[team.id] += work
            states.move(team.id, "release")
            ctx.record("team_released", team=team.id, incident=inc.id, location=inc.place)
            a.done.succeed()
        except simpy.Interrupt:  # recalled: ``pool.recall`` has turned the state to returning already
            ctx.record("team_recalled", team=team.id, incident=inc.id, location=pool.location[team.id])
            pool._hold(a, for_players=True)
            started = self.edge_started.pop(team.id, None)
            if started is not None:  # turned round part way along a road: drive that part back
                yield env.timeout(env.now - started)
        place = pool.location[team.id]
        del pool.active[team.id]
        if not self._tired(team) and ctx.scenario.response.redeploy:
            following = pool.next_for(team, place)
            if following is not None:
                pool.take(following)
                states.move(team.id, "redeploy")
                ctx.record("team_redeployed", team=team.id, incident=following.incident.id, location=place)
                pool.active[team.id] = (env.process(self.serve(team, following, place, mobilise=False)), following)
                return
        yield from self._travel(team, place, team.base, "")
        ctx.record("team_returned", team=team.id, location=team.base)
        if self._tired(team):
            states.move(team.id, "rest")
            ctx.record("team_resting", team=team.id, location=team.base)
            yield env.timeout(sample_child(team.fatigue.rest_minutes, job, "rest"))
            self.worked[team.id] = 0.0
            states.move(team.id, "rested")
            ctx.record("team_rested", team=team.id, location=team.base)
        else:
            states.move(team.id, "return")
        pool.serve_waiting()

    def _tired(self, team: Team) -> bool:
        return team.fatigue is not None and self.worked[team.id] >= team.fatigue.work_minutes

    def _travel(self, team: Team, origin: str, destination: str, incident_id: str):
        """Move ``team`` from ``origin`` to ``destination``, re-planning at every junction."""
        env, pool = self.ctx.env, self.pool
        if team.air is not None:
            yield env.timeout(pool.travel(team, origin, destination))
            pool.location[team.id] = destination
            return
        roads = pool.roads
        planned, legs = roads.plan(origin, destination)
        planned_in = roads.state  # while the roads are as planned, the plan is what next_step answers
        at = 0  # node == planned[at]
        node = origin
        while node != destination:
            if planned and roads.state == planned_in:
                at = yield from self._drive(team, planned, legs, at)
                node = planned[at]
                continue
            step = roads.next_step(node, destination)
            if step is None:  # cut off: wait where it is, then look again
                self.ctx.record("team_blocked", team=team.id, incident=incident_id, location=node)
                yield env.timeout(RETRY_MINUTES)
                continue
            following, minutes = step
            expected = planned[planned.index(node) + 1] if node in planned[:-1] else None
            if following != expected:  # a road ahead closed or slowed: a new way from here
                self.ctx.record("team_rerouted", team=team.id, incident=incident_id, location=node, entity=following)
                planned, legs = roads.plan(node, destination)
                planned_in, at = roads.state, 1
            else:
                at = planned.index(node) + 1
            self.edge_started[team.id] = env.now
            yield env.timeout(minutes)
            del self.edge_started[team.id]
            node = pool.location[team.id] = following

    def _drive(self, team: Team, planned: tuple[str, ...], legs: tuple[float, ...], at: int):
        """Drive ``planned`` on from its junction ``at`` in one wait; returns the junction reached: the route's
        end, or the junction the team was heading for when a road changed (``_roads_changed``).

        A recall finds the team on the road it was on (``pool.location`` its last junction,
        ``edge_started`` when it left it), as a wait per road would."""
        env, location = self.ctx.env, self.pool.location
        process = env.active_process
        last = len(legs) if process is not None else at + 1  # a generator with no process of its own (none to stop): one road
        times, t = [], env.now  # times[i]: when it reaches planned[at + 1 + i]
        for minutes in legs[at:last]:
            t = t + minutes
            times.append(t)
        left = env.now
        if process is not None:
            self.driving[team.id] = process
        try:
            yield _until(env, times[-1])
            self.driving.pop(team.id, None)
        except simpy.Interrupt as interrupt:
            self.driving.pop(team.id, None)
            passed = bisect_left(times, env.now)  # at a junction this very minute: still on the road into it, to re-plan there
            if passed:
                left = times[passed - 1]
            location[team.id] = planned[at + passed]
            if passed == len(times):  # there already
                if interrupt.cause == ROADS_CHANGED:
                    return at + passed
                raise
            self.edge_started[team.id] = left
            if interrupt.cause != ROADS_CHANGED:
                raise
            yield _until(env, times[passed])  # on along the road it is on, to the junction ahead
            del self.edge_started[team.id]
            last = at + passed + 1
        location[team.id] = planned[last]
        return last

    def _roads_changed(self) -> None:
        """A road closed, opened or slowed: stop every team driving a route in one wait at the junction it is heading for."""
        driving, self.driving = self.driving, {}
        for process in driving.values():
            process.interrupt(ROADS_CHANGED)


def _until(env: simpy.Environment, when: float) -> simpy.Timeout:
    """A timeout at exactly ``when`` (SimPy keys it ``now + delay``: the delay is nudged until that sum is ``when``)."""
    delay = when - env.now
    while env.now + delay < when:
        delay = math.nextafter(delay, math.inf)
    while env.now + delay > when:
        delay = math.nextafter(delay, -math.inf)
    return env.timeout(delay)
