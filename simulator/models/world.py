"""Build and wire the models of one run from its scenario.

An incident's life: it occurs; a grid worker notices it after a detection
delay and reports to the local unit; the report climbs the chain to the
commanding unit; that unit dispatches teams for each need and releases
supplies; the incident closes when every team has finished on scene and
every delivery has arrived.
"""

from __future__ import annotations

from simulator.engine.context import SimContext
from simulator.models.command import CommandChain
from simulator.models.geography import RoadNetwork
from simulator.models.incidents import Incident, injected_incident, run_source
from simulator.models.logistics import SupplySystem
from simulator.models.teams import DispatchPolicy, TeamPool, nearest_team
from simulator.scenario.models import Inject


class World:
    def __init__(self, ctx: SimContext, policy: DispatchPolicy = nearest_team):
        self.ctx = ctx
        self.roads = RoadNetwork(ctx.scenario)
        self.command = CommandChain(ctx)
        self.teams = TeamPool(ctx, self.roads, policy)
        self.supplies = SupplySystem(ctx, self.roads)
        self.incidents: dict[str, Incident] = {}

    def start(self) -> "World":
        env = self.ctx.env
        for source in self.ctx.scenario.incidents:
            env.process(run_source(self.ctx, source, self.start_incident))
        for inject in sorted(self.ctx.scenario.injects, key=lambda i: (i.time, i.id)):
            env.process(self._inject(inject))
        return self

    def start_incident(self, incident: Incident) -> None:
        self.incidents[incident.id] = incident
        self.ctx.env.process(self._lifecycle(incident))

    def _lifecycle(self, inc: Incident):
        env, ctx = self.ctx.env, self.ctx
        ctx.record("incident_occurred", incident=inc.id, location=inc.place, level=inc.level, detail=inc.hazard)
        yield env.timeout(inc.detection_delay)
        ctx.record("incident_detected", entity=f"grid:{inc.place}", incident=inc.id, location=inc.place, level=inc.level)
        commander = yield env.process(self.command.report_up(inc.id, inc.place, inc.level, inc.hazard))
        waits = []
        for need in inc.needs:
            waits.extend(self.teams.request(inc, need, commander.id))
        waits.extend(self.supplies.request(inc))
        if inc.unserved and not waits:
            return  # nothing is coming: the incident stays open, reported at the end
        yield env.all_of(waits)
        if inc.unserved:
            return  # some need never got a team
        inc.closed = True
        ctx.record("incident_closed", incident=inc.id, location=inc.place, level=inc.level)

    def _inject(self, inject: Inject):
        env, ctx = self.ctx.env, self.ctx
        yield env.timeout(inject.time - env.now)
        effect = inject.effect
        ctx.record("inject", entity=inject.id, detail=effect.type if effect else "note")
        if effect is None:
            pass
        elif effect.type == "close_road":
            self.roads.close(effect.source, effect.target)
            ctx.record("road_closed", entity=f"{effect.source}|{effect.target}")
        elif effect.type == "open_road":
            self.roads.reopen(effect.source, effect.target)
            ctx.record("road_opened", entity=f"{effect.source}|{effect.target}")
        elif effect.type == "incident":
            self.start_incident(injected_incident(ctx, inject.id, effect))
        ctx.flag_decision("inject", inject.id)

    def finish(self) -> None:
        """Record what is still open at the end of the run (called once, at the horizon)."""
        ctx = self.ctx
        for inc in self.incidents.values():
            if not inc.closed:
                state = "unserved" if inc.unserved else "in_progress"
                ctx.record("incident_open", incident=inc.id, location=inc.place, level=inc.level, detail=state)
        ctx.record("run_ended")
