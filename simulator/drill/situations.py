"""The situation each recorded decision answered, found in the recorded event log.

A decision taken in a drill answers something the room saw: a need waiting
for a team, an incident reported, an inject. Played in another future (a
branch after minute t, another seed), the decision must answer the same
situation there, at the same delay after it, not the same minute of the
clock. This module is the rule that ties a decision to its situation;
:mod:`simulator.drill.policy_log` plays decisions by it.

The rule, for a decision taken at minute ``m``:

1. A dispatch (``dispatch_team``, ``request_military``) that sent a team to a
   need waiting for one answers that need: the k-th time a need of that
   incident for that capability waited (a ``need_queued`` row), k as recorded.
2. Any other decision naming an incident (a reinforcement, a response level,
   supplies) answers the incident: the moment its report reached the
   commanding unit (``command_assumed``), the first moment the room could
   act on it; before that, the moment it occurred. An incident is known by
   its source and its order in that source (``flood-003``: the third of
   source ``flood``), or by the inject that started it.
3. A recall answers the dispatch it takes back: the k-th dispatch of that
   team to that incident.
4. A decision naming no incident (a warning, a command mode) answers the
   latest inject played before it; with none, the start (its minute as recorded).
5. An undo follows the decision it corrects (at the same delay after it).
6. The facilitator's injects and MSEL changes are the exercise's conditions,
   not the room's decisions: they keep their minute (``condition``). Notes
   change nothing and are left out, as are decisions refused at the time.

The delay is ``m`` minus the minute the situation arose in the recorded run;
an edited decision moved before its situation has delay 0 (played as soon as
the situation arises). Rows are matched by (kind, key) and counted in the
order they are logged, the same way here and in a run (:func:`row_key`).
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from simulator.drill.actions import ADD_INJECT, Decision
from simulator.drill.facilitation import CHANGE_INJECT, NOTE, UNDO
from simulator.metrics.select import of_kind

START = "start"  # no situation: the minute as recorded
CONDITION = "condition"  # the facilitator's conditions: the minute as recorded, in every alternative
ROW = "row"  # a row of the event log (``Situation.key``), the ordinal-th of its key
DECISION = "decision"  # the decision ``ordinal`` (its recorded seq), when it was played

DISPATCHES = ("dispatch_team", "request_military")
CONDITIONS = (ADD_INJECT, CHANGE_INJECT)
# the log rows a situation can be, each keyed by what identifies it
ROW_KINDS = ("need_queued", "command_assumed", "incident_occurred", "inject", "team_dispatched")

Key = tuple[str, str, str]


def row_key(kind: str, entity: str, incident: str, team: str, detail: str) -> Key:
    """What identifies a situation row: (kind, a, b). Counted in log order, the n-th row of a key is its ordinal n."""
    if kind == "need_queued":
        return (kind, incident, detail)  # a need of this incident for this capability
    if kind == "inject":
        return (kind, entity, "")
    if kind == "team_dispatched":
        return (kind, team, incident)
    return (kind, incident, "")  # command_assumed, incident_occurred


@dataclass(frozen=True)
class Situation:
    kind: str  # START, CONDITION, ROW or DECISION
    key: Key = ("", "", "")
    ordinal: int = 0  # ROW: the ordinal-th row of ``key``; DECISION: the recorded seq of the decision corrected

    def code(self) -> str:
        """A compact, language-free form for tables: ``need_queued:flood-001:pumping#1``."""
        if self.kind == ROW:
            return ":".join(p for p in self.key if p) + f"#{self.ordinal}"
        if self.kind == DECISION:
            return f"decision#{self.ordinal}"
        return self.kind


@dataclass(frozen=True)
class Planned:
    """A decision of the log as a policy plays it: its situation and its delay after it."""

    order: int  # ties at one minute are played in this order (the log's)
    seq: int | None  # its seq in the recorded log; None: added by an alternative
    origin: str  # "recorded", "changed" or "added"
    decision: Decision  # as it will be played (arguments possibly edited)
    situation: Situation
    delay: float  # minutes after the situation (START and CONDITION: the minute itself)

    @property
    def answers_need(self) -> tuple[str, str] | None:
        """(incident, capability) of the need this dispatch answers, else None."""
        if self.situation.kind == ROW and self.situation.key[0] == "need_queued":
            return self.situation.key[1], self.situation.key[2]
        return None


class RecordedLog:
    """The recorded run's event log, indexed for the rule above."""

    def __init__(self, events: pd.DataFrame):
        rows = of_kind(events, *ROW_KINDS).sort_values("seq", kind="stable")
        self.times: dict[Key, list[float]] = defaultdict(list)
        self._needs: list[tuple[float, str, str, str]] = []  # time, incident, capability, job
        self._dispatched: dict[tuple[str, str], list[float]] = defaultdict(list)  # (incident, job) -> times
        self._dispatches: dict[str, list[tuple[float, str]]] = defaultdict(list)  # team -> (time, incident)
        self._injects: list[tuple[float, str]] = []
        for time, kind, entity, incident, team, detail in zip(rows["time"], rows["kind"], rows["entity"], rows["incident"], rows["team"], rows["detail"]):
            self.times[row_key(kind, entity, incident, team, detail)].append(float(time))
            if kind == "need_queued":
                self._needs.append((float(time), incident, detail, entity))
            elif kind == "team_dispatched":
                self._dispatched[(incident, entity)].append(float(time))
                self._dispatches[team].append((float(time), incident))
            elif kind == "inject":
                self._injects.append((float(time), entity))
        self._inject_times = [t for t, _ in self._injects]

    def first(self, key: Key, minute: float) -> float | None:
        times = self.times.get(key)
        return times[0] if times and times[0] <= minute else None

    def waiting_need(self, incident: str, capabilities: tuple[str, ...], minute: float) -> tuple[str, int, float] | None:
        """The need of ``incident`` (a capability among ``capabilities``) waiting just before ``minute``,
        first come first served: (capability, ordinal, minute it began waiting); None when none was.

        A need waits from its latest ``need_queued`` row (a recall queues it again) until a team is
        dispatched to its job; a dispatch at ``minute`` itself is the decision being placed.
        """
        best = None
        queued: dict[tuple[str, str], list[float]] = defaultdict(list)
        for time, inc, capability, job in self._needs:
            if inc == incident and capability in capabilities and time <= minute:
                queued[(capability, job)].append(time)
        for (capability, job), times in queued.items():
            served = sum(1 for t in self._dispatched.get((incident, job), ()) if t < minute)
            if len(times) > served and (best is None or times[-1] < best[2]):
                key = ("need_queued", incident, capability)
                best = (capability, self.times[key].index(times[-1]) + 1, times[-1])
        return best

    def latest_dispatch(self, team: str, minute: float) -> tuple[str, int, float] | None:
        """The latest dispatch of ``team`` at or before ``minute``: (incident, ordinal, minute)."""
        earlier = [(t, inc) for t, inc in self._dispatches.get(team, ()) if t <= minute]
        if not earlier:
            return None
        time, incident = earlier[-1]
        return incident, sum(1 for _, inc in earlier if inc == incident), time

    def latest_inject(self, minute: float) -> tuple[str, float] | None:
        i = bisect_right(self._inject_times, minute)
        return (self._injects[i - 1][1], self._injects[i - 1][0]) if i else None

    def left_alone(self, end: float, longer_than: float) -> frozenset[tuple[str, str]]:
        """Needs (incident, capability) still waiting at ``end``, the log's end, after waiting longer than
        ``longer_than`` minutes (the room's slowest answer): the room had the time and left them."""
        queued: dict[tuple[str, str, str], list[float]] = defaultdict(list)
        for time, incident, capability, job in self._needs:
            queued[(incident, capability, job)].append(time)
        return frozenset(
            (inc, cap) for (inc, cap, job), times in queued.items()
            if len(self._dispatched.get((inc, job), ())) < len(times) and end - times[-1] > longer_than
        )


def situation_of(d: Decision, log: RecordedLog, capabilities: dict[str, tuple[str, ...]]) -> tuple[Situation, float]:
    """The situation ``d`` answers (rules 1-4 and 6; undo is :func:`plan`'s) and its delay after it.

    ``capabilities``: each team's, to find the need a dispatch without a capability took (as the model does).
    """
    a, minute = d.args, float(d.time)
    if d.action in CONDITIONS:
        return Situation(CONDITION), minute
    incident = str(a.get("incident") or "")
    if d.action in DISPATCHES and incident:
        wanted = (str(a["capability"]),) if a.get("capability") else capabilities.get(str(a.get("team")), ())
        found = log.waiting_need(incident, wanted, minute)
        if found is not None:
            capability, ordinal, since = found
            return Situation(ROW, ("need_queued", incident, capability), ordinal), minute - since
    if incident:
        for kind in ("command_assumed", "incident_occurred"):
            since = log.first((kind, incident, ""), minute)
            if since is not None:
                return Situation(ROW, (kind, incident, ""), 1), minute - since
        return Situation(START), minute
    if d.action == "recall_team":
        found = log.latest_dispatch(str(a.get("team")), minute)
        if found is not None:
            inc, ordinal, since = found
            return Situation(ROW, ("team_dispatched", str(a.get("team")), inc), ordinal), minute - since
    found = log.latest_inject(minute)
    if found is not None:
        return Situation(ROW, ("inject", found[0], ""), 1), minute - found[1]
    return Situation(START), minute


def plan(entries: list[tuple[int | None, str, Decision]], log: RecordedLog, capabilities: dict[str, tuple[str, ...]], times: dict[int, float]) -> list[Planned]:
    """``entries`` (recorded seq or None, origin, decision) as planned decisions, in the given order.

    ``times``: the minute each recorded decision was taken (an undo's delay counts from its target's).
    Notes are left out (they change nothing).
    """
    out = []
    for order, (seq, origin, d) in enumerate(entries):
        if d.action == NOTE:
            continue
        if d.action == UNDO:
            target = _int(d.args.get("seq"))
            if target is not None and target in times:
                situation, delay = Situation(DECISION, ordinal=target), float(d.time) - times[target]
            else:
                situation, delay = Situation(START), float(d.time)
        else:
            situation, delay = situation_of(d, log, capabilities)
        if situation.kind not in (START, CONDITION):
            delay = max(0.0, delay)  # an edited decision moved before its situation: as soon as it arises
        out.append(Planned(order, seq, origin, Decision(float(d.time), d.action, dict(d.args), None, d.actor), situation, delay))
    return out


def response_delays(planned: list[Planned]) -> list[float]:
    """The room's responses to waiting needs: minutes from each need to the dispatch that answered it."""
    return [p.delay for p in planned if p.answers_need is not None and p.decision.action in DISPATCHES]


def median_delay(planned: list[Planned]) -> float:
    """The room's median response to a waiting need (0 when it answered none): the standing procedure's pace."""
    delays = response_delays(planned)
    return float(statistics.median(delays)) if delays else 0.0


def team_capabilities(scenario) -> dict[str, tuple[str, ...]]:
    return {t.id: tuple(t.capabilities) for t in scenario.teams}


def _int(value: object) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
