"""Cross-reference checks of the ``evacuation:`` section (simulator.scenario.population).

Called from :func:`simulator.scenario.references.check_references`; every
problem is reported at its own path.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem


def check_population(sc: Scenario) -> list[Problem]:
    return list(_evacuation(sc)) if sc.evacuation is not None else []


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
