"""The command chain: reports travel up unit by unit; each unit is a queue.

A unit's duty staff are the servers of a SimPy resource and every message
takes a handling time, so a small township office flooded with reports makes
messages wait (DOMAIN.md 1: offices average under four people). The response
level picks the commanding tier; territory first means the report stops at
the lowest unit of that tier on its way up (属地为主). Under the "1+12"
structure the commanding HQ hands the incident to the specialised HQ that
leads for its hazard.
"""

from __future__ import annotations

import simpy

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample
from simulator.scenario.chain import chain_up, lead_hq, local_unit, unit_at_tier
from simulator.scenario.models import Unit


class CommandChain:
    def __init__(self, ctx: SimContext):
        self.ctx = ctx
        sc = ctx.scenario
        self.units: dict[str, Unit] = {u.id: u for u in sc.command.units}
        self.desks: dict[str, simpy.Resource] = {
            u.id: simpy.Resource(ctx.env, capacity=u.duty_staff) for u in sc.command.units
        }
        self._link_rng = ctx.rng("command.links")

    def reporting_path(self, place: str, level: str, hazard: str) -> list[Unit]:
        """Units a report passes through, from the local unit to the one that commands."""
        sc = self.ctx.scenario
        local = local_unit(sc, place)
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

    def link_delay(self) -> float:
        return sample(self.ctx.scenario.command.link_minutes, self._link_rng)

    def handle(self, unit: Unit, incident_id: str, message: str):
        """SimPy process: one message waits for a free duty officer, then is handled."""
        env = self.ctx.env
        self.ctx.record("message_queued", unit=unit.id, incident=incident_id, detail=message, location=unit.place)
        arrived = env.now
        with self.desks[unit.id].request() as desk:
            yield desk
            wait = env.now - arrived
            yield env.timeout(sample(unit.handling_minutes, self.ctx.rng(f"command.handling.{unit.id}")))
        self.ctx.record("message_handled", unit=unit.id, incident=incident_id, detail=message, quantity=wait, location=unit.place)

    def report_up(self, incident_id: str, place: str, level: str, hazard: str):
        """SimPy process: carry a report up to the commanding unit; returns that unit."""
        env = self.ctx.env
        sender = f"grid:{place}"
        path = self.reporting_path(place, level, hazard)
        for hop, unit in enumerate(path):
            self.ctx.record("report_sent", entity=sender, unit=unit.id, incident=incident_id, level=level, detail=str(hop))
            yield env.timeout(self.link_delay())
            yield env.process(self.handle(unit, incident_id, "report"))
            sender = unit.id
        commander = path[-1]
        self.ctx.record("command_assumed", unit=commander.id, incident=incident_id, level=level, location=commander.place, detail=commander.level)
        return commander
