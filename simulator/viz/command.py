"""The command chain as a graph: level on the y axis, a tidy tree along x."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from simulator.i18n import text, tr
from simulator.scenario.vocabulary import level_rank
from simulator.viz.style import styled

# How far below its parent a same-level child sits (a fraction of one level).
_SIDE_DROP = 0.35


def unit_load(events: pd.DataFrame) -> dict[str, float]:
    """Messages handled per command unit (``message_handled`` events by ``unit``)."""
    handled = events.loc[events["kind"] == "message_handled", "unit"]
    return {str(u): float(n) for u, n in handled.value_counts().sort_index().items()}


def chain_layout(units) -> dict[str, tuple[float, float]]:
    """Position per unit id: y = level rank (city 4 on top), x from a tidy tree.

    Leaves take consecutive x slots in depth-first scenario order and a parent
    sits at the mean of its children, so each subtree owns a contiguous x range
    and no two units of one level collide. A child at its parent's own level
    (a specialised HQ under the general HQ) goes between the parent's
    subordinates and a little lower, so its link stays short and crosses no
    node. Deterministic: same scenario, same picture.
    """
    ids = {u.id for u in units}
    rank = {u.id: level_rank(u.level) for u in units}
    children: dict[str | None, list[str]] = {}
    for u in units:
        children.setdefault(u.parent if u.parent in ids else None, []).append(u.id)
    pos: dict[str, tuple[float, float]] = {}
    next_slot = 0

    def place(uid: str, y: float) -> float:
        nonlocal next_slot
        pos[uid] = (float("nan"), y)  # mark visited: guards against a cycle in unvalidated input
        kids = [k for k in children.get(uid, []) if k not in pos]
        down = [k for k in kids if rank[k] < rank[uid]]
        side = [k for k in kids if rank[k] >= rank[uid]]
        half = len(down) // 2
        xs = [place(k, y - _SIDE_DROP if k in side else float(rank[k])) for k in down[:half] + side + down[half:]]
        if xs:
            x = sum(xs) / len(xs)
        else:
            x, next_slot = float(next_slot), next_slot + 1
        pos[uid] = (x, y)
        return x

    for root in children.get(None, []):
        place(root, float(rank[root]))
    for u in units:  # anything unreachable (a cycle) still gets a slot
        if u.id not in pos:
            place(u.id, float(rank[u.id]))
    return {u.id: pos[u.id] for u in units}


def _label_position(unit, pos: dict[str, tuple[float, float]]) -> str:
    """Above the node, except a same-level child (drawn next to its parent):
    its label points away from the parent so sibling labels do not overlap."""
    if unit.parent not in pos or pos[unit.parent][1] - pos[unit.id][1] >= 1:
        return "top center"
    dx = pos[unit.id][0] - pos[unit.parent][0]
    return "middle left" if dx < 0 else "middle right" if dx > 0 else "bottom center"


def chain_traces(scenario, load: dict[str, float] | None = None, lang: str | None = None, *, load_label: str | None = None) -> tuple[dict, dict]:
    """The chain's edges (unit -> parent) and nodes (coloured by ``load`` when given), as trace dicts
    in the form plotly stores them (see :func:`simulator.viz.flows.command_flow_data`)."""
    units = scenario.command.units
    pos = chain_layout(units)
    edge_x: list[float | None] = []
    edge_y: list[float | None] = []
    for u in units:
        if u.parent in pos:
            edge_x += [pos[u.id][0], pos[u.parent][0], None]
            edge_y += [pos[u.id][1], pos[u.parent][1], None]
    label = load_label or tr("fig.unit_load", lang)
    hover, shown, where = [], [], []
    for u in units:
        line = f"{u.name.zh} / {u.name.en}<br>{tr('level.' + u.level, lang)}"
        if load is not None:
            line += f"<br>{label}: {load.get(u.id, 0.0):g}"
        hover.append(line)
        # village/grid names are too many to print side by side: hover only
        shown.append(text(u.name, lang) if level_rank(u.level) >= level_rank("township") else "")
        where.append(_label_position(u, pos))
    marker: dict = {"size": 16, "line": {"width": 1, "color": "#333"}, "color": "#7fa7d9"}
    if load is not None:
        marker.update(color=[float(load.get(u.id, 0.0)) for u in units], colorscale="YlOrRd", showscale=True, colorbar={"title": {"text": label}})
    edges = {"type": "scatter", "x": edge_x, "y": edge_y, "mode": "lines", "line": {"color": "#aaa", "width": 1}, "hoverinfo": "skip", "showlegend": False}
    nodes = {
        "type": "scatter",
        "x": [pos[u.id][0] for u in units],
        "y": [pos[u.id][1] for u in units],
        "mode": "markers+text",
        "text": shown,
        "textposition": where,
        "textfont": {"size": 10},
        "customdata": [u.id for u in units],
        "hovertext": hover,
        "hoverinfo": "text",
        "marker": marker,
        "showlegend": False,
    }
    return edges, nodes


def styled_chain(fig: go.Figure, scenario, title_key: str, lang: str | None = None) -> go.Figure:
    """The chain's layout: levels up the y axis (city on top), no x axis."""
    units = scenario.command.units
    present = sorted({level_rank(u.level) for u in units})
    levels = {level_rank(u.level): u.level for u in units}
    return styled(
        fig,
        title_key,
        lang,
        height=520,
        xaxis={"visible": False},
        yaxis={"tickmode": "array", "tickvals": present, "ticktext": [tr("level." + levels[r], lang) for r in present], "range": [min(present) - 0.5, max(present) + 0.6]},
    )


def command_chain_graph(
    scenario,
    load: dict[str, float] | None = None,
    lang: str | None = None,
    *,
    load_label: str | None = None,
) -> go.Figure:
    """Nodes = command units, edges = unit -> parent; colour by ``load`` when given."""
    fig = go.Figure(list(chain_traces(scenario, load, lang, load_label=load_label)))
    return styled_chain(fig, scenario, "fig.command_chain", lang)
