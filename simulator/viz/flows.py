"""The command chain with the messages that flowed between its units.

The chain graph of :mod:`simulator.viz.command` (units coloured by messages
handled) plus a line for every pair of units that exchanged messages and a
marker at its middle sized by how many. Always four traces, so a console
updates it in place as the drill runs (from :func:`command_flow_data`).
"""

from __future__ import annotations

import math

from typing import TYPE_CHECKING

import pandas as pd

from simulator.i18n import tr
from simulator.viz.command import chain_layout, chain_traces, styled_chain, unit_load
from simulator.viz.style import figure

if TYPE_CHECKING:
    import plotly.graph_objects as go


def message_flows(events: pd.DataFrame, unit_ids: set[str]) -> dict[tuple[str, str], int]:
    """Messages sent between two command units, either way: {(a, b): count} with a < b."""
    sent = events[events["kind"] == "message_sent"]
    counts: dict[tuple[str, str], int] = {}
    for a, b in zip(sent["entity"], sent["unit"]):
        if a in unit_ids and b in unit_ids and a != b:
            key = (a, b) if a < b else (b, a)
            counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def command_flow_data(scenario, events: pd.DataFrame, lang: str | None = None) -> dict:
    """The four traces as a plotly figure dict, without the styled layout.

    Written in the form plotly stores (nested dicts, lists), so a live figure
    can compare it with what it shows and set only what changed.
    """
    edges, nodes = chain_traces(scenario, unit_load(events), lang)
    pos = chain_layout(scenario.command.units)
    flows = message_flows(events, set(pos))
    line_x: list = []
    line_y: list = []
    mid_x, mid_y, sizes, hover = [], [], [], []
    for (a, b), n in flows.items():
        (x0, y0), (x1, y1) = pos[a], pos[b]
        line_x += [x0, x1, None]
        line_y += [y0, y1, None]
        mid_x.append((x0 + x1) / 2)
        mid_y.append((y0 + y1) / 2)
        sizes.append(6 + 4 * math.sqrt(n))
        hover.append(f"{a} ↔ {b}: {tr('flows.messages', lang, count=n)}")
    # flows go between the edges and the nodes, so the nodes stay on top
    lines = {"type": "scatter", "x": line_x, "y": line_y, "mode": "lines", "line": {"color": "rgba(31,119,180,0.5)", "width": 3}, "hoverinfo": "skip", "showlegend": False}
    mids = {"type": "scatter", "x": mid_x, "y": mid_y, "mode": "markers", "marker": {"size": sizes, "color": "rgba(31,119,180,0.8)"}, "hovertext": hover, "hoverinfo": "text", "showlegend": False}
    return {"data": [edges, lines, mids, nodes], "layout": {}}


def command_flow_graph(scenario, events: pd.DataFrame, lang: str | None = None) -> go.Figure:
    return figure(styled_chain(command_flow_data(scenario, events, lang), scenario, "flows.title", lang, unit_load(events)))
