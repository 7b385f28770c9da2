"""The supply system of one run: reserves, the bureau, shelters and incident sites.

Stock conservation: every unit that entered the system (initial stock,
supplier deliveries, production) is at every moment in exactly one state:
in a depot, in transit, delivered (at a site, not yet used), consumed
(eaten or drunk at a shelter) or expired. :meth:`SupplySystem.ledger`
reports the model's own view; :func:`simulator.metrics.supplies.ledger`
rebuilds it from the event log, and the property tests check both agree.
"""

from __future__ import annotations

from simulator.engine.context import SimContext
from simulator.models.geography import RoadNetwork
from simulator.models.incidents import Incident
from simulator.models.supplies.allocation import Site
from simulator.models.supplies.bureau import Bureau
from simulator.models.supplies.reserves import Reserves
from simulator.models.supplies.shelters import ShelterState
from simulator.models.supplies.stock import EPS, DepotState

STATES = ("depot", "in_transit", "delivered", "consumed", "expired")


class SupplySystem:
    def __init__(self, ctx: SimContext, roads: RoadNetwork):
        self.ctx = ctx
        sc = ctx.scenario
        self.rules = sc.logistics
        self.kinds = {i.id: i.kind for i in sc.items}
        self.reserves = Reserves(ctx, roads, self._delivered)
        self.bureau = Bureau(ctx, roads, self.reserves, self._allocated)
        self.reserves.on_restock = self.bureau.retry_owed
        self.shelters = {s.id: ShelterState(s) for s in sc.shelters}
        self.at_incidents: dict[str, float] = {}
        self.consumed: dict[str, float] = {}
        ctx.env.process(self._open())

    @property
    def depots(self) -> dict[str, DepotState]:
        return self.reserves.depots

    def _open(self):
        self.reserves.open()
        env = self.ctx.env
        if self.shelters:
            env.process(self._reviews())
        yield env.timeout(0)

    # -- incident sites ----------------------------------------------------------

    def request(self, incident: Incident) -> list:
        """Release what an incident needs; returns one event, fired when all of it has arrived (owed included)."""
        if not any(q > EPS for q in incident.supplies.values()):
            return []
        site = Site(incident.id, incident.place, "incident", self.rules.incident_priority, incident.id)
        return [self.bureau.submit(site, incident.supplies, self.ctx.env.event()).done]

    # -- deliveries ----------------------------------------------------------------

    def _allocated(self, site: Site, item: str, quantity: float) -> None:
        if site.kind == "shelter":
            shelter = self.shelters[site.id]
            shelter.on_order[item] = shelter.on_order.get(item, 0.0) + quantity

    def _delivered(self, dep: DepotState, site: Site, item: str, quantity: float) -> None:
        self.ctx.record("supply_delivered", entity=dep.id, location=site.place, level=dep.tier, incident=site.incident, item=item, quantity=quantity, detail=site.id)
        if site.kind == "shelter":
            shelter = self.shelters[site.id]
            shelter.stock[item] = shelter.stock.get(item, 0.0) + quantity
            shelter.on_order[item] = max(0.0, shelter.on_order.get(item, 0.0) - quantity)
        else:
            self.at_incidents[item] = self.at_incidents.get(item, 0.0) + quantity

    # -- shelters ------------------------------------------------------------------

    def add_cohort(self, shelter: ShelterState, people: int) -> None:
        """People admitted now (the people ledger, simulator.models.people, moves them): needs follow occupancy."""
        self._count(shelter)
        shelter.cohorts.append((self.ctx.now, people))
        self._order(shelter)

    def _reviews(self):
        while True:
            yield self.ctx.env.timeout(self.rules.review_minutes)
            for shelter in self.shelters.values():
                if shelter.cohorts:
                    self._count(shelter)
                    self._order(shelter)

    def _count(self, shelter: ShelterState) -> None:
        """Record what the shelter used and lacked since its last count."""
        ctx, place = self.ctx, shelter.shelter.place
        counts = shelter.consume(ctx.now, self.rules.household_hours * 60.0)
        for c in counts:
            if c.consumed > EPS:
                self.consumed[c.item] = self.consumed.get(c.item, 0.0) + c.consumed
                ctx.record("supply_consumed", entity=shelter.id, location=place, item=c.item, quantity=c.consumed)
            if c.unmet > EPS:
                ctx.record("demand_unmet", entity=shelter.id, location=place, item=c.item, quantity=c.unmet)
                if c.item not in shelter.short:
                    shelter.short.add(c.item)
                    ctx.record("stock_out", entity=shelter.id, location=place, item=c.item, detail="shelter")
            elif c.demand > EPS:
                shelter.short.discard(c.item)
        lacking = shelter.unmet_person_days(counts, self.kinds)
        if lacking > EPS:
            ctx.record("person_days_unmet", entity=shelter.id, location=place, quantity=lacking)

    def _order(self, shelter: ShelterState) -> None:
        wants = shelter.order(self.rules.shelter_cover_hours, self.rules.shelter_reorder_hours)
        if wants:
            s = shelter.shelter
            self.bureau.submit(Site(s.id, s.place, "shelter", s.priority), wants)

    # -- injects and the end of the run -------------------------------------------

    def set_in_service(self, depot_id: str, in_service: bool) -> None:
        self.reserves.set_in_service(depot_id, in_service)

    def roads_changed(self) -> None:
        """A road closed, reopened or slowed: what incident sites are owed may be reachable now."""
        self.bureau.retry_owed()

    def owes(self, incident: Incident) -> bool:
        return self.bureau.owes(incident.id)

    def release(self, incident: Incident, items: dict[str, float]) -> None:
        """Players release more to an incident site (a drill decision): allocated like any request."""
        site = Site(incident.id, incident.place, "incident", self.rules.incident_priority, incident.id)
        self.bureau.submit(site, items)

    def finish(self) -> None:
        """Count shelter consumption up to the horizon (called once, at the end)."""
        for shelter in self.shelters.values():
            if shelter.cohorts:
                self._count(shelter)

    def ledger(self) -> dict[str, dict[str, float]]:
        """Per item: how much is in each state now, and how much entered the system."""
        res = self.reserves
        out = {}
        for item in sorted(self.kinds):
            at_shelters = sum(s.stock.get(item, 0.0) for s in self.shelters.values())
            out[item] = {
                "depot": sum(d.stock[item].on_hand for d in res.depots.values() if item in d.stock),
                "in_transit": res.shipping.in_transit.get(item, 0.0),
                "delivered": self.at_incidents.get(item, 0.0) + at_shelters,
                "consumed": self.consumed.get(item, 0.0),
                "expired": res.expired.get(item, 0.0),
                "entered": res.initial.get(item, 0.0) + res.received.get(item, 0.0),
            }
        return out
