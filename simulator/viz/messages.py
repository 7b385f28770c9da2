"""Command-chain figures: message swimlanes, the "3+8" steps, warning reach."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

import pandas as pd

from simulator.i18n import text, tr
from simulator.metrics.command import step_durations, warned_over_time
from simulator.scenario.models import Scenario
from simulator.scenario.vocabulary import LEVELS, MESSAGE_TYPES, STEPS
from simulator.viz.style import figure, minutes, styled, styled_spec

if TYPE_CHECKING:
    import plotly.graph_objects as go

TEAM_LANE = "team"
_LANES = (TEAM_LANE, *LEVELS)  # bottom to top
_COLOURS = dict(zip(MESSAGE_TYPES, ("#1f77b4", "#17becf", "#9467bd", "#7f7f7f", "#ff7f0e", "#d62728", "#e377c2", "#2ca02c", "#bcbd22", "#8c564b")))


def _lane_of(scenario: Scenario):
    units = {u.id: u.level for u in scenario.command.units}
    teams = {t.id for t in scenario.teams}

    def lane(name: str) -> str:
        if name.startswith("grid:"):
            return "grid"
        if name in teams:
            return TEAM_LANE
        return units.get(name, "city")

    return lane


def _name_of(scenario: Scenario, lang: str | None):
    """A sender's or receiver's name for a hover: unit, team, or a grid worker's place."""
    names = {u.id: text(u.name, lang) for u in scenario.command.units}
    names |= {t.id: text(t.name, lang) for t in scenario.teams}
    places = {p.id: text(p.name, lang) for p in scenario.places}

    def name(who: str) -> str:
        if who.startswith("grid:"):
            return f"{places.get(who[5:], who[5:])} · {tr('level.grid', lang)}"
        return names.get(who, who)

    return name


def message_swimlanes_spec(events: pd.DataFrame, scenario: Scenario, incident: str | None = None, lang: str | None = None) -> dict:
    """Messages moving between levels: a slanted line per hop, a thick bar while a desk handles it.

    With ``incident`` only that incident's messages are drawn (follow one
    report up and its orders down); otherwise every message in the log.
    A lane is a level, however many units it holds: who sent what to whom,
    and when, is in each line's hover.
    """
    lane = _lane_of(scenario)
    name_of = _name_of(scenario, lang)
    unit = minutes(lang)
    ev = events if incident is None else events[events["incident"] == incident]
    y = {name: i for i, name in enumerate(_LANES)}
    traces = []
    # each message type's rows in log order, split once (not a filter of the log per type)
    parts = dict(tuple(ev[ev["detail"].isin(MESSAGE_TYPES)].sort_values("seq").groupby("detail", sort=False)))
    for message in MESSAGE_TYPES:
        part = parts.get(message)
        sent = part[part["kind"] == "message_sent"] if part is not None else None
        if sent is None or sent.empty:
            continue
        name = tr(f"message.{message}", lang)
        hop_x, hop_y, hop_text, desk_x, desk_y, desk_text = [], [], [], [], [], []
        queued = part[part["kind"].isin(["message_queued", "message_handled"])]
        arrivals = _next_arrival(sent, part)
        for time, sender, receiver, arrive in zip(sent["time"].tolist(), sent["entity"].tolist(), sent["unit"].tolist(), arrivals):
            hop_x += [time, arrive, None]
            hop_y += [y[lane(sender)], y[lane(receiver)], None]
            words = tr("fig.message_hop", lang, message=name, sender=name_of(sender), receiver=name_of(receiver))
            hop_text += [f"{words}<br>{time:.0f}–{arrive:.0f} {unit}"] * 2 + [None]
        for who, (q, h) in _desk_times(queued):
            for start, end in zip(q, h):
                desk_x += [start, end, None]
                desk_y += [y[lane(who[0])]] * 2 + [None]
                desk_text += [f"{tr('fig.message_desk', lang, message=name, unit=name_of(who[0]))}<br>{start:.0f}–{end:.0f} {unit}"] * 2 + [None]
        colour = _COLOURS[message]
        traces.append({"type": "scatter", "x": hop_x, "y": hop_y, "mode": "lines", "name": name, "legendgroup": message, "line": {"color": colour, "width": 1.5}, "hovertext": hop_text, "hoverinfo": "text"})
        if desk_x:
            traces.append({"type": "scatter", "x": desk_x, "y": desk_y, "mode": "lines", "name": name, "legendgroup": message, "showlegend": False, "line": {"color": colour, "width": 8}, "hovertext": desk_text, "hoverinfo": "text"})
    return styled_spec(
        {"data": traces},
        "fig.message_swimlanes",
        lang,
        height=120 + 50 * len(_LANES),
        xaxis={"title": {"text": tr("fig.minutes", lang)}},
        yaxis={"tickmode": "array", "tickvals": list(y.values()), "ticktext": [tr(f"level.{n}", lang) if n != TEAM_LANE else tr("fig.teams", lang) for n in _LANES], "range": [-0.5, len(_LANES) - 0.5]},
    )


def message_swimlanes(events: pd.DataFrame, scenario: Scenario, incident: str | None = None, lang: str | None = None) -> go.Figure:
    """:func:`message_swimlanes_spec` as a plotly figure."""
    return figure(message_swimlanes_spec(events, scenario, incident, lang))


def _desk_times(queued: pd.DataFrame) -> list[tuple[tuple[str, str], tuple[list, list]]]:
    """Queueing and handling times at each (unit, incident), in log order; sorted by unit, then incident (as a groupby)."""
    desks: dict[tuple[str, str], tuple[list, list]] = {}
    for unit, incident, kind, time in zip(*(queued[c].tolist() for c in ("unit", "incident", "kind", "time"))):
        desks.setdefault((unit, incident), ([], []))[kind == "message_handled"].append(time)
    return sorted(desks.items())


def _next_arrival(sent: pd.DataFrame, part: pd.DataFrame) -> list[float]:
    """When each sent message arrived: its receiver's next queueing (or order receipt) after sending.

    ``part`` is in log order. Each receiver's queueings (a team's order
    receipts) are listed once and the next one found by bisection: a pandas
    filter per sent message was half of a report's time (benchmarks/README.md).
    """
    queued: dict[str, tuple[list, list]] = {}  # unit -> seqs and times of its queueings
    received: dict[str, tuple[list, list]] = {}  # team -> seqs and times of its order receipts
    for seq, kind, unit, team, time in zip(*(part[c].tolist() for c in ("seq", "kind", "unit", "team", "time"))):
        if kind == "message_queued":
            into = queued.setdefault(unit, ([], []))
        elif kind == "order_received":
            into = received.setdefault(team, ([], []))
        else:
            continue
        into[0].append(seq)
        into[1].append(time)
    arrivals = []
    for seq, unit, time in zip(sent["seq"].tolist(), sent["unit"].tolist(), sent["time"].tolist()):
        arrival = float(time)
        for seqs, times in (queued.get(unit, ([], [])), received.get(unit, ([], []))):  # sent to a team: arrives with the order
            k = bisect_right(seqs, seq)
            if k < len(seqs):
                arrival = float(times[k])
                break
        arrivals.append(arrival)
    return arrivals


def step_timeline(events: pd.DataFrame, incident: str, lang: str | None = None) -> go.Figure:
    """The "3+8" steps of one incident as bars from start to end (open steps run to the log's end)."""
    steps = step_durations(events)
    run_end = float(events["time"].max())
    rows = steps.loc[incident] if incident in steps.index.get_level_values(0) else pd.DataFrame(columns=["start", "end"])
    labels, starts, lengths = [], [], []
    for step in STEPS:
        if step in rows.index:
            start, end = rows.loc[step, "start"], rows.loc[step, "end"]
            end = run_end if pd.isna(end) else end
            labels.append(tr(f"step.{step}", lang))
            starts.append(float(start))
            lengths.append(float(end - start))
    bars = {"type": "bar", "orientation": "h", "y": labels, "x": lengths, "base": starts, "marker": {"color": "#1f77b4"}, "hovertemplate": f"%{{y}}: %{{base:.0f}} + %{{x:.0f}} {minutes(lang)}<extra></extra>"}
    return styled(
        {"data": [bars]},
        "fig.steps",
        lang,
        height=360,
        xaxis={"title": {"text": tr("fig.minutes", lang)}},
        yaxis={"categoryorder": "array", "categoryarray": [tr(f"step.{s}", lang) for s in STEPS], "autorange": "reversed"},
    )


def warning_reach_chart_spec(events: pd.DataFrame, scenario: Scenario, warning_id: str, lang: str | None = None) -> dict:
    """Share of the population warned over time, as a step line from the warning's issue."""
    curve = warned_over_time(events, scenario, warning_id)
    issued = events[(events["kind"] == "warning_issued") & (events["entity"] == warning_id)]["time"]
    x = [float(issued.iloc[0])] if len(issued) else []
    x += curve["time"].tolist()
    y = [0.0] * (1 if len(issued) else 0) + curve["share"].tolist()
    line = {"type": "scatter", "x": x, "y": y, "mode": "lines", "line": {"shape": "hv", "color": "#d62728"}, "name": warning_id,
            "hovertemplate": f"%{{x:.0f}} {minutes(lang)}<br>%{{y:.1%}}<extra></extra>"}
    return styled_spec(
        {"data": [line]},
        "fig.warning_reach",
        lang,
        height=360,
        xaxis={"title": {"text": tr("fig.minutes", lang)}},
        yaxis={"title": {"text": tr("fig.share_warned", lang)}, "range": [0, 1], "tickformat": ".0%"},
    )


def warning_reach_chart(events: pd.DataFrame, scenario: Scenario, warning_id: str, lang: str | None = None) -> go.Figure:
    """:func:`warning_reach_chart_spec` as a plotly figure."""
    return figure(warning_reach_chart_spec(events, scenario, warning_id, lang))
