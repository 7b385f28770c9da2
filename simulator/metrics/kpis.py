"""KPIs as pure functions of the event log (a DataFrame); no simulation needed.

Definitions (minutes). Every time KPI is censored at the end of the log
(``simulator.metrics.censoring``): what has not happened by then counts as
not within a share's limit, and in a mean or 90th percentile with the time
it had waited so far (a restricted mean: a lower bound of the real time, so
a plan that leaves more undone never reads better); the share completed is
given beside it as ``<kpi>_completed_share``.
- report latency: incident detected by a grid worker -> the commanding unit
  has handled the report (``command_assumed``);
- call-to-first-arrival: detected -> first team on scene;
- an incident that occurred but was not detected by the end is censored from
  its occurrence in both (its clock runs from when the need arose);
- share reached within T: first arrival within T minutes of detection; T
  from the scenario (``kpis.arrival_target_minutes``, else a first-arrival
  objective's target, else 30: ``simulator.scenario.kpis``);
  ``share_arrival_within_30`` keeps T = 30 for the plans and objectives that name it;
- incident duration: occurred -> closed;
- team utilisation: share of the horizon a team spends between dispatch and
  return to base (a redeployed team is out from its first dispatch);
- report timeliness, order latency, desk waits: see simulator.metrics.command;
- supply fill rate and the other supply KPIs: see simulator.metrics.supplies;
- an incident is *unmet* when the run ends with some need that never got a
  team (none capable, or all busy until the end).
"""

from __future__ import annotations

import pandas as pd

from simulator.metrics.busy import busy_shares
from simulator.metrics.censoring import censor, observed_until
from simulator.metrics.chemical_release import chemical_kpis
from simulator.metrics.command import command_kpis
from simulator.metrics.people import people_kpis
from simulator.metrics.plans import plan_kpis
from simulator.metrics.publicity import publicity_kpis
from simulator.metrics.select import derived, of_kind
from simulator.metrics.supplies import fill_rate, supply_kpis
from simulator.metrics.teams import team_kpis
from simulator.scenario.kpis import DEFAULT_ARRIVAL_TARGET_MINUTES, arrival_target_minutes
from simulator.scenario.models import Scenario

# how an incident open at the end may have been let down (``incident_open``'s detail)
UNMET_STATES = ("unserved", "awaiting_supplies")


def _first_time(events: pd.DataFrame, kind: str) -> pd.Series:
    rows = of_kind(events, kind)
    return rows.groupby("incident")["time"].min()


def incident_table(events: pd.DataFrame) -> pd.DataFrame:
    """One row per incident: when it occurred, was detected, commanded, reached, closed."""
    return derived(events, "incident_table", _incident_table)


def _incident_table(events: pd.DataFrame) -> pd.DataFrame:
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


def team_utilisation(events: pd.DataFrame, horizon: float, team_ids: list[str] | None = None) -> pd.Series:
    """Busy share of the horizon per team (a team still out at the end counts to the horizon)."""
    moves = of_kind(events, "team_dispatched", "team_returned").sort_values("seq")
    return busy_shares(moves, "team", "team_dispatched", horizon, team_ids or ())


def arrival_target(scenario: Scenario | None) -> float:
    """T of ``share_arrival_within_target``: the scenario's (see simulator.scenario.kpis), 30 without one."""
    if scenario is None:
        return DEFAULT_ARRIVAL_TARGET_MINUTES
    return arrival_target_minutes(scenario.kpis, scenario.objectives)


def compute_kpis(
    events: pd.DataFrame,
    horizon: float,
    team_ids: list[str] | None = None,
    scenario: Scenario | None = None,
    until: float | None = None,
) -> dict[str, float | None]:
    """Every KPI an objective may name (``simulator.scenario.vocabulary.KPI_NAMES``).

    ``scenario`` gives the arrival target T and the reporting limits (a
    report still on its way at the end is judged against them); ``until``
    is the time the log runs to (default: its ``run_ended`` row, else its
    last event, at most ``horizon``): what has not happened by then is censored.
    """
    until = observed_until(events, horizon) if until is None else until
    kpis = {
        **incident_kpis(events, horizon, team_ids, scenario, until),
        **command_kpis(events, scenario, until),
        **team_kpis(events, horizon, until),
        **supply_kpis(events, horizon, until),
        **people_kpis(events, scenario, until),  # evacuation and shelters (simulator.metrics.people)
        **publicity_kpis(events, scenario, until),  # first releases and hotline load (simulator.metrics.publicity)
        **plan_kpis(scenario, events, until),  # contingency plans' actions (simulator.metrics.plans)
        **chemical_kpis(events, until),  # a chemical release: containment and poisoning (simulator.metrics.chemical_release)
    }
    return _none_for_nan(kpis)


def incident_kpis(
    events: pd.DataFrame,
    horizon: float,
    team_ids: list[str] | None = None,
    scenario: Scenario | None = None,
    until: float | None = None,
) -> dict[str, float | None]:
    """The first of ``compute_kpis``: incidents, reports, arrivals, team utilisation, fill rate.

    What a live drill console shows, each refresh, without the command,
    team and supply details it does not.
    """
    until = observed_until(events, horizon) if until is None else until
    table = incident_table(events)
    # an incident not detected by the end has waited since it occurred
    clock = table["detected"].fillna(table["occurred"])
    report = censor(clock, table["commanded"], until)
    arrival = censor(clock, table["first_arrival"], until)
    duration = censor(table["occurred"], table["closed"], until)
    utilisation = team_utilisation(events, horizon, team_ids)
    kpis = {
        "incidents_total": float(len(table)),
        "incidents_unmet": float(table["open_state"].isin(UNMET_STATES).sum()),
        "report_latency_mean": report.mean,
        "report_latency_p90": report.quantile(0.9),
        "report_latency_completed_share": report.completed_share,
        "first_arrival_mean": arrival.mean,
        "first_arrival_p90": arrival.quantile(0.9),
        "first_arrival_completed_share": arrival.completed_share,
        "share_arrival_within_target": arrival.share_within(arrival_target(scenario)),
        "share_arrival_within_30": arrival.share_within(DEFAULT_ARRIVAL_TARGET_MINUTES),
        "team_utilisation_mean": float(utilisation.mean()) if len(utilisation) else None,
        "supply_fill_rate": fill_rate(events),
        "incident_duration_mean": duration.mean,
        "incident_duration_completed_share": duration.completed_share,
    }
    return _none_for_nan(kpis)


def _none_for_nan(kpis: dict) -> dict[str, float | None]:
    # NaN (an empty mean, say) becomes None: "no data" in tables, null in kpis.json
    return {name: None if value is None or value != value else value for name, value in kpis.items()}


def objective_met(value: float | None, op: str, target: float) -> bool | None:
    """The objective rule, for one run here and for every replication of a study
    (simulator.experiments.objective_rates): ``value <= target`` or ``value >= target``
    as ``op`` says; None when there is no value (nothing to measure: not judged)."""
    if value is None or value != value:  # None or NaN
        return None
    return bool(value <= target) if op == "<=" else bool(value >= target)


def evaluate_objectives(objectives, kpis: dict[str, float | None]) -> list[dict]:
    """Each objective with its measured value and whether it was met (None: no data)."""
    return [
        {"id": obj.id, "name": obj.name, "kpi": obj.kpi, "op": obj.op, "target": obj.target, "value": kpis.get(obj.kpi),
         "met": objective_met(kpis.get(obj.kpi), obj.op, obj.target)}
        for obj in objectives
    ]
