"""A seat's decision form: only the decisions, teams, incidents and units within its authority.

The options come from the seat's :class:`~simulator.drill.seats.Authority`
(its teams under the dispatch rules, the incidents in its area that the
command knows of, its own units) and are named, never shown as ids. The
form only gathers a choice; the seat's page sends it to the store.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from simulator.drill.inbox import Inbox
from simulator.drill.names import incident_name
from simulator.i18n import text, tr
from simulator.scenario.vocabulary import RESPONSE_LEVELS, WARNING_LEVELS
from simulator.ui.form_fields import FIELDS, keep_choice

_CHOSEN = ("team", "incident", "unit", "item")  # fields whose options come from the drill: empty means nothing to choose
_STYLE = {"description_width": "9em"}


class SeatForm:
    def __init__(self, lang: str, on_send: Callable[[str, dict], None]):
        self.lang = lang
        self.on_send = on_send
        self._inbox: Inbox | None = None
        dd = lambda key, **kw: widgets.Dropdown(options=[], description=tr(key, lang), style=_STYLE, layout=widgets.Layout(width="34em"), **kw)  # noqa: E731
        self.action = dd("ui.drill.action")
        self.team = dd("ui.drill.team")
        self.incident = dd("ui.drill.incident")
        self.level = widgets.Dropdown(options=[(tr(f"response.{lv}", lang), lv) for lv in RESPONSE_LEVELS], description=tr("ui.drill.level", lang), style=_STYLE)
        self.warning_level = widgets.Dropdown(options=[(tr(f"warning_level.{lv}", lang), lv) for lv in WARNING_LEVELS], value="red", description=tr("ui.drill.warning_level", lang), style=_STYLE)
        self.unit = dd("ui.drill.unit")
        self.mode = widgets.Dropdown(options=[(tr("ui.cmd.unified", lang), "unified"), (tr("ui.cmd.multi_head", lang), "multi_head")], description=tr("ui.drill.mode", lang), style=_STYLE)
        self.item = dd("ui.drill.item")
        self.quantity = widgets.BoundedFloatText(value=100, min=0, max=1e9, description=tr("ui.drill.quantity", lang), style=_STYLE)
        self.send_button = widgets.Button(description=tr("seat.send", lang), button_style="primary", icon="paper-plane")
        for name in ("action", "team", "incident", "level", "warning_level", "unit", "mode", "item", "quantity"):
            getattr(self, name).add_class(f"seat-{name.replace('_', '-')}")
        self.send_button.add_class("seat-send")
        self.action.observe(lambda _c: self._on_action(), names="value")
        self.send_button.on_click(lambda _b: self.submit())
        self.widget = widgets.VBox([
            widgets.HTML(f"<h4>{tr('seat.decide_title', lang)}</h4>"),
            self.action, self.team, self.incident, self.level, self.warning_level, self.unit, self.mode, self.item, self.quantity,
            self.send_button,
        ])

    def _on_action(self) -> None:
        self._show_fields()
        if self._inbox is not None:
            self._team_options()

    def missing(self) -> list[str]:
        """The fields the chosen decision needs that have nothing to choose from (no team, no incident ...)."""
        return [name for name in FIELDS.get(self.action.value, ()) if name in _CHOSEN and getattr(self, name).value is None]

    def args(self) -> dict:
        return {("level" if name == "warning_level" else name): getattr(self, name).value for name in FIELDS.get(self.action.value, ())}

    def submit(self) -> None:
        if self.action.value:
            self.on_send(self.action.value, self.args())

    def refresh(self, inbox: Inbox) -> None:
        """Options from the drill as it is now, for this seat."""
        self._inbox = inbox
        lang, auth, sc = self.lang, inbox.auth, inbox.session.scenario
        keep_choice(self.action, [(tr(f"action.{a}", lang), a) for a in auth.seat.actions])
        self._team_options()
        known = [i for i in inbox.incidents() if not i.closed]
        keep_choice(self.incident, [(f"{incident_name(sc, i.id, i.place, i.hazard, lang)} · {tr('response.' + i.level, lang)}", i.id) for i in known])
        keep_choice(self.unit, [(inbox.unit(u), u) for u in auth.seat.units])
        keep_choice(self.item, [(text(i.name, lang), i.id) for i in sc.items])
        self._show_fields()

    def _show_fields(self) -> None:
        shown = FIELDS.get(self.action.value, ())
        for name in ("team", "incident", "level", "warning_level", "unit", "mode", "item", "quantity"):
            getattr(self, name).layout.display = None if name in shown else "none"

    def _team_options(self) -> None:
        """The seat's teams for a dispatch or recall, the teams that need approval for a military request."""
        inbox = self._inbox
        auth, pool = inbox.auth, inbox.session.world.teams
        teams = auth.military if self.action.value == "request_military" else auth.teams

        def state(team_id: str) -> str:
            # a team a plan pre-positioned is free like one at base, but waits at its staging place
            code = pool.states.of(team_id)
            return "staged" if code == "at_base" and team_id in pool.staged else code

        keep_choice(self.team, [(f"{inbox.team(t)} · {tr('team_state.' + state(t), self.lang)}", t) for t in teams])
