"""Sessions backed by the store: start, write as they go, resume, follow.

Resuming is replaying: the stored decision log is played back with the
stored seed up to the stored step and clock. That is why the session is
deterministic, and why a killed kernel loses nothing that was decided.
A console following another one (the room's screen) catches up the same
way, from where it is, with the decisions it has not seen yet.

A decision is committed before it is played: when the store refuses the
write (another program holds it, the disk is full, it is read-only), the
session raises a :class:`~simulator.drill.faults.StoreError` and has not
changed, so the same decision can simply be taken again. Its outcome is
recorded in a second write; should that one fail, nothing is lost (a replay
computes the outcome again) and it goes with the next write.
"""

from __future__ import annotations

from pathlib import Path

from simulator.drill.actions import Decision, Outcome
from simulator.drill.deciders import ReplayDiverged
from simulator.drill.seat_decisions import pending, seat_queue
from simulator.drill.session import DrillSession
from simulator.drill.faults import StoreError
from simulator.drill.store import OutcomeRow, SessionInfo, Store, StoredDecision, wall_time
from simulator.i18n import text, tr
from simulator.engine.streams import RNG_VERSION
from simulator.models.run import STEP_MODEL
from simulator.scenario.loader import parse_scenario, scenario_hash


class StepModelChanged(RuntimeError):
    """A drill recorded by models that step or draw differently: its decisions cannot be replayed here.

    Nothing is lost: its decisions and injects stay in the store (the archive
    exports them), only its replay needs the drillsim it was recorded with.
    """

    key = "drill.step_model_changed"

    def __init__(self, info: SessionInfo):
        self.params = {
            "name": info.name, "id": info.id, "recorded": info.step_model, "current": STEP_MODEL,
            "recorded_rng": info.rng_version, "current_rng": RNG_VERSION,
        }
        super().__init__(tr(self.key, "en", **self.params))

    def message(self, lang: str | None = None) -> str:
        return tr(self.key, lang, **self.params)


class StoreSink:
    """Writes a session's decisions and moves, each in its own transaction.

    The session calls :meth:`committing` before it plays a decision (a
    failure raises, and the session plays nothing), :meth:`decided` after,
    :meth:`moving` before every move and :meth:`moved` after it.
    """

    def __init__(self, store: Store, session_id: str, revision: int, written_injects: int = 0, unrecorded: tuple[Outcome, ...] = ()):
        self.store = store
        self.session_id = session_id
        self.revision = revision
        self._injects = written_injects
        self.unrecorded: list[Outcome] = list(unrecorded)  # committed decisions whose outcome is not in the store yet

    def _new_injects(self, session: DrillSession) -> tuple:
        played = session.played_injects()
        rows = []
        for item in played[self._injects:]:
            inj = item.inject
            origin = "scenario" if inj is None or inj.id not in session.extra_injects else "facilitator"
            en = text(inj.text, "en") if inj else item.ref
            zh = text(inj.text, "zh") if inj else item.ref
            rows.append((item.ref, item.time, origin, en, zh, (inj.target or "") if inj else ""))
        return tuple(rows)

    def _outcome_rows(self) -> tuple[OutcomeRow, ...]:
        return tuple((o.seq, o.accepted, o.reason, o.params, o.result) for o in self.unrecorded)

    def _save(self, session: DrillSession, decision: StoredDecision | None, claim: int | None = None) -> None:
        # counters move on only once the write is in: a failed write is simply made again by the next one
        injects = self._new_injects(session)
        self.revision = self.store.save(
            self.session_id, self.revision, clock=session.now, steps=session.steps, finished=session.ended,
            decision=decision, injects=injects, outcomes=self._outcome_rows(), claim=claim,
        )
        self._injects += len(injects)
        self.unrecorded.clear()

    def committing(self, session: DrillSession, seq: int, d: Decision) -> None:
        """Commit decision ``seq`` before it is played, its outcome still unknown; raises when the store refuses."""
        self._save(session, StoredDecision(seq, d.time, d.step, d.action, d.args, d.actor, None, "", {}, "", wall_time()), claim=d.ref)

    def moving(self, session: DrillSession) -> None:
        """Before this console moves the drill: the seats' pending decisions, played first at the current step.

        Only a move takes them (a replay or a following screen never does);
        each is marked played in the transaction that commits it.
        """
        seat_queue(session).take(pending(self.store, self.session_id))

    def decided(self, session: DrillSession, outcome: Outcome) -> None:
        """Record the outcome of a committed decision (a failure keeps it for the next write)."""
        self.unrecorded.append(outcome)
        try:
            self.store.record_outcomes(self.session_id, self._outcome_rows())
        except StoreError:
            return
        self.unrecorded.clear()

    def moved(self, session: DrillSession) -> None:
        self._save(session, None)


def start_session(store: Store, scenario_path: str | Path, seed: int | None = None, name: str | None = None, auto_dispatch: bool = False) -> tuple[DrillSession, SessionInfo]:
    """A new drill on the scenario file at ``scenario_path``, recorded in ``store``."""
    path = Path(scenario_path)
    source = path.read_text(encoding="utf-8")
    scenario = parse_scenario(source, str(path))
    seed = scenario.meta.seed if seed is None else int(seed)
    info = store.create_session(
        name=name or f"{text(scenario.meta.title, 'en')} / {text(scenario.meta.title, 'zh')}",
        scenario_id=scenario.meta.id, scenario_path=str(path), scenario_text=source,
        scenario_hash=scenario_hash(scenario), seed=seed, step_model=STEP_MODEL, rng_version=RNG_VERSION, auto_dispatch=auto_dispatch,
    )
    session = DrillSession(scenario, seed, auto_dispatch=auto_dispatch)
    session.sink = StoreSink(store, info.id, info.revision)
    session.sink.moved(session)  # injects at minute 0 wait for the first move; this records the start
    return session, store.get(info.id)


def as_decision(row: StoredDecision) -> Decision:
    return Decision(row.time, row.action, row.args, row.step, row.actor)


def _catch_up(session: DrillSession, store: Store, info: SessionInfo) -> list[Outcome]:
    """Replay the decisions the session has not played yet, to the stored step and clock.

    Returns the outcomes of those stored without one (committed, then the
    writer stopped before recording it), for the next write to record.
    """
    new = store.decisions(info.id, start=len(session.outcomes))
    session.replay.pending.extend(as_decision(r) for r in new)
    sink, session.sink = session.sink, None  # these are stored already
    try:
        session.run_to(info.steps, info.clock)
    finally:
        session.sink = sink
    unrecorded = []
    for row in new:
        got = session.outcomes[row.seq] if row.seq < len(session.outcomes) else None
        if got is None or (row.accepted is not None and got.accepted != row.accepted):
            raise ReplayDiverged(f"decision {row.seq} ({row.action}) did not replay as recorded")
        if row.accepted is None:
            unrecorded.append(got)
    return unrecorded


def open_session(store: Store, session_id: str) -> DrillSession:
    """Rebuild a stored session where it was (resume after a crash, or reopen a past drill)."""
    info = store.get(session_id)
    if info.step_model != STEP_MODEL or info.rng_version != RNG_VERSION:
        raise StepModelChanged(info)
    scenario = parse_scenario(info.scenario_text, info.scenario_path)
    session = DrillSession(scenario, info.seed, auto_dispatch=info.auto_dispatch)
    unrecorded = _catch_up(session, store, info)
    session.sink = StoreSink(store, info.id, info.revision, len(session.played_injects()), tuple(unrecorded))
    return session


def sync(session: DrillSession, store: Store) -> tuple[DrillSession, bool]:
    """Bring a session up to what the store holds; returns (session, changed).

    When this console is ahead of or apart from the store (it lost a race
    with another console), it is rebuilt from the store instead.
    """
    sink = session.sink
    info = store.get(sink.session_id)
    if info.revision == sink.revision:
        return session, False
    if info.steps >= session.steps and info.clock >= session.now:
        try:
            sink.unrecorded += _catch_up(session, store, info)
            sink.revision = info.revision
            sink._injects = len(session.played_injects())
            return session, True
        except ReplayDiverged:
            pass
    return open_session(store, info.id), True
