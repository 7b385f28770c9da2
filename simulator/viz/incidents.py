"""Incident figures: the phase timeline and the response-time histogram."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from simulator.i18n import tr
from simulator.metrics import incident_table
from simulator.viz.style import styled

# Milestones in the order an incident passes them; phase i runs from
# milestone i to milestone i+1.
MILESTONES = ("occurred", "detected", "commanded", "first_arrival", "closed")
PHASES = ("fig.phase.detect", "fig.phase.report", "fig.phase.respond", "fig.phase.handle")
_COLOURS = ("#9e9e9e", "#f0a030", "#d62728", "#1f77b4")


def phase_segments(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (incident, phase) that started: columns incident, phase, start, end.

    A phase starts when its first milestone happened. It ends at the next
    milestone that happened (an incident closed without any team arriving
    goes straight from "respond" to closed), or at the run's end
    (``events.time.max()``) while the incident is still open.
    """
    table = incident_table(events)
    run_end = float(events["time"].max()) if len(events) else math.nan
    times = table[list(MILESTONES)].astype("float64")
    rows = []
    for i, key in enumerate(PHASES):
        start = times[MILESTONES[i]]
        # first later milestone that happened, else the run's end
        end = times[list(MILESTONES[i + 1 :])].bfill(axis=1).iloc[:, 0].fillna(run_end)
        started = start.notna()
        rows.append(pd.DataFrame({"incident": table.index[started], "phase": key, "start": start[started].to_numpy(), "end": end[started].to_numpy()}))
    return pd.concat(rows, ignore_index=True)


def incident_timeline(events: pd.DataFrame, lang: str | None = None) -> go.Figure:
    """Gantt-like chart: a row per incident, a trace (legend entry) per phase, x in minutes."""
    segments = phase_segments(events)
    order = list(incident_table(events).index)  # by time of occurrence
    fig = go.Figure()
    for key, colour in zip(PHASES, _COLOURS):
        part = segments[segments["phase"] == key]
        name = tr(key, lang)
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=part["incident"].to_numpy(),
                x=(part["end"] - part["start"]).to_numpy(),
                base=part["start"].to_numpy(),
                name=name,
                marker_color=colour,
                customdata=part[["start", "end"]].to_numpy(),
                hovertemplate=f"%{{y}}<br>{name}: %{{customdata[0]:.0f}}–%{{customdata[1]:.0f}}<extra></extra>",
            )
        )
    # overlay: segments of one row never overlap, and "group" would offset them
    return styled(
        fig,
        "fig.incident_timeline",
        lang,
        barmode="overlay",
        height=max(320, 24 * len(order) + 140),
        xaxis_title=tr("fig.minutes", lang),
        yaxis={"categoryorder": "array", "categoryarray": order, "autorange": "reversed"},
        legend={"orientation": "h", "y": -0.12},
    )


def response_time_histogram(events: pd.DataFrame, lang: str | None = None) -> go.Figure:
    """Histogram of call-to-first-arrival times (incidents never reached are left out)."""
    times = incident_table(events)["response_time"].dropna().astype("float64")
    fig = go.Figure(go.Histogram(x=times.to_numpy(), name=tr("fig.response_times", lang), marker_color="#1f77b4"))
    return styled(
        fig,
        "fig.response_times",
        lang,
        height=380,
        bargap=0.05,
        xaxis_title=tr("fig.minutes", lang),
        yaxis_title=tr("fig.incidents_count", lang),
    )
