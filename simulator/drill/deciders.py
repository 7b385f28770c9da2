"""Who decides: a human at the console, a replayed decision log, or a policy.

The session asks its deciders at every simulation step what is due and
plays it through :func:`simulator.drill.actions.apply`; the models never
know which decider it was. A recorded human session replayed as a
:class:`Script` with the same seed therefore gives the same event log.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import replace

from simulator.drill.actions import Decision


class Decider:
    """A source of decisions; subclasses override what they need."""

    def due(self, step: int, now: float) -> list[Decision]:
        """Decisions to play now, stamped with the current step and time."""
        return []

    def next_time(self) -> float | None:
        """The clock time of the next decision known only by its time (the session stops there)."""
        return None

    def observe(self, world, points: list) -> None:
        """Decision points just raised (injects, needs waiting for a team)."""


class HumanQueue(Decider):
    """The console puts the players' decisions here; they are played at the current step."""

    def __init__(self) -> None:
        self._queue: list[Decision] = []

    def put(self, action: str, actor: str = "player", **args) -> None:
        self._queue.append(Decision(0.0, action, {k: v for k, v in args.items() if v not in (None, "")}, actor=actor))

    def due(self, step: int, now: float) -> list[Decision]:
        out = [replace(d, time=now, step=step) for d in self._queue]
        self._queue.clear()
        return out


class ReplayDiverged(RuntimeError):
    """A recorded decision's place in the event sequence was passed: the run is not the recorded one."""


class Script(Decider):
    """A decision log played back in order: at its recorded step when it has one,
    otherwise as soon as the clock reaches its time (before the events of that minute)."""

    def __init__(self, decisions: Iterable[Decision]):
        self.pending: list[Decision] = list(decisions)

    def due(self, step: int, now: float) -> list[Decision]:
        out = []
        while self.pending:
            head = self.pending[0]
            if head.step is None:
                if head.time > now:
                    break
                head = replace(head, step=step, time=now)
            elif head.step > step:
                break
            elif head.step < step:
                raise ReplayDiverged(f"decision {head.action} was due at step {head.step}, the run is at step {step}")
            out.append(head)
            self.pending.pop(0)
        return out

    def next_time(self) -> float | None:
        if self.pending and self.pending[0].step is None:
            return self.pending[0].time
        return None


PolicyFn = Callable[[object, list], Iterable[tuple[str, dict]]]


class Policy(Decider):
    """A function of the world and the decision points just raised -> (action, args) pairs."""

    def __init__(self, fn: PolicyFn, actor: str = "policy"):
        self.fn = fn
        self.actor = actor
        self._queue: list[Decision] = []

    def observe(self, world, points: list) -> None:
        for action, args in self.fn(world, points):
            self._queue.append(Decision(world.ctx.now, action, dict(args), actor=self.actor))

    def due(self, step: int, now: float) -> list[Decision]:
        out = [replace(d, step=step, time=now) for d in self._queue]
        self._queue.clear()
        return out


def nearest_free_team(world, points: list) -> list[tuple[str, dict]]:
    """A sample policy: send the nearest free team the rules allow to every need waiting for players.

    It asks the same check as a player's dispatch (``Decisions.dispatch_refusal``),
    so it never proposes a grounded aircraft or a team its dispatcher may not send.
    """
    wanted = {p.ref for p in points if p.reason == "dispatch"}
    chosen: set[str] = set()
    out = []
    for a in world.teams.waiting:
        if a.incident.id not in wanted:
            continue
        team_id = nearest_allowed_team(world, a.incident.id, a.need.capability, chosen)
        if team_id is not None:
            chosen.add(team_id)
            out.append(("dispatch_team", {"team": team_id, "incident": a.incident.id, "capability": a.need.capability}))
    return out


def nearest_allowed_team(world, incident_id: str, capability: str, taken: set[str] = frozenset()) -> str | None:
    """The free team nearest to the incident (by travel from its base, ties to the smaller id) that
    has ``capability`` and that a player's dispatch would send now; None when there is none.

    The standing procedure's choice (the fallback of a recorded log applied as a policy, simulator.drill.policy_log).
    """
    pool = world.teams
    place = world.incidents[incident_id].place
    options = []
    for team_id in sorted(pool.free - set(taken)):
        team = pool.teams[team_id]
        if capability not in team.capabilities:
            continue
        minutes = world.roads.travel_minutes(team.base, place)
        if math.isfinite(minutes) and world.decisions.dispatch_refusal(team_id, incident_id, capability) is None:
            options.append((minutes, team_id))
    return min(options)[1] if options else None
