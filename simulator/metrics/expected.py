"""What each inject expected of players, against the decisions in the log.

A pure function of the log (decisions are ``decision`` events), so the
score card of a drill and the findings of its after-action report read the
same results. An expected action whose window is still open is *pending*,
one never taken whose window has closed by ``now`` is *missed*: what had not
happened by the end counts, it is never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from simulator.scenario.drills import ExpectedAction, Inject

ON_TIME, LATE, MISSED, PENDING = "on_time", "late", "missed", "pending"
_INCIDENT_ACTIONS = {"dispatch_team", "set_response_level", "request_military", "release_supplies", "recall_team"}


@dataclass(frozen=True)
class ExpectedResult:
    inject: Inject
    expected: ExpectedAction
    issued: float  # when the inject was played
    status: str  # on_time | late | missed | pending
    done_at: float | None = None
    team: str = ""  # the team the matching decision named, if any

    @property
    def delay(self) -> float | None:
        return None if self.done_at is None else self.done_at - self.issued

    @property
    def deadline(self) -> float:
        return self.issued + self.expected.within_minutes


def _matches(row, exp: ExpectedAction, own_incident: str | None) -> bool:
    incident = exp.incident or (own_incident if exp.action in _INCIDENT_ACTIONS else None)
    for column, wanted in (("incident", incident), ("team", exp.team), ("unit", exp.unit), ("level", exp.level)):
        if wanted is not None and row[column] != wanted:
            return False
    return True


def expected_results(injects: list[Inject], events: pd.DataFrame, now: float) -> list[ExpectedResult]:
    """Each expected action of each inject played so far, against the decisions in the log."""
    by_id = {i.id: i for i in injects}
    played = events[events["kind"] == "inject"]
    decisions = events[events["kind"] == "decision"].sort_values("seq")
    results = []
    for issued, inject_id in zip(played["time"], played["entity"]):
        inject = by_id.get(inject_id)
        if inject is None:
            continue
        own = inject.id if inject.effect is not None and inject.effect.type == "incident" else None
        for exp in inject.expected_actions:
            candidates = decisions[(decisions["entity"] == exp.action) & (decisions["time"] >= issued)]
            done = next(((t, row) for t, (_, row) in zip(candidates["time"], candidates.iterrows()) if _matches(row, exp, own)), None)
            deadline = issued + exp.within_minutes
            if done is not None:
                status = ON_TIME if done[0] <= deadline else LATE
            else:
                status = PENDING if now < deadline else MISSED
            results.append(ExpectedResult(inject, exp, float(issued), status, None if done is None else float(done[0]), "" if done is None else str(done[1]["team"])))
    return results
