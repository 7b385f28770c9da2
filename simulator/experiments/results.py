"""The results table of a study: one row per replication and plan.

Fixed columns first (``ROW_FIELDS``), then one column per KPI. This module
imports no simulation code, so a saved table can be read and summarised
without SimPy.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ROW_FIELDS = ("plan", "replication", "stage", "root_seed", "seed", "scenario_hash", "version", "runtime", "error", "error_kind", "error_field")
# text columns: empty when not applicable ("stage" is "main" or "pilot", see sequential.py;
# "error_kind" and "error_field" say why a replication failed, see failures.py)
TEXT_FIELDS = ("stage", "error", "error_kind", "error_field")
_TEXT_DEFAULTS = {"stage": "main", "error": "", "error_kind": "", "error_field": ""}


def kpi_columns(results: pd.DataFrame) -> list[str]:
    return [c for c in results.columns if c not in ROW_FIELDS]


def results_frame(rows: list[dict], plan_ids: list[str]) -> pd.DataFrame:
    """Rows in a stable order (plan order, then replication), fixed columns first."""
    kpis: list[str] = []
    for row in rows:
        kpis.extend(k for k in row if k not in ROW_FIELDS and k not in kpis)
    frame = _texts(pd.DataFrame(rows, columns=[*ROW_FIELDS, *kpis]))
    order = {p: i for i, p in enumerate(plan_ids)}
    frame = frame.assign(_order=frame["plan"].map(order)).sort_values(["_order", "replication"], kind="stable")
    frame = frame.drop(columns="_order").reset_index(drop=True)
    for kpi in kpis:
        frame[kpi] = frame[kpi].astype("float64")
    return frame


def read_results(path: str | Path) -> pd.DataFrame:
    """A saved results.csv, errors as text (empty when the replication succeeded).

    A table saved before a column existed gets it with its default.
    """
    return _texts(pd.read_csv(path, dtype={name: str for name in TEXT_FIELDS}))


def _texts(frame: pd.DataFrame) -> pd.DataFrame:
    for name, default in _TEXT_DEFAULTS.items():
        frame[name] = frame[name].fillna(default).replace("", default).astype(str) if name in frame else default
    return frame
