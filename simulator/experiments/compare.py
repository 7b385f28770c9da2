"""Summaries of a study: each plan's KPI means, and each plan against the reference.

Pure functions of the results table (one row per replication and plan), so a
saved ``results.csv`` can be summarised again without re-simulating.
Replications that failed (non-empty ``error``) are left out; a paired
difference uses the replications where both plans succeeded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from simulator.experiments.kpis import HIGHER, LOWER, direction
from simulator.experiments.results import kpi_columns
from simulator.experiments.statistics import Estimate, mean_interval, paired_interval

VERDICTS = ("better", "worse", "higher", "lower", "not_significant", "identical", "no_data")
_ESTIMATE_COLUMNS = ("n", "mean", "sd", "half_width", "low", "high")


def verdict(estimate: Estimate, better: str | None, all_zero: bool = False) -> str:
    """What a paired difference (plan - reference) says.

    ``better``: "lower" or "higher" is better for this KPI, or None (no preference).
    """
    if estimate.n == 0:
        return "no_data"
    if all_zero:
        return "identical"
    if not estimate.excludes_zero():
        return "not_significant"
    up = estimate.low > 0
    if better == LOWER:
        return "worse" if up else "better"
    if better == HIGHER:
        return "better" if up else "worse"
    return "higher" if up else "lower"


@dataclass(frozen=True)
class Summary:
    reference: str
    plan_ids: tuple[str, ...]
    kpis: tuple[str, ...]
    confidence: float
    plans: pd.DataFrame
    differences: pd.DataFrame

    def estimate(self, plan: str, kpi: str) -> pd.Series:
        rows = self.plans[(self.plans["plan"] == plan) & (self.plans["kpi"] == kpi)]
        return rows.iloc[0]

    def difference(self, plan: str, kpi: str) -> pd.Series:
        rows = self.differences[(self.differences["plan"] == plan) & (self.differences["kpi"] == kpi)]
        return rows.iloc[0]

    def widest_half_width(self, kpi: str) -> float:
        """The widest interval on ``kpi`` (plan means and paired differences); NaN if any is missing."""
        widths = list(self.plans.loc[self.plans["kpi"] == kpi, "half_width"])
        widths += list(self.differences.loc[self.differences["kpi"] == kpi, "half_width"])
        if not widths or any(not math.isfinite(w) for w in widths):
            return float("nan")
        return float(max(widths))

    def as_dict(self) -> dict:
        return {
            "reference": self.reference,
            "confidence": self.confidence,
            "plans": _records(self.plans),
            "differences": _records(self.differences),
        }


def _records(frame: pd.DataFrame) -> list[dict]:
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.items()})
    return out


def summarise(
    results: pd.DataFrame,
    plan_ids: list[str] | None = None,
    reference: str | None = None,
    kpis: list[str] | None = None,
    confidence: float = 0.95,
) -> Summary:
    """Means with intervals per plan and KPI, and paired differences against ``reference``.

    ``reference`` defaults to the first plan.
    """
    plan_ids = list(plan_ids or dict.fromkeys(results["plan"]))
    reference = reference or plan_ids[0]
    kpis = list(kpis or kpi_columns(results))
    errors = results["error"].fillna("").astype(str) if "error" in results else pd.Series("", index=results.index)
    ok = results[errors == ""]
    failures = results[errors != ""].groupby("plan").size()

    plan_rows = []
    for plan in plan_ids:
        rows = ok[ok["plan"] == plan]
        for kpi in kpis:
            est = mean_interval(rows[kpi] if kpi in rows else [], confidence)
            plan_rows.append({"plan": plan, "kpi": kpi, **_estimate(est), "failures": int(failures.get(plan, 0))})

    diff_rows = []
    for kpi in kpis:
        if kpi not in ok:
            continue
        table = ok.set_index(["replication", "plan"])[kpi].astype("float64").unstack("plan").reindex(columns=plan_ids)
        for plan in plan_ids:
            if plan == reference:
                continue
            a, b = table[reference], table[plan]
            est = paired_interval(a, b, confidence)
            both = (b - a).dropna()
            v = verdict(est, direction(kpi), all_zero=len(both) > 0 and bool((both == 0).all()))
            winner = plan if v == "better" else reference if v == "worse" else ""
            diff_rows.append({"plan": plan, "reference": reference, "kpi": kpi, "better": direction(kpi) or "", **_estimate(est), "verdict": v, "winner": winner})

    plans = pd.DataFrame(plan_rows, columns=["plan", "kpi", *_ESTIMATE_COLUMNS, "failures"])
    differences = pd.DataFrame(diff_rows, columns=["plan", "reference", "kpi", "better", *_ESTIMATE_COLUMNS, "verdict", "winner"])
    return Summary(reference, tuple(plan_ids), tuple(kpis), confidence, plans, differences)


def _estimate(est: Estimate) -> dict:
    return {name: getattr(est, name) for name in _ESTIMATE_COLUMNS}
