"""The KPIs of one replication, and which way each of them is better."""

from __future__ import annotations

import math

import pandas as pd

from simulator.metrics import analyse
from simulator.scenario.models import Scenario

LOWER = "lower"
HIGHER = "higher"

# For each KPI, the direction that is better; None: no preference (a count of
# incidents, a utilisation that is neither good nor bad in itself). A test
# checks that every KPI the metrics compute is listed here.
KPI_DIRECTIONS: dict[str, str | None] = {
    "incidents_total": None,
    "incidents_unmet": LOWER,
    "report_latency_mean": LOWER,
    "report_latency_p90": LOWER,
    "report_latency_completed_share": HIGHER,
    "first_arrival_mean": LOWER,
    "first_arrival_p90": LOWER,
    "first_arrival_completed_share": HIGHER,
    "share_arrival_within_target": HIGHER,
    "share_arrival_within_30": HIGHER,
    "team_utilisation_mean": None,
    "supply_fill_rate": HIGHER,
    "incident_duration_mean": LOWER,
    "incident_duration_completed_share": HIGHER,
    "report_within_limit_share": HIGHER,
    "order_latency_mean": LOWER,
    "order_latency_completed_share": HIGHER,
    "queue_wait_mean": LOWER,
    "queue_wait_completed_share": HIGHER,
    "calls_unanswered": LOWER,
    "order_conflicts": LOWER,
    "supply_first_delivery_mean": LOWER,
    "supply_first_delivery_completed_share": HIGHER,
    "unmet_person_days": LOWER,
    "supply_stockouts": LOWER,
    "truck_utilisation_mean": None,
    "evacuation_sheltered_before_hazard_share": HIGHER,
    "shelter_occupancy_peak_share": None,
    "shelter_overflow_people": LOWER,
    "people_turned_away": LOWER,
    # a count: more people trapped (a later evacuation) rescues more; the share says how well rescue went
    "people_rescued_alive": None,
    "rescued_alive_share": HIGHER,
    "unmet_demand_hours": LOWER,
    "escalations": None,
    "mutual_aid_moves": None,
    "public_release_mean": LOWER,
    "public_release_completed_share": HIGHER,
    "public_release_within_target_share": HIGHER,
    "press_conference_within_target_share": HIGHER,
    "hotline_calls_awaiting_release": LOWER,
    "plan_action_minutes_mean": LOWER,
    "plan_actions_on_time_share": HIGHER,
    "plan_actions_completed_share": HIGHER,
    "release_contained_minutes": LOWER,
    "release_contained_share": HIGHER,
    "people_poisoned": LOWER,
    "objectives_met_share": HIGHER,
}


def direction(kpi: str) -> str | None:
    return KPI_DIRECTIONS.get(kpi)


def replication_kpis(scenario: Scenario, events: pd.DataFrame, until: float | None = None) -> dict[str, float | None]:
    """The scenario's KPIs and the share of its objectives met (judged ones only); ``until``: where the log stops (a branch of an unfinished drill)."""
    kpis, objectives = analyse(scenario, events, until)
    out: dict[str, float | None] = dict(kpis)
    judged = [o["met"] for o in objectives if o["met"] is not None]
    out["objectives_met_share"] = sum(judged) / len(judged) if judged else None
    return {k: (None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)) for k, v in out.items()}
