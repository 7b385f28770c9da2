"""The inject plan (MSEL) on a time line: what was delivered, what is due, what comes next, and to whom.

One lane per addressee (a seat or command unit, or the whole room), one
marker per inject at its planned minute, coloured by its state: delivered
(filled), due but not delivered (its minute has passed: held, or waiting
for its condition), upcoming (hollow). A dotted line marks now. Built from
plain rows (see :class:`MselRow`), so the console, a report or a test can
draw it from whatever holds the plan. Always three traces, so a console
updates it in place (from :func:`msel_timeline_data`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.i18n import tr
from simulator.viz.style import styled

if TYPE_CHECKING:
    import plotly.graph_objects as go

STATES = ("delivered", "due", "upcoming")
_MARKERS = {
    "delivered": {"symbol": "circle", "color": "#2e7d32", "line": {"width": 1, "color": "#1b5e20"}},
    "due": {"symbol": "diamond", "color": "#ef6c00", "line": {"width": 1, "color": "#bf360c"}},
    "upcoming": {"symbol": "circle-open", "color": "#1565c0", "line": {"width": 2, "color": "#1565c0"}},
}


@dataclass(frozen=True)
class MselRow:
    """One inject of the plan, already worded for the reader."""

    time: float
    text: str  # what the inject says, in the reader's language
    target: str  # whom it is addressed to, by name ("" for the whole room)
    state: str  # one of STATES
    ref: str = ""  # the inject's id, kept for clicks and tests (never shown)
    unplanned: bool = False  # added by the facilitator during the drill
    conditional: bool = False  # fires only when its condition holds (it may never)


def clock_text(minutes: float) -> str:
    whole = int(round(minutes))
    return f"T+{whole // 60:02d}:{whole % 60:02d}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def lanes(rows: list[MselRow], lang: str | None = None) -> list[str]:
    """The lanes top to bottom: the whole room first, then addressees in order of their first inject."""
    everyone = tr("msel.everyone", lang)
    seen = dict.fromkeys([everyone] if any(not r.target for r in rows) else [])
    for r in sorted(rows, key=lambda r: r.time):
        seen.setdefault(r.target or everyone, None)
    return list(seen)


def msel_timeline_data(rows: list[MselRow], now: float, lang: str | None = None) -> dict:
    """The three state traces and the ``now`` line as a plotly figure dict, without the styled layout."""
    everyone = tr("msel.everyone", lang)
    traces = []
    for state in STATES:
        part = [r for r in rows if r.state == state]
        traces.append({
            "type": "scatter", "mode": "markers", "name": tr(f"msel.{state}", lang),
            "x": [r.time for r in part], "y": [r.target or everyone for r in part],
            "marker": {"size": 14, **_MARKERS[state]},
            "customdata": [r.ref for r in part],
            "hovertext": [
                f"{clock_text(r.time)} · {r.target or everyone}<br>{_short(r.text)}"
                + (f" {tr('msel.unplanned', lang)}" if r.unplanned else "") + (f" {tr('msel.conditional', lang)}" if r.conditional else "")
                for r in part
            ],
            "hoverinfo": "text",
        })
    shapes = [{"type": "line", "x0": now, "x1": now, "yref": "paper", "y0": 0, "y1": 1, "line": {"color": "#333", "dash": "dot", "width": 2}}]
    return {"data": traces, "layout": {"shapes": shapes}}


def msel_timeline(rows: list[MselRow], now: float, horizon: float, lang: str | None = None, height: int = 170) -> go.Figure:
    """The styled figure: minutes on x (ticks as T+hh:mm) up to ``horizon``, one lane per addressee."""
    order = lanes(rows, lang)
    step = max(30, 60 * round(horizon / 8 / 60)) if horizon > 240 else 30
    ticks = [t for t in range(0, int(horizon) + 1, int(step))]
    # a strip on the screen: a small title and little margin (the template's are for full-size figures)
    return styled(
        msel_timeline_data(rows, now, lang), "msel.title", lang, height=height,
        xaxis={"range": [-horizon * 0.01, horizon * 1.01], "tickvals": ticks, "ticktext": [clock_text(t) for t in ticks], "zeroline": False},
        yaxis={"categoryorder": "array", "categoryarray": order[::-1], "automargin": True, "tickfont": {"size": 11}},
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.12, "font": {"size": 11}},
        showlegend=True,
        margin={"l": 150, "r": 10, "t": 28, "b": 24},
        title={"font": {"size": 14}, "x": 0.01, "y": 0.98},
    )
