"""Trucks: loads packed by weight and volume, trips over the road network.

A depot with ``trucks`` has that many vehicles; a trip takes one, loads it
(``loading_minutes``), drives the fastest open route at departure, unloads
and drives back. A depot without ``trucks`` sends every shipment on a
vehicle of its own with no capacity limit (the first model's behaviour).
Roads closed at departure make the truck wait and try again, as teams do;
a depot out of service starts no loading until it reopens (a truck already
loading finishes and leaves).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample_child
from simulator.engine.streams import Stream
from simulator.models.geography import RoadNetwork
from simulator.models.supplies.allocation import Site
from simulator.models.supplies.stock import EPS, Batch, DepotState
from simulator.scenario.supplies import Fleet, Item

RETRY_MINUTES = 30.0

Load = dict[str, float]
Arrived = Callable[[dict[str, list[Batch]]], None]


def pack(items: Load, catalogue: dict[str, Item], fleet: Fleet | None) -> list[Load]:
    """Split a consignment into truckloads, greedily, items in id order.

    Whole units are loaded while they fit; a unit bigger than a truck goes
    alone (one per trip), so no consignment can get stuck.
    """
    left = {k: v for k, v in sorted(items.items()) if v > EPS}
    if fleet is None or (fleet.capacity_kg is None and fleet.capacity_m3 is None):
        return [left] if left else []
    loads = []
    while left:
        kg, m3, load = fleet.capacity_kg, fleet.capacity_m3, {}
        for item, quantity in left.items():
            spec = catalogue[item]
            fits = quantity
            if kg is not None and spec.weight_kg > 0:
                fits = min(fits, math.floor(kg / spec.weight_kg + EPS))
            if m3 is not None and spec.volume_m3 > 0:
                fits = min(fits, math.floor(m3 / spec.volume_m3 + EPS))
            if fits <= EPS and not load:
                fits = min(quantity, 1.0)  # oversize: one unit alone
            if fits <= EPS:
                continue
            load[item] = fits
            if kg is not None:
                kg -= fits * spec.weight_kg
            if m3 is not None:
                m3 -= fits * spec.volume_m3
        for item, quantity in load.items():
            left[item] -= quantity
        left = {k: v for k, v in left.items() if v > EPS}
        loads.append(load)
    return loads


class Shipping:
    def __init__(self, ctx: SimContext, roads: RoadNetwork):
        self.ctx = ctx
        self.roads = roads
        self.in_transit: dict[str, float] = {}

    def trucks_ready(self, depots: list[DepotState]) -> None:
        for dep in depots:
            for truck in dep.truck_ids:
                self.ctx.record("truck_ready", entity=truck, location=dep.place, level=dep.tier, detail=dep.id)

    def _route(self, origin: str, destination: str):
        minutes = self.roads.travel_minutes(origin, destination)
        while not math.isfinite(minutes):
            yield self.ctx.env.timeout(RETRY_MINUTES)
            minutes = self.roads.travel_minutes(origin, destination)
        return minutes

    def trip(self, dep: DepotState, dest: Site, load: Load, arrived: Arrived, job: Stream):
        """SimPy process: one truckload from ``dep`` to ``dest``; ``job`` is this trip's random stream."""
        env, ctx = self.ctx.env, self.ctx
        truck = (yield dep.trucks.get()) if dep.trucks is not None else ""
        while not dep.in_service:
            yield dep.reopened
        if truck:
            ctx.record("truck_loading", entity=truck, location=dep.place, level=dep.tier, detail=dest.id)
        yield env.timeout(sample_child(dep.depot.loading_minutes, job, "loading"))
        cargo: dict[str, list[Batch]] = {}
        for item, quantity in load.items():
            stock = dep.of(item)
            cargo[item] = stock.take(quantity)
            stock.allocated = max(0.0, stock.allocated - quantity)
            self.in_transit[item] = self.in_transit.get(item, 0.0) + quantity
            ctx.record("supply_loaded", entity=dep.id, location=dep.place, level=dep.tier, incident=dest.incident, item=item, quantity=quantity, detail=dest.id)
        minutes = yield from self._route(dep.place, dest.place)
        yield env.timeout(minutes)
        if truck:
            ctx.record("truck_arrived", entity=truck, location=dest.place, level=dep.tier, detail=dest.id)
        yield env.timeout(sample_child(dep.depot.unloading_minutes, job, "unloading"))
        for item, quantity in load.items():
            self.in_transit[item] -= quantity
        arrived(cargo)
        if truck:
            back = yield from self._route(dest.place, dep.place)
            yield env.timeout(back)
            ctx.record("truck_returned", entity=truck, location=dep.place, level=dep.tier, detail=dep.id)
            yield dep.trucks.put(truck)
