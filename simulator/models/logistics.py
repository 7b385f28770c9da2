"""Supplies: an incident draws what it needs from the nearest depots that hold it.

Stock is plain numbers per depot and item; every unit is always in exactly
one place (depot, in transit, delivered), which the tests check. Nearest is
by travel time on the open road network; a shortfall after every reachable
depot is empty is recorded as ``supply_short``.
"""

from __future__ import annotations

import math

import simpy

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample
from simulator.models.geography import RoadNetwork
from simulator.models.incidents import Incident
from simulator.scenario.models import Depot


class SupplySystem:
    def __init__(self, ctx: SimContext, roads: RoadNetwork):
        self.ctx = ctx
        self.roads = roads
        self.depots: dict[str, Depot] = {d.id: d for d in ctx.scenario.depots}
        self.stock: dict[str, dict[str, float]] = {d.id: dict(d.stock) for d in ctx.scenario.depots}

    def request(self, incident: Incident) -> list[simpy.Event]:
        """Send everything the incident needs; returns one event per delivery."""
        deliveries = []
        for item, quantity in sorted(incident.supplies.items()):
            self.ctx.record("supply_requested", incident=incident.id, item=item, quantity=quantity, location=incident.place)
            remaining = quantity
            for depot, minutes in self._sources(item, incident.place):
                if remaining <= 0:
                    break
                take = min(remaining, self.stock[depot.id][item])
                self.stock[depot.id][item] -= take
                remaining -= take
                deliveries.append(self.ctx.env.process(self._ship(depot, incident, item, take, minutes)))
            if remaining > 0:
                self.ctx.record("supply_short", incident=incident.id, item=item, quantity=remaining, location=incident.place)
        return deliveries

    def _sources(self, item: str, place: str) -> list[tuple[Depot, float]]:
        found = []
        for depot in self.depots.values():
            if self.stock[depot.id].get(item, 0) > 0:
                minutes = self.roads.travel_minutes(depot.place, place)
                if math.isfinite(minutes):
                    found.append((depot, minutes))
        return sorted(found, key=lambda pair: (pair[1], pair[0].id))

    def _ship(self, depot: Depot, incident: Incident, item: str, quantity: float, minutes: float):
        env, ctx = self.ctx.env, self.ctx
        ctx.record("supply_dispatched", entity=depot.id, incident=incident.id, item=item, quantity=quantity, location=depot.place)
        yield env.timeout(sample(depot.loading_minutes, ctx.rng(f"depots.{depot.id}")))
        yield env.timeout(minutes)  # route fixed at departure
        ctx.record("supply_delivered", entity=depot.id, incident=incident.id, item=item, quantity=quantity, location=incident.place)
