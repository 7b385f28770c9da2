"""An inject as a form: no YAML to type, names instead of ids, each problem next to its field.

The fields of each effect come from the scenario's pydantic model of that
effect (``scenario.drills``: ``CloseRoad``, ``AddIncident``, ``IssueWarning``
...): a reference is a dropdown of the scenario's places, roads, units,
channels or depots, shown by their names in the user's language; a level or
a hazard is a dropdown of the vocabulary's words; a number is a number box.
The texts (zh, en) take any characters. A "media report" is a message with
the ``media`` category: the models have no effect to play for it.

The form only gathers: :meth:`InjectEditor.data` is the inject as plain
data and :meth:`InjectEditor.yaml` the same as YAML, which the caller checks
with the scenario's own rules (``drill.injects.validate_inject``: pydantic,
then the cross-reference checks) and hands back to
:meth:`InjectEditor.show_problems`, which puts each message beside its field.
Fields a form does not show (a second need, more expected actions) are kept
from the inject being edited, so editing never loses them.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from html import escape

import ipywidgets as widgets

from simulator.drill.injects import EFFECT_TYPES, inject_data, inject_yaml
from simulator.i18n import text, tr
from simulator.scenario.drills import CONDITION_KINDS, INJECT_CATEGORIES, PLAYER_ACTIONS, Effect, Inject
from simulator.scenario.models import Scenario
from simulator.scenario.problems import Loc, ScenarioError
from simulator.scenario.vocabulary import CAPABILITIES, HAZARDS, RESPONSE_LEVELS

# the effect models by their type (close_road -> CloseRoad, ...), read from the Effect union
EFFECT_MODELS = {typing.get_args(m.model_fields["type"].annotation)[0]: m for m in typing.get_args(typing.get_args(Effect)[0])}
# what the form offers: every effect the models play, a plain message, and a media report
# effects that need a hazard section of the scenario: offered only where it has one
SECTION_EFFECTS = {"aftershock": "earthquake"}
CHOICES = ("note", "media", *(k for k in EFFECT_TYPES if k != "note"), *(k for k in EFFECT_MODELS if k not in EFFECT_TYPES and k not in SECTION_EFFECTS))
_STYLE = {"description_width": "11em"}
_WIDE = widgets.Layout(width="30em")


@dataclass
class FormField:
    """One field: its widget, the message beside it, and the problem locations that belong to it."""

    name: str
    widget: widgets.Widget
    locs: tuple[Loc, ...]
    error: widgets.HTML
    box: widgets.Box


def _error_label() -> widgets.HTML:
    label = widgets.HTML(layout=widgets.Layout(margin="0 0 0 11.5em"))
    label.add_class("inject-field-error")
    return label


class InjectEditor:
    """The form of one inject for ``scenario``; ``live`` adds "at once" (a drill's current minute)."""

    def __init__(self, lang: str, scenario: Scenario, live: bool = False):
        self.lang = lang
        self.scenario = scenario
        self.live = live
        self.fields: dict[str, FormField] = {}
        self._base: dict = {}  # the inject being edited, as data: what the form does not show is kept
        self._shown: dict = {}  # number boxes filled from a distribution: field -> the number shown for it
        choices = (*CHOICES, *(k for k, section in SECTION_EFFECTS.items() if getattr(scenario, section, None) is not None))
        self.effect = widgets.Dropdown(options=[(tr(f"effect.{k}", lang), k) for k in choices], value="note", description=tr("ui.inject.effect", lang), style=_STYLE)
        self.effect.add_class("inject-effect")
        self.general = widgets.HTML()
        self.general.add_class("inject-general-error")
        self._common()
        self._effect_fields()
        self._expected_and_condition()
        self.effect_box = widgets.VBox()
        self.condition_box = widgets.VBox()
        self.effect.observe(lambda _c: self._show(), names="value")
        self.fields["condition"].widget.observe(lambda _c: self._show(), names="value")
        common = [self.fields[k].box for k in ("id", "time", "text_zh", "text_en", "category", "target")]
        self.widget = widgets.VBox([self.effect, *common, self.effect_box, self.fields["expect"].box, self.fields["condition"].box, self.condition_box, self.general])
        self.widget.add_class("inject-editor")
        self._show()

    # -- building the fields ---------------------------------------------------------------------

    def _add(self, name: str, widget: widgets.Widget, *locs: Loc, extra: tuple = ()) -> widgets.Widget:
        if hasattr(widget, "description") and not isinstance(widget, (widgets.Button, widgets.Checkbox)):
            widget.description = tr(f"inject.field.{name}", self.lang)
            widget.style = _STYLE
        widget.add_class(f"inject-{name.replace('_', '-')}")
        error = _error_label()
        box = widgets.VBox([widgets.HBox([widget, *extra]), error])
        self.fields[name] = FormField(name, widget, locs or ((name,),), error, box)
        return widget

    def _options(self, entries, none: str | None = None) -> list[tuple[str, str]]:
        out = [(text(e.name, self.lang), e.id) for e in entries]
        return ([(tr(none, self.lang), "")] if none else []) + out

    def _words(self, prefix: str, codes) -> list[tuple[str, str]]:
        return [(tr(f"{prefix}.{c}", self.lang), c) for c in codes]

    def _common(self) -> None:
        sc, lang = self.scenario, self.lang
        self._add("id", widgets.Text(layout=widgets.Layout(width="22em")))
        self.at_once = widgets.Checkbox(value=self.live, description=tr("ui.inject.at_once", lang), indent=False, layout=widgets.Layout(width="auto", display=None if self.live else "none"))
        self.at_once.add_class("inject-at-once")
        self._add("time", widgets.BoundedFloatText(value=0, min=0, max=sc.meta.horizon, step=1, layout=widgets.Layout(width="20em")), extra=(self.at_once,))
        self.at_once.observe(lambda c: setattr(self.fields["time"].widget, "disabled", c["new"]), names="value")
        self.fields["time"].widget.disabled = self.live
        self._add("text_zh", widgets.Textarea(rows=2, layout=_WIDE), ("text", "zh"), ("text",))
        self._add("text_en", widgets.Textarea(rows=2, layout=_WIDE), ("text", "en"))
        self._add("category", widgets.Dropdown(options=[(tr("ui.inject.none", lang), ""), *self._words("category", INJECT_CATEGORIES)]))
        targets = [*(getattr(sc, "seats", ()) or ()), *sc.command.units]
        self._add("target", widgets.Dropdown(options=self._options(targets, "ui.inject.none"), layout=widgets.Layout(width="30em")))

    def _effect_fields(self) -> None:
        sc, lang = self.scenario, self.lang
        names = {p.id: text(p.name, lang) for p in sc.places}
        roads = [(tr("ui.inject.road_name", lang, a=names[r.source], b=names[r.target]), f"{r.source}|{r.target}") for r in sc.roads]
        self._add("road", widgets.Dropdown(options=roads, layout=_WIDE), ("effect", "from"), ("effect", "to"), ("effect",))
        self._add("factor", widgets.BoundedFloatText(value=2, min=1, max=100, step=0.5), ("effect", "factor"))
        self._add("flyable", widgets.Checkbox(value=True, description=tr("inject.field.flyable", lang)), ("effect", "flyable"))
        self._add("hazard", widgets.Dropdown(options=self._words("hazard", HAZARDS), value="flood"), ("effect", "hazard"))
        self._add("place", widgets.Dropdown(options=self._options(sc.places), layout=_WIDE), ("effect", "place"))
        self._add("level", widgets.Dropdown(options=self._words("response", RESPONSE_LEVELS), value="IV"), ("effect", "level"))
        capabilities = sorted({c for t in sc.teams for c in t.capabilities}) or list(CAPABILITIES)
        self._add("capability", widgets.Dropdown(options=self._words("capability", capabilities)), ("effect", "needs"))
        self._add("teams", widgets.BoundedIntText(value=1, min=1, max=1000), ("effect", "needs", 0, "teams"))
        self._add("on_scene_minutes", widgets.BoundedFloatText(value=60, min=0, max=10**6), ("effect", "needs", 0, "on_scene_minutes"))
        self._add("detection_minutes", widgets.BoundedFloatText(value=0, min=0, max=10**6), ("effect", "detection_minutes"))
        self._add("trapped", widgets.BoundedIntText(value=0, min=0, max=10000), ("effect", "trapped"))
        self._add("by", widgets.Dropdown(options=self._options(sc.command.units), layout=_WIDE), ("effect", "by"))
        self._add("warning_level", widgets.Dropdown(options=self._words("warning_level", typing.get_args(EFFECT_MODELS["warning"].model_fields["level"].annotation)), value="red"), ("effect", "level"))
        self._add("answer_minutes", widgets.BoundedFloatText(value=10, min=0.1, max=10**4), ("effect", "answer_minutes"))
        self._add("channel", widgets.Dropdown(options=self._options(sc.command.channels)), ("effect", "channel"))
        self._add("units", widgets.SelectMultiple(options=self._options(sc.command.units), rows=4, layout=_WIDE), ("effect", "units"))
        self._add("depot", widgets.Dropdown(options=self._options(sc.depots), layout=_WIDE), ("effect", "depot"))
        # an aftershock: its magnitude and epicentre, the main shock's to start with (simulator.scenario.hazards_earthquake)
        quake = getattr(sc, "earthquake", None)
        self._add("magnitude", widgets.BoundedFloatText(value=5.5, min=3, max=9.5, step=0.1), ("effect", "magnitude"))
        self._add("x", widgets.BoundedFloatText(value=quake.x if quake else 0, min=-1e5, max=1e5, step=1), ("effect", "x"))
        self._add("y", widgets.BoundedFloatText(value=quake.y if quake else 0, min=-1e5, max=1e5, step=1), ("effect", "y"))

    def _expected_and_condition(self) -> None:
        sc, lang = self.scenario, self.lang
        within = widgets.BoundedFloatText(value=30, min=1, max=10**4, description=tr("inject.field.within_minutes", lang), style={"description_width": "initial"}, layout=widgets.Layout(width="14em"))
        within.add_class("inject-within")
        self.within = within
        self._add("expect", widgets.Dropdown(options=[(tr("ui.inject.none", lang), ""), *self._words("action", PLAYER_ACTIONS)]), ("expected_actions",), extra=(within,))
        self._add("condition", widgets.Dropdown(options=[(tr("ui.inject.at_time", lang), ""), *self._words("condition", CONDITION_KINDS)]), ("condition",))
        incidents = [(tr("ui.inject.incident_of_source", lang, name=text(s.name, lang)), s.id) for s in sc.incidents]
        self._add("cond_incident", widgets.Dropdown(options=incidents, layout=_WIDE), *[("condition", k, "incident") for k in ("unmet_incident", "report_late")])
        self._add("after_minutes", widgets.BoundedFloatText(value=30, min=0.1, max=10**6), *[("condition", k, "after_minutes") for k in ("unmet_incident", "report_late", "warning_unanswered")])
        self._add("cond_warning", widgets.Dropdown(options=[(tr("ui.inject.any", lang), "")], layout=_WIDE), ("condition", "warning_unanswered", "warning"))
        self._add("cond_place", widgets.Dropdown(options=self._options(sc.places), layout=_WIDE), ("condition", "team_dispatched_to", "place"))
        self._add("cond_team", widgets.Dropdown(options=self._options(sc.teams, "ui.inject.any"), layout=_WIDE), ("condition", "team_dispatched_to", "team"))
        self._add("until", widgets.BoundedFloatText(value=0, min=0, max=sc.meta.horizon), ("until",))
        self.set_injects(sc.injects)

    def set_injects(self, injects) -> None:
        """The MSEL a condition may name: injects that start an incident or issue a warning."""
        lang = self.lang
        sources = [(tr("ui.inject.incident_of_source", lang, name=text(s.name, lang)), s.id) for s in self.scenario.incidents]
        started = [(tr("ui.inject.incident_of_inject", lang, text=text(i.text, lang)), i.id) for i in injects if i.effect is not None and i.effect.type == "incident"]
        warnings = [(text(i.text, lang), i.id) for i in injects if i.effect is not None and i.effect.type == "warning"]
        _keep(self.fields["cond_incident"].widget, sources + started)
        _keep(self.fields["cond_warning"].widget, [(tr("ui.inject.any", lang), ""), *warnings])

    # -- which fields show --------------------------------------------------------------------------

    def effect_fields(self) -> list[str]:
        """The form fields of the chosen effect, from its model's fields (``from``/``to`` make one road)."""
        model = EFFECT_MODELS.get(self.effect.value)
        if model is None:
            return []
        out = []
        for name in model.model_fields:
            if name == "type":
                continue
            if name in ("source", "target"):
                name = "road"
            elif name == "needs":
                out += ["capability", "teams", "on_scene_minutes"]
                continue
            elif name == "supplies":
                continue  # kept from the inject being edited; a new incident asks for none
            elif name == "level" and self.effect.value == "warning":
                name = "warning_level"
            if name not in out:
                out.append(name)
        return out

    def condition_fields(self) -> list[str]:
        kind = self.fields["condition"].widget.value
        return {
            "unmet_incident": ["cond_incident", "after_minutes", "until"],
            "report_late": ["cond_incident", "after_minutes", "until"],
            "warning_unanswered": ["cond_warning", "after_minutes", "until"],
            "team_dispatched_to": ["cond_place", "cond_team", "until"],
        }.get(kind, [])

    def _show(self) -> None:
        if self.effect.value == "media":
            self.fields["category"].widget.value = "media"
        self.effect_box.children = [self.fields[k].box for k in self.effect_fields()]
        self.condition_box.children = [self.fields[k].box for k in self.condition_fields()]

    # -- reading and filling ----------------------------------------------------------------------------

    def value(self, name: str):
        return self.fields[name].widget.value

    def data(self, now: float | None = None) -> dict:
        """The inject as plain data (as in a scenario file); ``now`` is the drill's minute for "at once"."""
        base = dict(self._base)
        time = now if (self.live and self.at_once.value and now is not None) else self.value("time")
        data = {"id": self.value("id").strip(), "time": float(time), "text": {"zh": self.value("text_zh"), "en": self.value("text_en")}}
        effect = self._effect_data(base.get("effect"))
        if effect is not None:
            data["effect"] = effect
        for name in ("category", "target"):
            if self.value(name):
                data[name] = self.value(name)
        expected = list(base.get("expected_actions", ()))
        if self.value("expect"):
            first = {**(expected[0] if expected else {}), "action": self.value("expect"), "within_minutes": float(self.within.value)}
            data["expected_actions"] = [first, *expected[1:]]
        elif expected[1:]:
            data["expected_actions"] = expected[1:]
        condition = self._condition_data()
        if condition is not None:
            data["condition"] = condition
            if self.value("until") > 0:
                data["until"] = float(self.value("until"))
        return data

    def _effect_data(self, base: dict | None) -> dict | None:
        kind = self.effect.value
        if kind not in EFFECT_MODELS:
            return None
        out = dict(base) if base and base.get("type") == kind else {}
        out["type"] = kind
        for name in self.effect_fields():
            value = self.value(name)
            if name == "road":
                out["from"], out["to"] = value.split("|") if value else ("", "")
            elif name == "capability":
                needs = list(out.get("needs", ()))
                first = dict(needs[0]) if needs else {}
                first.update(capability=value, teams=int(self.value("teams")), on_scene_minutes=self._minutes("on_scene_minutes", first.get("on_scene_minutes")))
                out["needs"] = [first, *needs[1:]]
            elif name in ("teams", "on_scene_minutes"):
                continue
            elif name == "trapped":
                if value > 0:
                    trapped = dict(out.get("trapped") or {})
                    out["trapped"] = {**trapped, "people": self._minutes("trapped", trapped.get("people"), int)}
                else:
                    out.pop("trapped", None)
            elif name == "warning_level":
                out["level"] = value
            elif name == "units":
                out["units"] = list(value)
            elif name == "detection_minutes":
                out[name] = self._minutes(name, out.get(name))
            elif name in ("factor", "answer_minutes", "magnitude", "x", "y"):
                out[name] = float(value)
            else:
                out[name] = value
        return out

    def _minutes(self, name: str, base, kind=float):
        """The number box's value, or the inject's own distribution when the box still shows what it was filled with."""
        value = self.value(name)
        if isinstance(base, dict) and _fixed(base) is None and self._shown.get(name) == value:
            return base  # a triangular or lognormal duration the facilitator did not touch
        return kind(value)

    def _condition_data(self) -> dict | None:
        kind = self.value("condition")
        if not kind:
            return None
        if kind == "team_dispatched_to":
            spec = {"place": self.value("cond_place")}
            if self.value("cond_team"):
                spec["team"] = self.value("cond_team")
        elif kind == "warning_unanswered":
            spec = {"after_minutes": float(self.value("after_minutes"))}
            if self.value("cond_warning"):
                spec["warning"] = self.value("cond_warning")
        else:
            spec = {"incident": self.value("cond_incident"), "after_minutes": float(self.value("after_minutes"))}
        return {kind: spec}

    def yaml(self, now: float | None = None) -> str:
        """The inject as YAML text for the scenario's checks (any text is quoted as YAML needs)."""
        return inject_yaml(self.data(now))

    def reset(self, inject_id: str, time: float) -> None:
        """A new inject: empty texts, a fresh id, at ``time``."""
        self._base, self._shown = {}, {}
        self.load_data({"id": inject_id, "time": time, "text": {"zh": "", "en": ""}})

    def load(self, inject: Inject) -> None:
        """Fill the form from ``inject`` (to edit it); what the form does not show is kept for :meth:`data`."""
        data = inject_data(inject)
        self.load_data(data)
        self._base = data

    def load_data(self, data: dict) -> None:
        f = lambda name: self.fields[name].widget  # noqa: E731
        self.clear_problems()
        f("id").value = data.get("id", "")
        f("time").value = data.get("time", 0)
        self.at_once.value = self.live and not data.get("text", {}).get("zh")  # a new one goes out at once; an edit keeps its minute
        f("text_zh").value, f("text_en").value = data.get("text", {}).get("zh", ""), data.get("text", {}).get("en", "")
        _set(f("category"), data.get("category", ""))
        _set(f("target"), data.get("target", ""))
        effect = data.get("effect") or {}
        self.effect.value = effect.get("type") or ("media" if data.get("category") == "media" else "note")
        if effect.get("from"):
            _set(f("road"), f"{effect['from']}|{effect['to']}")
        for name in ("factor", "flyable", "hazard", "place", "by", "answer_minutes", "channel", "depot", "magnitude", "x", "y"):
            if name in effect:
                _set(f(name), effect[name])
        if "level" in effect:
            _set(f("warning_level" if effect.get("type") == "warning" else "level"), effect["level"])
        if effect.get("units"):
            f("units").value = tuple(u for u in effect["units"] if u in dict(_pairs(f("units"))).values())
        self._shown = {}
        need = (effect.get("needs") or [{}])[0]
        if need:
            _set(f("capability"), need.get("capability"))
            f("teams").value = need.get("teams", 1)
        people = (effect.get("trapped") or {}).get("people")
        for name, value in (("on_scene_minutes", need.get("on_scene_minutes")), ("detection_minutes", effect.get("detection_minutes")), ("trapped", people)):
            if value is not None:
                f(name).value = _fixed(value) if _fixed(value) is not None else _middle(value)
                self._shown[name] = f(name).value
            elif name == "trapped":
                f(name).value = 0
        expected = data.get("expected_actions") or []
        _set(f("expect"), expected[0]["action"] if expected else "")
        if expected:
            self.within.value = expected[0]["within_minutes"]
        condition = data.get("condition") or {}
        kind = next(iter(condition), "")
        _set(f("condition"), kind)
        spec = condition.get(kind) or {}
        _set(f("cond_incident"), spec.get("incident", ""))
        _set(f("cond_warning"), spec.get("warning", ""))
        _set(f("cond_place"), spec.get("place", ""))
        _set(f("cond_team"), spec.get("team", ""))
        if spec.get("after_minutes") is not None:
            f("after_minutes").value = spec["after_minutes"]
        f("until").value = data.get("until") or 0
        self._show()

    # -- problems beside their fields ---------------------------------------------------------------------

    def clear_problems(self) -> None:
        for field in self.fields.values():
            field.error.value = ""
        self.general.value = ""

    def show_problems(self, error: ScenarioError) -> dict[str, list[str]]:
        """Put each problem of ``error`` beside its field (the rest below the form); returns field -> messages."""
        self.clear_problems()
        shown = set(self.effect_fields()) | set(self.condition_fields()) | {"id", "time", "text_zh", "text_en", "category", "target", "expect", "condition"}
        placed: dict[str, list[str]] = {}
        for problem in error.problems:
            name = self._field_of(problem.loc, shown)
            placed.setdefault(name or "", []).append(problem.message(self.lang))
        for name, messages in placed.items():
            html = "".join(f'<div style="color:#c62828">{escape(m)}</div>' for m in messages)
            if name:
                self.fields[name].error.value = html
            else:
                self.general.value = html
        return placed

    def _field_of(self, loc: Loc, shown: set[str]) -> str | None:
        best, length = None, -1
        for field in self.fields.values():
            if field.name not in shown:
                continue
            for prefix in field.locs:
                if tuple(loc[: len(prefix)]) == tuple(prefix) and len(prefix) > length:
                    best, length = field.name, len(prefix)
        return best


def _fixed(value) -> float | None:
    """A duration as one number: a number, or a fixed distribution's value; None for a real distribution."""
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, dict) and value.get("dist") == "fixed":
        return value.get("value")
    return None


def _middle(dist: dict) -> float:
    """What a number box shows for a distribution: its mode, mean or median."""
    return next((dist[k] for k in ("mode", "mean", "median", "value", "low") if isinstance(dist.get(k), (int, float))), 0)


def _pairs(dropdown) -> list[tuple[str, str]]:
    return [o if isinstance(o, tuple) else (o, o) for o in dropdown.options]


def _set(dropdown, value) -> None:
    """Choose ``value`` when the dropdown offers it (an id the scenario no longer has is left out)."""
    if not hasattr(dropdown, "options"):  # a number box or a checkbox
        dropdown.value = value
    elif value in [v for _, v in _pairs(dropdown)]:
        dropdown.value = value


def _keep(dropdown: widgets.Dropdown, options: list[tuple[str, str]]) -> None:
    value = dropdown.value
    dropdown.options = options
    values = [v for _, v in options]
    dropdown.value = value if value in values else (values[0] if values else None)
