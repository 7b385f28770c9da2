"""The emergency bureau: states needs and decides releases (DOMAIN.md 3).

A request (an incident's supplies, a shelter's order) is recorded as
``supply_requested`` per item and allocated at once from the stock the
bureau knows of, together with every other request of the same moment:
each allocation is a ``supply_dispatched`` (the depot's stock is claimed),
whatever no source can cover is ``supply_short``. So every unit asked for
is either released or short the moment it is asked for. The release order
then takes the deciding tier's ``decision_minutes`` to reach the depot.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from simulator.engine.context import SimContext
from simulator.models.geography import RoadNetwork
from simulator.models.supplies.allocation import (
    Request,
    Site,
    Source,
    allocate,
    order_sources,
)
from simulator.models.supplies.reserves import Reserves
from simulator.models.supplies.stock import EPS, DepotState

Allocated = Callable[[Site, str, float], None]


def _chains(places) -> dict[str, set[str]]:
    """Each place with its ancestors: the territories it belongs to."""
    parent = {p.id: p.parent for p in places}
    out = {}
    for p in places:
        chain, node = set(), p.id
        while node is not None and node not in chain:
            chain.add(node)
            node = parent.get(node)
        out[p.id] = chain
    return out


class _Usable:
    """The sources of ``ordered`` that can serve ``item`` now (in service, holding it, not the site itself).

    Iterable any number of times; the filter runs only as far as a caller
    iterates (allocation mostly stops at the first source or two) and within
    one allocation round nothing it looks at changes.
    """

    __slots__ = ("_ordered", "_site", "_item", "_found", "_next")

    def __init__(self, ordered: list[Source], site_id: str, item: str):
        self._ordered, self._site, self._item = ordered, site_id, item
        self._found: list[Source] = []
        self._next = 0

    def __iter__(self):
        found, ordered, i = self._found, self._ordered, 0
        while True:
            if i < len(found):
                yield found[i]
                i += 1
                continue
            while self._next < len(ordered):
                src = ordered[self._next]
                self._next += 1
                dep = src.depot
                if dep.in_service and dep.id != self._site and dep.holds(self._item):
                    found.append(src)
                    break
            else:
                return


class Bureau:
    def __init__(self, ctx: SimContext, roads: RoadNetwork, reserves: Reserves, on_allocated: Allocated):
        self.ctx = ctx
        self.roads = roads
        self.reserves = reserves
        self.on_allocated = on_allocated
        self.rules = ctx.scenario.logistics
        self.chains = _chains(ctx.scenario.places)
        # site place -> every depot reachable from it, in the policy's order (until a road changes)
        self._ordered: dict[str, list[Source]] = {}
        self._roads_version = roads.version
        self._queue: list[Request] = []
        self._round_open = False
        self._seq = 0

    def submit(self, site: Site, items: dict[str, float], done=None) -> Request:
        self._seq += 1
        req = Request(site, {k: v for k, v in sorted(items.items()) if v > EPS}, self._seq, done)
        for item, quantity in req.items.items():
            self.ctx.record("supply_requested", entity=site.id, location=site.place, incident=site.incident, item=item, quantity=quantity, detail=site.kind)
        self._queue.append(req)
        if not self._round_open:
            self._round_open = True
            self.ctx.env.process(self._round())
        return req

    def sources(self, req: Request, item: str) -> list[Source]:
        site = req.site
        if self._roads_version != self.roads.version:
            self._ordered.clear()
            self._roads_version = self.roads.version
        ordered = self._ordered.get(site.place)
        if ordered is None:
            found = []
            to_site = self.roads.minutes_to(site.place)
            for dep in self.reserves.depots.values():
                minutes = to_site(dep.place)
                if math.isfinite(minutes):
                    found.append((dep, minutes))
            ordered = self._ordered[site.place] = order_sources(self.rules.policy, found, self.chains.get(site.place, {site.place}))
        # every policy's order ranks each depot by its own attributes (ties broken by id),
        # so leaving out those that cannot serve now keeps the order of the rest
        return _Usable(ordered, site.id, item)

    def _round(self):
        """SimPy process: allocate every request of this moment together."""
        yield self.ctx.env.timeout(0)
        batch, self._queue, self._round_open = self._queue, [], False
        allocations = allocate(batch, self.sources, lambda dep, item: dep.allocatable(item), self.rules.rationing)
        touched: dict[tuple[str, str], DepotState] = {}
        for req in batch:
            got: dict[str, float] = {}
            consignments: dict[tuple[str, str], tuple[DepotState, dict, dict]] = {}
            for a in (a for a in allocations if a.request is req):
                dep = a.source.depot
                held, made = self.reserves.earmark(dep, a.item, a.quantity)
                self.ctx.record("supply_dispatched", entity=dep.id, location=dep.place, level=dep.tier, incident=req.site.incident, item=a.item, quantity=a.quantity, detail=req.site.id)
                got[a.item] = got.get(a.item, 0.0) + a.quantity
                _, h, m = consignments.setdefault((dep.id, a.source.decider), (dep, {}, {}))
                if held > EPS:
                    h[a.item] = h.get(a.item, 0.0) + held
                if made > EPS:
                    m[a.item] = m.get(a.item, 0.0) + made
                touched[(dep.id, a.item)] = dep
                self.on_allocated(req.site, a.item, a.quantity)
            for item, quantity in req.items.items():
                short = quantity - got.get(item, 0.0)
                if short > EPS:
                    site = req.site
                    self.ctx.record("supply_short", entity=site.id, location=site.place, incident=site.incident, item=item, quantity=short, detail=site.kind)
            self._release(req, consignments)
        for (_, item), dep in touched.items():
            self.reserves.after_change(dep, item)

    def _release(self, req: Request, consignments: dict) -> None:
        req.outstanding = len(consignments)
        if not consignments:
            if req.done is not None:
                req.done.succeed()
            return

        def one_done() -> None:
            req.outstanding -= 1
            if req.outstanding == 0 and req.done is not None:
                req.done.succeed()

        for (_, by), (dep, held, made) in consignments.items():
            self.ctx.env.process(self.reserves.consign(dep, req.site, held, made, by, one_done))
