"""Cross-reference checks of the ``evacuation:`` section (simulator.scenario.population),
and of people trapped where nobody lives.

Called from :func:`simulator.scenario.references.check_references`; every
problem is reported at its own path.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.base import Text
from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem


def check_population(sc: Scenario) -> list[Problem]:
    return [*(_evacuation(sc) if sc.evacuation is not None else ()), *_trapped(sc)]


def _people_at(sc: Scenario) -> dict[str, int]:
    """Each place's people: its ``population``, or the people at risk the evacuation section gives it."""
    people = {p.id: p.population for p in sc.places}
    for entry in sc.evacuation.places if sc.evacuation is not None else ():
        if entry.people is not None and entry.place in people:
            people[entry.place] = max(people[entry.place], entry.people)
    return people


def _traps(trapped) -> bool:
    """A trapped spec that may trap someone (not a fixed 0)."""
    return trapped is not None and not (trapped.people.dist == "fixed" and (trapped.people.value or 0) <= 0)


def _trapped(sc: Scenario) -> Iterator[Problem]:
    """Trapped people are taken from those at home (simulator.models.people): an incident inject that
    traps people where nobody lives would trap nobody, silently. Refused here, and so in the inject
    form of a drill, which runs these checks (simulator.drill.injects.validate_inject)."""
    people = _people_at(sc)
    for i, inject in enumerate(sc.injects):
        effect = inject.effect
        if effect is not None and effect.type == "incident" and _traps(effect.trapped) and people.get(effect.place, 1) <= 0:
            yield Problem(("injects", i, "effect", "trapped"), "trapped_nobody_there", {"ref": effect.place})


def trapped_advice(sc: Scenario) -> list:
    """Warnings of ``drillsim validate`` (simulator.scenario.team_minimums.Advice), not errors: an
    incident source that traps people and may occur where nobody lives traps nobody there. A source
    spread over many places may cover a few without residents on purpose."""
    from simulator.scenario.team_minimums import Advice

    people, out = _people_at(sc), []
    names = {p.id: p.name for p in sc.places}
    for i, source in enumerate(sc.incidents):
        if _traps(source.trapped):
            empty = [names[p] for p in source.places if people.get(p, 1) <= 0]
            if empty:
                joined = Text(zh="、".join(n.zh for n in empty), en=", ".join(n.en for n in empty))
                out.append(Advice(("incidents", i, "trapped"), "trapped_nobody_there", {"incident": source.name, "places": joined}))
    return out


def _evacuation(sc: Scenario) -> Iterator[Problem]:
    places = {p.id: p for p in sc.places}
    horizon = sc.meta.horizon
    if not sc.shelters:
        yield Problem(("evacuation",), "evacuation_no_shelter", {})
    seen: set[str] = set()
    for i, entry in enumerate(sc.evacuation.places):
        loc = ("evacuation", "places", i)
        place = places.get(entry.place)
        if place is None:
            yield Problem((*loc, "place"), "unknown_place", {"ref": entry.place})
            continue
        if entry.place in seen:
            yield Problem((*loc, "place"), "evacuation_duplicate_place", {"ref": entry.place})
        seen.add(entry.place)
        if entry.people is None and place.population == 0:
            yield Problem((*loc, "people"), "evacuation_nobody", {"ref": entry.place})
        elif entry.people is not None and 0 < place.population < entry.people:
            yield Problem((*loc, "people"), "evacuation_more_than_population", {"people": entry.people, "population": place.population, "ref": entry.place})
        if entry.ordered_at is not None and entry.ordered_at > horizon:
            yield Problem((*loc, "ordered_at"), "beyond_horizon", {"time": entry.ordered_at, "horizon": horizon})
