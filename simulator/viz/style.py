"""Shared look of every figure: one template and a CJK-capable font stack.

Figures are built in one go (:func:`styled`) from plain dicts in the form
plotly stores, with plotly's per-value validation off: naming the template
deep-copies and validates it (about 11 ms a figure) and every ``update_layout``
or ``add_trace`` validates again, which was most of a report's time
(benchmarks/README.md). The dicts are ours; ``tests/unit/test_viz_specs.py``
rebuilds each figure with validation on, so a wrong key still fails a test.
"""

from __future__ import annotations

import functools
import json
import pkgutil

import plotly.graph_objects as go

from simulator.i18n import tr
from simulator.viz.map_labels import text_px

# Unquoted family names are valid CSS; plotly passes the string straight through.
# CJK fonts first so Chinese labels never fall back to boxes on Linux.
FONT_FAMILY = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif"
TEMPLATE = "plotly_white"


@functools.cache
def template() -> dict:
    """plotly's ``TEMPLATE`` as the dict it stores, read once from plotly's own file, as ``plotly.io.templates``
    loads it but without building its Template object (40 ms); tests/unit/test_viz_specs.py checks they agree.
    Shared by every figure dict (a figure deep-copies it when built): never changed."""
    return json.loads(pkgutil.get_data("plotly", f"package_data/templates/{TEMPLATE}.json"))


def styled(spec: dict, title_key: str, lang: str | None, *, menus: bool = False, **layout: object) -> go.Figure:
    """:func:`styled_spec` as a plotly figure."""
    return figure(styled_spec(spec, title_key, lang, menus=menus, **layout))


def figure(spec: dict) -> go.Figure:
    """A whole figure dict (ours: :func:`styled_spec`) as a plotly figure, built in one go."""
    # _validate=False (a private argument, there since plotly 4): the validation the tests do instead
    # (frames are validated whatever _validate says: a Frame built unvalidated cannot give its .data back)
    return go.Figure(spec, _validate=False)


def styled_spec(spec: dict, title_key: str, lang: str | None, *, menus: bool = False, **layout: object) -> dict:
    """The figure dict of ``spec`` ({"data": [...], "layout": {...}, "frames": [...]}, plain dicts) with
    the common template, fonts, margins and a translated title; ``layout`` is merged over the
    spec's own layout, nested dicts key by key and None meaning unset (as ``update_layout``).

    ``menus``: the figure has a :func:`dropdown`, so the top margin makes room for it under the title;
    a ``margin`` given overrides the common one side by side.
    """
    margin = {"l": 60, "r": 30, "t": MENU_TOP_MARGIN_PX if menus else 60, "b": 50}
    title = {"text": tr(title_key, lang), "y": 1.0, "yanchor": "top", "pad": {"t": 15}} if menus else {"text": tr(title_key, lang)}
    common = {"template": template(), "title": title, "font": {"family": FONT_FAMILY}, "margin": margin}
    merged = merge(merge(common, spec.get("layout") or {}), layout)
    merged = {k: v for k, v in merged.items() if v != []}  # no shapes, menus...: unset, as validation leaves them
    return {"data": spec.get("data") or [], "layout": merged, **({"frames": spec["frames"]} if spec.get("frames") else {})}


def merge(base: dict, extra: dict) -> dict:
    """``base`` updated by ``extra``: dicts merged key by key, a None dropping the key, anything else replaced."""
    out = dict(base)
    for key, value in extra.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = _unset(value) if isinstance(value, dict) else value
    return out


def _unset(value: dict) -> dict:
    return {k: _unset(v) if isinstance(v, dict) else v for k, v in value.items() if v is not None}


# --- dropdowns -------------------------------------------------------------
# plotly sizes a dropdown to its widest label plus 40 px (plotly.js
# src/components/updatemenus/constants.js: textPadX 24 + arrowPadX 16) in the
# layout's font (12 px). Each menu is given MENU_WIDTH_PX at the top right, in
# a top margin tall enough for it under the title; a label that would not fit
# loses its unit in brackets, then is cut with "…" (the full name is the
# legend's title once chosen).
MENU_FONT_PX = 12
MENU_PAD_PX = 40
MENU_WIDTH_PX = 240
MENU_HEIGHT_PX = 30  # plotly.js minHeight of a menu item
MENU_TOP_MARGIN_PX = 110  # the title (about 45 px) above a menu (30 px) and its 10 px pad
_ELLIPSIS = "…"


def menu_label_px(label: str) -> float:
    """The width plotly gives a dropdown showing ``label``."""
    return text_px(label, MENU_FONT_PX) + MENU_PAD_PX


def fit_menu_label(label: str, width_px: float = MENU_WIDTH_PX) -> str:
    """``label`` as it fits a dropdown ``width_px`` wide: whole, without a trailing "(unit)", or cut with "…"."""
    if menu_label_px(label) <= width_px:
        return label
    if label.endswith(")") and " (" in label:
        bare = label[: label.index(" (")]
        if bare and menu_label_px(bare) <= width_px:
            return bare
    return cut_text(label, width_px - MENU_PAD_PX, MENU_FONT_PX)


def cut_text(label: str, width_px: float, font_px: float = 12) -> str:
    """``label`` whole if it is at most ``width_px`` wide at ``font_px``, else cut to fit with "…"."""
    if text_px(label, font_px) <= width_px:
        return label
    cut = label
    while cut and text_px(cut, font_px) + font_px > width_px:  # "…" is a full em in CJK fonts: count it so
        cut = cut[:-1]
    return cut.rstrip() + _ELLIPSIS


def dropdown(buttons: list[dict], caption: str | None = None) -> tuple[list[dict], list[dict]]:
    """One dropdown at the top right of the figure with labels fitted, and its caption to its left.

    Returns (updatemenus, annotations); give the figure ``margin.t`` of
    ``MENU_TOP_MARGIN_PX`` (``styled(..., menus=True)`` does).
    """
    fitted = [{**b, "label": fit_menu_label(b["label"])} for b in buttons]
    menu = {"buttons": fitted, "direction": "down", "x": 1.0, "xanchor": "right", "y": 1.0, "yanchor": "bottom", "pad": {"b": 10}, "font": {"size": MENU_FONT_PX}}
    notes = []
    if caption:
        widest = max(menu_label_px(b["label"]) for b in fitted)
        notes.append({
            "text": caption, "x": 1.0, "xref": "paper", "xanchor": "right", "xshift": -(widest + 8),
            "y": 1.0, "yref": "paper", "yanchor": "bottom", "yshift": 10 + (MENU_HEIGHT_PX - 18) / 2, "showarrow": False,
        })
    return [menu], notes


# --- count axes and time hovers ------------------------------------------------
def count_axis(largest: float) -> dict:
    """An axis of counts: whole-number ticks only (1, 2, 5, 10, ... apart, at most about 8 of them), from 0."""
    step = 1
    while largest / step > 8:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return {"tickformat": "d", "tick0": 0, "dtick": step, "rangemode": "tozero"}


def minutes(lang: str | None) -> str:
    """The unit word after a time in hovers ("min" / "分钟")."""
    return tr("fig.unit_min", lang)
