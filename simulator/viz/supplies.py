"""Supply figures: stock by tier over time, deliveries (Sankey), unmet demand.

Items have different units, so each figure shows one item at a time with a
menu to switch (the first item is shown first); mixing bottles and pumps on
one axis would mean nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from simulator.i18n import text, tr
from simulator.metrics.supplies import delivery_flows, stock_by_tier, unmet_over_time
from simulator.scenario.models import Scenario
from simulator.scenario.vocabulary import LEVELS
from simulator.viz.style import dropdown, figure, minutes, styled_spec

if TYPE_CHECKING:
    import plotly.graph_objects as go

_TIER_COLOURS = {"city": "#1f77b4", "district": "#2ca02c", "township": "#ff7f0e", "village": "#9467bd", "grid": "#8c564b"}
_DASHES = {"government": "solid", "agreement": "dash", "capacity": "dot"}
_KIND_ORDER = ("government", "agreement", "capacity")


def _group_order(group: tuple[str, str]) -> tuple[int, int]:
    """City first, down to the grid; government stock before enterprise reserves."""
    tier, kind = group
    return (-LEVELS.index(tier) if tier in LEVELS else 0, _KIND_ORDER.index(kind) if kind in _KIND_ORDER else 9)


def supply_names(scenario: Scenario, lang: str | None = None) -> dict[str, str]:
    """Display names of items (with their unit), depots, shelters and places, by id."""
    names = {p.id: text(p.name, lang) for p in scenario.places}
    names |= {d.id: text(d.name, lang) for d in scenario.depots}
    names |= {s.id: text(s.name, lang) for s in scenario.shelters}
    names |= {i.id: f"{text(i.name, lang)} ({text(i.unit, lang)})" for i in scenario.items}
    return names


def _item_menus(items: list[str], traces_per_item: list[int], names: dict[str, str], lang: str | None = None) -> tuple[list[dict], list[dict]]:
    """A dropdown with one button per item showing only that item's traces (the legend titled with its
    full name), and its caption: (updatemenus, annotations), see :func:`simulator.viz.style.dropdown`."""
    buttons = []
    for k, item in enumerate(items):
        visible = [j == k for j, n in enumerate(traces_per_item) for _ in range(n)]
        buttons.append({"label": names.get(item, item), "method": "update", "args": [{"visible": visible}, {"legend.title.text": names.get(item, item)}]})
    return dropdown(buttons, tr("fig.choose_item", lang))


def _items(frame: pd.DataFrame, names: dict[str, str]) -> list[str]:
    present = sorted(frame["item"].unique()) if len(frame) else []
    return [i for i in names if i in present] + [i for i in present if i not in names]


def _by_item(frame: pd.DataFrame, items: list[str]) -> list[tuple[str, pd.DataFrame]]:
    """``frame``'s rows of each of ``items``, in that order (split once, rows in their order)."""
    parts = dict(tuple(frame.groupby("item", sort=False))) if len(frame) else {}
    return [(item, parts[item]) for item in items]


def stock_by_tier_data(events: pd.DataFrame, names: dict[str, str] | None = None, lang: str | None = None) -> dict:
    """The stock lines and the item menu as a plotly figure dict, without the styled layout.

    Written in the form plotly stores (nested dicts, lists), so a live figure
    can compare it with what it shows and set only what changed.
    """
    names = names or {}
    levels = stock_by_tier(events)
    end = float(events["time"].max()) if len(events) else 0.0
    items = _items(levels, names)
    # split once (rows keep their time order) rather than filtering per item and tier
    series = {key: (part["time"].tolist(), part["on_hand"].tolist()) for key, part in levels.groupby(["item", "tier", "kind"], sort=False)}
    traces, counts = [], []
    for k, item in enumerate(items):
        groups = sorted(((t, kind) for i, t, kind in series if i == item), key=lambda g: (_group_order(g), g))
        for tier, kind in groups:
            times, on_hand = series[(item, tier, kind)]
            name = tr(f"level.{tier}", lang) if kind == "government" else f"{tr(f'level.{tier}', lang)} · {tr(f'depot_kind.{kind}', lang)}"
            line = {"dash": _DASHES.get(kind, "solid"), "shape": "hv"}
            if tier in _TIER_COLOURS:  # no None colour: plotly would drop it, and the dict is in plotly's form
                line["color"] = _TIER_COLOURS[tier]
            traces.append({"type": "scatter", "x": [*times, end], "y": [*on_hand, on_hand[-1]], "mode": "lines", "name": name, "line": line, "visible": k == 0,
                           "hovertemplate": f"{name}<br>%{{x:.0f}} {minutes(lang)}: %{{y:,.1~f}}<extra></extra>"})
        counts.append(len(groups))
    layout: dict = {"legend": {"title": {"text": names.get(items[0], items[0]) if items else ""}}}
    if len(items) > 1:
        layout["updatemenus"], layout["annotations"] = _item_menus(items, counts, names, lang)
    return {"data": traces, "layout": layout}


def stock_by_tier_chart_spec(events: pd.DataFrame, names: dict[str, str] | None = None, lang: str | None = None) -> dict:
    """Stock on hand over time, a step line per tier (enterprise reserves dashed), an item at a time."""
    data = stock_by_tier_data(events, names, lang)
    return styled_spec(data, "fig.stock_by_tier", lang, menus="updatemenus" in data["layout"], height=420,
                  xaxis={"title": {"text": tr("fig.minutes", lang)}}, yaxis={"title": {"text": tr("fig.stock_on_hand", lang)}})


def stock_by_tier_chart(events: pd.DataFrame, names: dict[str, str] | None = None, lang: str | None = None) -> go.Figure:
    """:func:`stock_by_tier_chart_spec` as a plotly figure."""
    return figure(stock_by_tier_chart_spec(events, names, lang))


def _node_label(node: str, names: dict[str, str], lang: str | None) -> str:
    kind, _, ref = node.partition(":")
    return tr("fig.suppliers", lang) if kind == "external" else names.get(ref, ref)


def delivery_sankey_spec(events: pd.DataFrame, names: dict[str, str] | None = None, lang: str | None = None) -> dict:
    """Quantities delivered from depots to sites (incident sites by place), an item at a time.

    Transfers between depots and stock coming in from suppliers or production
    appear as flows into the depots, so the path through the tiers shows.
    """
    names = names or {}
    flows = delivery_flows(events)
    flows["source"] = flows["source"].where(~flows["source"].str.startswith("external:"), "external:")
    flows = flows.groupby(["item", "source", "target"], as_index=False, sort=True)["quantity"].sum()
    items = _items(flows, names)
    traces = []
    for k, (item, part) in enumerate(_by_item(flows, items)):
        nodes = list(dict.fromkeys([*part["source"], *part["target"]]))
        index = {n: i for i, n in enumerate(nodes)}
        traces.append({
            "type": "sankey", "visible": k == 0,
            "node": {"label": [_node_label(n, names, lang) for n in nodes], "pad": 12, "thickness": 14},
            "link": {"source": [index[s] for s in part["source"]], "target": [index[t] for t in part["target"]], "value": part["quantity"].tolist()},
            "name": names.get(item, item),
        })
    layout: dict = {}
    if len(items) > 1:
        layout["updatemenus"], layout["annotations"] = _item_menus(items, [1] * len(items), names, lang)
    return styled_spec({"data": traces, "layout": layout}, "fig.deliveries", lang, menus=len(items) > 1, height=max(420, 22 * len(set(flows["target"])) + 120))


def delivery_sankey(events: pd.DataFrame, names: dict[str, str] | None = None, lang: str | None = None) -> go.Figure:
    """:func:`delivery_sankey_spec` as a plotly figure."""
    return figure(delivery_sankey_spec(events, names, lang))


def unmet_demand_chart_spec(events: pd.DataFrame, names: dict[str, str] | None = None, lang: str | None = None) -> dict:
    """Unmet quantity of an item over time (a menu for the others; items have different units).

    Two step lines (:func:`simulator.metrics.supplies.unmet_over_time`): the
    cumulative shortfall (shelter needs not met and requests short when made;
    it never falls) and, dashed, what of it is still unmet (it falls when
    stock found later fills an incident's owed request).
    """
    names = names or {}
    unmet = unmet_over_time(events)
    end = float(events["time"].max()) if len(events) else 0.0
    items = _items(unmet, names)
    unit = minutes(lang)
    traces = []
    for k, (item, rows) in enumerate(_by_item(unmet, items)):
        x = [0.0, *rows["time"].tolist(), end]
        for column, key, dash in (("cumulative", "fig.unmet_cumulative", "solid"), ("outstanding", "fig.unmet_outstanding", "dash")):
            values = rows[column].tolist()
            traces.append({
                "type": "scatter", "x": x, "y": [0.0, *values, values[-1]], "mode": "lines", "line": {"shape": "hv", "dash": dash, "color": "#d62728"},
                "visible": k == 0, "name": tr(key, lang), "hovertemplate": f"%{{x:.0f}} {unit}<br>{tr(key, lang)}: %{{y:,.1~f}}<extra></extra>",
            })
    layout: dict = {"legend": {"title": {"text": names.get(items[0], items[0]) if items else ""}}}
    if len(items) > 1:
        layout["updatemenus"], layout["annotations"] = _item_menus(items, [2] * len(items), names, lang)
    return styled_spec({"data": traces, "layout": layout}, "fig.unmet_demand", lang, menus=len(items) > 1, height=400,
                  xaxis={"title": {"text": tr("fig.minutes", lang)}}, yaxis={"title": {"text": tr("fig.unmet_quantity", lang)}, "rangemode": "tozero"})


def unmet_demand_chart(events: pd.DataFrame, names: dict[str, str] | None = None, lang: str | None = None) -> go.Figure:
    """:func:`unmet_demand_chart_spec` as a plotly figure."""
    return figure(unmet_demand_chart_spec(events, names, lang))


def has_supplies(events: pd.DataFrame) -> bool:
    """Whether a log has anything to show in the supply figures."""
    return bool(events["kind"].isin(["stock_initial", "supply_requested"]).any())
