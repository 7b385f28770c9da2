"""A refused decision in the user's language, naming teams, units and places by their names.

A refusal keeps ids and codes (``team``, ``state``, ``unit`` ...) so that the
store holds it in no language; this puts in the scenario's names and the
catalogue's words when it is shown. Parameters it does not know, and ids
the scenario does not have (a mistyped team), are shown as they are.
"""

from __future__ import annotations

from simulator.i18n import has_key, text, tr
from simulator.scenario.models import Scenario
from simulator.scenario.seats import seats_of


def refusal_text(scenario: Scenario | None, reason: str, params: dict, lang: str | None = None) -> str:
    """``tr("decision.<reason>")`` with names for ids and words for codes (ids as they are without a scenario)."""
    return tr("decision." + reason, lang, **named(scenario, params, lang))


def named(scenario: Scenario | None, params: dict, lang: str | None = None) -> dict:
    teams = {t.id: t.name for t in scenario.teams} if scenario else {}
    units = {u.id: u.name for u in scenario.command.units} if scenario else {}
    places = {p.id: p.name for p in scenario.places} if scenario else {}
    seats = {s.id: s.name for s in seats_of(scenario)} if scenario else {}
    out = dict(params)
    for key, value in params.items():
        if key == "team" and value in teams:
            out[key] = text(teams[value], lang)
        elif key in ("unit", "owner") and value in units:
            out[key] = text(units[value], lang)
        elif key == "place" and value in places:
            out[key] = text(places[value], lang)
        elif key == "seat" and value in seats:
            out[key] = text(seats[value], lang)
        elif key == "decision":
            out[key] = _word("action", value, lang)
        elif key == "state":
            out[key] = _word("team_state", value, lang)
        elif key == "action":
            out[key] = _word("team_action", value, lang)
        elif key == "allowed":
            out[key] = either([_word("team_state", s, lang) for s in value], lang)
        elif key == "capability":
            out[key] = _word("capability", value, lang)
        elif key == "unit_level":
            out[key] = _word("level", value, lang)
        elif key == "levels":
            out[key] = either([_word("level", s, lang) for s in value], lang)
    return out


def either(words: list[str], lang: str | None = None) -> str:
    """``a, b or c`` (``a、b或c``)."""
    if len(words) < 2:
        return "".join(words)
    return tr("words.or", lang, first=tr("words.list_sep", lang).join(words[:-1]), last=words[-1])


def _word(prefix: str, code: str, lang: str | None) -> str:
    key = f"{prefix}.{code}"
    return tr(key, lang) if has_key(key) else str(code)
