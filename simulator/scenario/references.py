"""Cross-reference checks over a structurally valid scenario.

Each check yields a :class:`Problem` at the path of the offending field, so
the loader can attach the line number. All problems are collected, not just
the first, so an author fixes a file in one pass.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.chain import ChainIndex
from simulator.scenario.command_checks import check_command
from simulator.scenario.condition_checks import check_conditions
from simulator.scenario.contingency_checks import check_plans
from simulator.scenario.geography import check_coordinates
from simulator.scenario.hazards_earthquake import check_earthquake
from simulator.scenario.hazards_typhoon import check_typhoon
from simulator.scenario.hazards_forest_fire import check_forest_fire
from simulator.scenario.hazards_chemical_release import check_chemical_release
from simulator.scenario.drill_checks import check_drills
from simulator.scenario.models import Scenario
from simulator.scenario.population_checks import check_population
from simulator.scenario.problems import Problem
from simulator.scenario.publicity_checks import check_publicity
from simulator.scenario.seats import check_seats
from simulator.scenario.supply_checks import check_supplies
from simulator.scenario.task_checks import check_tasks
from simulator.scenario.vocabulary import level_rank


def check_references(sc: Scenario) -> list[Problem]:
    return [
        *_unique_ids(sc),
        *_places(sc),
        *check_coordinates(sc.places),
        *_roads(sc),
        *_units(sc),
        *_teams(sc),
        *_depots(sc),
        *_incidents(sc),
        *_injects(sc),
        *check_command(sc),
        *check_supplies(sc),
        *check_drills(sc),
        *check_seats(sc),
        *check_conditions(sc),
        *check_tasks(sc),
        *check_plans(sc),
        *check_population(sc),
        *check_publicity(sc),
        *check_typhoon(sc),
        *check_forest_fire(sc),
        *check_earthquake(sc),
        *check_chemical_release(sc),
    ]


def _unique_ids(sc: Scenario) -> Iterator[Problem]:
    sections = {
        "places": sc.places,
        "teams": sc.teams,
        "items": sc.items,
        "depots": sc.depots,
        "shelters": sc.shelters,
        "incidents": sc.incidents,
        "injects": sc.injects,
        "objectives": sc.objectives,
    }
    for name, entries in sections.items():
        yield from _duplicates((name,), entries)
    yield from _duplicates(("command", "units"), sc.command.units)


def _duplicates(prefix: tuple, entries) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry.id in seen:
            yield Problem((*prefix, i, "id"), "duplicate_id", {"id": entry.id})
        seen.add(entry.id)


def _cycle_from(start: str, parent_of: dict[str, str | None]) -> bool:
    seen = set()
    node: str | None = start
    while node is not None:
        if node in seen:
            return True
        seen.add(node)
        node = parent_of.get(node)
    return False


def _first_by_id(entries) -> dict:
    """Entries by id, the first of a duplicated id winning (as ``Scenario.place`` finds it)."""
    out: dict = {}
    for entry in entries:
        out.setdefault(entry.id, entry)
    return out


def _places(sc: Scenario) -> Iterator[Problem]:
    ids = {p.id for p in sc.places}
    parent_of = {p.id: p.parent for p in sc.places}
    by_id = _first_by_id(sc.places)
    for i, p in enumerate(sc.places):
        if p.parent is None:
            continue
        if p.parent not in ids:
            yield Problem(("places", i, "parent"), "unknown_place", {"ref": p.parent})
        elif _cycle_from(p.id, parent_of):
            yield Problem(("places", i, "parent"), "place_cycle", {"id": p.id})
        elif level_rank(by_id[p.parent].level) <= level_rank(p.level):
            yield Problem(
                ("places", i, "parent"),
                "parent_not_higher",
                {"ref": p.parent, "level": p.level},
            )


def _roads(sc: Scenario) -> Iterator[Problem]:
    ids = {p.id for p in sc.places}
    seen = set()
    for i, r in enumerate(sc.roads):
        for end, ref in (("from", r.source), ("to", r.target)):
            if ref not in ids:
                yield Problem(("roads", i, end), "unknown_place", {"ref": ref})
        if r.source == r.target:
            yield Problem(("roads", i, "to"), "road_loop", {"ref": r.source})
        key = frozenset((r.source, r.target))
        if key in seen:
            yield Problem(("roads", i), "duplicate_road", {"a": r.source, "b": r.target})
        seen.add(key)


def _units(sc: Scenario) -> Iterator[Problem]:
    place_ids = {p.id for p in sc.places}
    unit_ids = {u.id for u in sc.command.units}
    parent_of = {u.id: u.parent for u in sc.command.units}
    by_id = _first_by_id(sc.command.units)
    roots = 0
    for i, u in enumerate(sc.command.units):
        loc = ("command", "units", i)
        if u.place not in place_ids:
            yield Problem((*loc, "place"), "unknown_place", {"ref": u.place})
        if u.parent is None:
            roots += 1
        elif u.parent not in unit_ids:
            yield Problem((*loc, "parent"), "unknown_unit", {"ref": u.parent})
        elif _cycle_from(u.id, parent_of):
            yield Problem((*loc, "parent"), "command_cycle", {"id": u.id})
        elif level_rank(by_id[u.parent].level) < level_rank(u.level):
            yield Problem((*loc, "parent"), "parent_not_higher", {"ref": u.parent, "level": u.level})
        if u.leads and u.kind != "specialised_hq":
            yield Problem((*loc, "leads"), "leads_needs_hq", {})
    if roots == 0:
        yield Problem(("command", "units"), "command_no_root", {})


def _teams(sc: Scenario) -> Iterator[Problem]:
    place_ids = {p.id for p in sc.places}
    for i, t in enumerate(sc.teams):
        if t.base not in place_ids:
            yield Problem(("teams", i, "base"), "team_base_unknown", {"ref": t.base, "team": t.id})


def _depots(sc: Scenario) -> Iterator[Problem]:
    place_ids = {p.id for p in sc.places}
    item_ids = {it.id for it in sc.items}
    for i, d in enumerate(sc.depots):
        if d.place not in place_ids:
            yield Problem(("depots", i, "place"), "unknown_place", {"ref": d.place})
        for item in d.stock:
            if item not in item_ids:
                yield Problem(("depots", i, "stock", item), "unknown_item", {"ref": item})


def _incidents(sc: Scenario) -> Iterator[Problem]:
    place_ids = {p.id for p in sc.places}
    item_ids = {it.id for it in sc.items}
    horizon = sc.meta.horizon
    chain = ChainIndex(sc)
    for i, src in enumerate(sc.incidents):
        loc = ("incidents", i)
        for j, place in enumerate(src.places):
            if place not in place_ids:
                yield Problem((*loc, "places", j), "unknown_place", {"ref": place})
            else:
                yield from _commanding_units_exist(sc, chain, place, src.severity, (*loc, "places", j))
        for item in src.supplies:
            if item not in item_ids:
                yield Problem((*loc, "supplies", item), "unknown_item", {"ref": item})
        for j, t in enumerate(src.schedule or ()):
            if t > horizon:
                yield Problem((*loc, "schedule", j), "beyond_horizon", {"time": t, "horizon": horizon})
        if src.start > horizon:
            yield Problem((*loc, "start"), "beyond_horizon", {"time": src.start, "horizon": horizon})
        if src.end is not None and src.end < src.start:
            yield Problem((*loc, "end"), "end_before_start", {})


def _commanding_units_exist(sc: Scenario, chain: ChainIndex, place: str, severity, loc) -> Iterator[Problem]:
    """Every response level an incident may take needs a unit at its commanding tier."""
    unit = chain.local_unit(place)
    if unit is None:
        yield Problem(loc, "no_local_unit", {"ref": place})
        return
    for level, p in severity.items():
        tier = sc.command.commanding_tier.get(level)
        if p > 0 and tier is not None and chain.unit_at_tier(unit, tier) is None:
            yield Problem(loc, "no_commanding_unit", {"ref": place, "level": level, "tier": tier})


def _injects(sc: Scenario) -> Iterator[Problem]:
    place_ids = {p.id for p in sc.places}
    roads = {frozenset((r.source, r.target)) for r in sc.roads}
    item_ids = {it.id for it in sc.items}
    horizon = sc.meta.horizon
    for i, inj in enumerate(sc.injects):
        loc = ("injects", i)
        if inj.time > horizon:
            yield Problem((*loc, "time"), "beyond_horizon", {"time": inj.time, "horizon": horizon})
        eff = inj.effect
        if eff is None:
            continue
        if eff.type in ("close_road", "open_road"):
            if frozenset((eff.source, eff.target)) not in roads:
                yield Problem((*loc, "effect"), "unknown_road", {"a": eff.source, "b": eff.target})
        elif eff.type == "incident":
            if eff.place not in place_ids:
                yield Problem((*loc, "effect", "place"), "unknown_place", {"ref": eff.place})
            for item in eff.supplies:
                if item not in item_ids:
                    yield Problem((*loc, "effect", "supplies", item), "unknown_item", {"ref": item})
