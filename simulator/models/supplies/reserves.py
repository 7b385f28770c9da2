"""The reserve side: stock held, rotated, reordered, produced and shipped.

The bureau (:mod:`simulator.models.supplies.bureau`) decides what goes
where; this module carries it out. Event log conventions, for every event
about a depot: ``entity`` is the depot, ``level`` its tier, ``location`` its
place, ``detail`` the other end (a destination or source id).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import simpy

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample, sample_child
from simulator.models.geography import RoadNetwork
from simulator.models.spawning import spawn
from simulator.models.supplies.allocation import Site, decider
from simulator.models.supplies.stock import EPS, Batch, DepotState
from simulator.models.supplies.transport import Shipping, pack

Delivered = Callable[[DepotState, Site, str, float], None]


def _area(depot, places: dict) -> str:
    """The place whose territory a depot's tier serves (its township for a township store)."""
    node = depot.place
    while node is not None and node in places:
        if places[node].level == depot.tier:
            return node
        node = places[node].parent
    return depot.place


class Reserves:
    def __init__(self, ctx: SimContext, roads: RoadNetwork, on_delivery: Delivered):
        self.ctx = ctx
        self.roads = roads
        self.on_delivery = on_delivery
        sc = ctx.scenario
        self.policy = sc.logistics.policy
        self.decision_minutes = sc.logistics.decision_minutes
        self.catalogue = {i.id: i for i in sc.items}
        places = {p.id: p for p in sc.places}
        self.depots: dict[str, DepotState] = {d.id: DepotState(ctx.env, d, _area(d, places)) for d in sc.depots}
        self.shipping = Shipping(ctx, roads)
        self.initial: dict[str, float] = {}
        self.received: dict[str, float] = {}
        self.expired: dict[str, float] = {}
        self.on_restock: Callable[[], None] = lambda: None  # stock came in or a depot reopened
        # reorders from another depot that could not go (source cut off or empty), to try again
        self.blocked: dict[tuple[str, str], DepotState] = {}
        # how many consignments each (source, destination) and reorders each (depot, item) had: the
        # random streams are keyed by these jobs, never by the depot alone
        self._jobs: Counter = Counter()

    def _record(self, kind: str, dep: DepotState, **fields) -> None:
        self.ctx.record(kind, entity=dep.id, location=dep.place, level=dep.tier, **fields)

    def open(self) -> None:
        """Record the initial stock (the start of the ledger) and arm expiry and reorders."""
        for dep in self.depots.values():
            # items produced or reordered start at 0, so the log knows every depot's kind
            held = {**dict.fromkeys(dep.depot.production, 0.0), **dict.fromkeys(dep.depot.reorder, 0.0), **dep.depot.stock}
            for item, quantity in sorted(held.items()):
                batch = dep.of(item).add(quantity, dep.depot.expires.get(item, math.inf))
                self.initial[item] = self.initial.get(item, 0.0) + quantity
                self._record("stock_initial", dep, item=item, quantity=quantity, detail=dep.depot.kind)
                self._watch(dep, item, batch)
                if quantity <= EPS:
                    dep.out.add(item)
        self.shipping.trucks_ready(list(self.depots.values()))
        for dep in self.depots.values():
            for item in sorted(dep.depot.reorder):
                self.review(dep, item)

    def _fresh(self, item: str) -> float:
        life = self.catalogue[item].shelf_life_minutes
        return self.ctx.now + life if life is not None else math.inf

    def _add(self, dep: DepotState, item: str, quantity: float, expires: float) -> None:
        self._watch(dep, item, dep.of(item).add(quantity, expires))

    # -- releases -------------------------------------------------------------

    def earmark(self, dep: DepotState, item: str, quantity: float) -> tuple[float, float]:
        """Claim ``quantity`` at ``dep``: (from stock, to be produced)."""
        stock = dep.of(item)
        held = min(quantity, stock.available)
        stock.allocated += held
        made = quantity - held
        if made > EPS:
            dep.promised[item] = dep.promised.get(item, 0.0) + made
        return held, made if made > EPS else 0.0

    def consign(self, dep: DepotState, dest: Site, held: dict, made: dict, by: str, done: Callable[[], None] | None = None):
        """SimPy process: the release decision, then shipping (and production) to ``dest``."""
        env, ctx = self.ctx.env, self.ctx
        self._jobs[dep.id, dest.id] += 1
        job = ctx.rng(f"consignment.{dep.id}.{dest.id}.{self._jobs[dep.id, dest.id]}")
        delay = self.decision_minutes.get(by)
        if delay is not None:
            yield env.timeout(sample_child(delay, job, "decision"))
        self._record("supply_released", dep, incident=dest.incident, detail=dest.id)
        if dep.depot.kind == "agreement":
            yield env.timeout(sample_child(dep.depot.release_lead_minutes, job, "lead"))
        # ``done``: when the last load has arrived (a plan's release is carried out then, not when the trucks are back);
        # with production in the consignment, when everything made has been shipped too
        if held and not made:  # stock only (the usual case): the shipping's steps inline, no process and AllOf around one job
            yield from self._ship(dep, dest, held, job, done)
            return
        jobs = [env.process(self._ship(dep, dest, held, job))] if held else []
        jobs += [env.process(self._produce(dep, dest, item, q, job.child(f"made.{item}"))) for item, q in sorted(made.items())]
        yield env.all_of(jobs)
        if done is not None:
            done()

    def _ship(self, dep: DepotState, dest: Site, items: dict, job, all_arrived: Callable[[], None] | None = None):
        loads = pack(items, self.catalogue, dep.depot.trucks)
        left = [len(loads)]

        def arrived(cargo: dict[str, list[Batch]]) -> None:
            self._arrived(dep, dest, cargo)
            left[0] -= 1
            if left[0] == 0 and all_arrived is not None:
                all_arrived()

        if len(loads) == 1:  # one truckload (the usual case): the trip's steps inline, no process and AllOf around it
            yield from self.shipping.trip(dep, dest, loads[0], arrived, job.child("trip.0"))
            return
        trips = [self.ctx.env.process(self.shipping.trip(dep, dest, load, arrived, job.child(f"trip.{n}"))) for n, load in enumerate(loads)]
        yield self.ctx.env.all_of(trips)

    def _arrived(self, dep: DepotState, dest: Site, cargo: dict[str, list[Batch]]) -> None:
        for item, pieces in sorted(cargo.items()):
            quantity = sum(p.quantity for p in pieces)
            if dest.kind != "depot":
                self.on_delivery(dep, dest, item, quantity)
                continue
            to = self.depots[dest.id]
            for piece in pieces:
                self._add(to, item, piece.quantity, piece.expires)
            to.of(item).on_order = max(0.0, to.of(item).on_order - quantity)
            self._record("transfer_received", to, item=item, quantity=quantity, detail=dep.id)
            self.after_change(to, item)
        if dest.kind == "depot":
            self.on_restock()

    def _produce(self, dep: DepotState, dest: Site, item: str, quantity: float, job):
        """SimPy process: production capacity makes ``quantity`` in lots, each shipped when done."""
        env, ctx = self.ctx.env, self.ctx
        plan = dep.depot.production[item]
        line = dep.lines.setdefault(item, simpy.Resource(env, capacity=1))
        shipments = []
        with line.request() as turn:
            yield turn
            if item not in dep.ready_at:  # the line is set up once, on its first order
                dep.ready_at[item] = env.now + sample(plan.lead_minutes, ctx.rng(f"depots.{dep.id}.production.{item}"))
            if dep.ready_at[item] > env.now:
                yield env.timeout(dep.ready_at[item] - env.now)
            left, lots = quantity, 0
            while left > EPS:
                lot = min(left, plan.rate_per_hour * plan.lot_minutes / 60.0)
                yield env.timeout(lot / plan.rate_per_hour * 60.0)
                self._add(dep, item, lot, self._fresh(item))
                dep.of(item).allocated += lot
                self.received[item] = self.received.get(item, 0.0) + lot
                self._record("stock_received", dep, item=item, quantity=lot, detail="production")
                lots += 1
                shipments.append(env.process(self._ship(dep, dest, {item: lot}, job.child(f"lot.{lots}"))))
                left -= lot
        yield env.all_of(shipments)

    # -- stock levels, reorders, expiry ---------------------------------------

    def after_change(self, dep: DepotState, item: str) -> None:
        """After stock or allocations change: note a stockout, then review the (s, S) rule."""
        if dep.depot.kind != "capacity":
            if dep.of(item).available <= EPS:
                if item not in dep.out:
                    dep.out.add(item)
                    self._record("stock_out", dep, item=item, detail="depot")
            else:
                dep.out.discard(item)
        self.review(dep, item)

    def review(self, dep: DepotState, item: str) -> None:
        rule = dep.depot.reorder.get(item)
        if rule is None:
            return
        stock = dep.of(item)
        position = stock.available + stock.on_order
        if position > rule.s + EPS:
            self.blocked.pop((dep.id, item), None)
            return
        want = rule.S - position
        if rule.source == "supplier":
            stock.on_order += want
            self._record("reorder_placed", dep, item=item, quantity=want, detail="supplier")
            spawn(self.ctx.env, self._supplier(dep, item, want, rule))
            return
        src = self.depots[rule.source]
        if not math.isfinite(self.roads.travel_minutes(src.place, dep.place)):
            self.blocked[(dep.id, item)] = dep
            return
        want = min(want, src.allocatable(item))
        if want <= EPS:
            self.blocked[(dep.id, item)] = dep
            return
        self.blocked.pop((dep.id, item), None)
        held, made = self.earmark(src, item, want)
        stock.on_order += want
        self._record("reorder_placed", dep, item=item, quantity=want, detail=src.id)
        self._record("transfer_dispatched", src, item=item, quantity=want, detail=dep.id)
        dest = Site(dep.id, dep.place, "depot")
        held_items = {item: held} if held > EPS else {}
        made_items = {item: made} if made > EPS else {}
        spawn(self.ctx.env, self.consign(src, dest, held_items, made_items, decider(self.policy, src)))
        self.after_change(src, item)

    def transfer(self, src: DepotState, dep: DepotState, item: str, quantity: float, done: Callable[[], None] | None = None) -> float:
        """Move up to ``quantity`` of ``item`` from ``src`` to ``dep`` (a plan's release to a lower tier); returns what goes.

        The steps of a reorder from another depot (``review``): earmarked at the
        source, on order at the destination, then the release decision and the trucks.
        """
        want = min(quantity, src.allocatable(item))
        if want <= EPS:
            return 0.0
        held, made = self.earmark(src, item, want)
        dep.of(item).on_order += want
        self._record("transfer_dispatched", src, item=item, quantity=want, detail=dep.id)
        dest = Site(dep.id, dep.place, "depot")
        held_items = {item: held} if held > EPS else {}
        made_items = {item: made} if made > EPS else {}
        spawn(self.ctx.env, self.consign(src, dest, held_items, made_items, decider(self.policy, src), done))
        self.after_change(src, item)
        return want

    def review_blocked(self) -> None:
        """Stock came in or a road changed: reorders that could not go try again (in a stable order)."""
        for (_, item), dep in sorted(self.blocked.items(), key=lambda kept: kept[0]):
            self.review(dep, item)

    def _supplier(self, dep: DepotState, item: str, quantity: float, rule):
        self._jobs[dep.id, item] += 1
        yield self.ctx.env.timeout(sample(rule.lead_minutes, self.ctx.rng(f"depots.{dep.id}.reorder.{item}.{self._jobs[dep.id, item]}")))
        self._add(dep, item, quantity, self._fresh(item))
        dep.of(item).on_order = max(0.0, dep.of(item).on_order - quantity)
        self.received[item] = self.received.get(item, 0.0) + quantity
        self._record("stock_received", dep, item=item, quantity=quantity, detail="supplier")
        self.after_change(dep, item)
        self.on_restock()

    def _watch(self, dep: DepotState, item: str, batch: Batch) -> None:
        if math.isfinite(batch.expires):
            spawn(self.ctx.env, self._expiry(dep, item, batch))

    def _expiry(self, dep: DepotState, item: str, batch: Batch):
        """SimPy process: rotate a batch before it expires (轮换), or write it off when it does."""
        env = self.ctx.env
        rotate = dep.depot.rotate_before_minutes
        while batch.quantity > EPS and math.isfinite(batch.expires):
            due = batch.expires - (rotate or 0.0)
            if due > env.now:
                yield env.timeout(due - env.now)
                continue
            stock = dep.of(item)
            if rotate is not None:
                batch.expires = self._fresh(item)
                stock.resort()
                self._record("stock_rotated", dep, item=item, quantity=batch.quantity)
                if batch.expires - rotate <= env.now:
                    return  # shelf life shorter than the rotation margin: rotate once only
                continue
            lost = stock.expire(batch)
            if lost > EPS:
                self.expired[item] = self.expired.get(item, 0.0) + lost
                self._record("stock_expired", dep, item=item, quantity=lost)
                self.after_change(dep, item)
            return

    # -- service ----------------------------------------------------------------

    def set_in_service(self, depot_id: str, in_service: bool) -> None:
        dep = self.depots[depot_id]
        if in_service and not dep.in_service:
            dep.in_service = True
            dep.reopened.succeed()
            self._record("depot_opened", dep)
            self.on_restock()
        elif not in_service and dep.in_service:
            dep.in_service = False
            dep.reopened = self.ctx.env.event()
            self._record("depot_closed", dep)
