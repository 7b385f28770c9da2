"""What the drill console shows: live figures updated in place, and HTML panels.

Figures are ``LiveFigure``s (plotly FigureWidgets) created once and filled with the styled
figure. After that each refresh takes the builder's figure dict (its
``*_data`` function: the traces without the styled layout, whose template is
most of what building a figure costs) and sets only what changed in the
existing traces (the builders keep a fixed set of traces), so the room sees
the map move rather than a redraw. The panels (clock, inject feed, decision
log, KPI cards, score card) are plain HTML strings built here from the
session, in the console's language.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as widgets
import plotly.graph_objects as go

from simulator.drill import DrillSession, ScoreCard
from simulator.drill.actions import ADD_INJECT
from simulator.drill.refusals import refusal_text
from simulator.i18n import text, tr
from simulator.metrics.kpis import incident_kpis
from simulator.metrics.select import of_kind
from simulator.ui.live_figure import LiveFigure
from simulator.viz.drill_map import drill_map, drill_map_data
from simulator.viz.flows import command_flow_data, command_flow_graph
from simulator.viz.gantt import team_gantt, team_gantt_data
from simulator.viz.supplies import has_supplies, stock_by_tier_chart, stock_by_tier_data, supply_names

KPI_CARDS = ("incidents_total", "incidents_unmet", "report_latency_mean", "first_arrival_mean", "team_utilisation_mean", "supply_fill_rate")


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


def clock_label(minutes: float) -> str:
    whole = int(round(minutes))
    return f"T+{whole // 60:02d}:{whole % 60:02d}"


class LiveFigures:
    """The map, the command graph with message flows, the team Gantt and stock levels."""

    def __init__(self) -> None:
        self.map = LiveFigure()
        self.command = LiveFigure()
        self.gantt = LiveFigure()
        self.stock = LiveFigure()
        self.kpis = widgets.HTML()
        for name in ("map", "command", "gantt", "stock"):
            getattr(self, name).layout.height = 420
            getattr(self, name).add_class(f"drill-{name}")  # for the browser tests
        self.stock_box = widgets.Box([self.stock], layout=widgets.Layout(display="none"))
        self.widget = widgets.VBox([
            self.kpis,
            widgets.HBox([widgets.Box([self.map], layout=widgets.Layout(width="50%")), widgets.Box([self.command], layout=widgets.Layout(width="50%"))]),
            self.gantt,
            self.stock_box,
        ])

    def update(self, session: DrillSession, lang: str) -> None:
        """Redraw from the session's log."""
        events = session.events()
        sc, now, horizon = session.scenario, session.now, session.horizon
        show(self.map, lambda: drill_map(sc, events, lang), lambda: drill_map_data(sc, events, lang))
        show(self.command, lambda: command_flow_graph(sc, events, lang), lambda: command_flow_data(sc, events, lang))
        names = {t.id: text(t.name, lang) for t in sc.teams}
        show(self.gantt, lambda: team_gantt(events, names, lang, now, horizon), lambda: team_gantt_data(events, lang, now), layout=("shapes",))
        if has_supplies(events):
            self.stock_box.layout.display = None
            items = supply_names(sc, lang)
            show(self.stock, lambda: stock_by_tier_chart(events, items, lang), lambda: stock_by_tier_data(events, items, lang), layout=("updatemenus",))
        kpis = incident_kpis(events, horizon, [t.id for t in sc.teams])  # all the cards show
        self.kpis.value = kpi_cards(kpis, session, lang)


def _fmt(value, name: str) -> str:
    if value is None:
        return "—"
    if name in ("supply_fill_rate", "team_utilisation_mean"):
        return f"{value:.0%}"
    if name.startswith("incidents"):
        return f"{value:.0f}"
    return f"{value:.1f}"


def kpi_cards(kpis: dict, session: DrillSession, lang: str) -> str:
    pool = session.world.teams
    cards = [(tr("ui.drill.teams_free", lang), f"{len(pool.free)}/{len(pool.teams)}"), (tr("ui.drill.needs_waiting", lang), str(len(pool.waiting)))]
    cards += [(tr(f"kpi.{k}", lang), _fmt(kpis.get(k), k)) for k in KPI_CARDS]
    cells = "".join(
        f'<div style="border:1px solid #ddd;border-radius:6px;padding:4px 10px;margin:2px;min-width:9em">'
        f'<div style="font-size:0.8em;color:#555">{escape(label)}</div><div style="font-size:1.4em">{escape(value)}</div></div>'
        for label, value in cards
    )
    return f'<div class="drill-kpis" style="display:flex;flex-wrap:wrap">{cells}</div>'


def clock_html(session: DrillSession | None, status: str, lang: str) -> str:
    if session is None:
        return f"<b>{escape(tr('ui.drill.no_session', lang))}</b>"
    state = tr("ui.drill.finished", lang) if session.ended else status
    return (
        f'<span class="drill-time" style="font-size:1.6em;font-family:monospace">{clock_label(session.now)}</span> '
        f"<span>/ {clock_label(session.horizon)} · {escape(tr('ui.drill.minute', lang, minute=f'{session.now:.1f}'))} · {escape(state)}</span>"
    )


def feed_html(session: DrillSession, lang: str, limit: int = 30) -> str:
    """The inject feed, newest first: injects with their target and expected actions, and needs waiting."""
    items = []
    units = {u.id: text(u.name, lang) for u in session.scenario.command.units}
    for item in reversed(session.feed[-limit:]):
        when = clock_label(item.time)
        if item.inject is not None:
            inj = item.inject
            target = f" → <b>{escape(units.get(inj.target, inj.target))}</b>" if inj.target else ""
            expected = "".join(
                f"<li>{escape(tr('action.' + e.action, lang))} ({escape(tr('ui.drill.within', lang, minutes=f'{e.within_minutes:g}'))})</li>"
                for e in inj.expected_actions
            )
            extra = " <i>(" + escape(tr("ui.drill.unplanned", lang)) + ")</i>" if inj.id in session.extra_injects else ""
            items.append(f"<li><code>{when}</code> 📣 {escape(text(inj.text, lang))}{target}{extra}" + (f"<ul>{expected}</ul>" if expected else "") + "</li>")
        elif item.reason == "supply_short":
            key = "ui.drill.supply_short_" + session.scenario.logistics.shortfall
            line = tr(key, lang, incident=item.ref, items=_short_items(session, item, lang))
            items.append(f"<li><code>{when}</code> ⚠️ {escape(line)}</li>")
        else:
            items.append(f"<li><code>{when}</code> ⏳ {escape(tr('ui.drill.needs_team', lang, incident=item.ref))}</li>")
    body = "".join(items) or f"<li>{escape(tr('ui.drill.feed_empty', lang))}</li>"
    return f'<div class="drill-feed" style="max-height:18em;overflow-y:auto"><ul>{body}</ul></div>'


def _short_items(session: DrillSession, item, lang: str) -> str:
    """What an incident was short of at a feed item's moment: "sandbags 40 bags, pumps 1 sets" (沙袋 40 条、水泵 1 台)."""
    rows = of_kind(session.events(), "supply_short")
    rows = rows[(rows["incident"] == item.ref) & (rows["time"] == item.time)]
    items = {i.id: i for i in session.scenario.items}
    parts = [f"{text(items[i].name, lang)} {q:g} {text(items[i].unit, lang)}" for i, q in zip(rows["item"], rows["quantity"])]
    return ("、" if lang == "zh" else ", ").join(parts)


def _args_text(action: str, args: dict) -> str:
    if action == ADD_INJECT:
        return str(args.get("inject", {}).get("id", ""))
    return ", ".join(f"{k}={v}" for k, v in sorted(args.items()))


def log_html(session: DrillSession, lang: str, limit: int = 50) -> str:
    """The decision log, newest first: time, who, what, and accepted or why not."""
    rows = []
    for o in reversed(session.outcomes[-limit:]):
        d = o.decision
        verdict = "✓" if o.accepted else "✗ " + refusal_text(session.scenario, o.reason, o.params, lang)
        colour = "#1a7f37" if o.accepted else "#c62828"
        rows.append(
            f"<tr><td><code>{clock_label(d.time)}</code></td><td>{escape(tr('actor.' + d.actor, lang))}</td>"
            f"<td>{escape(tr('action.' + d.action, lang))}</td><td>{escape(_args_text(d.action, d.args))}</td>"
            f'<td style="color:{colour}">{escape(verdict)}</td></tr>'
        )
    head = "".join(f"<th>{escape(tr(k, lang))}</th>" for k in ("ui.drill.col.time", "ui.drill.col.actor", "ui.drill.col.action", "ui.drill.col.args", "ui.drill.col.outcome"))
    return f'<div class="drill-log" style="max-height:18em;overflow-y:auto"><table><tr>{head}</tr>{"".join(rows)}</table></div>'


def scorecard_html(card: ScoreCard, lang: str) -> str:
    value = card.score()
    counts = card.counts()
    summary = tr("ui.drill.score_summary", lang, score="—" if value is None else f"{100 * value:.0f}%", met=counts["objectives_met"], objectives=len(card.objectives), on_time=counts["on_time"], late=counts["late"], missed=counts["missed"], pending=counts["pending"])
    rows = []
    for r in card.rows():
        shown = "—" if r["value"] is None else f"{r['value']:.3g}"
        rows.append(
            f"<tr><td>{escape(tr('ui.drill.kind.' + r['kind'], lang))}</td><td>{escape(text(r['name'], lang))}</td>"
            f"<td>{escape(tr('kpi.' + r['what'], lang) if r['kind'] == 'objective' else tr('action.' + r['what'], lang))}</td>"
            f"<td>{escape(str(r['target']))}</td><td>{escape(shown)}</td><td>{escape(tr('score.' + r['status'], lang))}</td></tr>"
        )
    head = "".join(f"<th>{escape(tr(k, lang))}</th>" for k in ("ui.drill.col.kind", "report.col.name", "ui.drill.col.what", "report.col.target", "report.col.value", "report.col.result"))
    return f'<div class="drill-score"><p><b>{escape(summary)}</b></p><table><tr>{head}</tr>{"".join(rows)}</table></div>'
