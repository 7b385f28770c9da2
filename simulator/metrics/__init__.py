"""KPIs from the event log: pure functions, never importing simpy."""

from simulator.metrics.kpis import (
    compute_kpis,
    evaluate_objectives,
    incident_table,
    team_utilisation,
)
from simulator.metrics.summary import analyse, kpi_frame, verdict

__all__ = [
    "analyse",
    "compute_kpis",
    "evaluate_objectives",
    "incident_table",
    "kpi_frame",
    "team_utilisation",
    "verdict",
]
