"""The facilitator's view of the seats: every seat's decisions waiting for the next step, with hold and release.

    panel = SeatPanel(console)      # console: anything with .store, .session and .lang (the drill console)
    panel.widget                    # placed by the console
    panel.hold(decision_id)         # what "Hold" does: the next steps leave it until "Release"

Seats write their decisions to the store from their own pages; this panel
reads them on its own timer (in the kernel), so they show as they arrive,
without a step.
It also lists each seat's page (a link per seat) to hand out to the tables.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from simulator.drill.faults import StoreError
from simulator.drill.inbox import decision_text
from simulator.drill.seat_decisions import HELD, OPEN, hold, release, seat_decisions
from simulator.drill.seats import actor_name, seat_actor
from simulator.i18n import text, tr
from simulator.scenario.seats import seats_of
from simulator.ui.seat_console import local_time, seat_link
from simulator.ui.ticker import Ticker

TICK_MS = 2000
SEAT_NOTEBOOK = "drill_seat.ipynb"  # served next to the console's notebook (voila notebooks/)


class SeatPanel:
    def __init__(self, console, tick_ms: int = TICK_MS):
        self.console = console
        lang = console.lang
        self._seen: tuple = ()
        self.table = widgets.HTML()
        self.picker = widgets.Dropdown(options=[], description=tr("seat.col.decision", lang), style={"description_width": "6em"}, layout=widgets.Layout(width="36em"))
        self.hold_button = widgets.Button(description=tr("seat.hold", lang), icon="pause")
        self.release_button = widgets.Button(description=tr("seat.release", lang), icon="play")
        self.message = widgets.HTML()
        self.links = widgets.HTML()
        for name in ("table", "picker", "hold_button", "release_button", "message", "links"):
            getattr(self, name).add_class("seat-panel-" + name.replace("_button", "").replace("_", "-"))
        self.hold_button.on_click(lambda _b: self.hold(self.picker.value))
        self.release_button.on_click(lambda _b: self.release(self.picker.value))
        self.widget = widgets.VBox([
            widgets.HTML(f"<h4>{escape(tr('seat.panel_title', lang))}</h4>"),
            self.table, widgets.HBox([self.picker, self.hold_button, self.release_button]), self.message, self.links,
        ])
        self.widget.add_class("seat-panel")
        self.ticker = Ticker(tick_ms / 1000, self.tick)
        self.ticker.start()

    def tick(self) -> None:
        """A beat of the kernel's timer: seats' new decisions show without a step."""
        if getattr(self.console, "seat_panel", self) is not self:  # the console was rebuilt (a language switch)
            self.ticker.stop()
            return
        self.refresh()

    def _drill(self) -> str | None:
        session = self.console.session
        return session.sink.session_id if session is not None and session.sink is not None else None

    def refresh(self, force: bool = False) -> None:
        """The open seat decisions of the console's drill (redrawn only when they changed)."""
        session, lang, drill = self.console.session, self.console.lang, self._drill()
        if drill is None:
            self.table.value, self.links.value, self._seen = f"<p>{escape(tr('seat.panel_empty', lang))}</p>", "", ()
            self.picker.options = []
            return
        try:
            rows = seat_decisions(self.console.store, drill, statuses=OPEN)
        except StoreError as exc:
            self.message.value = f'<span style="color:#c62828">{escape(exc.message(lang))}</span>'
            return
        seen = (drill, *((r.id, r.status) for r in rows))
        if seen == self._seen and not force:
            return
        self._seen = seen
        self.table.value = open_decisions_html(session, rows, lang)
        value = self.picker.value
        self.picker.options = [(f"{actor_name(session.scenario, seat_actor(r.seat), lang)} · {decision_text(session, r.action, r.args, lang)}", r.id) for r in rows]
        self.picker.value = value if value in [r.id for r in rows] else (rows[0].id if rows else None)
        self.links.value = seat_links_html(session.scenario, drill, lang)

    def _act(self, decision_id: int | None, change, done_key: str) -> bool:
        drill, lang = self._drill(), self.console.lang
        if decision_id is None or drill is None:
            return False
        try:
            done = change(self.console.store, drill, decision_id)
        except StoreError as exc:
            self.message.value = f'<span style="color:#c62828">{escape(exc.message(lang))}</span>'
            return False
        self.message.value = escape(tr(done_key if done else "seat.not_open", lang))
        self.refresh(force=True)
        return done

    def hold(self, decision_id: int | None) -> bool:
        """Keep a pending seat decision out of the next steps; False when it was played or withdrawn meanwhile."""
        return self._act(decision_id, hold, "seat.held_ok")

    def release(self, decision_id: int | None) -> bool:
        """A held decision goes back to pending: the next step plays it."""
        return self._act(decision_id, release, "seat.released_ok")


def open_decisions_html(session, rows: list, lang: str) -> str:
    """Seats' decisions not played yet, oldest first (the order the next step plays them in)."""
    if not rows:
        return f"<p>{escape(tr('seat.panel_empty', lang))}</p>"
    body = "".join(
        f'<tr class="seat-panel-{r.status}"><td><code>{escape(local_time(r.wall_time))}</code></td><td>{escape(actor_name(session.scenario, seat_actor(r.seat), lang))}</td>'
        f"<td>{escape(decision_text(session, r.action, r.args, lang))}</td><td>{'<b>' if r.status == HELD else ''}{escape(tr('seat.status.' + r.status, lang))}{'</b>' if r.status == HELD else ''}</td></tr>"
        for r in rows
    )
    head = "".join(f"<th>{escape(tr(k, lang))}</th>" for k in ("seat.col.sent", "seat.col.seat", "seat.col.decision", "seat.col.status"))
    return f'<table class="seat-panel-open"><tr>{head}</tr>{body}</table>'


def seat_links_html(scenario, drill_id: str, lang: str) -> str:
    """A link to each seat's own page in this drill, to open on the seat's device."""
    items = "".join(f'<li><a href="{escape(SEAT_NOTEBOOK + seat_link(s.id, drill_id, lang))}" target="_blank">{escape(text(s.name, lang))}</a></li>' for s in seats_of(scenario))
    return f"<details><summary>{escape(tr('seat.pages', lang))}</summary><ul>{items}</ul></details>"
