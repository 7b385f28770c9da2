"""A study: one scenario, several plans, the same seeded replications for each.

    study = run_study(scenario, [plan_a, plan_b], replications=30, seed=7, executor="process")
    study.results      # one row per replication and plan (seed, hash, version, runtime, error, KPIs)
    study.summary()    # means with intervals, paired differences, verdicts

Plans are applied to the scenario before anything runs, so a bad plan stops
the study at once with its file and line; a replication that fails while
running becomes a row with its cause (failures.py), and one that runs past
``time_limit`` seconds is stopped and marked failed (limits.py).

Rows are handed to ``journal`` (journal.py) batch by batch as they finish,
and a journal's rows are not run again (resuming). Ctrl-C stops the study:
the executor's work is dropped (executors.py) and the Study holds what
finished, with ``stop_reason`` "interrupted".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, as_completed
from contextlib import nullcontext
from dataclasses import dataclass, field

import pandas as pd
from tqdm.auto import tqdm

import simulator
from simulator.experiments.compare import Summary, summarise
from simulator.experiments.executors import executor_workers, open_executor
from simulator.experiments.failures import lost_fields
from simulator.experiments.journal import Journal
from simulator.experiments.limits import DEFAULT_TIME_LIMIT
from simulator.experiments.results import results_frame
from simulator.experiments.runner import Batch, make_batches, row_head, run_batch
from simulator.experiments.sequential import MAIN, MIN_MAIN, MIN_PILOT, PILOT, main_stage_size, pilot_spread
from simulator.i18n import tr
from simulator.scenario.loader import scenario_hash
from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem, ScenarioError
from simulator.scenario.variants import Plan, apply_plan, baseline_plan

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class StudyPlan:
    """A plan and the scenario it makes."""

    plan: Plan
    scenario: Scenario
    scenario_hash: str

    @property
    def id(self) -> str:
        return self.plan.id


def prepare_plans(scenario: Scenario, plans: Sequence[Plan] | None = None, base: Plan | None = None) -> list[StudyPlan]:
    """Apply ``base`` (e.g. ``--set`` options) then each plan; no plans means the baseline alone.

    Raises :class:`ScenarioError` naming the plan file, line and override path.
    """
    start = apply_plan(scenario, base) if base is not None else scenario
    plans = list(plans) if plans else [baseline_plan()]
    seen: set[str] = set()
    prepared = []
    for plan in plans:
        if plan.id in seen:
            raise ScenarioError(plan.source, [Problem(("id",), "plan_duplicate_id", {"id": plan.id}, line=plan.lines.get(("id",)))])
        seen.add(plan.id)
        variant = apply_plan(start, plan)
        prepared.append(StudyPlan(plan, variant, scenario_hash(variant)))
    return prepared


@dataclass
class Study:
    scenario: Scenario
    plans: list[StudyPlan]
    root_seed: int
    results: pd.DataFrame
    executor: str
    stop_reason: str = "done"
    extra: dict = field(default_factory=dict)

    @property
    def plan_ids(self) -> list[str]:
        return [p.id for p in self.plans]

    @property
    def replications(self) -> int:
        """Main-stage replications run (a sequential study's pilot is not counted)."""
        main = self.results[self.results["stage"] != PILOT] if len(self.results) else self.results
        return int(main["replication"].nunique()) if len(main) else 0

    @property
    def failures(self) -> pd.DataFrame:
        return self.results[self.results["error"] != ""]

    def summary(self, confidence: float = 0.95, reference: str | None = None) -> Summary:
        return summarise(self.results, self.plan_ids, reference, confidence=confidence)

    def meta(self) -> dict:
        return {
            "scenario_id": self.scenario.meta.id,
            "title": {"zh": self.scenario.meta.title.zh, "en": self.scenario.meta.title.en},
            "scenario_hash": scenario_hash(self.scenario),
            "root_seed": self.root_seed,
            "replications": self.replications,
            "executor": self.executor,
            "version": simulator.__version__,
            "stop_reason": self.stop_reason,
            "plans": [
                {
                    "id": p.id,
                    "name": {"zh": p.plan.name.zh, "en": p.plan.name.en},
                    "source": p.plan.source,
                    "changes": p.plan.describe(self.scenario),
                    "scenario_hash": p.scenario_hash,
                }
                for p in self.plans
            ],
            **self.extra,
        }


def study_definition(plans: Sequence[StudyPlan], root_seed: int, pilot: int | None = None) -> dict:
    """What makes two runs the same study, for a journal (journal.py)."""
    return {
        "root_seed": root_seed,
        "plans": [{"id": p.id, "scenario_hash": p.scenario_hash} for p in plans],
        "pilot": pilot,
        "version": simulator.__version__,
    }


@dataclass
class _Runner:
    """How replications are run and where their rows go; ``rows`` grows as batches finish."""

    plans: list[StudyPlan]
    root_seed: int
    executor: Executor
    batch_size: int | None
    progress: bool
    on_progress: ProgressCallback | None
    simulate_fn: Callable | None
    lang: str | None
    time_limit: float | None
    journal: Journal | None
    rows: list[dict] = field(default_factory=list)

    def run(self, indices: list[int], stage: str = MAIN) -> None:
        """Run replications ``indices`` of every plan, except those already in ``rows``."""
        done = frozenset((r["plan"], int(r["replication"])) for r in self.rows)
        batches = make_batches(
            [(p.id, p.scenario) for p in self.plans], self.root_seed, indices,
            self.batch_size, self.simulate_fn, stage, self.time_limit, done, executor_workers(self.executor),
        )
        total = sum(len(b.indices) for b in batches)
        if not total:
            return
        finished = 0
        futures: dict[Future, Batch] = {}
        collected: set[Future] = set()
        with tqdm(total=total, disable=not self.progress, desc=tr("experiment.progress", self.lang), unit=tr("experiment.unit", self.lang)) as bar:

            def collect(future: Future) -> None:
                nonlocal finished
                if future in collected:
                    return
                collected.add(future)
                try:
                    rows = future.result()
                except Exception as exc:  # the task itself failed (worker lost, not picklable ...)
                    rows = _failed_batch(futures[future], exc)
                if self.journal is not None:
                    self.journal.append(rows)  # on disk before it counts as done
                self.rows.extend(rows)
                finished += len(rows)
                bar.update(len(rows))
                if self.on_progress is not None:
                    self.on_progress(finished, total)

            try:
                for batch in batches:
                    future = self.executor.submit(run_batch, batch)
                    futures[future] = batch
                    if future.done():  # an executor that ran it at once (serial): record it now
                        collect(future)
                for future in as_completed(list(futures)):
                    collect(future)
            except BaseException:
                for future in futures:
                    future.cancel()  # what has not started; an executor opened here also stops the rest
                raise


def _failed_batch(batch: Batch, exc: BaseException) -> list[dict]:
    digest = scenario_hash(batch.scenario)
    return [{**row_head(batch, index, digest), "runtime": float("nan"), **lost_fields(exc)} for index in batch.indices]


def _executor_context(executor: Executor | str | None, workers: int | None, scheduler: str | None):
    if isinstance(executor, Executor):
        return nullcontext(executor), type(executor).__name__
    kind = executor or "process"
    return open_executor(kind, workers, scheduler), kind


def run_study(
    scenario: Scenario,
    plans: Sequence[Plan | StudyPlan] | None = None,
    replications: int = 10,
    seed: int | None = None,
    executor: Executor | str | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int | None = None,
    progress: bool = False,
    on_progress: ProgressCallback | None = None,
    simulate_fn: Callable | None = None,
    lang: str | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    journal: Journal | None = None,
) -> Study:
    """Run every plan ``replications`` times on the same seeds.

    ``seed`` is the root seed (default: the scenario's); replication i of
    every plan draws from child i of ``SeedSequence(seed)``. ``executor`` is
    an Executor, or "serial", "process" (default) or "dask". ``time_limit``:
    seconds per replication (None: no limit). ``journal``: where finished
    rows go, and whose rows are not run again.
    """
    prepared = _prepared(scenario, plans)
    root = scenario.meta.seed if seed is None else seed
    context, name = _executor_context(executor, workers, scheduler)
    rows = list(journal.rows) if journal else []  # grows as batches finish, kept if interrupted
    reason = "done"
    try:
        with context as pool:
            _Runner(prepared, root, pool, batch_size, progress, on_progress, simulate_fn, lang, time_limit, journal, rows).run(list(range(replications)))
    except KeyboardInterrupt:
        reason = "interrupted"
        if journal is not None:  # a Ctrl-C between the journal's write and the list: the file is the record
            rows[:] = journal.on_disk()
    return Study(scenario, prepared, root, results_frame(rows, [p.id for p in prepared]), name, reason, {"time_limit": time_limit})


def run_sequential(
    scenario: Scenario,
    plans: Sequence[Plan | StudyPlan] | None,
    kpi: str,
    target_half_width: float,
    seed: int | None = None,
    executor: Executor | str | None = None,
    *,
    pilot: int = 20,
    max_replications: int = 200,
    confidence: float = 0.95,
    reference: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int | None = None,
    progress: bool = False,
    on_progress: ProgressCallback | None = None,
    simulate_fn: Callable | None = None,
    lang: str | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    journal: Journal | None = None,
) -> Study:
    """A pilot, then as many replications as every interval on ``kpi`` needs to be within +/- ``target_half_width``.

    "Every interval": each plan's mean and each paired difference against
    ``reference`` (default: the first plan). The two stages and why the
    intervals come from the main stage alone: sequential.py. At most
    ``max_replications`` per plan in all (``stop_reason`` "max_replications"
    instead of "target_planned"); a pilot with under two values of ``kpi``
    for some interval stops the study after the pilot ("no_pilot_data").
    """
    if pilot < MIN_PILOT or max_replications < pilot + MIN_MAIN:
        raise ValueError(f"need a pilot of at least {MIN_PILOT} and max_replications >= pilot + {MIN_MAIN}")
    prepared = _prepared(scenario, plans)
    root = scenario.meta.seed if seed is None else seed
    ids = [p.id for p in prepared]
    context, name = _executor_context(executor, workers, scheduler)
    rows = list(journal.rows) if journal else []  # grows as batches finish, kept if interrupted
    reason = "interrupted"
    needed: int | None = None
    main = 0
    try:
        with context as pool:
            runner = _Runner(prepared, root, pool, batch_size, progress, on_progress, simulate_fn, lang, time_limit, journal, rows)
            runner.run(list(range(pilot)), PILOT)
            needed = _main_stage(results_frame(rows, ids), ids, reference or ids[0], kpi, target_half_width, confidence, pilot)
            if needed is None:  # too few values to plan with: more runs would most likely fail the same way
                reason = "no_pilot_data"
            else:
                main = min(needed, max_replications - pilot)
                runner.run(list(range(pilot, pilot + main)), MAIN)
                reason = "target_planned" if needed <= main else "max_replications"
    except KeyboardInterrupt:
        if journal is not None:  # as in run_study: the file is the record of what finished
            rows[:] = journal.on_disk()
    results = results_frame(rows, ids)
    width = summarise(results, ids, reference, kpis=[kpi], confidence=confidence).widest_half_width(kpi) if len(results) else float("nan")
    sequential = {
        "kpi": kpi,
        "target_half_width": target_half_width,
        "confidence": confidence,
        "pilot": pilot,
        "needed": needed,
        "main": main,
        "half_width": width if math.isfinite(width) else None,
    }
    return Study(scenario, prepared, root, results, name, reason, {"time_limit": time_limit, "sequential": sequential})


def _main_stage(pilot_rows: pd.DataFrame, ids: list[str], reference: str, kpi: str, target: float, confidence: float, pilot: int) -> int | None:
    """Main-stage size the widest interval on ``kpi`` needs, from the pilot; None if some interval has under two values."""
    ok = pilot_rows[(pilot_rows["stage"] == PILOT) & (pilot_rows["error"] == "")]
    if kpi not in ok:
        return None
    table = ok.set_index(["replication", "plan"])[kpi].astype("float64").unstack("plan").reindex(index=range(pilot), columns=ids)
    samples = [table[plan] for plan in ids] + [table[plan] - table[reference] for plan in ids if plan != reference]
    sizes = []
    for values in samples:
        spread = pilot_spread(values, pilot)
        if spread is None:
            return None
        sd, n, share = spread
        sizes.append(main_stage_size(sd, target, n, confidence, share))
    return max(sizes)


def _prepared(scenario: Scenario, plans: Sequence[Plan | StudyPlan] | None) -> list[StudyPlan]:
    if plans and all(isinstance(p, StudyPlan) for p in plans):
        return list(plans)  # type: ignore[arg-type]
    return prepare_plans(scenario, [p.plan if isinstance(p, StudyPlan) else p for p in (plans or [])])
