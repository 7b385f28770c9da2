"""A what-if branch on disk: the study's tables (as experiments/store.py writes them) and the decision ledger.

    results.csv      one row per alternative and future: KPIs, decisions by fate, failures
    summary.csv      means with intervals per alternative and KPI
    differences.csv  paired differences against the recorded decisions, with verdicts
    summary.json     the branch (source, minute, alternatives, the recorded run's KPIs) and the summary
    decisions.csv    every decision of every run: its situation, when it came due, played, refused or skipped and why
"""

from __future__ import annotations

from pathlib import Path

from simulator.experiments.branching import BranchStudy
from simulator.experiments.compare import Summary
from simulator.experiments.store import write_tables


def save_branch(study: BranchStudy, directory: str | Path, summary: Summary | None = None) -> dict[str, Path]:
    """Write the branch's tables (a study's, plus the decision ledger); returns their paths by file name."""
    return write_tables(directory, study.results, summary or study.summary(), {"branch": study.meta()}, {"decisions.csv": study.ledger})
