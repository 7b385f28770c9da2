"""A player seat's page: the shared clock, the seat's inbox and area, and decisions within its authority.

    seat = SeatConsole(lang="zh")            # in a notebook: a seat picker
    SeatConsole(seat="street_office")        # that seat, in the drill running now
    # Voila: .../voila/render/drill_seat.ipynb?seat=street_office&drill=<id>&lang=zh

Each seat sits at its own device: Voila gives every page its own kernel, so
the page follows the drill from the store on a timer (as the room's screen
follows the facilitator), replaying it to know what its units know. It never
moves the drill: a decision is written to the store as pending, and the
facilitator's next step plays it (:mod:`simulator.drill.seat_decisions`).
Everything the page shows comes from the store, so a reload or a new kernel
shows the same seat, inbox and decisions; the URL carries the seat and the
drill (Voila hands the page's query string to the kernel as ``QUERY_STRING``).
"""

from __future__ import annotations

import os
from datetime import datetime
from html import escape
from pathlib import Path
from urllib.parse import parse_qs, urlencode

import ipywidgets as widgets

from simulator.drill import StepModelChanged, Store, data_dir, open_session, sync
from simulator.drill.faults import StoreError
from simulator.drill.inbox import Inbox, decision_text, names
from simulator.drill.refusals import refusal_text
from simulator.drill.seat_decisions import OPEN, seat_decisions, submit, withdraw
from simulator.drill.seats import authority
from simulator.drill.store import SessionInfo
from simulator.i18n import resolve_lang, text, tr
from simulator.scenario import ScenarioError, parse_scenario
from simulator.scenario.seats import seat_of, seats_of
from simulator.ui.seat_form import SeatForm
from simulator.ui.ticker import Ticker

TICK_MS = 2000
_ICONS = {"inject": "bullhorn", "message": "envelope", "warning": "exclamation-triangle", "command": "flag", "order": "arrow-down", "military": "shield", "roll_call": "bell", "supply": "cubes"}


def _error(message: str) -> str:
    return f'<span style="color:#c62828">{escape(message)}</span>'


def _ok(message: str) -> str:
    return f'<span style="color:#1a7f37">{escape(message)}</span>'


def local_time(stamp: str) -> str:
    """A stored wall time (UTC, ISO) as this machine's local time of day."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return stamp


def clock_label(minutes: float) -> str:
    whole = int(round(minutes))
    return f"T+{whole // 60:02d}:{whole % 60:02d}"


def seat_link(seat_id: str, drill_id: str, lang: str | None = None) -> str:
    """The query string that opens a seat's page directly (relative to drill_seat.ipynb)."""
    return "?" + urlencode({"seat": seat_id, "drill": drill_id, **({"lang": lang} if lang else {})})


def latest_drill(infos: list[SessionInfo]) -> SessionInfo | None:
    """The drill running now: the most recently moved one not finished, else the most recent."""
    return next((i for i in infos if i.status != "finished"), infos[0] if infos else None)


class SeatConsole:
    def __init__(self, data: str | Path | None = None, lang: str | None = None, seat: str | None = None, drill: str | None = None, query: str | None = None, tick_ms: int = TICK_MS):
        """``query``: a URL query string (default: Voila's ``QUERY_STRING``); ``seat``/``drill``/``lang`` given here win."""
        params = parse_qs(os.environ.get("QUERY_STRING", "") if query is None else query.lstrip("?"))
        given = lambda name: (params.get(name) or [None])[-1]  # noqa: E731
        self.data = data_dir(data)
        self.lang = resolve_lang(lang or given("lang"))
        self.seat_id = seat or given("seat")
        self.drill_id = drill or given("drill")
        self.tick_ms = tick_ms
        self.session = None
        self.inbox: Inbox | None = None
        self._store: Store | None = None
        self._mine_seen: tuple = ()
        self._seats: dict[str, tuple] = {}  # drill id -> its seats (the picker asks on every beat)
        self.view = widgets.VBox()
        self.view.add_class("drill-seat")
        self._build()
        # the page follows the store from the kernel (in plain Python nothing ticks: call tick())
        self.ticker = Ticker(tick_ms / 1000, self.tick, lambda exc: setattr(self.message, "value", _error(str(exc))))
        if self.seat_id:
            self.open(self.drill_id, self.seat_id)
        else:
            self.show_picker()
        self.ticker.start()

    def _repr_mimebundle_(self, **kwargs):
        return self.view._repr_mimebundle_(**kwargs)

    @property
    def store(self) -> Store | None:
        if self._store is None:
            self._store = Store.existing(self.data)  # merely looking creates no store
        return self._store

    # -- widgets ----------------------------------------------------------------------------

    def _build(self) -> None:
        lang, style = self.lang, {"description_width": "6em"}
        self.title = widgets.HTML()
        self.lang_toggle = widgets.ToggleButtons(options=[("English", "en"), ("中文", "zh")], value=lang)
        self.lang_toggle.observe(lambda c: self.set_lang(c["new"]), names="value")
        self.message = widgets.HTML()
        # the picker: which drill, which seat
        self.drill_picker = widgets.Dropdown(options=[], description=tr("seat.drill", lang), style=style, layout=widgets.Layout(width="40em"))
        self.seat_picker = widgets.Dropdown(options=[], description=tr("seat.seat", lang), style=style, layout=widgets.Layout(width="40em"))
        self.take_button = widgets.Button(description=tr("seat.take", lang), button_style="primary", icon="sign-in")
        self.links = widgets.HTML()
        self.drill_picker.observe(lambda _c: self._seat_options(), names="value")
        self.take_button.on_click(lambda _b: self.open(self.drill_picker.value, self.seat_picker.value))
        self.picker = widgets.VBox([widgets.HTML(f"<h4>{escape(tr('seat.picker_title', lang))}</h4>"), self.drill_picker, self.seat_picker, self.take_button, self.links])
        # the seat itself
        self.clock = widgets.HTML()
        self.inbox_box = widgets.HTML()
        self.incidents_box = widgets.HTML()
        self.form = SeatForm(lang, self.send)
        self.mine = widgets.HTML()
        self.mine_picker = widgets.Dropdown(options=[], description=tr("seat.col.decision", lang), style=style, layout=widgets.Layout(width="40em"))
        self.withdraw_button = widgets.Button(description=tr("seat.withdraw", lang), icon="undo")
        self.withdraw_button.on_click(lambda _b: self.withdraw(self.mine_picker.value))
        h = lambda key: widgets.HTML(f"<h4>{escape(tr(key, lang))}</h4>")  # noqa: E731
        self.seated = widgets.VBox([
            self.clock,
            widgets.HBox([
                widgets.VBox([h("seat.inbox"), self.inbox_box], layout=widgets.Layout(width="55%")),
                widgets.VBox([h("seat.incidents"), self.incidents_box, self.form.widget], layout=widgets.Layout(width="45%")),
            ]),
            h("seat.mine"), self.mine, widgets.HBox([self.mine_picker, self.withdraw_button]),
        ])
        for name in ("title", "message", "clock", "inbox_box", "incidents_box", "mine", "mine_picker", "withdraw_button", "picker", "drill_picker", "seat_picker", "take_button", "links"):
            getattr(self, name).add_class("seat-" + name.replace("_box", "").replace("_", "-"))
        self.view.children = [widgets.HBox([self.title, self.lang_toggle]), self.message, self.picker, self.seated]

    def set_lang(self, lang: str) -> None:
        """The page in ``lang``; the seat and the drill stay as they are."""
        self.lang = resolve_lang(lang)
        self._build()
        if self.session is not None:
            self._seated()
        else:
            self.show_picker()

    # -- choosing a seat ----------------------------------------------------------------------

    def show_picker(self, problem: str = "") -> None:
        """The seat picker: the drills in the store, the seats of the chosen one, and a link to each seat's page."""
        self.session, self.inbox = None, None
        self.picker.layout.display, self.seated.layout.display = None, "none"
        self.title.value = f"<h3>{escape(tr('seat.page_title', self.lang))}</h3>"
        self.message.value = _error(problem) if problem else ""
        self._drill_options()  # the ticker keeps it current: a drill started later shows up

    def _drill_options(self) -> None:
        try:
            infos = self.store.sessions() if self.store is not None else []
        except StoreError as exc:
            self.message.value = _error(exc.message(self.lang))
            infos = []
        options = [(f"{i.name} · {i.created[:16].replace('T', ' ')} · T+{int(i.clock) // 60:02d}:{int(i.clock) % 60:02d} · {tr('ui.drill.' + i.status, self.lang)}", i.id) for i in infos]
        if [v for _, v in options] != [v for _, v in self.drill_picker.options]:
            current = self.drill_picker.value
            self.drill_picker.options = options
            chosen = latest_drill(infos)
            ids = [i.id for i in infos]
            self.drill_picker.value = current if current in ids else (self.drill_id if self.drill_id in ids else (chosen.id if chosen else None))
        if not infos and not self.message.value:
            self.message.value = escape(tr("seat.no_drill", self.lang))
        self._seat_options()

    def _seats_of(self, drill_id: str | None) -> tuple:
        """The seats of a stored drill (its stored scenario names them); none, with the reason shown, when it cannot be read."""
        if not drill_id or self.store is None:
            return ()
        if drill_id not in self._seats:
            try:
                info = self.store.get(drill_id)
                self._seats[drill_id] = seats_of(parse_scenario(info.scenario_text, info.scenario_path))
            except StoreError as exc:  # a damaged store: say so, list nothing
                self.message.value = _error(exc.message(self.lang))
                return ()
            except ScenarioError as exc:  # a scenario this drillsim no longer loads
                self.message.value = _error(exc.render(self.lang))
                return ()
        return self._seats[drill_id]

    def _seat_options(self) -> None:
        drill_id = self.drill_picker.value
        seats = self._seats_of(drill_id)
        options = [(text(s.name, self.lang), s.id) for s in seats]
        if list(self.seat_picker.options) != options:
            self.seat_picker.options = options
        items = "".join(f'<li><a href="{escape(seat_link(s.id, drill_id, self.lang))}" target="_self">{escape(text(s.name, self.lang))}</a></li>' for s in seats)
        self.links.value = f"<p>{escape(tr('seat.links', self.lang))}</p><ul>{items}</ul>" if items else ""

    def open(self, drill_id: str | None, seat_id: str | None) -> bool:
        """Sit at ``seat_id`` in drill ``drill_id`` (default: the drill running now); False, with the reason shown, when it cannot."""
        store = self.store
        if store is None:
            self.show_picker(tr("seat.no_drill", self.lang))
            return False
        try:
            if not drill_id:
                chosen = latest_drill(store.sessions())
                if chosen is None:
                    self.show_picker(tr("seat.no_drill", self.lang))
                    return False
                drill_id = chosen.id
            session = open_session(store, drill_id)
        except (StepModelChanged, StoreError) as exc:
            self.show_picker(exc.message(self.lang))
            return False
        if seat_of(session.scenario, seat_id or "") is None:
            self.drill_id = drill_id
            self.show_picker(tr("seat.unknown_seat", self.lang, seat=seat_id or ""))
            return False
        self.session, self.seat_id, self.drill_id = session, seat_id, drill_id
        self._seated()
        return True

    def _seated(self) -> None:
        self.picker.layout.display, self.seated.layout.display = "none", None
        self.message.value = ""
        self._mine_seen = ()
        self.refresh()

    # -- following the drill ------------------------------------------------------------------

    def tick(self) -> None:
        """One beat of the timer: catch up with the store; the seat's own decisions may have moved on too."""
        if self.session is None:
            self._drill_options()
            return
        try:
            self.session, changed = sync(self.session, self.store)
        except (StepModelChanged, StoreError) as exc:
            self.message.value = _error(exc.message(self.lang))
            return
        if changed:
            self.refresh()
        else:
            self._refresh_mine()

    def refresh(self) -> None:
        session, lang = self.session, self.lang
        if session is None:
            return
        seat = seat_of(session.scenario, self.seat_id)
        self.inbox = Inbox(session, authority(session.world, self.seat_id), lang)
        try:
            info = self.store.get(self.drill_id)
        except StoreError as exc:
            info = None
            self.message.value = _error(exc.message(lang))
        self.title.value = f"<h3>{escape(tr('seat.title', lang, seat=text(seat.name, lang)))}</h3><div>{escape(info.name if info else '')}</div>"
        state = "finished" if session.ended else (info.status if info is not None else "paused")
        self.clock.value = (
            f'<span class="drill-time" style="font-size:1.6em;font-family:monospace">{clock_label(session.now)}</span> '
            f"<span>{escape(tr('seat.clock', lang, horizon=clock_label(session.horizon), state=tr('ui.drill.' + state, lang)))}</span>"
        )
        self.inbox_box.value = inbox_html(self.inbox, lang)
        self.incidents_box.value = incidents_html(self.inbox, lang)
        self.form.refresh(self.inbox)
        self.form.send_button.disabled = session.ended
        self._refresh_mine(force=True)

    def _refresh_mine(self, force: bool = False) -> None:
        """This seat's decisions and what became of them (redrawn only when they changed)."""
        try:
            rows = seat_decisions(self.store, self.drill_id, seat=self.seat_id)
        except StoreError as exc:
            self.message.value = _error(exc.message(self.lang))
            return
        seen = tuple((r.id, r.status, r.seq) for r in rows) + (len(self.session.outcomes),)
        if seen == self._mine_seen and not force:
            return
        self._mine_seen = seen
        self.mine.value = mine_html(self.session, rows, self.lang)
        open_rows = [r for r in rows if r.status in OPEN]
        chosen = self.mine_picker.value
        self.mine_picker.options = [(f"{local_time(r.wall_time)} · {decision_text(self.session, r.action, r.args, self.lang)}", r.id) for r in open_rows]
        ids = [r.id for r in open_rows]
        self.mine_picker.value = chosen if chosen in ids else (ids[-1] if ids else None)  # the latest sent, by default
        self.withdraw_button.disabled = not open_rows

    # -- deciding ----------------------------------------------------------------------------

    def send(self, action: str, args: dict) -> None:
        """What the form's button does: check the seat's authority, then write the decision as pending."""
        lang, session = self.lang, self.session
        if session is None:
            return
        if session.ended:
            self.message.value = _error(tr("seat.drill_over", lang))
            return
        missing = self.form.missing()
        if missing:
            self.message.value = _error(tr("seat.nothing_to_choose", lang, field=tr("ui.drill." + missing[0], lang)))
            return
        refusal = self.inbox.auth.refusal(action, args)
        if refusal is not None:
            self.message.value = _error(refusal_text(session.scenario, refusal.key, refusal.params, lang))
            return
        try:
            sent = submit(self.store, self.drill_id, self.seat_id, action, args)
        except StoreError as exc:  # nothing written: the form keeps its choices, Send again retries
            self.message.value = _error(exc.message(lang))
            return
        self.message.value = _ok(tr("seat.sent", lang, decision=decision_text(session, sent.action, sent.args, lang)))
        self._refresh_mine(force=True)

    def withdraw(self, decision_id: int | None) -> None:
        if decision_id is None:
            return
        try:
            done = withdraw(self.store, self.drill_id, decision_id, self.seat_id)
        except StoreError as exc:
            self.message.value = _error(exc.message(self.lang))
            return
        self.message.value = _ok(tr("seat.withdrawn_ok", self.lang)) if done else _error(tr("seat.withdraw_late", self.lang))
        self._refresh_mine(force=True)


# -- the panels as HTML ---------------------------------------------------------------------


def _icon(name: str) -> str:
    return f'<i class="fa fa-{name}" aria-hidden="true"></i>'


def inbox_html(inbox: Inbox, lang: str, limit: int = 60) -> str:
    """The seat's inbox, newest first."""
    rows = []
    for item in reversed(inbox.items(limit)):
        state = ""
        if item.handled is not None:
            state = f' <small style="color:#555">({escape(tr("seat.handled" if item.handled else "seat.waiting", lang))})</small>'
        rows.append(f'<li class="seat-inbox-{item.kind}"><code>{clock_label(item.time)}</code> {_icon(_ICONS.get(item.kind, "circle"))} {escape(item.text)}{state}</li>')
    body = "".join(rows) or f"<li>{escape(tr('seat.inbox_empty', lang))}</li>"
    return f'<div class="seat-inbox-list" style="max-height:26em;overflow-y:auto"><ul>{body}</ul></div>'


def incidents_html(inbox: Inbox, lang: str) -> str:
    """The incidents in the seat's area: name, level, who commands, open or closed, needs waiting."""
    rows = []
    for inc in inbox.incidents():
        state = tr("seat.closed" if inc.closed else "seat.open", lang)
        rows.append(
            f"<tr><td>{escape(inbox.incident(inc.id))}</td><td>{escape(tr('response.' + inc.level, lang))}</td>"
            f"<td>{escape(inbox.unit(inc.commander.id))}</td><td>{escape(state)}</td><td>{inc.unserved}</td></tr>"
        )
    if not rows:
        return f"<p>{escape(tr('seat.incidents_empty', lang))}</p>"
    head = "".join(f"<th>{escape(tr(k, lang))}</th>" for k in ("ui.drill.incident", "ui.drill.level", "seat.col.commander", "seat.col.state", "seat.col.waiting"))
    return f'<div style="max-height:14em;overflow-y:auto"><table class="seat-incident-table"><tr>{head}</tr>{"".join(rows)}</table></div>'


def mine_html(session, rows: list, lang: str) -> str:
    """A seat's decisions, newest first: when sent, what, and where it stands (played: accepted or why not)."""
    out, called = [], names(session, lang)
    for r in reversed(rows):
        status = tr("seat.status." + r.status, lang)
        if r.seq is not None and r.seq < len(session.outcomes):
            outcome = session.outcomes[r.seq]
            status = tr("seat.feed_accepted", lang) if outcome.accepted else tr("seat.feed_refused", lang, reason=called.refusal(outcome.reason, outcome.params))
            status = f"{clock_label(outcome.decision.time)} · {status}"
        out.append(f"<tr><td><code>{escape(local_time(r.wall_time))}</code></td><td>{escape(decision_text(session, r.action, r.args, lang))}</td><td>{escape(status)}</td></tr>")
    if not out:
        return f"<p>{escape(tr('seat.mine_empty', lang))}</p>"
    head = "".join(f"<th>{escape(tr(k, lang))}</th>" for k in ("seat.col.sent", "seat.col.decision", "seat.col.status"))
    return f'<table class="seat-mine-table"><tr>{head}</tr>{"".join(out)}</table>'
