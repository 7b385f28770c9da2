"""Dispatch policies: the object the team pool asks which free team to send.

A policy is passed in (``World(ctx, policy)``, ``simulate(..., policy=)``)
and the pool calls ``policy.choose(pool, assignment)`` whenever a need may
be served; the answer is a team to send, ``None`` (no team may go: the
request passes up or waits) or ``FOR_PLAYERS`` (the need waits for the
players' decision). A policy's ``choose`` may use the pool's indexes
(``ranking``, ``free``, ``capable_ids``, ``each_candidate``), so the
default rule, ``nearest_team``, is a walk down a ranking kept per road
state and nothing else: wrapping it (a policy whose ``choose`` calls
``nearest_team.choose``) keeps that walk. There is no second copy of the
rule to keep equal (tests/unit/test_fast_paths_dispatch.py compares it with
a scan of every candidate, which lives there only).

A plain function ``(assignment, candidates) -> team | None``, candidates
being ``(team, travel minutes)`` pairs of the free capable allowed teams in
id order, is still a policy: ``as_policy`` wraps it, and its None leaves
the need to the players.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from simulator.models.teams import Assignment, TeamPool
    from simulator.scenario.response import Team


class _ForPlayers:
    __slots__ = ()

    def __repr__(self) -> str:
        return "FOR_PLAYERS"


FOR_PLAYERS = _ForPlayers()  # a policy's answer: this need waits for the players' decision

PolicyFunction = Callable[["Assignment", "list[tuple[Team, float]]"], "Team | None"]


class DispatchPolicy(Protocol):
    # True: the players dispatch everything (needs wait for them, released teams are not redeployed);
    # the pool takes False when a policy does not say
    leaves_all_to_players: bool

    def choose(self, pool: TeamPool, a: Assignment) -> Team | None | _ForPlayers: ...


class NearestTeam:
    """The nearest free capable team the dispatcher may send, by travel minutes, ties to the smallest id.

    A free team waits at its base unless a plan staged it elsewhere, so the
    first free, capable and allowed team of the place's ranking (from bases,
    by minutes then id) is the nearest of those at base; a staged team is
    measured from where it waits and wins if it is nearer, or as near with a
    smaller id. The rules (``pool.allowed``) decide; ``free`` and
    ``capable_ids`` spare most teams the rules.
    """

    leaves_all_to_players = False

    def choose(self, pool: TeamPool, a: Assignment) -> Team | None:
        free, capable, staged = pool.free, pool.capable_ids(a.need.capability), pool.staged
        ranked, ranked_minutes = pool.ranking(a.incident.place)
        best, at = None, -1
        for at, team in enumerate(ranked):
            if team.id in free and team.id in capable and team.id not in staged and pool.allowed(team, a):
                best = team
                break
        if staged:
            best_minutes = math.inf if best is None else ranked_minutes[at]
            for team, minutes in pool.each_candidate(a, among=staged):
                if minutes < best_minutes or (minutes == best_minutes and team.id < best.id):
                    best, best_minutes = team, minutes
        return best

    def __repr__(self) -> str:
        return "nearest_team"

    def __reduce__(self) -> str:
        return "nearest_team"  # pickled by name: a process pool's worker gets the module's one object


class PlayersDecide:
    """The drill policy: nothing is sent automatically; a need some team could serve waits for a decision.

    With no team the dispatcher may send, the request passes up the chain as
    under any policy (so the players above see it).
    """

    leaves_all_to_players = True

    def choose(self, pool: TeamPool, a: Assignment) -> _ForPlayers | None:
        return FOR_PLAYERS if next(pool.each_candidate(a), None) is not None else None

    def __repr__(self) -> str:
        return "players_decide"

    def __reduce__(self) -> str:
        return "players_decide"  # pickled by name: a process pool's worker gets the module's one object


class FunctionPolicy:
    """A plain function ``(assignment, candidates) -> team | None`` as a policy; None: the players decide."""

    leaves_all_to_players = False

    def __init__(self, function: PolicyFunction):
        self.function = function

    def choose(self, pool: TeamPool, a: Assignment) -> Team | None | _ForPlayers:
        candidates = list(pool.each_candidate(a))
        if not candidates:
            return None
        team = self.function(a, candidates)
        return FOR_PLAYERS if team is None else team

    def __repr__(self) -> str:
        return f"FunctionPolicy({self.function!r})"


nearest_team = NearestTeam()
players_decide = PlayersDecide()


def as_policy(policy: DispatchPolicy | PolicyFunction) -> DispatchPolicy:
    """``policy`` itself when it has ``choose``, a plain function wrapped in ``FunctionPolicy``."""
    if hasattr(policy, "choose"):
        return policy
    if callable(policy):
        return FunctionPolicy(policy)
    raise TypeError(f"a dispatch policy has choose(pool, assignment) or is a function (assignment, candidates): {policy!r}")
