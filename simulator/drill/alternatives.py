"""What-if alternatives: how a branch continues after minute t.

An alternative file (YAML, checked with line numbers like a scenario file)::

    id: pump_early
    name: {zh: 提前派出排涝队, en: Pumping team sent earlier}
    decisions: recorded   # the room's decisions after the branch (recorded), or none
    policy: drill         # automatic dispatch after the branch: drill (as played),
                          # standard (the scenario's own dispatcher) or none
    fallback: procedure   # needs no decision answers: procedure (the standing
                          # procedure at the room's median pace) or none
    remove: [4]           # recorded decisions (their seq in the exported log) not taken
    change:
      - seq: 3
        time: 125         # taken at minute 125 instead (or shift: -20, minutes earlier)
        args: {team: pump_team}   # arguments changed
    add:
      - action: dispatch_team
        args: {team: pump_team, incident: flood-001, capability: pumping}
        after: 5          # minutes after the branch (or time: 45, the minute)

Two alternatives are built in: :data:`RECORDED` (the decisions as recorded,
the reference of every comparison) and :data:`STANDARD` (no decisions of the
room after the branch: the scenario's automatic dispatcher, the standing
procedure). The facilitator's injects and MSEL changes stay in every
alternative: they are the exercise, not the room's decisions.

:func:`edited_entries` applies an alternative to a recorded log at a branch
minute, refusing edits that do not fit it (a seq the log does not have, a
minute before the branch) with the file's line, in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from simulator.drill.actions import ACTIONS, Decision, check_arguments
from simulator.drill.facilitation import CHANGE_INJECT, NOTE, UNDO
from simulator.drill.situations import CONDITIONS
from simulator.models.decisions import DecisionRejected
from simulator.scenario.base import Frozen, Id, Minutes, Text
from simulator.scenario.loader import read_source, validated_yaml
from simulator.scenario.problems import Loc, Problem, ScenarioError
from simulator.scenario.variants import bilingual

DECISIONS = ("recorded", "none")
POLICIES = ("drill", "standard", "none")
FALLBACKS = ("procedure", "none")


class Change(Frozen):
    """A recorded decision taken otherwise: at ``time``, or ``shift`` minutes later (negative: earlier), with ``args`` changed."""

    seq: int = Field(ge=0)
    time: Minutes | None = None
    shift: float | None = Field(default=None, allow_inf_nan=False)
    args: dict[str, Any] = Field(default_factory=dict)


class Addition(Frozen):
    """A decision the room did not take: at ``time``, or ``after`` minutes after the branch."""

    action: str
    args: dict[str, Any] = Field(default_factory=dict)
    time: Minutes | None = None
    after: Minutes | None = None
    actor: str = "player"


class _AlternativeFile(Frozen):
    id: Id
    name: Text
    description: Text | None = None
    decisions: Literal["recorded", "none"] = "recorded"
    policy: Literal["drill", "standard", "none"] = "drill"
    fallback: Literal["procedure", "none"] = "procedure"
    remove: tuple[int, ...] = ()
    change: tuple[Change, ...] = ()
    add: tuple[Addition, ...] = ()


@dataclass(frozen=True)
class Alternative:
    id: str
    name: Text
    decisions: str = "recorded"
    policy: str = "drill"
    fallback: str = "procedure"
    remove: tuple[int, ...] = ()
    change: tuple[Change, ...] = ()
    add: tuple[Addition, ...] = ()
    description: Text | None = None
    source: str = "<built in>"
    lines: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_recorded(self) -> bool:
        """The room's decisions exactly as recorded (what future 0 replays step for step)."""
        return self.decisions == "recorded" and self.policy == "drill" and not (self.remove or self.change or self.add)


RECORDED = Alternative("recorded", bilingual("branch.alt.recorded"))
STANDARD = Alternative("standard", bilingual("branch.alt.standard"), decisions="none", policy="standard")


def load_alternative(path: str | Path) -> Alternative:
    """Read and check an alternative file, or raise :class:`ScenarioError` (line-numbered)."""
    return parse_alternative(*read_source(path))


def parse_alternative(raw: bytes | str, name: str = "<alternative>") -> Alternative:
    spec, lines = validated_yaml(raw, _AlternativeFile, name)
    problems = []
    for i, addition in enumerate(spec.add):
        problems += _addition_problems(addition, ("add", i), lines)
    if spec.decisions == "none" and (spec.remove or spec.change):
        problems.append(Problem(("decisions",), "branch_edits_need_recorded", line=lines.get(("decisions",))))
    if problems:
        raise ScenarioError(name, problems)
    return Alternative(
        spec.id, spec.name, spec.decisions, spec.policy, spec.fallback, spec.remove, spec.change, spec.add, spec.description, name, lines
    )


def _addition_problems(a: Addition, loc: Loc, lines: dict) -> list[Problem]:
    out = []
    if a.action not in ACTIONS or a.action == NOTE:
        out.append(Problem((*loc, "action"), "branch_unknown_action", {"action": a.action, "known": ", ".join(ACTIONS)}, line=lines.get((*loc, "action"))))
    else:
        try:
            check_arguments(a.action, a.args)
        except DecisionRejected as exc:
            out.append(Problem((*loc, "args"), "branch_missing_argument", dict(exc.params), line=lines.get((*loc, "args")) or lines.get(loc)))
    if (a.time is None) == (a.after is None):
        out.append(Problem(loc, "branch_when", line=lines.get(loc)))
    return out


def edited_entries(alt: Alternative, decisions: list[Decision], accepted: list[bool], at: float) -> list[tuple[int | None, str, Decision]]:
    """The decisions an alternative takes from minute ``at`` on: (recorded seq or None, origin, decision), by minute.

    ``decisions``/``accepted``: the recorded log (seq = position). Decisions refused at the
    time are left out (they changed nothing), unless the alternative changes them. Raises
    ScenarioError naming the alternative's file and line when an edit does not fit the log.
    """
    problems: list[Problem] = []

    def where(loc: Loc) -> int | None:
        return alt.lines.get(loc) or alt.lines.get(loc[:2]) or alt.lines.get(loc[:1])

    def check_seq(seq: int, loc: Loc) -> bool:
        if not 0 <= seq < len(decisions):
            problems.append(Problem(loc, "branch_unknown_seq", {"seq": seq, "count": len(decisions)}, line=where(loc)))
            return False
        if decisions[seq].time < at:
            problems.append(Problem(loc, "branch_seq_before", {"seq": seq, "time": round(decisions[seq].time, 1), "at": at}, line=where(loc)))
            return False
        return True

    removed = {seq for i, seq in enumerate(alt.remove) if check_seq(seq, ("remove", i))}
    changes = {}
    for i, c in enumerate(alt.change):
        if check_seq(c.seq, ("change", i, "seq")):
            minute = c.time if c.time is not None else decisions[c.seq].time + (c.shift or 0.0)
            if minute < at:
                problems.append(Problem(("change", i), "branch_time_before", {"time": round(minute, 1), "at": at}, line=where(("change", i))))
            changes[c.seq] = (minute, c.args)
    added = []
    for i, a in enumerate(alt.add):
        minute = a.time if a.time is not None else at + (a.after or 0.0)
        if minute < at:
            problems.append(Problem(("add", i, "time"), "branch_time_before", {"time": round(minute, 1), "at": at}, line=where(("add", i, "time"))))
        added.append(Decision(float(minute), a.action, dict(a.args), None, a.actor))
    if problems:
        raise ScenarioError(alt.source, problems)

    keep_room = alt.decisions == "recorded"
    entries: list[tuple[int | None, str, Decision]] = []
    for seq, d in enumerate(decisions):
        if d.time < at or seq in removed:
            continue
        if seq in changes:
            minute, args = changes[seq]
            entries.append((seq, "changed", Decision(float(minute), d.action, {**d.args, **args}, None, d.actor)))
        elif accepted[seq] and (keep_room or _is_condition(seq, decisions)):
            entries.append((seq, "recorded", d))
    entries += [(None, "added", d) for d in added]
    return sorted(entries, key=lambda e: e[2].time)  # stable: the log's order within a minute


def _is_condition(seq: int, decisions: list[Decision]) -> bool:
    """The facilitator's injects and MSEL changes, and undos of them: the exercise, kept in every alternative."""
    d = decisions[seq]
    if d.action in CONDITIONS:
        return True
    if d.action == UNDO:
        try:
            target = int(d.args.get("seq"))
        except (TypeError, ValueError):
            return False
        return 0 <= target < len(decisions) and decisions[target].action in (*CONDITIONS, CHANGE_INJECT)
    return False
