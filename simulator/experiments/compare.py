"""Summaries of a study: each plan's KPI means, and each plan against the reference.

Pure functions of the results table (one row per replication and plan), so a
saved ``results.csv`` can be summarised again without re-simulating.
A sequential study's pilot rows (``stage`` "pilot") are left out
(sequential.py), as are replications that failed (non-empty ``error``).

A paired difference uses the replications where both plans have a value,
and says how many it used and why it dropped the others: one side not run
(an interrupted study), failed, or with no value of the KPI (nothing to
measure: no incident reached, no supplies asked for). Missing values that
depend on the plan bias the difference, so the report shows them beside it.
It also shows what common random numbers bought: the paired half width
against Welch's on the same pairs taken as independent samples, and the
share of the difference's variance removed (statistics.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from simulator.experiments.kpis import HIGHER, LOWER, direction
from simulator.experiments.results import kpi_columns
from simulator.experiments.sequential import PILOT
from simulator.experiments.statistics import (
    Estimate,
    mean_interval,
    paired_interval,
    unpaired_half_width,
    variance_reduction,
)

VERDICTS = ("better", "worse", "higher", "lower", "not_significant", "identical", "no_data")
_ESTIMATE_COLUMNS = ("n", "mean", "sd", "half_width", "low", "high")
# why pairs were left out of a paired difference (``n`` is the pairs used)
DROPPED_COLUMNS = ("dropped_not_run", "dropped_failed", "no_value_reference", "no_value_plan", "no_value_both")
CRN_COLUMNS = ("unpaired_half_width", "variance_reduction")


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
        return self.plans.iloc[self._rows["plans"][plan, kpi]]

    def difference(self, plan: str, kpi: str) -> pd.Series:
        return self.differences.iloc[self._rows["differences"][plan, kpi]]

    @cached_property
    def _rows(self) -> dict[str, dict[tuple[str, str], int]]:
        """Row position by (plan, kpi) in each table: a report looks up hundreds (a mask per lookup cost ~0.5 ms)."""
        return {
            name: {key: i for i, key in enumerate(zip(frame["plan"], frame["kpi"]))}
            for name, frame in (("plans", self.plans), ("differences", self.differences))
        }

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
    results = main_rows(results)
    errors = error_texts(results)
    ok = results[errors == ""]
    failures = results[errors != ""].groupby("plan").size()

    plan_rows = []
    for plan in plan_ids:
        rows = ok[ok["plan"] == plan]
        for kpi in kpis:
            est = mean_interval(rows[kpi] if kpi in rows else [], confidence)
            plan_rows.append({"plan": plan, "kpi": kpi, **_estimate(est), "failures": int(failures.get(plan, 0))})

    # per replication and plan: was it run, did it succeed; as arrays (replication x plan),
    # every KPI pivoted once: pandas per KPI and pair cost more than the statistics
    ran = results.assign(_ok=(errors == "")).set_index(["replication", "plan"])["_ok"].unstack("plan").reindex(columns=plan_ids)
    not_run, succeeded = ran.isna().to_numpy(), ran.eq(True).to_numpy()
    present = [k for k in kpis if k in ok]
    wide = ok.set_index(["replication", "plan"])[present].astype("float64").unstack("plan")
    ref = plan_ids.index(reference)
    diff_rows = []
    for kpi in present:
        table = wide[kpi].reindex(index=ran.index, columns=plan_ids).to_numpy()
        for j, plan in enumerate(plan_ids):
            if j == ref:
                continue
            a, b = table[:, ref], table[:, j]
            est = paired_interval(a, b, confidence)
            v = verdict(est, direction(kpi), all_zero=_all_zero(a, b))
            winner = plan if v == "better" else reference if v == "worse" else ""
            crn = {"unpaired_half_width": unpaired_half_width(a, b, confidence), "variance_reduction": variance_reduction(a, b)}
            dropped = _dropped(not_run[:, ref] | not_run[:, j], succeeded[:, ref] & succeeded[:, j], a, b)
            diff_rows.append({
                "plan": plan, "reference": reference, "kpi": kpi, "better": direction(kpi) or "", **_estimate(est),
                **dropped, **crn, "verdict": v, "winner": winner,
            })

    plans = pd.DataFrame(plan_rows, columns=["plan", "kpi", *_ESTIMATE_COLUMNS, "failures"])
    differences = pd.DataFrame(
        diff_rows, columns=["plan", "reference", "kpi", "better", *_ESTIMATE_COLUMNS, *DROPPED_COLUMNS, *CRN_COLUMNS, "verdict", "winner"]
    )
    return Summary(reference, tuple(plan_ids), tuple(kpis), confidence, plans, differences)


def main_rows(results: pd.DataFrame) -> pd.DataFrame:
    """The rows a summary uses: a sequential study's pilot left out (sequential.py)."""
    return results[results["stage"].fillna("") != PILOT] if "stage" in results else results


def error_texts(results: pd.DataFrame) -> pd.Series:
    """Each row's error as text, empty when the replication succeeded."""
    return results["error"].fillna("").astype(str) if "error" in results else pd.Series("", index=results.index)


def _all_zero(a: np.ndarray, b: np.ndarray) -> bool:
    """Every pair equal, up to floating-point noise: the same sum taken in another
    order leaves about 1e-15 of the values (31.7 - 31.7 = -3.6e-15 was reported as
    "not significant" with the interval "[-0.00, 0.00]")."""
    both = ~np.isnan(a) & ~np.isnan(b)
    if not both.any():
        return False
    scale = max(1.0, float(np.abs(a[both]).max()), float(np.abs(b[both]).max()))
    return bool((np.abs(b[both] - a[both]) <= 1e-9 * scale).all())


def _dropped(not_run: np.ndarray, succeeded: np.ndarray, a: np.ndarray, b: np.ndarray) -> dict[str, int]:
    """Replications left out of the pair (a = reference, b = plan), by the first reason that applies.

    ``not_run``: either plan has no row; ``succeeded``: both ran without error; otherwise one failed.
    """
    failed = ~not_run & ~succeeded
    va, vb = ~np.isnan(a), ~np.isnan(b)
    return {
        "dropped_not_run": int(not_run.sum()),
        "dropped_failed": int(failed.sum()),
        "no_value_reference": int((succeeded & ~va & vb).sum()),
        "no_value_plan": int((succeeded & va & ~vb).sum()),
        "no_value_both": int((succeeded & ~va & ~vb).sum()),
    }


def _estimate(est: Estimate) -> dict:
    return {name: getattr(est, name) for name in _ESTIMATE_COLUMNS}
