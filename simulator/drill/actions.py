"""Decisions as data: what was decided, when, and how to play it on a world.

A :class:`Decision` is what every decider produces (the console's queue, a
replayed log, a policy) and what the store keeps. It carries the clock time
and the number of simulation steps taken before it, so a replay puts it
back at exactly the same place in the event sequence, not merely at the
same minute (several events can share one minute).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from pydantic import ValidationError

from simulator.drill.seats import check_seat
from simulator.models.decisions import DecisionRejected
from simulator.scenario.drills import PLAYER_ACTIONS, Inject

ADD_INJECT = "add_inject"  # the facilitator's unplanned inject: replayed like a decision
ACTIONS: tuple[str, ...] = (*PLAYER_ACTIONS, ADD_INJECT)

# The arguments each action takes (optional ones end with "?").
ARGUMENTS: dict[str, tuple[str, ...]] = {
    "dispatch_team": ("team", "incident", "capability?"),
    "recall_team": ("team",),
    "set_response_level": ("incident", "level"),
    "issue_warning": ("unit", "level"),
    "request_military": ("team", "incident"),
    "switch_command_mode": ("unit", "mode"),
    "release_supplies": ("incident", "item", "quantity"),
    ADD_INJECT: ("inject",),
}


@dataclass(frozen=True)
class Decision:
    """One decision to play: ``step`` None means "as soon as the clock reaches ``time``"."""

    time: float
    action: str
    args: dict = field(default_factory=dict)
    step: int | None = None
    actor: str = "player"
    ref: int | None = field(default=None, compare=False)  # the seat's pending decision it plays (simulator.drill.seat_decisions); never stored

    def args_json(self) -> str:
        return json.dumps(self.args, sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class Outcome:
    """A decision as it was played: accepted, or rejected with the catalogue key saying why."""

    seq: int
    decision: Decision
    accepted: bool
    reason: str = ""  # the ``decision.<reason>`` key when rejected
    params: dict = field(default_factory=dict)
    result: str = ""  # what the model returned (a warning id, the new commander)


def check_arguments(action: str, args: dict) -> None:
    if action not in ARGUMENTS:
        raise DecisionRejected("unknown_action", action=action)
    for name in ARGUMENTS[action]:
        if not name.endswith("?") and args.get(name) in (None, ""):
            raise DecisionRejected("missing_argument", name=name)


def apply(world, decision: Decision) -> str:
    """Play ``decision`` on ``world``; returns what the model returned, or raises DecisionRejected."""
    action, a = decision.action, decision.args
    check_arguments(action, a)
    check_seat(world, decision)  # a seat's decision: within its authority first, then the models' own checks
    d = world.decisions
    if action == "dispatch_team":
        d.dispatch_team(a["team"], a["incident"], a.get("capability") or None)
    elif action == "recall_team":
        d.recall_team(a["team"])
    elif action == "set_response_level":
        return d.set_response_level(a["incident"], a["level"])
    elif action == "issue_warning":
        return d.issue_warning(a["unit"], a["level"])
    elif action == "request_military":
        d.request_military(a["team"], a["incident"])
    elif action == "switch_command_mode":
        d.switch_command_mode(a["unit"], a["mode"])
    elif action == "release_supplies":
        try:
            quantity = float(a["quantity"])
        except (TypeError, ValueError):
            raise DecisionRejected("bad_quantity", quantity=a["quantity"]) from None
        d.release_supplies(a["incident"], a["item"], quantity)
    else:  # ADD_INJECT: checked when it was typed in; the stored form is plain data
        try:
            inject = Inject.model_validate(a["inject"])
        except ValidationError:
            raise DecisionRejected("bad_inject") from None
        if inject.time < world.ctx.now:
            raise DecisionRejected("inject_in_past", time=inject.time)
        world.add_inject(inject)
    return ""
