"""Cross-reference checks of the supply sections: depots, shelters, depot injects.

Called from :func:`simulator.scenario.references.check_references`, which
already checks a depot's place and the items of its ``stock``.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem


def check_supplies(sc: Scenario) -> list[Problem]:
    return [*_depots(sc), *_shelters(sc), *_injects(sc)]


def _items(loc: tuple, keys, item_ids: set[str]) -> Iterator[Problem]:
    for item in keys:
        if item not in item_ids:
            yield Problem((*loc, item), "unknown_item", {"ref": item})


def _depots(sc: Scenario) -> Iterator[Problem]:
    item_ids = {it.id for it in sc.items}
    depot_ids = {d.id for d in sc.depots}
    for i, d in enumerate(sc.depots):
        loc = ("depots", i)
        yield from _items((*loc, "production"), d.production, item_ids)
        yield from _items((*loc, "reorder"), d.reorder, item_ids)
        yield from _items((*loc, "expires"), d.expires, item_ids)
        for item, rule in d.reorder.items():
            if rule.source == d.id:
                yield Problem((*loc, "reorder", item, "source"), "reorder_from_itself", {"ref": d.id})
            elif rule.source != "supplier" and rule.source not in depot_ids:
                yield Problem((*loc, "reorder", item, "source"), "unknown_depot", {"ref": rule.source})
        for item, rule in d.reorder.items():
            path = _reorder_cycle(sc, d.id, item)
            if path:
                yield Problem((*loc, "reorder", item, "source"), "reorder_cycle", {"item": item, "path": " -> ".join(path)})
        if d.production and d.kind != "capacity":
            yield Problem((*loc, "production"), "production_needs_capacity", {})
        if d.kind == "capacity" and not d.production:
            yield Problem((*loc, "kind"), "capacity_needs_production", {})


def _reorder_cycle(sc: Scenario, start: str, item: str) -> list[str]:
    """The depots from ``start`` back to it when its reorders of ``item`` go round in a circle, else []."""
    source_of = {d.id: d.reorder[item].source for d in sc.depots if item in d.reorder}
    path, node = [start], source_of.get(start)
    while node in source_of and node not in path:  # suppliers and unknown depots end the walk
        path.append(node)
        node = source_of[node]
    return [*path, start] if node == start and len(path) > 1 else []


def _shelters(sc: Scenario) -> Iterator[Problem]:
    place_ids = {p.id for p in sc.places}
    item_ids = {it.id for it in sc.items}
    depot_ids = {d.id for d in sc.depots}
    horizon = sc.meta.horizon
    for i, s in enumerate(sc.shelters):
        loc = ("shelters", i)
        if s.id in depot_ids:
            # shelters and depots are both destinations in the event log
            yield Problem((*loc, "id"), "duplicate_id", {"id": s.id})
        if s.place not in place_ids:
            yield Problem((*loc, "place"), "unknown_place", {"ref": s.place})
        yield from _items((*loc, "needs_per_person_day"), s.needs_per_person_day, item_ids)
        for j, arrival in enumerate(s.arrivals):
            if arrival.time > horizon:
                yield Problem((*loc, "arrivals", j, "time"), "beyond_horizon", {"time": arrival.time, "horizon": horizon})
        if s.from_incidents is not None:
            for j, place in enumerate(s.from_incidents.places):
                if place not in place_ids:
                    yield Problem((*loc, "from_incidents", "places", j), "unknown_place", {"ref": place})


def _injects(sc: Scenario) -> Iterator[Problem]:
    depot_ids = {d.id for d in sc.depots}
    for i, inj in enumerate(sc.injects):
        eff = inj.effect
        if eff is not None and eff.type in ("close_depot", "open_depot") and eff.depot not in depot_ids:
            yield Problem(("injects", i, "effect", "depot"), "unknown_depot", {"ref": eff.depot})
