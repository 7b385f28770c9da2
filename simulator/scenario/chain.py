"""Walking the command chain of a scenario (pure functions of the scenario).

Each function indexes the scenario afresh; code that asks many times (the
cross-reference checks, the models during a run) builds one
:class:`ChainIndex` and asks it instead: the same answers, each found in
time proportional to the depth of the chain rather than the size of the
scenario.
"""

from __future__ import annotations

from simulator.scenario.models import Scenario, Unit
from simulator.scenario.vocabulary import level_rank


def local_unit(sc: Scenario, place_id: str) -> Unit | None:
    """The territorial unit for a place: at the place itself, else its nearest ancestor.

    Specialised HQs are not territorial: reports enter through offices and
    general HQs (territory first, 属地为主).
    """
    return ChainIndex(sc).local_unit(place_id)


def chain_up(sc: Scenario, unit: Unit) -> list[Unit]:
    """``unit`` and its ancestors, lowest first."""
    return ChainIndex(sc).chain_up(unit)


def unit_at_tier(sc: Scenario, unit: Unit, tier: str) -> Unit | None:
    """The first unit at ``tier`` on the way up from ``unit``.

    If the chain skips the tier (no township office above a community, say),
    the next higher unit takes command, as escalation would.
    """
    return ChainIndex(sc).unit_at_tier(unit, tier)


def lead_hq(sc: Scenario, commander: Unit, hazard: str) -> Unit | None:
    """The specialised HQ under ``commander`` that leads for ``hazard`` ("1+12")."""
    return ChainIndex(sc).lead_hq(commander, hazard)


def reporting_path(sc: Scenario, place_id: str, level: str, hazard: str) -> list[Unit]:
    """Units a report passes, from the local unit up to the one that commands.

    The response level picks the commanding tier (territory first); under
    "1+12" the commanding HQ hands over to the specialised HQ for the hazard.
    """
    return ChainIndex(sc).reporting_path(place_id, level, hazard)


class ChainIndex:
    """One scenario's command chain, indexed once; answers as the functions above do.

    Answers are remembered (the scenario is immutable); lists are handed out
    as fresh copies, so a caller may change its own.
    """

    def __init__(self, sc: Scenario):
        self.scenario = sc
        self.units: dict[str, Unit] = {u.id: u for u in sc.command.units}  # the last of a duplicated id, as before
        self._places = {p.id: p for p in sc.places}
        self._by_place: dict[str, Unit] = {}
        self._leads: dict[tuple[str, str], Unit] = {}
        for u in sc.command.units:
            if u.kind != "specialised_hq":
                self._by_place.setdefault(u.place, u)
            elif u.parent is not None:
                for hazard in u.leads:
                    self._leads.setdefault((u.parent, hazard), u)
        self._local: dict[str, Unit | None] = {}
        self._up: dict[str, list[Unit]] = {}
        self._paths: dict[tuple[str, str, str], list[Unit]] = {}

    def local_unit(self, place_id: str) -> Unit | None:
        if place_id in self._local:
            return self._local[place_id]
        found, seen, node = None, set(), place_id
        while node is not None and node not in seen:
            seen.add(node)
            if node in self._by_place:
                found = self._by_place[node]
                break
            node = self._places[node].parent if node in self._places else None
        self._local[place_id] = found
        return found

    def _chain(self, unit: Unit | None) -> list[Unit]:
        known = unit is not None and self.units.get(unit.id) is unit
        if known and unit.id in self._up:
            return self._up[unit.id]
        out, seen = [], set()
        node: Unit | None = unit
        while node is not None and node.id not in seen:
            seen.add(node.id)
            out.append(node)
            node = self.units.get(node.parent) if node.parent else None
        if known:
            self._up[unit.id] = out
        return out

    def chain_up(self, unit: Unit | None) -> list[Unit]:
        return list(self._chain(unit))

    def unit_at_tier(self, unit: Unit | None, tier: str) -> Unit | None:
        rank = level_rank(tier)
        for u in self._chain(unit):
            if level_rank(u.level) >= rank:
                return u
        return None

    def lead_hq(self, commander: Unit, hazard: str) -> Unit | None:
        return self._leads.get((commander.id, hazard))

    def reporting_path(self, place_id: str, level: str, hazard: str) -> list[Unit]:
        key = (place_id, level, hazard)
        path = self._paths.get(key)
        if path is None:
            local = self.local_unit(place_id)
            tier = self.scenario.command.commanding_tier.get(level, "city")
            commander = self.unit_at_tier(local, tier) or self._chain(local)[-1]
            path = []
            for unit in self._chain(local):
                path.append(unit)
                if unit.id == commander.id:
                    break
            lead = self.lead_hq(commander, hazard)
            if lead is not None:
                path.append(lead)
            self._paths[key] = path
        return list(path)
