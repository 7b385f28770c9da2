"""Names, times and durations as the after-action report prints them, in its language.

A report names teams, units, places and incidents by their names, never by
ids: an incident from a source (``trapped-003``) reads "People trapped ·
Minzhu Road Community · No. 3", one an inject started reads by its hazard
and place. Times are drill times, ``T+hh:mm``; durations are minutes.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from simulator.i18n import has_key, text, tr
from simulator.metrics.select import of_kind
from simulator.scenario.models import Scenario


def clock(minutes: float | None) -> str:
    """``T+hh:mm`` for a drill minute (rounded to the minute)."""
    if minutes is None or (isinstance(minutes, float) and math.isnan(minutes)):
        return "—"
    whole = int(round(float(minutes)))
    return f"T+{whole // 60:02d}:{whole % 60:02d}"


def duration(minutes: float | None, lang: str | None = None) -> str:
    if minutes is None or (isinstance(minutes, float) and math.isnan(minutes)):
        return "—"
    return tr("aar.minutes", lang, value=f"{float(minutes):.0f}")


def label(prefix: str, code: str, lang: str | None = None) -> str:
    """The catalogue's word for a code (``step.relief``), the code itself when there is none."""
    key = f"{prefix}.{code}"
    return tr(key, lang) if code and has_key(key) else code


def _first_clause(sentence: str, most: int = 48) -> str:
    clause = re.split(r"[,;:,;:。!?]|\. ", sentence, maxsplit=1)[0].strip().rstrip(".")
    return clause if len(clause) <= most else clause[: most - 1] + "…"


# The kinds of scenario ids a report names; ``Names.any`` tries them in this order
# when a column mixes kinds (an event's ``entity``).
KINDS = ("unit", "team", "place", "shelter", "depot", "seat", "plan", "series", "item")


class Names:
    """Ids of one scenario (and one log's incidents) to names in ``lang``.

    Ids are unique within a kind, not across kinds (a unit may share a
    place's id): name an id by its kind (:meth:`of`, :meth:`unit`,
    :meth:`place`...) wherever the kind is known. Without ``events`` the
    incidents, warnings and roll calls are not known (a table of ids only).
    """

    def __init__(self, scenario: Scenario, events: pd.DataFrame | None = None, lang: str | None = None, injects=()):
        self.lang = lang
        self._units = {u.id: text(u.name, lang) for u in scenario.command.units}
        self._teams = {t.id: text(t.name, lang) for t in scenario.teams}
        self._places = {p.id: text(p.name, lang) for p in scenario.places}
        self._sources = {s.id: text(s.name, lang) for s in scenario.incidents}
        self._injects = {i.id: i for i in (*scenario.injects, *injects)}
        self._depots = {d.id: text(d.name, lang) for d in scenario.depots}
        self._seats = {s.id: text(s.name, lang) for s in getattr(scenario, "seats", ()) or () if hasattr(s, "name")}
        named = {
            "unit": self._units, "team": self._teams, "place": self._places, "depot": self._depots, "seat": self._seats,
            "shelter": {s.id: text(s.name, lang) for s in scenario.shelters},
            "plan": {p.id: text(p.name, lang) for p in scenario.plans},
            "series": {h.id: text(h.name, lang) for h in scenario.hazard_series},
            "item": {i.id: text(i.name, lang) for i in scenario.items},
        }
        self._kinds = {kind: named[kind] for kind in KINDS}  # in the order ``any`` tries them
        self._incidents, self._warnings, self._roll_calls = {}, {}, {}
        if events is None:
            return
        occurred = of_kind(events, "incident_occurred").drop_duplicates("incident")
        self._incidents = {i: (place, hazard) for i, place, hazard in zip(occurred["incident"], occurred["location"], occurred["detail"])}
        issued = of_kind(events, "warning_issued")
        self._warnings = {w: (unit, level) for w, unit, level in zip(issued["entity"], issued["unit"], issued["level"])}
        calls = of_kind(events, "roll_call_started")
        self._roll_calls = dict(zip(calls["entity"], calls["unit"]))

    def of(self, kind: str, ref: str) -> str:
        """``ref`` named as a thing of ``kind`` (one of KINDS); the id itself when no such thing has it."""
        return self._kinds[kind].get(ref, ref)

    def any(self, ref: str) -> str:
        """``ref`` whose kind is not known (a column of mixed ids): the first kind in KINDS that has it."""
        for names in self._kinds.values():
            if ref in names:
                return names[ref]
        return ref

    def unit(self, unit_id: str) -> str:
        return self._units.get(unit_id) or self._seats.get(unit_id) or self._teams.get(unit_id) or (unit_id or tr("eval.no_unit", self.lang))

    def team(self, team_id: str) -> str:
        return self._teams.get(team_id, team_id)

    def place(self, place_id: str) -> str:
        return self._places.get(place_id, place_id)

    def doer(self, ref: str) -> str:
        """A task's doer: a seat, a command unit or a team."""
        return self._seats.get(ref) or self._units.get(ref) or self._teams.get(ref) or ref

    def inject(self, inject_id: str) -> str:
        inject = self._injects.get(inject_id)
        return text(inject.text, self.lang) if inject is not None else inject_id

    def inject_target(self, inject_id: str) -> str:
        inject = self._injects.get(inject_id)
        return self.doer(inject.target) if inject is not None and inject.target else ""

    def incident(self, incident_id: str) -> str:
        if not incident_id:
            return ""
        place, hazard = self._incidents.get(incident_id, ("", ""))
        source, _, number = incident_id.rpartition("-")
        if source in self._sources and number.isdigit():
            return tr("aar.incident_from_source", self.lang, source=self._sources[source], place=self.place(place), number=int(number))
        inject = self._injects.get(incident_id)
        if inject is not None:  # an inject's incident reads by the inject's first clause ("A landslide dams the river above Xikou")
            return _first_clause(text(inject.text, self.lang))
        return tr("aar.incident_from_inject", self.lang, hazard=label("hazard", hazard, self.lang), place=self.place(place))

    def warning(self, warning_id: str) -> str:
        """A warning by its colour and who issued it."""
        if warning_id not in self._warnings:
            return warning_id
        unit, level = self._warnings[warning_id]
        return tr("aar.warning_of", self.lang, level=label("warning_level", level, self.lang), unit=self.unit(unit))

    def roll_call_by(self, call_id: str) -> str:
        return self.unit(self._roll_calls.get(call_id, ""))

    def message(self, code: str) -> str:
        return label("message", code, self.lang)

    def step(self, code: str) -> str:
        return label("step", code, self.lang)

    def capability(self, code: str) -> str:
        """A capability as stored with an action: a "3+8" step by its name, typed text as it is."""
        return label("step", code, self.lang)

    def action(self, code: str) -> str:
        return label("action", code, self.lang)
