"""A what-if branch on disk: the study's tables (as experiments/store.py writes them) and the decision ledger.

    results.csv      one row per alternative and future: KPIs, decisions by fate, failures
    summary.csv      means with intervals per alternative and KPI
    differences.csv  paired differences against the recorded decisions, with verdicts
    summary.json     the branch (source, minute, alternatives, the recorded run's KPIs) and the summary
    decisions.csv    every decision of every run: its situation, when it came due, played, refused or skipped and why
"""

from __future__ import annotations

import json
from pathlib import Path

from simulator.experiments.branching import BranchStudy
from simulator.experiments.compare import Summary
from simulator.experiments.store import _clean

BRANCH_FILES = ("results.csv", "summary.csv", "differences.csv", "summary.json", "decisions.csv")


def save_branch(study: BranchStudy, directory: str | Path, summary: Summary | None = None) -> dict[str, Path]:
    """Write the branch's tables; returns their paths by file name."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    summary = summary or study.summary()
    paths = {name: out / name for name in BRANCH_FILES}
    study.results.to_csv(paths["results.csv"], index=False)
    summary.plans.to_csv(paths["summary.csv"], index=False)
    summary.differences.to_csv(paths["differences.csv"], index=False)
    study.ledger.to_csv(paths["decisions.csv"], index=False)
    payload = {"branch": study.meta(), **summary.as_dict()}
    paths["summary.json"].write_text(json.dumps(_clean(payload), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return paths
