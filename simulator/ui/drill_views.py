"""What the drill console shows as figures: live plotly figures updated in place.

Figures are ``LiveFigure``s (plotly FigureWidgets) filled once with the
styled figure. After that each refresh takes the builder's figure dict (its
``*_data`` function: the traces without the styled layout, whose template is
most of what building a figure costs) and sets only what changed in the
existing traces (the builders keep a fixed set of traces), so the room sees
the map move rather than a redraw.

A figure is made the first time it is asked for, and kept up to date only
while it shows (its tab is open) or when read: plotly's widget module takes
seconds to import and each figure sends its 5-MB front end to the page, so
the console's first paint waits for none of them, and a step redraws only
what the room can see. The HTML panels are in :mod:`simulator.ui.drill_panels`.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets
import plotly.graph_objects as go

from simulator.drill import DrillSession
from simulator.i18n import text, tr
from simulator.metrics.kpis import incident_kpis
from simulator.ui.drill_panels import clock_html, clock_label, feed_html, kpi_cards, log_html, names_of, scorecard_html  # noqa: F401 (the panels were here once)
from simulator.viz.drill_map import drill_map, drill_map_data
from simulator.viz.flows import command_flow_data, command_flow_graph
from simulator.viz.gantt import team_gantt, team_gantt_data
from simulator.viz.msel_timeline import MselRow, msel_timeline, msel_timeline_data
from simulator.viz.supplies import has_supplies, stock_by_tier_chart, stock_by_tier_data, supply_names

FIGURES = ("msel", "map", "command", "gantt", "stock")
DEFAULT_HEIGHTS = {"msel": 170, "map": 520, "command": 560, "gantt": 560, "stock": 560}


def _equal(a, b) -> bool:
    try:
        return bool(a == b)
    except ValueError:  # numpy arrays inside: say changed, and plotly sorts it out
        return False


def _plain(value):
    """A widget's layout value as plain dicts and lists (tuples of shapes, menus)."""
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value.to_plotly_json() if hasattr(value, "to_plotly_json") else value


def fill(widget: go.FigureWidget, fig: go.Figure) -> None:
    """Put the styled ``fig`` into an empty ``widget``: its traces and its whole layout."""
    with widget.batch_update():
        widget.add_traces(list(fig.data))
        widget.update_layout(fig.layout.to_plotly_json(), overwrite=True)


def refresh(widget: go.FigureWidget, fig: dict, layout: tuple[str, ...] = ()) -> None:
    """Put a figure dict into a filled ``widget`` in place: trace by trace when they line up, else swap the traces.

    Only what differs from what the widget holds is set, as one update: plotly
    validates every value it is given, and between two steps most traces do
    not move. Of the layout only the ``layout`` keys, which move with the data.
    """
    traces = fig["data"]
    with widget.batch_update():
        if len(widget.data) == len(traces) and all(old.type == new.get("type", "scatter") for old, new in zip(widget.data, traces)):
            for old, new in zip(widget.data, traces):
                held = old.to_plotly_json()
                changed = {k: v for k, v in new.items() if k not in ("type", "uid") and not _equal(v, held.get(k))}
                if changed:
                    old.update(changed, overwrite=True)
        else:
            widget.data = []
            widget.add_traces(traces)
        changed = {k: fig["layout"].get(k, ()) for k in layout}
        changed = {k: v for k, v in changed.items() if not _equal(_plain(v), _plain(widget.layout[k]))}
        if changed:
            widget.update_layout(changed, overwrite=True)


def show(widget: go.FigureWidget, figure: Callable[[], go.Figure], data: Callable[[], dict], layout: tuple[str, ...] = ()) -> None:
    """The styled ``figure()`` the first time, then ``data()`` (see ``refresh``)."""
    if widget.data:
        refresh(widget, data(), layout)
    else:
        fill(widget, figure())


class LiveFigures:
    """The inject-plan timeline, the map, the command graph with message flows, the team Gantt and stock levels.

    Each figure lives in its own box (``box(name)``) that the console places;
    the figure itself is made on first use (``figures.map``) and then filled
    from the last session it was given.
    """

    def __init__(self, heights: dict[str, int] | None = None) -> None:
        self.heights = {**DEFAULT_HEIGHTS, **(heights or {})}
        self.kpis = widgets.HTML()
        self.kpis.add_class("drill-kpis-box")
        self._made: dict = {}
        self._boxes = {name: widgets.Box(layout=widgets.Layout(width="100%")) for name in FIGURES}
        self._note = widgets.HTML()  # says why the stock chart is hidden
        self._stock_box = widgets.Box(layout=widgets.Layout(width="100%"))  # hidden while nothing moves
        self.visible: set[str] = set()
        self._stale: set[str] = set()
        self._session: DrillSession | None = None
        self._lang = "en"

    def box(self, name: str) -> widgets.Box:
        return self._boxes[name]

    @property
    def made(self) -> tuple[str, ...]:
        """The figures made so far (each one's front end has gone to the page)."""
        return tuple(self._made)

    def _figure(self, name: str):
        if name not in self._made:
            # imported here, not at the top: plotly's widget module pulls in nbformat and
            # jsonschema (1.5-3.5 s), which the console's first paint should not wait for
            from simulator.ui.live_figure import LiveFigure

            fig = LiveFigure()
            fig.layout.height = self.heights[name]
            fig.add_class(f"drill-{name}")  # for the browser tests
            self._made[name] = fig
            self._boxes[name].children = [fig] if name != "stock" else [self._note, self._stock_box]
            if name == "stock":
                self._stock_box.children = [fig]
            self._stale.add(name)
        if name in self._stale and self._session is not None:
            self._stale.discard(name)
            fig = self._made[name]
            self._draw(name, fig)
            if fig.layout.height != self.heights[name]:  # the styled figure brings its own height: the screen's wins
                fig.layout.height = self.heights[name]
        return self._made[name]

    msel = property(lambda self: self._figure("msel"))
    map = property(lambda self: self._figure("map"))
    command = property(lambda self: self._figure("command"))
    gantt = property(lambda self: self._figure("gantt"))
    stock = property(lambda self: self._figure("stock"))

    def close(self) -> None:
        """Close the figures made so far (their front ends leave the page)."""
        for fig in self._made.values():
            fig.close()
        self._made.clear()

    def show(self, names) -> None:
        """The figures ``names`` are on screen now: make them, and keep them current from here on."""
        self.visible = set(names)
        if self._session is not None:  # before a drill there is nothing to draw: nothing is made
            for name in self.visible:
                self._figure(name)

    def update(self, session: DrillSession, lang: str) -> None:
        """Redraw what shows from the session's log; what does not show is redrawn when it next does."""
        self._session, self._lang = session, lang
        self._stale = set(FIGURES)
        for name in self.visible:
            self._figure(name)
        kpis = incident_kpis(session.events(), session.horizon, [t.id for t in session.scenario.teams])  # all the cards show
        self.kpis.value = kpi_cards(kpis, session, lang)

    def _draw(self, name: str, widget) -> None:
        session, lang = self._session, self._lang
        events = session.events()
        sc, now, horizon = session.scenario, session.now, session.horizon
        if name == "msel":
            rows = msel_rows(session, lang)
            show(widget, lambda: msel_timeline(rows, now, horizon, lang, self.heights["msel"]), lambda: msel_timeline_data(rows, now, lang), layout=("shapes",))
        elif name == "map":
            show(widget, lambda: drill_map(sc, events, lang), lambda: drill_map_data(sc, events, lang))
        elif name == "command":
            show(widget, lambda: command_flow_graph(sc, events, lang), lambda: command_flow_data(sc, events, lang))
        elif name == "gantt":
            teams = {t.id: text(t.name, lang) for t in sc.teams}
            incidents = gantt_incident_names(session, lang)
            show(widget, lambda: team_gantt(events, teams, lang, now, horizon, incidents), lambda: team_gantt_data(events, lang, now, incidents), layout=("shapes",))
        elif name == "stock":
            if not has_supplies(events):
                self._note.value = f"<p>{escape(tr('console.no_supplies', lang))}</p>"
                self._stock_box.layout.display = "none"
                return
            self._note.value, self._stock_box.layout.display = "", None
            items = supply_names(sc, lang)
            show(widget, lambda: stock_by_tier_chart(events, items, lang), lambda: stock_by_tier_data(events, items, lang), layout=("updatemenus",))


def gantt_incident_names(session: DrillSession, lang: str) -> dict[str, str]:
    """Every incident of the drill so far by its name, for the Gantt's hover."""
    names = names_of(session, lang)
    return {i: names.incident(i) for i in session.world.incidents}


def msel_rows(session: DrillSession, lang: str) -> list[MselRow]:
    """The drill's inject plan (planned and added) as timeline rows: delivered, due or upcoming."""
    names = names_of(session, lang)
    delivered = {f.ref for f in session.played_injects()}
    rows = []
    for inj in session.all_injects():
        state = "delivered" if inj.id in delivered else ("due" if inj.time <= session.now else "upcoming")
        rows.append(MselRow(
            inj.time, text(inj.text, lang), names.target(inj.target), state, inj.id,
            unplanned=inj.id in session.extra_injects, conditional=getattr(inj, "condition", None) is not None,
        ))
    return rows
