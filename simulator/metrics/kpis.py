"""KPIs as pure functions of the event log (a DataFrame); no simulation needed.

Definitions (minutes):
- report latency: incident detected by a grid worker -> the commanding unit
  has handled the report (``command_assumed``);
- call-to-first-arrival: detected -> first team on scene;
- team utilisation: share of the horizon a team spends between dispatch and
  return to base;
- supply fill rate and the other supply KPIs: see simulator.metrics.supplies;
- an incident is *unmet* when the run ends with some need that never got a
  team (none capable, or all busy until the end).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from simulator.metrics.busy import busy_shares
from simulator.metrics.command import command_kpis
from simulator.metrics.select import of_kind
from simulator.metrics.teams import team_kpis
from simulator.metrics.supplies import fill_rate, supply_kpis

ARRIVAL_TARGET_MINUTES = 30.0
# how an incident open at the end may have been let down (``incident_open``'s detail)
UNMET_STATES = ("unserved", "awaiting_supplies")


def _first_time(events: pd.DataFrame, kind: str) -> pd.Series:
    rows = of_kind(events, kind)
    return rows.groupby("incident")["time"].min()


def incident_table(events: pd.DataFrame) -> pd.DataFrame:
    """One row per incident: when it occurred, was detected, commanded, reached, closed."""
    occurred = of_kind(events, "incident_occurred").set_index("incident")
    table = pd.DataFrame(
        {
            "place": occurred["location"],
            "level": occurred["level"],
            "hazard": occurred["detail"],
            "occurred": occurred["time"],
        }
    )
    for column, kind in (
        ("detected", "incident_detected"),
        ("commanded", "command_assumed"),
        ("first_arrival", "team_arrived"),
        ("closed", "incident_closed"),
    ):
        table[column] = _first_time(events, kind)
    commanded_by = of_kind(events, "command_assumed").set_index("incident")["unit"]
    table["commander"] = commanded_by.reindex(table.index).fillna("")
    open_rows = of_kind(events, "incident_open").set_index("incident")["detail"]
    table["open_state"] = open_rows.reindex(table.index).fillna("")
    table["report_latency"] = table["commanded"] - table["detected"]
    table["response_time"] = table["first_arrival"] - table["detected"]
    table["duration"] = table["closed"] - table["occurred"]
    return table.sort_values("occurred")


def _mean(series: pd.Series) -> float | None:
    values = series.dropna()
    return float(values.mean()) if len(values) else None


def _p90(series: pd.Series) -> float | None:
    values = series.dropna().to_numpy()
    return float(np.percentile(values, 90)) if len(values) else None


def team_utilisation(events: pd.DataFrame, horizon: float, team_ids: list[str] | None = None) -> pd.Series:
    """Busy share of the horizon per team (a team still out at the end counts to the horizon)."""
    moves = of_kind(events, "team_dispatched", "team_returned").sort_values("seq")
    return busy_shares(moves, "team", "team_dispatched", horizon, team_ids or ())


def compute_kpis(events: pd.DataFrame, horizon: float, team_ids: list[str] | None = None) -> dict[str, float | None]:
    """Every KPI an objective may name (``simulator.scenario.vocabulary.KPI_NAMES``)."""
    kpis = {
        **incident_kpis(events, horizon, team_ids),
        **command_kpis(events),
        **team_kpis(events, horizon),
        **supply_kpis(events, horizon),
    }
    return _none_for_nan(kpis)


def incident_kpis(events: pd.DataFrame, horizon: float, team_ids: list[str] | None = None) -> dict[str, float | None]:
    """The first of ``compute_kpis``: incidents, reports, arrivals, team utilisation, fill rate.

    What a live drill console shows, each refresh, without the command,
    team and supply details it does not.
    """
    table = incident_table(events)
    responded = table["response_time"].dropna()
    utilisation = team_utilisation(events, horizon, team_ids)
    kpis = {
        "incidents_total": float(len(table)),
        "incidents_unmet": float(table["open_state"].isin(UNMET_STATES).sum()),
        "report_latency_mean": _mean(table["report_latency"]),
        "report_latency_p90": _p90(table["report_latency"]),
        "first_arrival_mean": _mean(table["response_time"]),
        "first_arrival_p90": _p90(table["response_time"]),
        "share_arrival_within_30": float((responded <= ARRIVAL_TARGET_MINUTES).mean()) if len(responded) else None,
        "team_utilisation_mean": float(utilisation.mean()) if len(utilisation) else None,
        "supply_fill_rate": fill_rate(events),
        "incident_duration_mean": _mean(table["duration"]),
    }
    return _none_for_nan(kpis)


def _none_for_nan(kpis: dict) -> dict[str, float | None]:
    # NaN (an empty mean, say) becomes None: "no data" in tables, null in kpis.json
    return {name: None if value is None or value != value else value for name, value in kpis.items()}


def evaluate_objectives(objectives, kpis: dict[str, float | None]) -> list[dict]:
    """Each objective with its measured value and whether it was met (None: no data)."""
    results = []
    for obj in objectives:
        value = kpis.get(obj.kpi)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            met = None
        elif obj.op == "<=":
            met = value <= obj.target
        else:
            met = value >= obj.target
        results.append({"id": obj.id, "name": obj.name, "kpi": obj.kpi, "op": obj.op, "target": obj.target, "value": value, "met": met})
    return results
