"""How often each plan met each of the scenario's objectives, with a Wilson interval.

An objective is a KPI, an operator and a target (``scenario/drills.py``
``Objective``); a replication meets it when its KPI value satisfies the
operator, by the one rule ``metrics.kpis.objective_met`` that judges one run. A run
with no value of the KPI (nothing to measure) is not judged, and a failed
run is not judged either: both are counted beside the rate so a plan that
leaves more runs unjudged is seen. Pure functions of the results table, so
a saved study gives the same rates.
"""

from __future__ import annotations

import pandas as pd

from simulator.experiments.compare import error_texts, main_rows
from simulator.experiments.kpis import HIGHER, LOWER
from simulator.experiments.statistics import wilson_interval
from simulator.metrics.kpis import objective_met

RATE_COLUMNS = ("objective", "plan", "kpi", "met", "judged", "not_judged", "failed", "rate", "low", "high")


def objective_records(objectives) -> list[dict]:
    """The scenario's objectives as plain records for a study's meta (summary.json)."""
    return [
        {"id": o.id, "name": {"zh": o.name.zh, "en": o.name.en}, "kpi": o.kpi, "op": o.op, "target": float(o.target)}
        for o in objectives
    ]


def objective_direction(objective: dict) -> str:
    """Which way is better on the objective's KPI: what its operator asks for."""
    return LOWER if objective["op"] == "<=" else HIGHER


def met(values: pd.Series, op: str, target: float) -> pd.Series:
    """True/False per value, None where there is no value: ``objective_met`` for each replication."""
    return pd.Series([objective_met(v, op, target) for v in values.tolist()], index=values.index, dtype="object")


def met_rates(results: pd.DataFrame, objectives: list[dict], plan_ids: list[str], confidence: float = 0.95) -> pd.DataFrame:
    """One row per objective and plan: runs met, judged, not judged (no value), failed, and the rate with its interval."""
    results = main_rows(results)
    errors = error_texts(results)
    ok = results[errors == ""]
    runs = {plan: frame for plan, frame in ok.groupby("plan", sort=False)}
    failed = results[errors != ""].groupby("plan").size()
    rows = []
    for objective in objectives:
        kpi = objective["kpi"]
        for plan in plan_ids:
            mine = runs.get(plan, ok.iloc[:0])
            values = mine[kpi].astype("float64") if kpi in mine else pd.Series(float("nan"), index=mine.index)
            verdicts = met(values, objective["op"], objective["target"]).dropna()
            prop = wilson_interval(int(verdicts.sum()), len(verdicts), confidence)
            rows.append({
                "objective": objective["id"], "plan": plan, "kpi": kpi, "met": prop.successes, "judged": prop.n,
                "not_judged": len(mine) - prop.n, "failed": int(failed.get(plan, 0)),
                "rate": prop.rate, "low": prop.low, "high": prop.high,
            })
    return pd.DataFrame(rows, columns=list(RATE_COLUMNS))
