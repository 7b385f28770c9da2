"""Plotly figure builders: pure functions of recorded data -> go.Figure.

They take the event log, KPIs or the scenario model, never a running
simulation, so a saved run can be re-plotted (and simpy is never imported).
"""

from simulator.viz.command import chain_layout, command_chain_graph, unit_load
from simulator.viz.incidents import (
    incident_timeline,
    phase_segments,
    response_time_histogram,
)
from simulator.viz.messages import message_swimlanes, step_timeline, warning_reach_chart
from simulator.viz.supplies import (
    delivery_sankey,
    stock_by_tier_chart,
    supply_names,
    unmet_demand_chart,
)
from simulator.viz.teams import team_names, team_utilisation_chart

__all__ = [
    "chain_layout",
    "command_chain_graph",
    "delivery_sankey",
    "incident_timeline",
    "message_swimlanes",
    "step_timeline",
    "stock_by_tier_chart",
    "supply_names",
    "warning_reach_chart",
    "phase_segments",
    "response_time_histogram",
    "team_names",
    "team_utilisation_chart",
    "unit_load",
    "unmet_demand_chart",
]
