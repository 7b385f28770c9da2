"""The command chain as a graph: level on the y axis, a tidy tree along x."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from plotly.colors import get_colorscale

from simulator.i18n import text, tr
from simulator.scenario.vocabulary import level_rank
from simulator.viz.map_labels import visible_labels
from simulator.viz.style import figure, styled_spec

if TYPE_CHECKING:
    import plotly.graph_objects as go

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


# The chain's labels are chosen for the narrowest width it is shown at
# (plotly's default 700 px, a notebook cell; the report is wider), so none of
# the printed ones overlap there and fewer than there could at a wider one.
CHAIN_WIDTH_PX = 700
CHAIN_HEIGHT_PX = 520
CHAIN_MARGIN = {"l": 60, "r": 30, "t": 60, "b": 50}
CHAIN_FONT_PX = 10
COLORBAR_PX = 100  # what a load colour bar takes from the plot's width
_Y_PAD = (0.5, 0.6)  # the y range beyond the lowest and highest level


def chain_frame(units, load: dict[str, float] | None = None) -> dict:
    """Where the chain's plot lies in pixels at ``CHAIN_WIDTH_PX``: x and y ranges and pixels per unit of each."""
    pos = chain_layout(units)
    xs = [x for x, _ in pos.values()] or [0.0]
    present = sorted({level_rank(u.level) for u in units}) or [0]
    x_range = [min(xs) - 0.5, max(xs) + 0.5]
    y_range = [min(present) - _Y_PAD[0], max(present) + _Y_PAD[1]]
    width = CHAIN_WIDTH_PX - CHAIN_MARGIN["l"] - CHAIN_MARGIN["r"] - (COLORBAR_PX if load is not None else 0)
    height = CHAIN_HEIGHT_PX - CHAIN_MARGIN["t"] - CHAIN_MARGIN["b"]
    return {"pos": pos, "x_range": x_range, "y_range": y_range, "px_x": width / (x_range[1] - x_range[0]), "px_y": height / (y_range[1] - y_range[0])}


def chain_labels(units, lang: str | None = None, load: dict[str, float] | None = None) -> tuple[list[str], list[str], dict]:
    """Each unit's printed name ("" where it would overlap one already printed) and its text position.

    Higher levels first, then the busier unit (``load``), then by name
    (:func:`simulator.viz.map_labels.visible_labels` on the figure's pixels);
    every unit keeps its full name in its hover. Also returns the frame.
    """
    frame = chain_frame(units, load)
    pos = frame["pos"]
    names = [text(u.name, lang) for u in units]
    where = [_label_position(u, pos) for u in units]
    points = [(pos[u.id][0] * frame["px_x"], pos[u.id][1] * frame["px_y"]) for u in units]
    importance = [(level_rank(u.level), (load or {}).get(u.id, 0.0)) for u in units]
    show = visible_labels(points, names, importance, 1.0, CHAIN_FONT_PX, where)
    return [n if s else "" for n, s in zip(names, show)], where, frame


def chain_traces(scenario, load: dict[str, float] | None = None, lang: str | None = None, *, load_label: str | None = None) -> tuple[dict, dict]:
    """The chain's edges (unit -> parent) and nodes (coloured by ``load`` when given), as trace dicts
    in the form plotly stores them (see :func:`simulator.viz.flows.command_flow_data`)."""
    units = scenario.command.units
    shown, where, frame = chain_labels(units, lang, load)
    pos = frame["pos"]
    edge_x: list[float | None] = []
    edge_y: list[float | None] = []
    for u in units:
        if u.parent in pos:
            edge_x += [pos[u.id][0], pos[u.parent][0], None]
            edge_y += [pos[u.id][1], pos[u.parent][1], None]
    label = load_label or tr("fig.unit_load", lang)
    hover = []
    for u in units:
        line = f"{u.name.zh} / {u.name.en}<br>{tr('level.' + u.level, lang)}"
        if load is not None:
            line += f"<br>{label}: {load.get(u.id, 0.0):g}"
        hover.append(line)
    # markers no wider than the room a leaf has, so a wide chain's nodes do not merge
    size = max(6.0, min(16.0, 0.8 * frame["px_x"]))
    marker: dict = {"size": size, "line": {"width": 1, "color": "#333"}, "color": "#7fa7d9"}
    if load is not None:  # the named scale spelt out, as plotly's validation would (viz.style builds unvalidated)
        marker.update(color=[float(load.get(u.id, 0.0)) for u in units], colorscale=get_colorscale("YlOrRd"), showscale=True, colorbar={"title": {"text": label}})
    edges = {"type": "scatter", "x": edge_x, "y": edge_y, "mode": "lines", "line": {"color": "#aaa", "width": 1}, "hoverinfo": "skip", "showlegend": False}
    nodes = {
        "type": "scatter",
        "x": [pos[u.id][0] for u in units],
        "y": [pos[u.id][1] for u in units],
        "mode": "markers+text",
        "text": shown,
        "textposition": where,
        "textfont": {"size": CHAIN_FONT_PX},
        "customdata": [u.id for u in units],
        "hovertext": hover,
        "hoverinfo": "text",
        "marker": marker,
        "showlegend": False,
    }
    return edges, nodes


def styled_chain(spec: dict, scenario, title_key: str, lang: str | None = None, load: dict[str, float] | None = None) -> dict:
    """The figure dict of ``spec`` (:func:`simulator.viz.style.styled_spec`) in the chain's layout:
    levels up the y axis (city on top), no x axis; ranges as :func:`chain_frame` assumed."""
    units = scenario.command.units
    frame = chain_frame(units, load)
    present = sorted({level_rank(u.level) for u in units})
    levels = {level_rank(u.level): u.level for u in units}
    return styled_spec(
        spec,
        title_key,
        lang,
        height=CHAIN_HEIGHT_PX,
        margin=CHAIN_MARGIN,
        xaxis={"visible": False, "range": frame["x_range"]},
        yaxis={"tickmode": "array", "tickvals": present, "ticktext": [tr("level." + levels[r], lang) for r in present], "range": frame["y_range"]},
    )


def command_chain_graph_spec(
    scenario,
    load: dict[str, float] | None = None,
    lang: str | None = None,
    *,
    load_label: str | None = None,
) -> dict:
    """Nodes = command units, edges = unit -> parent; colour by ``load`` when given."""
    return styled_chain({"data": list(chain_traces(scenario, load, lang, load_label=load_label))}, scenario, "fig.command_chain", lang, load)


def command_chain_graph(
    scenario,
    load: dict[str, float] | None = None,
    lang: str | None = None,
    *,
    load_label: str | None = None,
) -> go.Figure:
    """:func:`command_chain_graph_spec` as a plotly figure."""
    return figure(command_chain_graph_spec(scenario, load, lang, load_label=load_label))
