"""The emergency bureau: states needs and decides releases (Zhengzhou's reply of 9 July 2021, seed 002).

A request (an incident's supplies, a shelter's order) is recorded as
``supply_requested`` per item and allocated at once from the stock the
bureau knows of, together with every other request of the same moment:
each allocation is a ``supply_dispatched`` (the depot's stock is claimed),
whatever no source can cover is ``supply_short``. So every unit asked for
is either released or short the moment it is asked for. The release order
then takes the deciding tier's ``decision_minutes`` to reach the depot.

What an incident site is short of stays owed: when stock comes in (a
supplier's delivery, a transfer, a depot back in service) or a road changes,
the bureau allocates it again, oldest request first, and records what it
finds as ``supply_short_filled``. The site's relief waits for all of it.
Shelters are not owed anything: they order again at every review. With
``logistics.shortfall: lost`` nothing is owed (the lost-sales case).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable

import numpy as np

from simulator.engine.context import SimContext
from simulator.models.geography import RoadNetwork
from simulator.models.spawning import soon, spawn
from simulator.models.supplies.allocation import (
    Request,
    Site,
    Source,
    SourceRanking,
    allocate,
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
    """The sources of a site's policy order that can serve ``item`` now (in service, holding it, not the site itself).

    Iterable any number of times; the filter runs only as far as a caller
    iterates (allocation mostly stops at the first source or two) and within
    one allocation round nothing it looks at changes.
    """

    __slots__ = ("_depots", "_found", "_item", "_next", "_order", "_site", "_source")

    def __init__(self, order: array, depots: list[DepotState], source: Callable[[int], Source], site_id: str, item: str):
        self._order, self._depots, self._source, self._site, self._item = order, depots, source, site_id, item
        self._found: list[Source] = []
        self._next = 0

    def __iter__(self):
        found, order, i = self._found, self._order, 0
        while True:
            if i < len(found):
                yield found[i]
                i += 1
                continue
            while self._next < len(order):
                dep = self._depots[order[self._next]]
                self._next += 1
                if dep.in_service and dep.id != self._site and dep.holds(self._item):
                    found.append(self._source(self._next - 1))
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
        self._depots = deps = list(reserves.depots.values())
        # (road state, site place) -> the reachable depots (positions in _depots) in the policy's
        # order (``SourceRanking``), and the Sources made of them so far (by position)
        self._ordered: dict[tuple[int, str], tuple[array, dict[int, Source]]] = {}
        self._ranking = SourceRanking(self.rules.policy, deps)
        self._dep_at = roads.positions([d.place for d in deps])
        self._keys: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # site place -> SourceRanking.keys (the same in every road state)
        self._queue: list[Request] = []
        self._round_open = False
        self._seq = 0
        self._owed: list[Request] = []  # incident requests still short, oldest first
        self._review_after_round = False

    def submit(self, site: Site, items: dict[str, float], done=None) -> Request:
        self._seq += 1
        req = Request(site, {k: v for k, v in sorted(items.items()) if v > EPS}, self._seq, done)
        for item, quantity in req.items.items():
            self.ctx.record("supply_requested", entity=site.id, location=site.place, incident=site.incident, item=item, quantity=quantity, detail=site.kind)
        self._queue.append(req)
        self._open_round()
        return req

    def retry_owed(self) -> None:
        """Stock came in or a road changed: allocate again what incident sites are owed, then
        let blocked depot reorders try again (after the sites: people before shelves)."""
        if self._owed:
            self._queue.extend(self._owed)
            self._owed = []
            self._open_round()
        if self._round_open:  # sites are served at this moment: the reorders wait for them
            self._review_after_round = True
        else:
            self.reserves.review_blocked()

    def owes(self, incident: str) -> bool:
        # owed requests wait in _owed, or in the queue of a retry round not yet run
        return any(req.owed and req.site.incident == incident for req in (*self._owed, *self._queue))

    def _open_round(self) -> None:
        if not self._round_open:
            self._round_open = True
            # where a round's process would have started, then its zero-minute wait, then the round:
            # the same steps with no process (and so no end step nobody waits for)
            env = self.ctx.env
            soon(env, lambda: env.timeout(0).callbacks.append(self._round))

    def sources(self, req: Request, item: str) -> Iterable[Source]:
        site = req.site
        areas = self.chains.get(site.place, {site.place})
        key = (self.roads.state, site.place)
        kept = self._ordered.get(key)
        if kept is None:
            kept = self._ordered[key] = (self._order(site.place, areas), {})
        order, made = kept

        def source(k: int) -> Source:  # the k-th of the order, made once
            src = made.get(k)
            if src is None:
                at = order[k]
                src = made[k] = self._ranking.source(at, self.roads.travel_minutes(self._depots[at].place, site.place), areas)
            return src

        # every policy's order ranks each depot by its own attributes (ties broken by id),
        # so leaving out those that cannot serve now keeps the order of the rest
        return _Usable(order, self._depots, source, site.id, item)

    def _order(self, place: str, areas: set[str]) -> array:
        """The positions of the depots a site at ``place`` draws on and can reach, in the policy's order."""
        keys = self._keys.get(place)
        if keys is None:
            keys = self._keys[place] = self._ranking.keys(areas)
        return array("I", self._ranking.order(keys, self.roads.minutes_from_each(self._dep_at, place)).tolist())

    def _round(self, _event=None) -> None:
        """Allocate every request of this moment together (a zero-minute timeout's callback: those of the same step are in)."""
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
            self._settle(req, got)
            self._release(req, consignments)
        for (_, item), dep in touched.items():
            self.reserves.after_change(dep, item)
        if self._review_after_round:
            self._review_after_round = False
            self.reserves.review_blocked()

    def _settle(self, req: Request, got: dict[str, float]) -> None:
        """Record what a round left short (first round) or found of what was owed (later rounds)."""
        site, first = req.site, req.rounds == 0
        req.rounds += 1
        owed = {}
        for item, quantity in req.items.items():
            found, short = got.get(item, 0.0), quantity - got.get(item, 0.0)
            if first and short > EPS:
                self.ctx.record("supply_short", entity=site.id, location=site.place, incident=site.incident, item=item, quantity=short, detail=site.kind)
            if not first and found > EPS:
                self.ctx.record("supply_short_filled", entity=site.id, location=site.place, incident=site.incident, item=item, quantity=found, detail=site.kind)
            if short > EPS:
                owed[item] = short
        if first and owed and site.incident:
            self.ctx.flag_decision("supply_short", site.incident)  # a drill pauses: the players may act
        req.owed = bool(owed) and site.kind == "incident" and self.rules.shortfall == "owed"
        if req.owed:
            req.items = owed
            self._owed.append(req)

    def _release(self, req: Request, consignments: dict) -> None:
        req.outstanding += len(consignments)
        _done_if_complete(req)

        def one_done() -> None:
            req.outstanding -= 1
            _done_if_complete(req)

        for (_, by), (dep, held, made) in consignments.items():
            spawn(self.ctx.env, self.reserves.consign(dep, req.site, held, made, by, one_done))  # nobody waits: one_done tells


def _done_if_complete(req: Request) -> None:
    """Fire the request's event once nothing is on its way and nothing is owed."""
    if req.outstanding == 0 and not req.owed and req.done is not None:
        req.done.succeed()
