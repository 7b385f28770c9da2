"""Walking the command chain of a scenario (pure functions of the scenario)."""

from __future__ import annotations

from simulator.scenario.models import Scenario, Unit
from simulator.scenario.vocabulary import level_rank


def local_unit(sc: Scenario, place_id: str) -> Unit | None:
    """The territorial unit for a place: at the place itself, else its nearest ancestor.

    Specialised HQs are not territorial: reports enter through offices and
    general HQs (territory first, 属地为主).
    """
    by_place = {}
    for u in sc.command.units:
        if u.kind != "specialised_hq":
            by_place.setdefault(u.place, u)
    places = {p.id: p for p in sc.places}
    seen = set()
    node = place_id
    while node is not None and node not in seen:
        seen.add(node)
        if node in by_place:
            return by_place[node]
        node = places[node].parent if node in places else None
    return None


def chain_up(sc: Scenario, unit: Unit) -> list[Unit]:
    """``unit`` and its ancestors, lowest first."""
    units = {u.id: u for u in sc.command.units}
    out, seen = [], set()
    node: Unit | None = unit
    while node is not None and node.id not in seen:
        seen.add(node.id)
        out.append(node)
        node = units.get(node.parent) if node.parent else None
    return out


def unit_at_tier(sc: Scenario, unit: Unit, tier: str) -> Unit | None:
    """The first unit at ``tier`` on the way up from ``unit``.

    If the chain skips the tier (no township office above a community, say),
    the next higher unit takes command, as escalation would.
    """
    for u in chain_up(sc, unit):
        if level_rank(u.level) >= level_rank(tier):
            return u
    return None


def lead_hq(sc: Scenario, commander: Unit, hazard: str) -> Unit | None:
    """The specialised HQ under ``commander`` that leads for ``hazard`` ("1+12")."""
    for u in sc.command.units:
        if u.parent == commander.id and u.kind == "specialised_hq" and hazard in u.leads:
            return u
    return None


def reporting_path(sc: Scenario, place_id: str, level: str, hazard: str) -> list[Unit]:
    """Units a report passes, from the local unit up to the one that commands.

    The response level picks the commanding tier (territory first); under
    "1+12" the commanding HQ hands over to the specialised HQ for the hazard.
    """
    local = local_unit(sc, place_id)
    tier = sc.command.commanding_tier.get(level, "city")
    commander = unit_at_tier(sc, local, tier) or chain_up(sc, local)[-1]
    path = []
    for unit in chain_up(sc, local):
        path.append(unit)
        if unit.id == commander.id:
            break
    lead = lead_hq(sc, commander, hazard)
    if lead is not None:
        path.append(lead)
    return path
