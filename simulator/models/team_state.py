"""A team's lifecycle: the state it is in, and from which states each action is legal.

One table says, for every action, the states it may start from and the
state it leads to. The team's own process moves through it (mobilise, set
off, arrive, release, return, rest) and so do the decisions taken about
the team, by players or by the automatic dispatcher (dispatch, redeploy,
recall). A decision from a state the table does not allow is refused; a
move of the team's own process that the table does not allow is a bug in
the model and raises :class:`IllegalMove`.

The state is held here, not in the event log: the log already marks each
change (``team_dispatched``, ``team_mobilised``, ``team_arrived``, ...), and
adding rows would change the log of every run. A view reads the state with
:meth:`TeamStates.of` and what may be done now with :meth:`TeamStates.legal`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class TeamState(StrEnum):
    OFF_DUTY = "off_duty"  # before ``available_from``
    AT_BASE = "at_base"  # free: the only state it can be dispatched from
    ORDERED = "ordered"  # the order is on its way to the team (and a social team coordinates)
    MOBILISING = "mobilising"
    TRAVELLING = "travelling"
    ON_SCENE = "on_scene"
    RETURNING = "returning"  # released or recalled: on its way back, or about to be sent on
    RESTING = "resting"  # tired: rests at base before it can be sent again
    # a contingency plan sends it to a staging place (not to an incident); there it is free again,
    # AT_BASE in this table (waiting, sent from there: the pool keeps where it is and ``staged``)
    PREPOSITIONING = "prepositioning"


S = TeamState

# action -> (the states it may start from, the state it leads to)
MOVES: dict[str, tuple[frozenset[TeamState], TeamState]] = {
    "come_on_duty": (frozenset({S.OFF_DUTY}), S.AT_BASE),
    "dispatch": (frozenset({S.AT_BASE}), S.ORDERED),
    # straight on to another need from where it was released or turned round, without going home
    "redeploy": (frozenset({S.RETURNING}), S.ORDERED),
    "mobilise": (frozenset({S.ORDERED}), S.MOBILISING),
    "set_off": (frozenset({S.ORDERED, S.MOBILISING}), S.TRAVELLING),  # from ORDERED when redeployed
    "arrive": (frozenset({S.TRAVELLING}), S.ON_SCENE),
    "release": (frozenset({S.ON_SCENE}), S.RETURNING),
    # a team already turned round cannot be recalled again: it is coming back
    "recall": (frozenset({S.ORDERED, S.MOBILISING, S.TRAVELLING, S.ON_SCENE}), S.RETURNING),
    "return": (frozenset({S.RETURNING}), S.AT_BASE),
    "rest": (frozenset({S.RETURNING}), S.RESTING),
    "rested": (frozenset({S.RESTING}), S.AT_BASE),
    # a plan's pre-positioning (simulator.models.plan_actions): a free team moves to a staging place and waits
    "preposition": (frozenset({S.AT_BASE}), S.PREPOSITIONING),
    "stage": (frozenset({S.PREPOSITIONING}), S.AT_BASE),
}

# the actions somebody decides (players or a dispatch policy); the others are the team's own doing
DECIDED = ("dispatch", "redeploy", "recall")


@dataclass(frozen=True)
class Refusal:
    """Why a decision about a team cannot be carried out: ``key`` names ``decision.<key>`` in the catalogue."""

    key: str
    params: dict = field(default_factory=dict)


class IllegalMove(RuntimeError):
    """The model moved a team in a way its lifecycle does not allow (a bug, not a refusal)."""


class TeamStates:
    """The state of every team of a run, and the free ones (those at base) as a set."""

    def __init__(self, teams: Iterable[tuple[str, bool]]):
        """``teams``: (id, on duty at the start) pairs."""
        self._state: dict[str, TeamState] = {}
        self.free: set[str] = set()  # the teams a dispatch may start from, kept with the states
        for team_id, on_duty in teams:
            self._state[team_id] = S.AT_BASE if on_duty else S.OFF_DUTY
            if on_duty:
                self.free.add(team_id)

    def of(self, team_id: str) -> TeamState:
        return self._state[team_id]

    def may(self, team_id: str, action: str) -> bool:
        return self._state[team_id] in MOVES[action][0]

    def legal(self, team_id: str) -> list[str]:
        """The decided actions legal for the team now (what a console may offer)."""
        return [action for action in DECIDED if self.may(team_id, action)]

    def refusal(self, team_id: str, action: str) -> Refusal | None:
        """None when ``action`` is legal now; else the team, its state and the states it would need."""
        state = self._state[team_id]
        if state in MOVES[action][0]:
            return None
        return Refusal("team_state", {"team": team_id, "state": str(state), "action": action, "allowed": [str(s) for s in allowed_from(action)]})

    def move(self, team_id: str, action: str) -> None:
        sources, target = MOVES[action]
        state = self._state[team_id]
        if state not in sources:
            raise IllegalMove(f"team {team_id}: {action} from {state}")
        self._state[team_id] = target
        if target is S.AT_BASE:
            self.free.add(team_id)
        elif state is S.AT_BASE:
            self.free.discard(team_id)


def allowed_from(action: str) -> list[TeamState]:
    """The states ``action`` may start from, in lifecycle order (for a refusal's text)."""
    return [s for s in TeamState if s in MOVES[action][0]]
