"""KPIs a branch adds to a replication's: how long needs waited for a team, and where a value falls among futures.

Pure functions of the event log (no simulation code), so a saved branch can
be re-analysed. A need waits in the queue from its ``need_queued`` row until
a team is dispatched to its job (``team_dispatched`` with the same incident
and job), first in first out per job (a recalled team's need waits again); a
team dispatched to a job that was not waiting (the automatic dispatcher
found one at once, or a reinforcement) is a wait of 0. One still waiting
when the log stops counts until then (censored, as every time KPI:
simulator/metrics/censoring.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.experiments.kpis import HIGHER, LOWER
from simulator.metrics.censoring import Censored, censor
from simulator.metrics.select import of_kind

# which way is better for the KPIs added here (experiments.kpis has the others)
BRANCH_DIRECTIONS: dict[str, str | None] = {
    "need_wait_mean": LOWER,
    "need_wait_completed_share": HIGHER,
    "focus_need_wait": LOWER,
}


def need_waits(events: pd.DataFrame, until: float, incident: str | None = None, capability: str | None = None) -> Censored:
    """Every wait for a team (of one incident and capability when given), in log order, censored at ``until``."""
    rows = of_kind(events, "need_queued", "team_dispatched").sort_values("seq", kind="stable")
    if incident is not None:
        rows = rows[rows["incident"] == incident]
    if capability is not None:
        rows = rows[rows["detail"] == capability]
    starts, ends = [], []
    open_at: dict[tuple[str, str], list[int]] = {}  # (incident, job) -> indexes of waits not ended yet
    for time, kind, inc, job in rows[["time", "kind", "incident", "entity"]].itertuples(index=False):
        waiting = open_at.setdefault((inc, job), [])
        if kind == "need_queued":
            waiting.append(len(starts))
            starts.append(float(time))
            ends.append(np.nan)
        elif waiting:
            ends[waiting.pop(0)] = float(time)
        else:  # sent without waiting
            starts.append(float(time))
            ends.append(float(time))
    return censor(starts, ends, until)


def branch_kpis(events: pd.DataFrame, until: float, focus: tuple[str, str] | None = None) -> dict[str, float | None]:
    """``need_wait_mean`` and its completed share; ``focus_need_wait``: the first wait of the focus need
    (incident, capability), None when that incident never asked for that capability."""
    every = need_waits(events, until)
    out: dict[str, float | None] = {"need_wait_mean": every.mean, "need_wait_completed_share": every.completed_share}
    if focus is not None:
        first = need_waits(events, until, *focus)
        out["focus_need_wait"] = float(first.minutes[0]) if len(first) else None
    return out


def percentile(actual: float | None, values, better: str | None) -> float | None:
    """The share of ``values`` that ``actual`` beats (ties count half), as a percentage.

    "Beats" follows ``better``: lower or higher is better; with no preference,
    the share of values below ``actual``. None when there is nothing to compare.
    """
    x = np.asarray([v for v in values if v is not None and np.isfinite(v)], dtype="float64")
    if actual is None or not np.isfinite(actual) or not len(x):
        return None
    worse = (x > actual) if better == LOWER else (x < actual)
    return float(100.0 * (worse.sum() + 0.5 * (x == actual).sum()) / len(x))
