"""Names for what a person reads in a drill: teams, units, places, seats, incidents, levels.

Ids stay ids in the store, the event log and behind every dropdown; whatever
the console, the map or a form shows goes through here. An incident from a
source (``trapped-001``) reads as the source's name, its number and its
place; one an inject started (its id is the inject's) as its hazard and
place. An id nothing here knows (a mistyped team in a script) is shown as
it is, so nothing is hidden.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from simulator.drill.facilitation import SESSION_ACTIONS, describe
from simulator.metrics.naming import incident_name, incident_places, word
from simulator.drill.refusals import refusal_text
from simulator.i18n import resolve_lang, text
from simulator.scenario.models import Scenario

__all__ = ["Names", "incident_name", "incident_places", "word"]


class Names:
    """A scenario's ids in ``lang``; ``incidents`` (from :func:`incident_places`) give incidents their place."""

    def __init__(self, scenario: Scenario, lang: str | None = None, incidents: dict[str, tuple[str, str]] | None = None, injects: Iterable = ()):
        self.scenario, self.lang = scenario, lang
        self._teams = {t.id: text(t.name, lang) for t in scenario.teams}
        self._units = {u.id: text(u.name, lang) for u in scenario.command.units}
        self._places = {p.id: text(p.name, lang) for p in scenario.places}
        self._items = {i.id: i for i in scenario.items}
        self._seats = {s.id: text(s.name, lang) for s in getattr(scenario, "seats", ())}
        self._injects = {i.id: i for i in (*scenario.injects, *injects)}
        self._incidents = dict(incidents or {})

    @classmethod
    def of_log(cls, scenario: Scenario, events: pd.DataFrame, lang: str | None = None, injects: Iterable = ()) -> Names:
        return cls(scenario, lang, incident_places(events), injects)

    def team(self, team_id: str) -> str:
        return self._teams.get(team_id, team_id)

    def unit(self, unit_id: str) -> str:
        return self._units.get(unit_id, unit_id)

    def place(self, place_id: str) -> str:
        return self._places.get(place_id, place_id)

    def item(self, item_id: str) -> str:
        item = self._items.get(item_id)
        return text(item.name, self.lang) if item is not None else item_id

    def quantity(self, item_id: str, quantity) -> str:
        """``40 bags`` (``40 条``): the item's unit after the number."""
        item = self._items.get(item_id)
        try:
            number = f"{float(quantity):g}"
        except (TypeError, ValueError):
            number = str(quantity)
        return f"{number} {text(item.unit, self.lang)}" if item is not None else number

    def target(self, ref: str | None) -> str:
        """Whom an inject is addressed to: a seat, a command unit or a team."""
        if not ref:
            return ""
        return self._seats.get(ref) or self._units.get(ref) or self._teams.get(ref) or self._places.get(ref) or ref

    def incident(self, incident_id: str) -> str:
        place, hazard = self._incidents.get(incident_id, ("", ""))
        if not place:  # not in the log yet: an inject's incident is named from its effect
            effect = getattr(self._injects.get(incident_id), "effect", None)
            if getattr(effect, "type", None) == "incident":
                place, hazard = effect.place, effect.hazard
        return incident_name(self.scenario, incident_id, place, hazard, self.lang)

    def actor(self, actor: str) -> str:
        """Who took a decision: a seat (recorded as ``seat:<id>``) by its name, else the catalogue's word."""
        if actor.startswith("seat:"):
            return self.target(actor[len("seat:"):])
        return word("actor", actor, self.lang)

    def refusal(self, reason: str, params: dict) -> str:
        """Why a decision was refused, incidents named too (the refusal keeps their ids)."""
        if "incident" in params:
            params = {**params, "incident": self.incident(str(params["incident"]))}
        return refusal_text(self.scenario, reason, params, self.lang)

    def inject(self, inject_id: str) -> str:
        """An inject by its text (injects have no other name)."""
        inject = self._injects.get(inject_id)
        return text(inject.text, self.lang) if inject is not None else inject_id

    def argument(self, name: str, value, action: str = "") -> str:
        """One argument of a decision, for the log: ``team`` by its name, ``level`` by its word, ..."""
        value = "" if value is None else value
        if name == "team":
            return self.team(value)
        if name in ("unit", "by"):
            return self.unit(value)
        if name == "incident":
            return self.incident(value)
        if name == "place":
            return self.place(value)
        if name == "item":
            return self.item(value)
        if name == "level":
            return word("warning_level" if action == "issue_warning" else "response", value, self.lang)
        if name == "mode":
            return word("ui.cmd", value, self.lang)
        if name in ("capability", "hazard"):
            return word(name, value, self.lang)
        return str(value)

    def decision(self, action: str, args: dict) -> str:
        """What a decision was about, in words: "Street shock team → Flash flood #1 · Xikou"."""
        if action in SESSION_ACTIONS:  # a note, a correction, an MSEL change (issue 13)
            return describe(action, args, self.inject, self.lang)
        if action == "add_inject":
            data = args.get("inject", {})
            said = data.get("text")
            if isinstance(said, dict) and said.get(resolve_lang(self.lang)):
                return str(said[resolve_lang(self.lang)])
            return str(data.get("id", ""))
        if action == "release_supplies":
            return f"{self.item(args.get('item', ''))} {self.quantity(args.get('item', ''), args.get('quantity', ''))} → {self.incident(args.get('incident', ''))}"
        parts = [self.argument(k, args[k], action) for k in ("team", "unit", "incident", "level", "mode") if k in args]
        known = {"team", "unit", "incident", "level", "mode", "item", "quantity"}
        parts += [self.argument(k, v, action) for k, v in sorted(args.items()) if k not in known]
        return " → ".join(p for p in parts if p)
