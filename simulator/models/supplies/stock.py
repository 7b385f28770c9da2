"""Stock at one depot: batches first-expired-first-out, allocations, orders.

A unit is *allocated* once the bureau has released it to a destination and
stays on the shelf until a truck loads it. Allocations take the oldest
units, so an expiring batch only loses the part nobody has claimed.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

import simpy

from simulator.scenario.supplies import Depot
from simulator.scenario.vocabulary import level_rank

EPS = 1e-9


@dataclass
class Batch:
    quantity: float
    expires: float = math.inf


@dataclass
class Stock:
    """One item at one depot."""

    batches: list[Batch] = field(default_factory=list)
    allocated: float = 0.0
    on_order: float = 0.0

    @property
    def on_hand(self) -> float:
        return sum(b.quantity for b in self.batches)

    @property
    def available(self) -> float:
        return max(0.0, self.on_hand - self.allocated)

    def add(self, quantity: float, expires: float = math.inf) -> Batch:
        batch = Batch(quantity, expires)
        keys = [b.expires for b in self.batches]
        self.batches.insert(bisect.bisect_right(keys, expires), batch)
        return batch

    def take(self, quantity: float) -> list[Batch]:
        """Remove ``quantity`` oldest first; returns the pieces (with their expiry)."""
        pieces, left = [], quantity
        while left > EPS and self.batches:
            head = self.batches[0]
            part = min(left, head.quantity)
            pieces.append(Batch(part, head.expires))
            head.quantity -= part
            left -= part
            if head.quantity <= EPS:
                self.batches.pop(0)
        return pieces

    def expire(self, batch: Batch) -> float:
        """Write off the part of ``batch`` no allocation has claimed; returns it."""
        if batch not in self.batches:
            return 0.0
        before = 0.0
        for b in self.batches:
            if b is batch:
                break
            before += b.quantity
        claimed = min(max(self.allocated - before, 0.0), batch.quantity)
        lost = batch.quantity - claimed
        batch.quantity = claimed
        if batch.quantity <= EPS:
            self.batches.remove(batch)
        return lost

    def resort(self) -> None:
        self.batches.sort(key=lambda b: b.expires)


class DepotState:
    """A depot during a run: its stock, whether it is in service, its trucks and production."""

    def __init__(self, env: simpy.Environment, depot: Depot, area: str):
        self.depot = depot
        self.id = depot.id
        self.place = depot.place
        self.tier = depot.tier
        self.area = area  # the place whose territory this tier serves
        self.tier_rank = level_rank(depot.tier)
        self.stock: dict[str, Stock] = {}
        self.in_service = True
        self.reopened = env.event()
        self.truck_ids = [f"{depot.id}.truck{k}" for k in range(1, depot.trucks.count + 1)] if depot.trucks else []
        self.trucks = simpy.Store(env) if depot.trucks else None
        if self.trucks is not None:
            self.trucks.items.extend(self.truck_ids)
        self.promised: dict[str, float] = {}
        self.lines: dict[str, simpy.Resource] = {}
        self.ready_at: dict[str, float] = {}
        self.out: set[str] = set()  # items currently out of stock (for stockout events)

    def of(self, item: str) -> Stock:
        stock = self.stock.get(item)
        if stock is None:
            stock = self.stock[item] = Stock()
        return stock

    def allocatable(self, item: str) -> float:
        """What the bureau may still release of ``item`` (production capacity included)."""
        if not self.in_service:
            return 0.0
        here = self.of(item).available
        plan = self.depot.production.get(item)
        if plan is None:
            return here
        if plan.max_units is None:
            return math.inf
        return here + max(0.0, plan.max_units - self.promised.get(item, 0.0))

    def holds(self, item: str) -> bool:
        return item in self.stock or item in self.depot.production or item in self.depot.reorder
