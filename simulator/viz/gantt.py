"""Team Gantt chart: what each team did when (mobilising, travelling, on scene, returning).

Bars come from the event log; a phase still running is drawn up to ``now``,
so the chart grows with a drill. One trace per phase, always four, so a
console updates it in place (from :func:`team_gantt_data`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from simulator.i18n import tr
from simulator.viz.style import figure, minutes, styled_spec

if TYPE_CHECKING:
    import plotly.graph_objects as go

PHASES = ("mobilising", "travelling", "on_scene", "returning")
_COLOURS = dict(zip(PHASES, ("#ff7f0e", "#1f77b4", "#d62728", "#9467bd")))
# The event that starts each phase; any later event of the team ends it.
_STARTS = {"team_dispatched": "mobilising", "team_mobilised": "travelling", "team_arrived": "on_scene", "team_released": "returning", "team_recalled": "returning"}


def team_segments(events: pd.DataFrame, now: float | None = None) -> pd.DataFrame:
    """One row per phase of a team: team, phase, incident, start, end (an open phase ends at ``now``)."""
    moves = events[events["kind"].isin([*_STARTS, "team_returned"])].sort_values("seq")
    end_of_log = float(events["time"].max()) if len(events) else 0.0
    now = end_of_log if now is None else now
    rows, open_phase = [], {}
    for kind, team, incident, time in zip(moves["kind"], moves["team"], moves["incident"], moves["time"]):
        if team in open_phase:
            phase, inc, start = open_phase.pop(team)
            rows.append((team, phase, inc, start, time))
        if kind in _STARTS:
            open_phase[team] = (_STARTS[kind], incident, time)
    for team, (phase, inc, start) in open_phase.items():
        rows.append((team, phase, inc, start, max(start, now)))
    return pd.DataFrame(rows, columns=["team", "phase", "incident", "start", "end"])


def team_gantt_data(events: pd.DataFrame, lang: str | None = None, now: float | None = None, incident_names: dict[str, str] | None = None) -> dict:
    """The bars and the ``now`` line as a plotly figure dict, without the styled layout.

    ``incident_names`` (id -> name) words the hover; an incident without one shows its id.

    Written in the form plotly stores (nested dicts, lists), so a live figure
    can compare it with what it shows and set only what changed.
    """
    segments = team_segments(events, now)
    traces = []
    for phase in PHASES:
        part = segments[segments["phase"] == phase]
        traces.append({
            "type": "bar", "y": part["team"].tolist(), "x": (part["end"] - part["start"]).tolist(), "base": part["start"].tolist(),
            "orientation": "h", "marker": {"color": _COLOURS[phase]}, "name": tr(f"gantt.{phase}", lang),
            "customdata": [[(incident_names or {}).get(i, i), start, end] for i, start, end in zip(part["incident"], part["start"], part["end"])],
            "hovertemplate": f"%{{y}} · %{{customdata[0]}}<br>%{{customdata[1]:.0f}}–%{{customdata[2]:.0f}} {minutes(lang)}<extra></extra>",
        })
    shapes = []
    if now is not None:
        shapes.append({"type": "line", "x0": now, "x1": now, "yref": "paper", "y0": 0, "y1": 1, "line": {"color": "#333", "dash": "dot"}})
    return {"data": traces, "layout": {"shapes": shapes}}


def team_gantt_spec(events: pd.DataFrame, team_names: dict[str, str], lang: str | None = None, now: float | None = None, horizon: float | None = None, incident_names: dict[str, str] | None = None) -> dict:
    """A row per team (all of ``team_names``, in order), a bar per phase; a line marks ``now``."""
    ids = list(team_names)
    return styled_spec(
        team_gantt_data(events, lang, now, incident_names), "gantt.title", lang, height=max(260, 40 + 26 * len(ids)), barmode="overlay",
        xaxis={"title": {"text": tr("fig.minutes", lang)}, "range": [0, horizon] if horizon else None},
        yaxis={"categoryorder": "array", "categoryarray": ids[::-1], "tickmode": "array", "tickvals": ids, "ticktext": [team_names[t] for t in ids], "range": [-0.5, len(ids) - 0.5]},
        legend={"orientation": "h", "y": -0.2},
    )


def team_gantt(events: pd.DataFrame, team_names: dict[str, str], lang: str | None = None, now: float | None = None, horizon: float | None = None, incident_names: dict[str, str] | None = None) -> go.Figure:
    """:func:`team_gantt_spec` as a plotly figure."""
    return figure(team_gantt_spec(events, team_names, lang, now, horizon, incident_names))
