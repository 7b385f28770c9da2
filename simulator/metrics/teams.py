"""Team-response KPIs from the event log: people rescued, unmet demand, escalation."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.metrics.select import of_kind as _of


def share_reached_within(events: pd.DataFrame, minutes: float) -> float | None:
    """Share of incidents whose first team arrived within ``minutes`` of detection."""
    detected = _of(events, "incident_detected").groupby("incident")["time"].min()
    arrived = _of(events, "team_arrived").groupby("incident")["time"].min()
    if detected.empty:
        return None
    response = (arrived.reindex(detected.index) - detected).to_numpy()
    return float(np.mean(np.nan_to_num(response, nan=np.inf) <= minutes))


def unmet_demand_hours(events: pd.DataFrame, horizon: float) -> float:
    """Team-hours of needs left waiting: from ``need_queued`` until a team is sent, or the end.

    Needs of one incident and capability are matched first in, first out to
    the dispatches that followed their queueing.
    """
    queued = _of(events, "need_queued")
    if queued.empty:
        return 0.0
    sent = _of(events, "team_dispatched")
    total = 0.0
    for (incident, capability), rows in queued.groupby(["incident", "detail"]):
        starts = sorted(rows["time"])
        later = sorted(t for t in sent.loc[(sent["incident"] == incident) & (sent["detail"] == capability), "time"] if t >= starts[0])
        ends = iter(later)
        for start in starts:
            end = next((t for t in ends if t >= start), horizon)
            total += end - start
    return total / 60.0


def team_kpis(events: pd.DataFrame, horizon: float) -> dict[str, float | None]:
    rescued = _of(events, "people_rescued")["quantity"]
    lost = _of(events, "people_lost")["quantity"]
    trapped = float(rescued.sum() + lost.sum())
    return {
        "people_rescued_alive": float(rescued.sum()),
        "rescued_alive_share": float(rescued.sum()) / trapped if trapped else None,
        "unmet_demand_hours": unmet_demand_hours(events, horizon),
        "escalations": float(len(_of(events, "escalated"))),
        "mutual_aid_moves": float(len(_of(events, "mutual_aid"))),
    }
