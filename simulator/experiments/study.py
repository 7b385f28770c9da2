"""A study: one scenario, several plans, the same seeded replications for each.

    study = run_study(scenario, [plan_a, plan_b], replications=30, seed=7, executor="process")
    study.results      # one row per replication and plan (seed, hash, version, runtime, error, KPIs)
    study.summary()    # means with intervals, paired differences, verdicts

Plans are applied to the scenario before anything runs, so a bad plan stops
the study at once with its file and line; a replication that fails while
running becomes a row with its error.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, as_completed
from contextlib import nullcontext
from dataclasses import dataclass, field

import pandas as pd
from tqdm.auto import tqdm

import simulator
from simulator.experiments.compare import Summary, summarise
from simulator.experiments.executors import open_executor
from simulator.experiments.results import results_frame
from simulator.experiments.runner import Batch, make_batches, run_batch
from simulator.experiments.seeds import record_seed, replication_sequence
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
        return int(self.results["replication"].nunique()) if len(self.results) else 0

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


def _default_batch_size(replications: int) -> int:
    return max(1, min(25, math.ceil(replications / 4)))


def _run_indices(
    plans: list[StudyPlan],
    root_seed: int,
    indices: list[int],
    executor: Executor,
    batch_size: int | None,
    progress: bool,
    on_progress: ProgressCallback | None,
    simulate_fn: Callable | None,
    lang: str | None,
) -> list[dict]:
    batches = make_batches([(p.id, p.scenario) for p in plans], root_seed, indices, batch_size or _default_batch_size(len(indices)), simulate_fn)
    total = sum(len(b.indices) for b in batches)
    rows: list[dict] = []
    with tqdm(total=total, disable=not progress, desc=tr("experiment.progress", lang), unit=tr("experiment.unit", lang)) as bar:
        futures = {executor.submit(run_batch, batch): batch for batch in batches}
        for future in as_completed(futures):
            try:
                done = future.result()
            except Exception as exc:  # the task itself failed (worker lost, not picklable ...)
                done = _failed_batch(futures[future], exc)
            rows.extend(done)
            bar.update(len(done))
            if on_progress is not None:
                on_progress(len(rows), total)
    return rows


def _failed_batch(batch: Batch, exc: BaseException) -> list[dict]:
    rows = []
    for index in batch.indices:
        rows.append({
            "plan": batch.plan_id,
            "replication": index,
            "root_seed": batch.root_seed,
            "seed": record_seed(replication_sequence(batch.root_seed, index)),
            "scenario_hash": scenario_hash(batch.scenario),
            "version": simulator.__version__,
            "runtime": float("nan"),
            "error": f"{type(exc).__name__}: {exc}",
        })
    return rows


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
) -> Study:
    """Run every plan ``replications`` times on the same seeds.

    ``seed`` is the root seed (default: the scenario's); replication i of
    every plan draws from child i of ``SeedSequence(seed)``. ``executor`` is
    an Executor, or "serial", "process" (default) or "dask".
    """
    prepared = _prepared(scenario, plans)
    root = scenario.meta.seed if seed is None else seed
    context, name = _executor_context(executor, workers, scheduler)
    with context as pool:
        rows = _run_indices(prepared, root, list(range(replications)), pool, batch_size, progress, on_progress, simulate_fn, lang)
    return Study(scenario, prepared, root, results_frame(rows, [p.id for p in prepared]), name)


def run_sequential(
    scenario: Scenario,
    plans: Sequence[Plan | StudyPlan] | None,
    kpi: str,
    target_half_width: float,
    seed: int | None = None,
    executor: Executor | str | None = None,
    *,
    initial: int = 10,
    step: int = 10,
    max_replications: int = 200,
    confidence: float = 0.95,
    workers: int | None = None,
    scheduler: str | None = None,
    batch_size: int | None = None,
    progress: bool = False,
    on_progress: ProgressCallback | None = None,
    simulate_fn: Callable | None = None,
    lang: str | None = None,
) -> Study:
    """Replicate in batches until every interval on ``kpi`` is at most +/- ``target_half_width``.

    "Every interval": each plan's mean and each paired difference against the
    first plan. Stops at ``max_replications`` otherwise (``stop_reason``
    "max_replications" instead of "target_reached").
    """
    prepared = _prepared(scenario, plans)
    root = scenario.meta.seed if seed is None else seed
    ids = [p.id for p in prepared]
    context, name = _executor_context(executor, workers, scheduler)
    rows: list[dict] = []
    done = 0
    reason = "max_replications"
    width = float("nan")
    with context as pool:
        while done < max_replications:
            count = min(initial if done == 0 else step, max_replications - done)
            rows += _run_indices(prepared, root, list(range(done, done + count)), pool, batch_size, progress, on_progress, simulate_fn, lang)
            done += count
            width = summarise(results_frame(rows, ids), ids, kpis=[kpi], confidence=confidence).widest_half_width(kpi)
            if math.isfinite(width) and width <= target_half_width:
                reason = "target_reached"
                break
    extra = {"sequential": {"kpi": kpi, "target_half_width": target_half_width, "half_width": width if math.isfinite(width) else None, "confidence": confidence}}
    return Study(scenario, prepared, root, results_frame(rows, ids), name, reason, extra)


def _prepared(scenario: Scenario, plans: Sequence[Plan | StudyPlan] | None) -> list[StudyPlan]:
    if plans and all(isinstance(p, StudyPlan) for p in plans):
        return list(plans)  # type: ignore[arg-type]
    return prepare_plans(scenario, [p.plan if isinstance(p, StudyPlan) else p for p in (plans or [])])
