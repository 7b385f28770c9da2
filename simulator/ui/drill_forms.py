"""The drill console's forms: players' decisions, and the facilitator's unplanned injects.

The forms only gather choices; the console plays them on the session and
says in the player's language whether the model accepted them, and why not.
Options (free teams, open incidents) are refreshed from the session after
every move.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from simulator.drill import DrillSession
from simulator.drill.injects import validate_inject
from simulator.drill.msel import live_scenario
from simulator.drill.names import incident_name
from simulator.i18n import text, tr
from simulator.scenario.problems import ScenarioError
from simulator.scenario.drills import PLAYER_ACTIONS
from simulator.scenario.vocabulary import RESPONSE_LEVELS, WARNING_LEVELS
from simulator.ui.form_fields import FIELDS, keep_choice
from simulator.ui.inject_forms import InjectEditor
from simulator.viz.drill_map import team_states

_STYLE = {"description_width": "8em"}


class DecisionForm:
    def __init__(self, lang: str, on_decide: Callable[[str, dict], None]):
        self.lang = lang
        self.on_decide = on_decide
        self.action = widgets.Dropdown(options=[(tr(f"action.{a}", lang), a) for a in PLAYER_ACTIONS], description=tr("ui.drill.action", lang), style=_STYLE)
        self.team = widgets.Dropdown(options=[], description=tr("ui.drill.team", lang), style=_STYLE, layout=widgets.Layout(width="28em"))
        self.incident = widgets.Dropdown(options=[], description=tr("ui.drill.incident", lang), style=_STYLE, layout=widgets.Layout(width="28em"))
        self.level = widgets.Dropdown(options=[(tr(f"response.{lv}", lang), lv) for lv in RESPONSE_LEVELS], description=tr("ui.drill.level", lang), style=_STYLE)
        self.warning_level = widgets.Dropdown(options=[(tr(f"warning_level.{lv}", lang), lv) for lv in WARNING_LEVELS], value="red", description=tr("ui.drill.warning_level", lang), style=_STYLE)
        self.unit = widgets.Dropdown(options=[], description=tr("ui.drill.unit", lang), style=_STYLE)
        self.mode = widgets.Dropdown(options=[(tr("ui.cmd.unified", lang), "unified"), (tr("ui.cmd.multi_head", lang), "multi_head")], description=tr("ui.drill.mode", lang), style=_STYLE)
        self.item = widgets.Dropdown(options=[], description=tr("ui.drill.item", lang), style=_STYLE)
        self.quantity = widgets.BoundedFloatText(value=100, min=0, max=1e9, description=tr("ui.drill.quantity", lang), style=_STYLE)
        self.decide_button = widgets.Button(description=tr("ui.drill.decide", lang), button_style="primary", icon="check")
        self.message = widgets.HTML()
        for name in ("action", "team", "incident", "level", "unit", "item"):
            getattr(self, name).add_class(f"drill-{name}")
        self.decide_button.add_class("drill-decide")
        self.message.add_class("drill-decision-message")
        self.action.observe(lambda _c: self._show_fields(), names="value")
        self.decide_button.on_click(lambda _b: self.submit())
        self.widget = widgets.VBox([
            widgets.HTML(f"<h4>{tr('ui.drill.decisions', lang)}</h4>"),
            self.action, self.team, self.incident, self.level, self.warning_level, self.unit, self.mode, self.item, self.quantity,
            self.decide_button, self.message,
        ])
        self._show_fields()

    def _show_fields(self) -> None:
        shown = FIELDS[self.action.value]
        for name in ("team", "incident", "level", "warning_level", "unit", "mode", "item", "quantity"):
            getattr(self, name).layout.display = None if name in shown else "none"

    def args(self) -> dict:
        out = {}
        for name in FIELDS[self.action.value]:
            out["level" if name == "warning_level" else name] = getattr(self, name).value
        return out

    def submit(self) -> None:
        self.on_decide(self.action.value, self.args())

    def refresh(self, session: DrillSession) -> None:
        lang, sc, world = self.lang, session.scenario, session.world
        states = team_states(session.events(), [t.id for t in sc.teams])
        keep_choice(self.team, [(f"{text(t.name, lang)} · {tr('map.state.' + states[t.id][0], lang)}", t.id) for t in sc.teams])
        # only what the command knows of: an incident whose report has reached a commanding unit
        open_incidents = [i for i in world.incidents.values() if not i.closed and i.commander is not None]
        # by name ("Trapped people #1 · Binjiang"), the id stays the value behind the label
        keep_choice(self.incident, [(f"{incident_name(sc, i.id, i.place, i.hazard, lang)} · {tr('hazard.' + i.hazard, lang)} · {tr('response.' + i.level, lang)}", i.id) for i in open_incidents])
        keep_choice(self.unit, [(text(u.name, lang), u.id) for u in sc.command.units])
        keep_choice(self.item, [(text(i.name, lang), i.id) for i in sc.items])


class InjectForm:
    """The facilitator's unplanned inject, as a form (no YAML to type): see :mod:`simulator.ui.inject_forms`.

    The form is checked against the drill's scenario and MSEL before
    ``on_inject`` gets its YAML; every problem is shown beside its field.
    ``text`` holds the YAML that was checked (what the store keeps), for
    the curious, under the form.
    """

    def __init__(self, lang: str, on_inject: Callable[[str], None]):
        self.lang = lang
        self.on_inject = on_inject
        self.editor: InjectEditor | None = None
        self._session: DrillSession | None = None
        self._scenario = None
        self.form_box = widgets.VBox()
        self.text = widgets.Textarea(rows=8, disabled=True, layout=widgets.Layout(width="36em"))
        self.add_button = widgets.Button(description=tr("ui.drill.add_inject", lang), icon="bullhorn", button_style="primary")
        self.message = widgets.HTML()
        self.text.add_class("drill-inject-text")
        self.add_button.add_class("drill-add-inject")
        self.add_button.on_click(lambda _b: self.submit())
        yaml_box = widgets.Accordion(children=[self.text], titles=(tr("ui.inject.yaml", lang),), selected_index=None)
        self.widget = widgets.VBox([widgets.HTML(f"<h4>{tr('ui.drill.unplanned_inject', lang)}</h4>"), self.form_box, self.add_button, self.message, yaml_box])
        self.widget.add_class("drill-inject-form")

    def refresh(self, session: DrillSession | None) -> None:
        """Follow the console's drill: a new form for another scenario, else the choices of conditions kept current."""
        self._session = session
        if session is None:
            return
        if self.editor is None or session.scenario is not self._scenario:
            self._scenario = session.scenario
            self.editor = InjectEditor(self.lang, session.scenario, live=True)
            self.form_box.children = [self.editor.widget]
            self.fill(session)
        else:
            self.editor.set_injects(session.msel())

    def fill(self, session: DrillSession | None = None) -> None:
        """A fresh form at the current minute, with an id not yet taken."""
        if session is not None and (self.editor is None or session.scenario is not self._scenario):
            self.refresh(session)
            return
        self._session = session or self._session
        if self._session is None or self.editor is None:
            return
        taken, n = self._session.taken_ids(), 1
        while f"extra_{n}" in taken:
            n += 1
        self.editor.reset(f"extra_{n}", round(self._session.now, 1))
        self.editor.set_injects(self._session.msel())
        self.text.value = ""

    def submit(self) -> bool:
        """Check the form with the scenario's rules; hand a valid inject's YAML to ``on_inject``."""
        session = self._session
        if session is None or self.editor is None:
            self.on_inject("")  # the console says there is no drill
            return False
        text = self.editor.yaml(now=round(session.now, 1))
        try:
            validate_inject(text, live_scenario(session), session.taken_ids(), session.now)
        except ScenarioError as exc:
            self.editor.show_problems(exc)
            self.message.value = f'<span style="color:#c62828">{tr("ui.inject.fix_fields", self.lang)}</span>'
            return False
        self.editor.clear_problems()
        self.text.value = text
        self.on_inject(text)
        return True
