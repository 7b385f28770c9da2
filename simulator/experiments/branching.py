"""What-if studies: N futures of a branch, under each alternative, on any executor; paired intervals.

    source = BranchSource.from_drill(store, drill_id)
    study = run_branch(source, at=40, alternatives=[RECORDED, STANDARD, pump_early], futures=30, executor="process")
    study.results    # one row per alternative and future (KPIs, decisions played/refused/skipped, failures)
    study.summary()  # means with intervals, paired differences against the recorded decisions
    study.ledger     # every decision's fate in every run

Future k of every alternative shares its randomness after the branch
(:mod:`simulator.drill.branch`), so alternative minus recorded on the same
future is a paired difference (common random numbers): the summary is
:func:`simulator.experiments.compare.summarise` on the results table, with
the branch's own KPIs given their direction. The row's ``replication`` is the
future, its ``root_seed`` the recorded seed and its ``seed`` the future's
number. A future that fails is a row with its cause, as in a study.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import Executor, Future, as_completed
from contextlib import nullcontext
from dataclasses import dataclass, field

import pandas as pd

import simulator
from simulator.drill.alternatives import RECORDED, STANDARD, Alternative
from simulator.drill.branch import BranchSource, Prepared, Setup, prepare, run_future
from simulator.drill.policy_log import LedgerCounts
from simulator.experiments.branch_kpis import BRANCH_DIRECTIONS, branch_kpis, percentile
from simulator.experiments.compare import Summary, summarise, verdict
from simulator.experiments.executors import open_executor
from simulator.experiments.failures import ReplicationTimeout, error_fields, lost_fields
from simulator.experiments.kpis import direction, replication_kpis
from simulator.experiments.limits import DEFAULT_TIME_LIMIT, time_limit
from simulator.experiments.results import ROW_FIELDS, results_frame
from simulator.experiments.statistics import Estimate
from simulator.i18n import tr
from simulator.scenario.loader import scenario_hash
from simulator.scenario.problems import Problem, ScenarioError

COUNT_COLUMNS = ("decisions_played", "decisions_refused", "decisions_skipped", "decisions_unplayed", "procedure_dispatches")
LEDGER_HEAD = ("alternative", "future")


@dataclass(frozen=True)
class FutureBatch:
    """Futures ``futures`` of one alternative (what a worker runs)."""

    setup: Setup
    alternative: Prepared
    futures: tuple[int, ...]
    focus: tuple[str, str] | None = None
    time_limit: float | None = None


def kpis_of(setup: Setup, events: pd.DataFrame, focus: tuple[str, str] | None) -> dict[str, float | None]:
    """A branch run's KPIs: the scenario's, to where the run stops, and the need waits."""
    return {**replication_kpis(setup.scenario, events, setup.end), **branch_kpis(events, setup.end, focus)}


def run_futures(batch: FutureBatch) -> tuple[list[dict], list[dict]]:
    """Rows of the results table and of the ledger for one batch; a failed future is a row with its cause."""
    digest = scenario_hash(batch.setup.scenario)
    rows, ledger = [], []
    for future in batch.futures:
        row = _head(batch.alternative.id, future, batch.setup, digest)
        started = time.perf_counter()
        try:
            with time_limit(batch.time_limit):
                run = run_future(batch.setup, batch.alternative, future)
                row.update(kpis_of(batch.setup, run.events(), batch.focus))
            row.update(LedgerCounts.of(run.ledger).columns())
            row.update(error="", error_kind="", error_field="")
            ledger += [{"alternative": batch.alternative.id, "future": future, **e.row()} for e in run.ledger]
        except (Exception, ReplicationTimeout) as exc:  # a failed future is data
            row.update(error_fields(exc, batch.setup.scenario, batch.time_limit))
        row["runtime"] = round(time.perf_counter() - started, 4)
        rows.append(row)
    return rows, ledger


def _head(alternative: str, future: int, setup: Setup, digest: str) -> dict:
    return {
        "plan": alternative, "replication": future, "stage": "main", "root_seed": setup.seed, "seed": future,
        "scenario_hash": digest, "version": simulator.__version__,
    }


@dataclass
class BranchStudy:
    source: BranchSource
    at: float
    alternatives: list[Alternative]
    results: pd.DataFrame
    ledger: pd.DataFrame
    actual: dict  # the recorded run's KPIs (future 0 of the recorded decisions)
    focus: tuple[str, str] | None = None
    executor: str = "serial"
    stop_reason: str = "done"
    prepared: list[Prepared] = field(default_factory=list, repr=False)

    @property
    def ids(self) -> list[str]:
        return [a.id for a in self.alternatives]

    @property
    def kpis(self) -> list[str]:
        return [c for c in self.results.columns if c not in (*ROW_FIELDS, *COUNT_COLUMNS)]

    def summary(self, confidence: float = 0.95) -> Summary:
        """Means per alternative and paired differences against the recorded decisions."""
        return directed(summarise(self.results, self.ids, RECORDED.id, self.kpis, confidence))

    def counts(self) -> pd.DataFrame:
        """Mean decisions per run by fate, per alternative (the standing procedure's apart)."""
        ok = self.results[self.results["error"] == ""]
        columns = [c for c in COUNT_COLUMNS if c in ok]
        return ok.groupby("plan", sort=False)[columns].mean().reindex(self.ids)

    def meta(self) -> dict:
        s = self.source
        by_id = {p.id: p for p in self.prepared}
        return {
            "source": {"kind": s.kind, "ref": s.ref, "name": s.name, "seed": s.seed, "auto_dispatch": s.auto_dispatch, "end": s.end},
            "scenario_id": s.scenario.meta.id,
            "title": {"zh": s.scenario.meta.title.zh, "en": s.scenario.meta.title.en},
            "scenario_hash": scenario_hash(s.scenario),
            "at": self.at,
            "futures": int(self.results["replication"].nunique()) if len(self.results) else 0,
            "focus": list(self.focus) if self.focus else None,
            "executor": self.executor,
            "version": simulator.__version__,
            "stop_reason": self.stop_reason,
            "actual": self.actual,
            "alternatives": [
                {
                    "id": a.id, "name": {"zh": a.name.zh, "en": a.name.en}, "source": a.source, "decisions": a.decisions,
                    "policy": a.policy, "fallback": a.fallback, "remove": list(a.remove),
                    "change": [c.model_dump() for c in a.change], "add": [x.model_dump() for x in a.add],
                    "procedure_delay": by_id[a.id].fallback_delay if a.id in by_id else None,
                }
                for a in self.alternatives
            ],
        }


def directed(summary: Summary) -> Summary:
    """The summary with the branch KPIs' directions (compare knows only the scenario KPIs')."""
    diffs = summary.differences.copy()
    for i, row in diffs.iterrows():
        better = BRANCH_DIRECTIONS.get(row["kpi"])
        if better is None or direction(row["kpi"]) is not None or row["verdict"] in ("identical", "no_data"):
            continue
        est = Estimate(int(row["n"]), row["mean"], row["sd"], row["half_width"], row["low"], row["high"], summary.confidence)
        v = verdict(est, better)
        diffs.loc[i, ["better", "verdict", "winner"]] = [better, v, row["plan"] if v == "better" else row["reference"] if v == "worse" else ""]
    return Summary(summary.reference, summary.plan_ids, summary.kpis, summary.confidence, summary.plans, diffs)


class BranchOutside(ValueError):
    """The branch minute is not within the record (0 up to where it ends)."""

    def __init__(self, at: float, end: float):
        self.at, self.end = at, end
        super().__init__(f"the branch minute {at:g} is outside the record (0 to {end:g})")


def default_focus(prepared: Sequence[Prepared]) -> tuple[str, str] | None:
    """The need the first edited decision answers (incident, capability): what a what-if is usually about."""
    for p in prepared:
        for planned in p.planned:
            if planned.origin != "recorded" and planned.answers_need is not None:
                return planned.answers_need
    return None


def with_reference(alternatives: Sequence[Alternative]) -> list[Alternative]:
    """The recorded decisions first (every difference is against them), then the others; ids must differ."""
    out = [RECORDED] + [a for a in alternatives if a.id != RECORDED.id or not a.is_recorded]
    seen: set[str] = set()
    for a in out:
        if a.id in seen:
            raise ScenarioError(a.source, [Problem(("id",), "branch_duplicate_id", {"id": a.id}, line=a.lines.get(("id",)))])
        seen.add(a.id)
    return out


def run_branch(
    source: BranchSource,
    at: float,
    alternatives: Sequence[Alternative] = (STANDARD,),
    futures: int = 20,
    executor: Executor | str | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    focus: tuple[str, str] | None = None,
    batch_size: int | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> BranchStudy:
    """Futures 1..``futures`` of the branch at minute ``at`` under the recorded decisions and each alternative.

    ``focus``: the need (incident, capability) whose wait is compared (``focus_need_wait``);
    default: the one the first edited decision answers. Raises BranchOutside when ``at`` is
    outside the record, ScenarioError when an alternative's edits do not fit it. Ctrl-C
    stops it (``stop_reason`` "interrupted").
    """
    if not 0 <= at < source.end:
        raise BranchOutside(at, source.end)
    alts = with_reference(alternatives)
    prepared = [prepare(source, a, at) for a in alts]
    focus = focus or default_focus(prepared)
    setup = source.setup(at)
    size = batch_size or max(1, min(10, -(-futures // 4)))
    numbers = list(range(1, futures + 1))
    batches = [FutureBatch(setup, p, tuple(numbers[i : i + size]), focus, time_limit) for p in prepared for i in range(0, futures, size)]
    rows: list[dict] = []
    ledger: list[dict] = []
    reason = "done"
    if isinstance(executor, Executor):
        context, name = nullcontext(executor), type(executor).__name__
    else:
        name = executor or "serial"
        context = open_executor(name, workers, scheduler)
    try:
        with context as pool:
            submitted: dict[Future, FutureBatch] = {pool.submit(run_futures, b): b for b in batches}
            for done in as_completed(list(submitted)):
                try:
                    got, lines = done.result()
                except Exception as exc:  # the task itself was lost (a worker died)
                    b = submitted[done]
                    got, lines = [{**_head(b.alternative.id, f, setup, scenario_hash(setup.scenario)), "runtime": float("nan"), **lost_fields(exc)} for f in b.futures], []
                rows += got
                ledger += lines
    except KeyboardInterrupt:
        reason = "interrupted"
    actual = kpis_of(setup, source.events, focus)
    return BranchStudy(source, float(at), alts, results_frame(rows, [a.id for a in alts]), _ledger_frame(ledger), actual, focus, name, reason, prepared)


def _ledger_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values(["alternative", "future", "order"], kind="stable").reset_index(drop=True)


def room_percentiles(store, session_id: str, kpis: Sequence[str] | None = None, futures: int = 20, executor: Executor | str | None = None, at: float = 0.0) -> pd.DataFrame:
    """Where the room's actual outcome falls among its own decisions' futures and among the standing procedure's.

    Both branched at ``at`` (minute 0: the whole drill drawn again). One row per
    KPI: ``actual``; ``own_percentile`` and ``standard_percentile``, the share of
    futures (in %) the room did better than, ties counting half (with no
    preferred direction: the share below); ``own_n`` and ``standard_n``, the
    futures with a value. "The room did better than 80% of futures under the
    standard policy" is ``standard_percentile`` 80 (:func:`percentile_text` says it).
    """
    source = BranchSource.from_drill(store, session_id)
    study = run_branch(source, at, [STANDARD], futures, executor)
    ok = study.results[study.results["error"] == ""]
    rows = []
    for kpi in kpis or study.kpis:
        better = direction(kpi) or BRANCH_DIRECTIONS.get(kpi)
        own = ok.loc[ok["plan"] == RECORDED.id, kpi].dropna().tolist() if kpi in ok else []
        standard = ok.loc[ok["plan"] == STANDARD.id, kpi].dropna().tolist() if kpi in ok else []
        actual = study.actual.get(kpi)
        rows.append({
            "kpi": kpi, "better": better or "", "actual": actual,
            "own_percentile": percentile(actual, own, better), "own_n": len(own),
            "standard_percentile": percentile(actual, standard, better), "standard_n": len(standard),
        })
    return pd.DataFrame(rows, columns=["kpi", "better", "actual", "own_percentile", "own_n", "standard_percentile", "standard_n"])


def percentile_text(row, lang: str | None = None) -> str:
    """One row of :func:`room_percentiles` as a sentence for the AAR, in ``lang``."""
    kpi = tr(f"kpi.{row['kpi']}", lang)
    if row["own_percentile"] is None and row["standard_percentile"] is None:
        return tr("branch.pct.none", lang, kpi=kpi)
    key = "branch.pct.directed" if row["better"] else "branch.pct.undirected"
    return tr(
        key, lang, kpi=kpi, own=_pct(row["own_percentile"], lang), standard=_pct(row["standard_percentile"], lang),
        own_n=row["own_n"], standard_n=row["standard_n"],
    )


def _pct(value: float | None, lang: str | None) -> str:
    return tr("report.no_data", lang) if value is None else f"{value:.0f}%"
