"""The score card: the scenario's objectives and what each inject expected of players.

Both are read from the event log alone (objectives through
:mod:`simulator.metrics`; decisions are ``decision`` events), so a stored
drill is scored again after replaying it, and the card can be shown at any
moment of a drill: an expected action whose window is still open is
*pending*, not missed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from simulator.metrics import analyse
from simulator.metrics.expected import LATE, MISSED, ON_TIME, PENDING, ExpectedResult, expected_results
from simulator.scenario.drills import Inject
from simulator.scenario.models import Scenario

__all__ = ["LATE", "LATE_CREDIT", "MISSED", "ON_TIME", "PENDING", "ExpectedResult", "ScoreCard", "expected_results", "score"]

LATE_CREDIT = 0.5  # a late action still counts for half: it was done, just not in time


@dataclass(frozen=True)
class ScoreCard:
    objectives: list[dict]  # as simulator.metrics.evaluate_objectives gives them
    expected: list[ExpectedResult]
    kpis: dict

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in (ON_TIME, LATE, MISSED, PENDING)}
        for r in self.expected:
            out[r.status] += 1
        out["objectives_met"] = sum(1 for o in self.objectives if o["met"] is True)
        out["objectives_judged"] = sum(1 for o in self.objectives if o["met"] is not None)
        return out

    def score(self) -> float | None:
        """Share of points earned: each judged objective and each settled expected action is one point."""
        c = self.counts()
        points = c["objectives_met"] + c[ON_TIME] + LATE_CREDIT * c[LATE]
        total = c["objectives_judged"] + c[ON_TIME] + c[LATE] + c[MISSED]
        return points / total if total else None

    def rows(self) -> list[dict]:
        """Plain rows (for tables and the after-action report): kind, id, what, target, value, status."""
        out = [
            {"kind": "objective", "id": o["id"], "name": o["name"], "what": o["kpi"], "target": f"{o['op']} {o['target']:g}", "value": o["value"], "status": {True: "met", False: "not_met", None: "no_data"}[o["met"]]}
            for o in self.objectives
        ]
        for r in self.expected:
            out.append({
                "kind": "expected", "id": r.inject.id, "name": r.inject.text, "what": r.expected.action,
                "target": r.expected.within_minutes, "value": r.delay, "status": r.status,
            })
        return out


def score(scenario: Scenario, events: pd.DataFrame, injects: list[Inject] | None = None, now: float | None = None) -> ScoreCard:
    """The score card of a drill from its event log; ``injects`` adds the facilitator's own."""
    now = scenario.meta.horizon if now is None else now
    kpis, objectives = analyse(scenario, events)
    return ScoreCard(objectives, expected_results(list(injects or scenario.injects), events, now), kpis)
