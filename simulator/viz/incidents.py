"""Incident figures: the phase timeline and the response-time histogram."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from simulator.i18n import tr
from simulator.metrics import incident_table
from simulator.metrics.naming import incident_name, incident_places
from simulator.viz.map_labels import text_px
from simulator.viz.style import count_axis, cut_text, figure, minutes, styled_spec

if TYPE_CHECKING:
    import plotly.graph_objects as go

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
    return _segments(incident_table(events), float(events["time"].max()) if len(events) else math.nan)


def _segments(table: pd.DataFrame, run_end: float) -> pd.DataFrame:
    """:func:`phase_segments` from the log's ``incident_table`` and its end."""
    times = table[list(MILESTONES)].astype("float64")
    rows = []
    for i, key in enumerate(PHASES):
        start = times[MILESTONES[i]]
        # first later milestone that happened, else the run's end
        end = times[list(MILESTONES[i + 1 :])].bfill(axis=1).iloc[:, 0].fillna(run_end)
        started = start.notna()
        rows.append(pd.DataFrame({"incident": table.index[started], "phase": key, "start": start[started].to_numpy(), "end": end[started].to_numpy()}))
    return pd.concat(rows, ignore_index=True)


TICK_LABEL_PX = 260  # room for an incident's name left of its row (names cut to it; the hover has the whole)


def _tick(name: str) -> str:
    """An incident's name cut to ``TICK_LABEL_PX``, keeping what tells rows apart: in
    "{source} #{n} · {place}" the source's name is cut first, its number and place kept."""
    head, sep, place = name.partition(" · ")
    source, space, number = head.rpartition(" ")
    tail = f"{space}{number}{sep}{place}"
    if text_px(name, 12) <= TICK_LABEL_PX or not (sep and source):
        return cut_text(name, TICK_LABEL_PX)
    room = TICK_LABEL_PX - text_px(tail, 12)
    return cut_text(source, room) + tail if room >= 3 * 12 else cut_text(name, TICK_LABEL_PX)


def incident_timeline_spec(events: pd.DataFrame, lang: str | None = None, scenario=None) -> dict:
    """Gantt-like chart: a row per incident, a trace (legend entry) per phase, x in minutes.

    With ``scenario`` rows are labelled with the incidents' names
    (:func:`simulator.metrics.naming.incident_name`), else with their ids.
    """
    table = incident_table(events)
    segments = _segments(table, float(events["time"].max()) if len(events) else math.nan)
    order = list(table.index)  # by time of occurrence
    names = {i: i for i in order}
    if scenario is not None:
        names = {i: incident_name(scenario, i, place, hazard, lang) or i for i, (place, hazard) in incident_places(events).items()}
        names = {i: names.get(i, i) for i in order}
    traces = []
    for key, colour in zip(PHASES, _COLOURS):
        part = segments[segments["phase"] == key]
        name = tr(key, lang)
        traces.append({
            "type": "bar", "orientation": "h", "y": part["incident"].to_numpy(), "x": (part["end"] - part["start"]).to_numpy(),
            "base": part["start"].to_numpy(), "name": name, "marker": {"color": colour},
            "customdata": [[start, end, names.get(i, i)] for i, start, end in zip(part["incident"].tolist(), part["start"].tolist(), part["end"].tolist())],
            "hovertemplate": f"%{{customdata[2]}}<br>{name}: %{{customdata[0]:.0f}}–%{{customdata[1]:.0f}} {minutes(lang)}<extra></extra>",
        })
    ticks = [_tick(names[i]) for i in order]
    # overlay: segments of one row never overlap, and "group" would offset them
    return styled_spec(
        {"data": traces},
        "fig.incident_timeline",
        lang,
        barmode="overlay",
        height=max(320, 24 * len(order) + 140),
        margin={"l": 20 + max([text_px(t, 12) for t in ticks] or [40])},
        xaxis={"title": {"text": tr("fig.minutes", lang)}},
        yaxis={"categoryorder": "array", "categoryarray": order, "autorange": "reversed", "tickmode": "array", "tickvals": order, "ticktext": ticks},
        legend={"orientation": "h", "y": -0.12},
    )


def incident_timeline(events: pd.DataFrame, lang: str | None = None, scenario=None) -> go.Figure:
    """:func:`incident_timeline_spec` as a plotly figure."""
    return figure(incident_timeline_spec(events, lang, scenario))


# Bin widths a trainer reads at a glance, narrowest first: the narrowest that
# keeps the bulk of the times (up to the 95th percentile) within MAX_BINS bars,
# i.e. 5 min while p95 <= 120 min, 10 min up to 240, else 30 min.
BIN_WIDTHS = (5.0, 10.0, 30.0)
MAX_BINS = 24


def bin_width(times) -> float:
    """Histogram bin width (minutes) for response times: see ``BIN_WIDTHS``."""
    values = np.asarray(times, dtype="float64")
    values = values[np.isfinite(values)]
    p95 = float(np.percentile(values, 95)) if len(values) else 0.0
    return next((w for w in BIN_WIDTHS if p95 <= MAX_BINS * w), BIN_WIDTHS[-1])


def response_time_histogram_spec(events: pd.DataFrame, lang: str | None = None, target: float | None = None) -> dict:
    """Histogram of call-to-first-arrival times in bins of 5, 10 or 30 minutes (:func:`bin_width`) from 0.

    ``target`` (minutes; the scenario's, :func:`simulator.metrics.kpis.arrival_target`)
    is drawn as a vertical line. Incidents never reached by the end are not in
    the bars (they have no time yet); how many is said above the plot.
    """
    table = incident_table(events)
    times = table["response_time"].dropna().astype("float64")
    unreached = int(table["first_arrival"].isna().sum())
    width = bin_width(times)
    top = max([float(times.max()) if len(times) else 0.0, target or 0.0])
    counts = np.histogram(times, bins=np.arange(0.0, top + 2 * width, width))[0] if len(times) else np.array([0])
    unit = minutes(lang)
    trace = {
        "type": "histogram", "x": times.to_numpy(), "name": tr("fig.response_times", lang), "marker": {"color": "#1f77b4"},
        "xbins": {"start": 0.0, "end": top + width, "size": width}, "autobinx": False,
        "hovertemplate": f"%{{x}} {unit}<br>{tr('fig.incidents_count', lang)}: %{{y}}<extra></extra>",
    }
    shapes, notes = [], []
    if target is not None:  # what add_vline would add: a line from the bottom to the top of the plot
        shapes.append({"type": "line", "x0": float(target), "x1": float(target), "xref": "x", "y0": 0, "y1": 1, "yref": "y domain",
                       "line": {"color": "#d62728", "dash": "dash", "width": 2}})
        notes.append({"x": float(target), "y": 1.0, "xref": "x", "yref": "paper", "yanchor": "bottom", "xanchor": "left", "showarrow": False,
                      "text": tr("fig.target_line", lang, minutes=float(target)), "font": {"color": "#d62728"}})
    if unreached:
        notes.append({"x": 1.0, "y": 1.0, "xref": "paper", "yref": "paper", "xanchor": "right", "yanchor": "bottom", "yshift": 18, "showarrow": False,
                      "text": tr("fig.not_reached", lang, count=unreached), "font": {"color": "#555"}})
    return styled_spec(
        {"data": [trace], "layout": {"shapes": shapes, "annotations": notes}},
        "fig.response_times",
        lang,
        height=400,
        bargap=0.05,
        margin={"t": 90},
        xaxis={"title": {"text": tr("fig.minutes", lang)}, "tick0": 0, "dtick": width * (1 if top <= 12 * width else 2 if top <= 24 * width else 6), "rangemode": "tozero"},
        yaxis={"title": {"text": tr("fig.incidents_count", lang)}, **count_axis(float(counts.max()))},
    )


def response_time_histogram(events: pd.DataFrame, lang: str | None = None, target: float | None = None) -> go.Figure:
    """:func:`response_time_histogram_spec` as a plotly figure."""
    return figure(response_time_histogram_spec(events, lang, target))
