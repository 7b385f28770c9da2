"""People by state over time: who is on the move, sheltered, trapped, rescued or lost.

Stacked step areas of the people who have left home (their states change at
the logged moves, so steps, not slopes), and a dashed line of the people at
risk still at home: the whole population at home would dwarf the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from simulator.i18n import tr
from simulator.metrics.people import people_by_state
from simulator.metrics.select import count_of
from simulator.viz.style import figure, minutes, styled_spec

if TYPE_CHECKING:
    import plotly.graph_objects as go

_COLOURS = {"moving": "#ff7f0e", "sheltered": "#2ca02c", "trapped": "#d62728", "rescued": "#1f77b4", "casualty": "#7f7f7f"}


def has_people(events: pd.DataFrame) -> bool:
    """Did anyone move in this run (the people ledger recorded something)?"""
    return count_of(events, "people_entered") > 0


def people_by_state_chart_spec(events: pd.DataFrame, lang: str | None = None, horizon: float | None = None) -> dict:
    frame = people_by_state(events)
    if horizon is not None and len(frame):  # hold the last state to the end of the run
        frame = pd.concat([frame, frame.iloc[[-1]].assign(time=float(horizon))], ignore_index=True)
    unit = minutes(lang)
    traces = []
    for state, colour in _COLOURS.items():
        name = tr(f"people.state.{state}", lang)
        traces.append({
            "type": "scatter", "x": frame["time"].to_numpy(), "y": frame[state].to_numpy(), "name": name, "mode": "lines",
            "line": {"shape": "hv", "width": 0.5, "color": colour},
            "stackgroup": "left", "hovertemplate": f"{name}: %{{y:.0f}}<br>%{{x:.0f}} {unit}<extra></extra>",
        })
    if frame["at_risk_at_home"].any():
        name = tr("people.at_risk_at_home", lang)
        traces.append({
            "type": "scatter", "x": frame["time"].to_numpy(), "y": frame["at_risk_at_home"].to_numpy(), "name": name, "mode": "lines",
            "line": {"shape": "hv", "dash": "dash", "color": "#9467bd"},
            "hovertemplate": f"{name}: %{{y:.0f}}<br>%{{x:.0f}} {unit}<extra></extra>",
        })
    return styled_spec({"data": traces}, "fig.people_by_state", lang, height=420,
                  xaxis={"title": {"text": tr("fig.minutes", lang)}}, yaxis={"title": {"text": tr("fig.people_count", lang)}})


def people_by_state_chart(events: pd.DataFrame, lang: str | None = None, horizon: float | None = None) -> go.Figure:
    """:func:`people_by_state_chart_spec` as a plotly figure."""
    return figure(people_by_state_chart_spec(events, lang, horizon))
