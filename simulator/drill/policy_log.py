"""A recorded decision log applied as a policy in another future (a branch after minute t, other seeds).

Each decision is played when the situation it answered in the recorded run
arises here, plus the same delay (:mod:`simulator.drill.situations` states
the rule). It is skipped, and logged as skipped (a ``decision_skipped`` row
in the event log, its reason in ``detail``), when it no longer applies: its
incident never occurred or is closed (``incident_absent``,
``incident_closed``), the need it answered is served already
(``need_served``), the team it recalls is not on that incident
(``team_elsewhere``), the decision an undo corrects was not played
(``target_not_played``). The models' own checks may still refuse it
(``refused``, with the reason). A situation that does not arise before the
run ends leaves its decision unplayed (``not_arisen``; ``too_late`` when
its minute falls after the end). Every decision's fate is in :attr:`LogPolicy.ledger`.

Needs nobody answers. Unless the automatic dispatcher runs (a drill with
automatic dispatch, a saved run, an alternative with the standard policy),
a need for a team that no decision of the log will answer (new in this
future, or every decision answering it was skipped or refused) is decided by
the standing procedure: the nearest free team the rules allow
(:func:`~simulator.drill.deciders.nearest_allowed_team`), sent after the
room's median response delay (:func:`~simulator.drill.situations.median_delay`)
or as soon as a team comes free after that. A need the room had and never
answered stays unanswered where the room's decisions are kept (``left_alone``):
leaving it was the room's choice. The procedure's decisions carry the actor
``procedure`` and are counted apart, so they neither flatter nor penalise
the room's decisions.
"""

from __future__ import annotations

import heapq
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from simulator.drill.actions import Decision
from simulator.drill.deciders import Decider, nearest_allowed_team
from simulator.drill.situations import CONDITION, DECISION, ROW, ROW_KINDS, START, Planned, row_key

PROCEDURE = "procedure"  # the actor of the standing procedure's decisions
# rows after which a team may have come free (or become reachable) for a need the procedure holds
_FREEING = frozenset({"team_returned", "team_available", "weather", "road_opened", "road_closed", "road_slowed"})
STATUSES = ("played", "refused", "skipped", "not_arisen", "too_late")


@dataclass
class LedgerEntry:
    """What became of one decision of the log (or one of the procedure's) in one run."""

    order: int
    seq: int | None
    origin: str  # recorded, changed, added, procedure
    actor: str
    action: str
    args: dict
    situation: str
    delay: float | None
    due: float | None = None  # the minute it came due here
    played_at: float | None = None
    status: str = "not_arisen"
    reason: str = ""
    params: dict = field(default_factory=dict)  # a refusal's parameters (ids), for its text in the reader's language

    def row(self) -> dict:
        return {
            "order": self.order, "seq": self.seq, "origin": self.origin, "actor": self.actor, "action": self.action,
            "args": json.dumps(self.args, sort_keys=True, ensure_ascii=False), "situation": self.situation,
            "delay": self.delay, "due": self.due, "played_at": self.played_at, "status": self.status, "reason": self.reason,
            "params": json.dumps(self.params, sort_keys=True, ensure_ascii=False, default=str) if self.params else "",
        }


@dataclass
class _Emitted:
    entry: LedgerEntry
    planned: Planned | None
    seq_here: int  # the seq the session gives it (decisions are played in the order returned)


class LogPolicy(Decider):
    """Plays ``planned`` in ``session`` by their situations; ``fallback_delay`` None: no standing procedure.

    ``played``: recorded seq -> (seq here, accepted) of decisions played before
    it was installed (a branch's replayed prefix), for undo's targets.
    """

    def __init__(self, session, planned: list[Planned], *, fallback_delay: float | None = None, left_alone: frozenset = frozenset(), played: dict[int, tuple[int, bool]] | None = None):
        self.session = session
        self.world = session.world
        self.recorder = session.ctx.recorder
        self.fallback_delay = fallback_delay
        self.left_alone = left_alone
        self.ledger: list[LedgerEntry] = []
        self._entries: dict[int, LedgerEntry] = {}
        self._rows_seen = 0
        self._outcomes_seen = len(session.outcomes)
        self._counts: Counter = Counter()
        self._waiting_rows: dict[tuple, list[Planned]] = defaultdict(list)  # (key, ordinal) -> decisions waiting for that row
        self._waiting_decisions: dict[int, list[Planned]] = defaultdict(list)  # recorded seq -> undos waiting for it
        self._due: list[tuple[float, int, Planned]] = []  # a heap by (minute, order)
        self._answering: Counter = Counter()  # (incident, capability, ordinal) -> planned dispatches for that wait not settled yet
        self._failed: set[tuple[str, str, int]] = set()  # waits whose every answering decision was skipped or refused
        self._ordinal: dict[tuple[str, str], int] = {}  # (incident, job) -> the ordinal of its latest wait (its need_queued row)
        self._seqs: dict[int, tuple[int, bool | None]] = dict(played or {})
        self._emitted: dict[int, _Emitted] = {}  # id(decision) -> what it was
        self._queued_at: dict[tuple[str, str], float] = {}  # (incident, job) -> when it began waiting
        self._timers: dict[tuple[str, str], float | None] = {}  # (incident, job) -> when the procedure acts (None: waiting for a free team)
        self._recheck = True
        self._retry = False
        for p in planned:
            entry = LedgerEntry(p.order, p.seq, p.origin, p.decision.actor, p.decision.action, dict(p.decision.args), p.situation.code(), p.delay)
            self.ledger.append(entry)
            self._entries[p.order] = entry
            if p.answers_need is not None:
                self._answering[(*p.answers_need, p.situation.ordinal)] += 1
            if p.situation.kind in (START, CONDITION):
                heapq.heappush(self._due, (p.delay, p.order, p))
            elif p.situation.kind == ROW:
                self._waiting_rows[(p.situation.key, p.situation.ordinal)].append(p)
            else:
                self._waiting_decisions[p.situation.ordinal].append(p)
        for target in list(self._waiting_decisions):  # undos of decisions played before: due from then
            if target in self._seqs:
                self._resolve_decision(target, self._played_minute(target))

    # -- the Decider protocol ----------------------------------------------------------------

    def next_time(self) -> float | None:
        times = [t for t in self._timers.values() if t is not None]
        if self._due:
            times.append(self._due[0][0])
        return min(times) if times else None

    def due(self, step: int, now: float) -> list[Decision]:
        self._collect()
        self._scan()
        out: list[Decision] = []
        claims: Counter = Counter()  # needs taken by decisions already in this batch
        while self._due and self._due[0][0] <= now:
            _, _, p = heapq.heappop(self._due)
            decision = self._ready(p, now, step, claims)
            if decision is not None:
                self._emit(decision, self._entries[p.order], p, now, len(out))
                out.append(decision)
        out += self._procedure(now, step, claims, len(out))
        return out

    # -- situations ----------------------------------------------------------------------------

    def _scan(self) -> None:
        if len(self.recorder) == self._rows_seen:
            return
        rows = self.recorder.rows(self._rows_seen)
        self._rows_seen += len(rows)
        for _seq, time, kind, entity, _loc, incident, team, _unit, _item, _qty, _level, detail in rows:
            if kind in _FREEING:
                self._retry = True
            if kind not in ROW_KINDS:
                continue
            key = row_key(kind, entity, incident, team, detail)
            self._counts[key] += 1
            if kind == "need_queued":
                self._queued_at[(incident, entity)] = time
                self._ordinal[(incident, entity)] = self._counts[key]
                self._recheck = True
            for p in self._waiting_rows.pop((key, self._counts[key]), ()):
                self._schedule(p, time + p.delay)

    def _schedule(self, p: Planned, minute: float) -> None:
        self._entries[p.order].due = minute
        heapq.heappush(self._due, (minute, p.order, p))

    def _resolve_decision(self, target: int, minute: float) -> None:
        for p in self._waiting_decisions.pop(target, ()):
            self._schedule(p, minute + p.delay)

    def _played_minute(self, target: int) -> float:
        seq_here = self._seqs[target][0]
        outcomes = self.session.outcomes
        return float(outcomes[seq_here].decision.time) if seq_here < len(outcomes) else float(self.session.now)

    # -- playing -------------------------------------------------------------------------------

    def _ready(self, p: Planned, now: float, step: int, claims: Counter) -> Decision | None:
        """The decision to play now, or None when it no longer applies (skipped, logged)."""
        args = dict(p.decision.args)
        action = p.decision.action
        if p.situation.kind == DECISION:
            seq_here, accepted = self._seqs.get(p.situation.ordinal, (None, False))
            if seq_here is None or accepted is False:
                return self._skip(p, now, "target_not_played")
            args["seq"] = seq_here
        incident_id = str(args.get("incident") or "") if p.situation.kind != CONDITION else ""
        if incident_id:
            incident = self.world.incidents.get(incident_id)
            if incident is None:
                return self._skip(p, now, "incident_absent")
            if incident.closed:
                return self._skip(p, now, "incident_closed")
        need = p.answers_need
        if need is not None:
            waiting = sum(1 for a in self.world.teams.waiting if a.incident.id == need[0] and a.need.capability == need[1])
            if waiting - claims[need] <= 0:
                return self._skip(p, now, "need_served")
            claims[need] += 1
        if action == "recall_team" and p.situation.kind == ROW:
            active = self.world.teams.active.get(str(args.get("team")))
            if active is None or active[1].incident.id != p.situation.key[2]:
                return self._skip(p, now, "team_elsewhere")
        return Decision(now, action, args, step, p.decision.actor)

    def _skip(self, p: Planned, now: float, reason: str) -> None:
        entry = self._entries[p.order]
        entry.status, entry.reason, entry.played_at = "skipped", reason, now
        a = p.decision.args
        self.session.ctx.record("decision_skipped", entity=p.decision.action, incident=str(a.get("incident") or ""), team=str(a.get("team") or ""), detail=reason)
        self._settled(p, answered=False)
        if p.seq is not None:
            self._seqs[p.seq] = (None, False)
            for undo in self._waiting_decisions.pop(p.seq, ()):  # an undo of a skipped decision has nothing to correct
                self._schedule(undo, now)
        return None

    def _emit(self, decision: Decision, entry: LedgerEntry, p: Planned | None, now: float, index: int) -> None:
        seq_here = len(self.session.outcomes) + index  # the session plays a batch in order, right after due()
        entry.played_at = now
        self._emitted[id(decision)] = _Emitted(entry, p, seq_here)
        if p is not None and p.seq is not None:
            self._seqs[p.seq] = (seq_here, None)
            self._resolve_decision(p.seq, now)

    def _collect(self) -> None:
        """Outcomes of the decisions played since the last call: the ledger, undo targets, needs handed over."""
        outcomes = self.session.outcomes
        for outcome in outcomes[self._outcomes_seen:]:
            emitted = self._emitted.pop(id(outcome.decision), None)
            if emitted is None:
                continue
            entry, p = emitted.entry, emitted.planned
            entry.status, entry.reason = ("played", "") if outcome.accepted else ("refused", outcome.reason)
            entry.params = dict(outcome.params)
            if p is not None:
                if p.seq is not None:
                    self._seqs[p.seq] = (emitted.seq_here, outcome.accepted)
                self._settled(p, answered=outcome.accepted)
        self._outcomes_seen = len(outcomes)

    def _settled(self, p: Planned, answered: bool) -> None:
        if p.answers_need is None:
            return
        wait = (*p.answers_need, p.situation.ordinal)
        self._answering[wait] -= 1
        if not answered and self._answering[wait] <= 0:
            self._failed.add(wait)
            self._recheck = True

    # -- the standing procedure ----------------------------------------------------------------

    def _procedure(self, now: float, step: int, claims: Counter, index: int) -> list[Decision]:
        pool = self.world.teams
        if self.fallback_delay is None or not pool.policy.leaves_all_to_players:
            return []
        if self._recheck:
            self._recheck = False
            for a in pool.waiting:
                job = (a.incident.id, a.job)
                need = (a.incident.id, a.need.capability)
                wait = (*need, self._ordinal.get(job, 0))
                if job in self._timers or self._answering[wait] > 0 or (need in self.left_alone and wait not in self._failed):
                    continue
                self._timers[job] = max(self._queued_at.get(job, now) + self.fallback_delay, now)
        retry, self._retry = self._retry, False
        out: list[Decision] = []
        taken: set[str] = set()
        for job, minute in sorted(self._timers.items(), key=lambda kv: (kv[1] is None, kv[1] or 0.0, kv[0])):
            if (minute is None and not retry) or (minute is not None and minute > now):
                continue
            waiting = next((a for a in pool.waiting if a.incident.id == job[0] and a.job == job[1]), None)
            if waiting is None:  # served meanwhile
                del self._timers[job]
                continue
            need = (job[0], waiting.need.capability)
            if claims[need]:
                continue
            team = nearest_allowed_team(self.world, job[0], waiting.need.capability, taken)
            if team is None:
                self._timers[job] = None  # as soon as a team comes free
                continue
            del self._timers[job]
            taken.add(team)
            claims[need] += 1
            args = {"team": team, "incident": job[0], "capability": waiting.need.capability}
            entry = LedgerEntry(len(self.ledger), None, PROCEDURE, PROCEDURE, "dispatch_team", args, f"need_queued:{job[0]}:{waiting.need.capability}", self.fallback_delay, minute if minute is not None else now)
            self.ledger.append(entry)
            decision = Decision(now, "dispatch_team", args, step, PROCEDURE)
            self._emit(decision, entry, None, now, index + len(out))
            out.append(decision)
        return out

    # -- the end -------------------------------------------------------------------------------

    def finish(self, end: float) -> list[LedgerEntry]:
        """Settle the ledger after the run: what never came due (``not_arisen``) or came due after ``end`` (``too_late``)."""
        self._collect()
        for minute, order, _p in self._due:
            if minute > end and self._entries[order].status == "not_arisen":
                self._entries[order].status = "too_late"
        return self.ledger


@dataclass(frozen=True)
class LedgerCounts:
    """A run's decisions of the log by fate, and the standing procedure's dispatches."""

    played: int = 0
    refused: int = 0
    skipped: int = 0
    unplayed: int = 0  # not_arisen and too_late
    procedure: int = 0

    @classmethod
    def of(cls, ledger: list[LedgerEntry]) -> "LedgerCounts":
        room = [e for e in ledger if e.origin != PROCEDURE]
        count = Counter(e.status for e in room)
        procedure = sum(1 for e in ledger if e.origin == PROCEDURE and e.status == "played")
        return cls(count["played"], count["refused"], count["skipped"], count["not_arisen"] + count["too_late"], procedure)

    def columns(self) -> dict[str, float]:
        """The results-table columns (experiments and branches)."""
        return {
            "decisions_played": float(self.played), "decisions_refused": float(self.refused),
            "decisions_skipped": float(self.skipped), "decisions_unplayed": float(self.unplayed),
            "procedure_dispatches": float(self.procedure),
        }
