"""A study on disk: results.csv, summary.csv, differences.csv and summary.json."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from simulator.experiments.compare import Summary
from simulator.experiments.study import Study

STUDY_FILES = ("results.csv", "summary.csv", "differences.csv", "summary.json")


def _clean(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def write_tables(directory: str | Path, results: pd.DataFrame, summary: Summary, head: dict, extra: dict[str, pd.DataFrame] | None = None) -> dict[str, Path]:
    """Results, summary and differences as CSV, the summary as JSON under ``head``, and ``extra`` tables; their paths by name."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / name for name in (*STUDY_FILES, *(extra or {}))}
    results.to_csv(paths["results.csv"], index=False)
    summary.plans.to_csv(paths["summary.csv"], index=False)
    summary.differences.to_csv(paths["differences.csv"], index=False)
    for name, table in (extra or {}).items():
        table.to_csv(paths[name], index=False)
    payload = {**head, **summary.as_dict()}
    paths["summary.json"].write_text(json.dumps(_clean(payload), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return paths


def save_study(study: Study, directory: str | Path, summary: Summary | None = None) -> dict[str, Path]:
    """Write the study's tables; returns their paths by file name."""
    return write_tables(directory, study.results, summary or study.summary(), {"study": study.meta()})
