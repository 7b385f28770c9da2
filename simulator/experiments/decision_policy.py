"""A recorded decision log as the policy of a study: ``drillsim experiment SCENARIO --decisions DRILL_OR_CSV``.

Every replication (other seeds, any plan) plays the room's decisions by the
situations they answered (:mod:`simulator.drill.situations`): a dispatch to
the need it answered, at the same delay after that need began waiting, and so
on; what no longer applies is skipped and logged as skipped, and needs the
log does not answer go to the standing procedure at the room's median pace
(:mod:`simulator.drill.policy_log`). Each replication's row counts the
decisions played, refused, skipped and unplayed, and the procedure's
dispatches, beside the KPIs.

The situations are found in the recorded run: a stored drill's own replay;
for a CSV (an exported decision log, or one written by hand: time, action,
args), a replay of it on the study's scenario with the study's root seed
(a CSV carries no seed), at its recorded steps when they fit, else by minute.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.drill.alternatives import RECORDED
from simulator.drill.archive import read_script
from simulator.drill.branch import DRILL, RUN, BranchSource, Prepared, Setup, prepare, replay, run_future
from simulator.drill.deciders import ReplayDiverged
from simulator.drill.policy_log import LedgerCounts
from simulator.drill.situations import Planned
from simulator.drill.store import Store
from simulator.scenario.models import Scenario


class WrongScenario(ValueError):
    """The decision log was recorded on another scenario."""

    def __init__(self, recorded: str, wanted: str):
        self.recorded, self.wanted = recorded, wanted
        super().__init__(f"the decision log is from scenario {recorded!r}, not {wanted!r}")


@dataclass(frozen=True)
class DecisionLog:
    """A recorded log ready to play in any replication (picklable: it travels to the workers)."""

    label: str  # where it came from: the drill's id or the CSV's path
    scenario_id: str
    auto_dispatch: bool
    planned: tuple[Planned, ...]
    fallback_delay: float | None
    left_alone: frozenset

    def digest(self) -> str:
        """What identifies the log for a journal (a study resumed with another log is refused)."""
        payload = [(p.decision.action, p.decision.args, p.decision.actor, p.situation.code(), p.delay) for p in self.planned]
        text = json.dumps([self.scenario_id, self.auto_dispatch, self.fallback_delay, sorted(self.left_alone), payload], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def table(self) -> pd.DataFrame:
        """The plan: each decision with the situation it answers and its delay (decisions_plan.csv)."""
        return pd.DataFrame([
            {"seq": p.seq, "time": p.decision.time, "actor": p.decision.actor, "action": p.decision.action,
             "args": json.dumps(p.decision.args, sort_keys=True, ensure_ascii=False), "situation": p.situation.code(), "delay": p.delay}
            for p in self.planned
        ], columns=["seq", "time", "actor", "action", "args", "situation", "delay"])


def _of_source(source: BranchSource, label: str) -> DecisionLog:
    p = prepare(source, RECORDED, 0.0)
    return DecisionLog(label, source.scenario.meta.id, source.auto_dispatch, p.planned, p.fallback_delay, p.left_alone)


def log_from_drill(store: Store, session_id: str) -> DecisionLog:
    return _of_source(BranchSource.from_drill(store, session_id), session_id)


def log_from_csv(path: str | Path, scenario: Scenario, seed: int | None = None) -> DecisionLog:
    """A CSV of decisions replayed on ``scenario`` (seed: the study's root, default the scenario's) to find their situations."""
    decisions = tuple(read_script(path))
    seed = scenario.meta.seed if seed is None else int(seed)
    setup = Setup(scenario, seed, False, DRILL, scenario.meta.horizon, 0.0, ())
    try:
        session = replay(setup, decisions)
    except ReplayDiverged:  # steps of another scenario or seed: by minute instead
        decisions = tuple(replace(d, step=None) for d in decisions)
        session = replay(setup, decisions)
    played = tuple(o.decision for o in session.outcomes)
    source = BranchSource(DRILL, str(path), Path(path).name, scenario, seed, False, played, scenario.meta.horizon, session.events(), tuple(o.accepted for o in session.outcomes))
    return _of_source(source, str(path))


def load_decisions(target: str, scenario: Scenario, seed: int | None = None, data: str | Path | None = None) -> DecisionLog:
    """``target``: a CSV file, or a drill's id in the store at ``data``.

    Raises FileNotFoundError (no such file or drill), WrongScenario, or what reading the store raises.
    """
    path = Path(target)
    if path.suffix.lower() == ".csv" or path.is_file():
        if not path.is_file():
            raise FileNotFoundError(str(path))
        log = log_from_csv(path, scenario, seed)
    else:
        store = Store.existing(data)
        if store is None or target not in {i.id for i in store.sessions()}:
            raise FileNotFoundError(target)
        log = log_from_drill(store, target)
    if log.scenario_id != scenario.meta.id:
        raise WrongScenario(log.scenario_id, scenario.meta.id)
    return log


@dataclass
class DecisionsRun:
    """What a study's ``simulate_fn`` returns: the log and the counts that join the replication's row."""

    events: pd.DataFrame
    extra: dict


def simulate_with_decisions(log: DecisionLog, scenario: Scenario, seed: int | None = None, seed_sequence: np.random.SeedSequence | None = None) -> DecisionsRun:
    """One replication of ``scenario`` with the log as its policy (the study's ``simulate_fn``, bound with functools.partial)."""
    setup = Setup(scenario, scenario.meta.seed if seed is None else int(seed), log.auto_dispatch, RUN, scenario.meta.horizon, 0.0, ())
    alternative = Prepared("decisions", "drill", log.planned, log.fallback_delay, log.left_alone, None)
    run = run_future(setup, alternative, 0, seed_sequence)
    return DecisionsRun(run.events(), LedgerCounts.of(run.ledger).columns())
