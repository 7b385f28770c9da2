"""Team-response KPIs from the event log: people rescued, unmet demand, escalation."""

from __future__ import annotations

import pandas as pd

from simulator.metrics.select import of_kind as _of


def unmet_demand_hours(events: pd.DataFrame, horizon: float, until: float | None = None) -> float:
    """Team-hours of needs left waiting: from ``need_queued`` until a team is sent for that need, or the end.

    A need is linked to its team by the job both rows name in ``entity``
    (``job.<capability>.<n>``: the n-th team's worth asked of that
    capability at that incident). A job queued again (its team recalled)
    waits again until the next dispatch for it. Logs recorded before jobs
    were named are matched first in, first out per incident and capability,
    to dispatches strictly later than the queueing (another job's dispatch
    of the same minute is not this need's).
    """
    queued = _of(events, "need_queued")
    if queued.empty:
        return 0.0
    until = horizon if until is None else until
    sent = _of(events, "team_dispatched")
    named = (queued["entity"] != "").all()
    keys = ["incident", "detail", "entity"] if named else ["incident", "detail"]
    dispatches = {key: list(zip(rows["seq"], rows["time"])) for key, rows in sent.groupby(keys)}
    total = 0.0
    for key, rows in queued.groupby(keys):
        later = iter(dispatches.get(key, ()))
        for seq, start in zip(rows["seq"], rows["time"]):
            # the first dispatch of this job after it was queued (FIFO fallback: one per queued need)
            end = next((t for s, t in later if s > seq and (named or t > start)), until)
            total += min(end, until) - start
    return total / 60.0


def team_kpis(events: pd.DataFrame, horizon: float, until: float | None = None) -> dict[str, float | None]:
    rescued = _of(events, "people_rescued")["quantity"]
    lost = _of(events, "people_lost")["quantity"]
    # people still trapped at the end count as not rescued (censoring): those recorded trapped, when the log has them
    trapped = max(float(rescued.sum() + lost.sum()), float(_of(events, "people_trapped")["quantity"].sum()))
    return {
        "people_rescued_alive": float(rescued.sum()),
        "rescued_alive_share": float(rescued.sum()) / trapped if trapped else None,
        "unmet_demand_hours": unmet_demand_hours(events, horizon, until),
        "escalations": float(len(_of(events, "escalated"))),
        "mutual_aid_moves": float(len(_of(events, "mutual_aid"))),
    }
