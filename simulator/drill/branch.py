"""What-if branches: replay a stored drill or a saved run to minute t exactly, then continue under an alternative.

A branch replays the recorded run up to (not including) minute t: the same
seed, the recorded decisions at their recorded steps, so every event before
t is the recorded one. There the random streams branch into future ``k``
(:meth:`~simulator.engine.streams.RandomStreams.branch`): jobs under way keep
their draws, every job created from t on draws from future k, the same under
every alternative (common random numbers). Future 0 is no branch: the
recorded randomness, and the recorded alternative in future 0 plays the
rest of the log at its recorded steps, which gives the recorded log byte for
byte. In any other future, or under an edited alternative, the decisions
after t are played by the situations they answered
(:mod:`simulator.drill.situations`, :mod:`simulator.drill.policy_log`).

The end: a saved run ends as ``drillsim run`` does (events before the
horizon, then the end-of-run records); a drill ends where it got to (its
clock; the horizon if it was played to the end), as the console moves it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.drill.actions import Decision, Outcome
from simulator.drill.alternatives import Alternative, edited_entries
from simulator.drill.deciders import ReplayDiverged
from simulator.drill.policy_log import LedgerEntry, LogPolicy
from simulator.drill.session import DrillSession
from simulator.drill.situations import Planned, RecordedLog, median_delay, plan, response_delays, team_capabilities
from simulator.drill.store import Store
from simulator.drill.stored import StepModelChanged, as_decision
from simulator.engine.stepper import Stepper
from simulator.engine.streams import RNG_VERSION
from simulator.models.run import STEP_MODEL
from simulator.models.teams import nearest_team, players_decide
from simulator.scenario.loader import parse_scenario
from simulator.scenario.models import Scenario

DRILL = "drill"
RUN = "run"


def before(minute: float) -> float:
    """The last clock value before ``minute``: a replay "to minute t" plays every event before t, none at t."""
    return math.nextafter(float(minute), -math.inf)


@dataclass(frozen=True, eq=False)
class BranchSource:
    """A recorded run to branch from: a stored drill or a saved run directory."""

    kind: str  # DRILL or RUN
    ref: str  # the drill's id, or the run's directory
    name: str
    scenario: Scenario
    seed: int
    auto_dispatch: bool  # the automatic dispatcher runs (always in a saved run)
    decisions: tuple[Decision, ...]  # the recorded log in seq order, with steps
    end: float  # where the record stops: the horizon, or an unfinished drill's clock
    events: pd.DataFrame = field(repr=False)  # the recorded log to ``end`` (replayed)
    accepted: tuple[bool, ...] = ()  # each recorded decision, as replayed

    @classmethod
    def from_drill(cls, store: Store, session_id: str) -> "BranchSource":
        """A stored drill, replayed once to where it got (raises StepModelChanged for another drillsim's drill)."""
        info = store.get(session_id)
        if info.step_model != STEP_MODEL or info.rng_version != RNG_VERSION:
            raise StepModelChanged(info)
        scenario = parse_scenario(info.scenario_text, info.scenario_path)
        decisions = tuple(as_decision(r) for r in store.decisions(session_id))
        end = min(float(info.clock), scenario.meta.horizon)
        setup = Setup(scenario, int(info.seed), bool(info.auto_dispatch), DRILL, end, 0.0, ())
        session = replay(setup, decisions)
        return cls(DRILL, session_id, info.name, scenario, int(info.seed), bool(info.auto_dispatch), decisions, end, session.events(), tuple(o.accepted for o in session.outcomes))

    @classmethod
    def from_run(cls, scenario: Scenario, events: pd.DataFrame, seed: int, ref: str) -> "BranchSource":
        """A run saved by ``drillsim run`` (read by ``simulator.report.outputs.load_run``): no decisions, automatic dispatch."""
        return cls(RUN, ref, Path(ref).name or ref, scenario, int(seed), True, (), scenario.meta.horizon, events, ())

    def setup(self, at: float) -> "Setup":
        """Where the branch starts: the recorded decisions before minute ``at`` are replayed at their steps."""
        prefix = tuple(d for d in self.decisions if d.time < at)
        return Setup(self.scenario, self.seed, self.auto_dispatch, self.kind, self.end, float(at), prefix)

    def recorded_log(self) -> RecordedLog:
        return RecordedLog(self.events)

    def room_plan(self) -> list[Planned]:
        """Every decision the room took (accepted), planned by the rule: for its pace (median delay)."""
        entries = [(seq, "recorded", d) for seq, d in enumerate(self.decisions) if self.accepted[seq]]
        return plan(entries, self.recorded_log(), team_capabilities(self.scenario), {s: d.time for s, d in enumerate(self.decisions)})


@dataclass(frozen=True)
class Setup:
    """A branch's start, as a worker needs it (picklable): the scenario, the seed, the replayed prefix."""

    scenario: Scenario
    seed: int
    auto_dispatch: bool
    kind: str  # how the run ends: DRILL (at its clock) or RUN (like ``drillsim run``)
    end: float
    at: float
    prefix: tuple[Decision, ...]  # recorded decisions before ``at``, with their steps


@dataclass(frozen=True)
class Prepared:
    """An alternative ready to run from a branch minute (picklable)."""

    id: str
    policy: str  # drill, standard or none
    planned: tuple[Planned, ...]
    fallback_delay: float | None  # the standing procedure's pace; None: no procedure
    left_alone: frozenset
    exact: tuple[Decision, ...] | None  # the recorded rest at its steps (future 0 of the recorded alternative)


def prepare(source: BranchSource, alt: Alternative, at: float) -> Prepared:
    """``alt`` from minute ``at`` of ``source``; raises ScenarioError (the alternative's file and line) when its edits do not fit."""
    entries = edited_entries(alt, list(source.decisions), list(source.accepted), at)
    log = source.recorded_log()
    times = {seq: d.time for seq, d in enumerate(source.decisions)}
    planned = tuple(plan(entries, log, team_capabilities(source.scenario), times))
    room = source.room_plan()
    pace = median_delay(room) if alt.fallback == "procedure" else None
    slowest = max(response_delays(room), default=0.0)
    left_alone = log.left_alone(source.end, slowest) if alt.decisions == "recorded" else frozenset()
    exact = tuple(d for d in source.decisions if d.time >= at) if alt.is_recorded else None
    return Prepared(alt.id, alt.policy, planned, pace, left_alone, exact)


@dataclass
class FutureRun:
    """One alternative in one future: the session at its end and the fate of every decision after the branch."""

    session: DrillSession
    ledger: list[LedgerEntry]

    def events(self) -> pd.DataFrame:
        return self.session.events()

    @property
    def outcomes(self) -> list[Outcome]:
        return self.session.outcomes


def replay(setup: Setup, decisions: tuple[Decision, ...]) -> DrillSession:
    """The recorded run: ``decisions`` at their steps to the end (what future 0 of the recorded alternative is)."""
    session = DrillSession(setup.scenario, setup.seed, auto_dispatch=setup.auto_dispatch)
    session.replay.pending.extend(decisions)
    _finish(session, setup)
    return session


def run_future(setup: Setup, alt: Prepared, future: int, seed_sequence: np.random.SeedSequence | None = None) -> FutureRun:
    """Replay to ``setup.at``, branch into ``future`` and continue under ``alt`` to the end.

    ``seed_sequence``: a study's replication instead of the recorded seed (a log applied with other seeds).
    """
    session = DrillSession(setup.scenario, setup.seed, auto_dispatch=setup.auto_dispatch, seed_sequence=seed_sequence)
    session.replay.pending.extend(setup.prefix)
    session.run_until(before(setup.at))
    if session.replay.pending:
        raise ReplayDiverged(f"{len(session.replay.pending)} recorded decisions before minute {setup.at:g} were not replayed")
    if session.now < setup.at:  # the clock to t itself, nothing at t played: what the alternative does is logged at t
        session._move_clock(setup.at)  # the session's own move: no step counted, none left behind (a Stepper's stop event would be)
    session.ctx.streams.branch(future)
    pool = session.world.teams
    if alt.policy != "drill":
        pool.policy = nearest_team if alt.policy == "standard" else players_decide
        if alt.policy == "standard":
            pool.serve_waiting()  # the dispatcher takes over the needs waiting at the branch
    policy = None
    if future == 0 and alt.exact is not None and seed_sequence is None:
        session.replay.pending.extend(alt.exact)
    else:
        played = {seq: (seq, o.accepted) for seq, o in enumerate(session.outcomes)}  # the prefix: as recorded
        policy = LogPolicy(session, list(alt.planned), fallback_delay=alt.fallback_delay, left_alone=alt.left_alone, played=played)
        session.deciders.insert(len(session.deciders) - 1, policy)  # before the (idle) human queue
    _finish(session, setup)
    return FutureRun(session, policy.finish(setup.end) if policy is not None else [])


def _finish(session: DrillSession, setup: Setup) -> None:
    if setup.kind == DRILL:
        session.run_until(setup.end)
        return
    # a saved run ends as models.run.simulate ends: nothing at the horizon itself is played
    session.run_until(before(setup.end))
    Stepper(session.ctx, None).run_until(setup.end)
    session.world.finish()
    session.ended = True
