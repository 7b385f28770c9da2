"""A study on disk: results.csv, summary.csv, differences.csv and summary.json."""

from __future__ import annotations

import json
import math
from pathlib import Path

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


def save_study(study: Study, directory: str | Path, summary: Summary | None = None) -> dict[str, Path]:
    """Write the study's tables; returns their paths by file name."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    summary = summary or study.summary()
    paths = {name: out / name for name in STUDY_FILES}
    study.results.to_csv(paths["results.csv"], index=False)
    summary.plans.to_csv(paths["summary.csv"], index=False)
    summary.differences.to_csv(paths["differences.csv"], index=False)
    payload = {"study": study.meta(), **summary.as_dict()}
    paths["summary.json"].write_text(json.dumps(_clean(payload), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return paths
