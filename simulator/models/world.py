"""Build and wire the models of one run from its scenario.

An incident's life follows the eight steps of the "3+8" mechanism
(Chongqing 2022), each marked in the event log with ``step_started`` and
``step_ended``: a grid worker notices it (screening & monitoring) and
reports to the local unit (analysis & warning); the report climbs to the
commanding unit (information receipt); that unit dispatches teams and
releases supplies (force mobilisation); the first team on scene sets up the
command post while teams work (on-site handling); then investigation &
assessment and relief, after which the incident closes and the final
report goes up.
"""

from __future__ import annotations

from functools import partial

from simulator.engine.context import SimContext
from simulator.engine.sampling import fixed, sample_child
from simulator.models.channels import Transport
from simulator.models.command import CommandChain
from simulator.models.contingency import PlanEngine
from simulator.models.decisions import Decisions
from simulator.models.desks import Desks
from simulator.models.geography import RoadNetwork
from simulator.models.road_causes import RoadCauses
from simulator.models.hazards.chemical_release import ChemicalRelease
from simulator.models.hazards.earthquake import Earthquake
from simulator.models.hazards.typhoon import Typhoon
from simulator.models.hazards.forest_fire import ForestFire
from simulator.models.incidents import Incident, injected_incident, run_source
from simulator.models.inject_schedule import InjectSchedule
from simulator.models.logistics import SupplySystem
from simulator.models.orders import Orders
from simulator.models.people import People
from simulator.models.publicity import Publicity
from simulator.models.spawning import spawn
from simulator.models.teams import DispatchPolicy, TeamPool, nearest_team
from simulator.models.warnings import Warnings
from simulator.scenario.chain import ChainIndex
from simulator.scenario.models import Inject, Need

class World:
    def __init__(self, ctx: SimContext, policy: DispatchPolicy = nearest_team):
        self.ctx = ctx
        self.roads = RoadNetwork(ctx.scenario)
        self.road_causes = RoadCauses(self.roads)  # who closed or slowed each road: injects and hazards lift only their own
        self.desks = Desks(ctx)
        self.transport = Transport(ctx)
        chain = ChainIndex(ctx.scenario)  # one index (and its memo) for every model of the run
        self.command = CommandChain(ctx, self.desks, self.transport, chain)
        self.orders = Orders(ctx, self.desks, self.transport, chain)
        self.warnings = Warnings(ctx, self.desks, self.transport, chain)
        self.publicity = Publicity.of(ctx, self.command, self.desks)  # None without public_information
        self.teams = TeamPool(ctx, self.roads, self.orders, policy)
        self.supplies = SupplySystem(ctx, self.roads)
        self.people = People(ctx, self.roads, self.supplies)  # the one place that moves people (evacuation, trapped, shelters)
        if self.people.warned_from is not None:
            self.warnings.on_warned = self.people.warned
        self.incidents: dict[str, Incident] = {}
        self.decisions = Decisions(self)
        self.injects = InjectSchedule(self, self.play_inject)  # timed and conditional; a drill may change those to come
        self.plans = PlanEngine(self) if ctx.scenario.plans else None  # contingency plans (simulator.models.contingency)
        self.typhoon = Typhoon.of(self)  # None without a typhoon: section (simulator.models.hazards.typhoon)
        self.forest_fire = ForestFire.of(self)  # None without a forest_fire: section (simulator.models.hazards.forest_fire)
        self.earthquake = Earthquake.of(self)  # None without an earthquake: section (simulator.models.hazards.earthquake)
        self.chemical = ChemicalRelease.of(self)  # None without a chemical_release: section (simulator.models.hazards.chemical_release)
        self.step_markers = ctx.scenario.command.steps.markers
        steps = ctx.scenario.command.steps
        # each "3+8" step's duration spec, and its value when it takes no draw (the usual case: looked up, not sampled)
        self._step_specs = {"command_post": steps.command_post_minutes, "assessment": steps.assessment_minutes, "relief": steps.relief_minutes}
        self._fixed_steps = {purpose: fixed(spec) for purpose, spec in self._step_specs.items()}

    def start(self) -> "World":
        env = self.ctx.env
        for source in self.ctx.scenario.incidents:
            env.process(run_source(self.ctx, source, self.start_incident))
        self.people.start()
        if self.plans is not None:
            self.plans.start()
        if self.typhoon is not None:
            self.typhoon.start()
        if self.forest_fire is not None:
            self.forest_fire.start()
        if self.earthquake is not None:
            self.earthquake.start()
        if self.chemical is not None:
            self.chemical.start()
        for inject in sorted(self.ctx.scenario.injects, key=lambda i: (i.time, i.id)):
            self.injects.add(inject)
        return self

    def add_inject(self, inject: Inject) -> None:
        """Play an inject not in the scenario (a facilitator's, mid-drill) like the planned ones."""
        self.injects.add(inject)

    def start_incident(self, incident: Incident) -> None:
        self.incidents[incident.id] = incident
        spawn(self.ctx.env, self._lifecycle(incident))  # nobody waits for a lifecycle: no end step (simulator.models.spawning)

    def _lifecycle(self, inc: Incident):
        # No closures here: a callback kept on the incident would keep this generator's variables
        # alive (as cells) after it closes, some twenty objects an incident for the collector to walk.
        env, ctx = self.ctx.env, self.ctx
        ctx.record("incident_occurred", incident=inc.id, location=inc.place, level=inc.level, detail=inc.hazard)
        if inc.trapped is not None:
            self.people.trap(inc)  # people at home there become trapped
        self._step(inc, "started", "screening_monitoring")
        if inc.detection_delay > 0:
            yield env.timeout(inc.detection_delay)
        inc.detected = env.now
        ctx.record("incident_detected", entity=f"grid:{inc.place}", incident=inc.id, location=inc.place, level=inc.level)
        if self.publicity is not None:
            self.publicity.detected(inc)
        self._step(inc, "ended", "screening_monitoring")
        self._step(inc, "started", "analysis_warning")
        commander = inc.commander = yield from self.command.report_up(inc)
        if self.people.from_incidents:
            self.people.commanded(inc)  # shelters taking people from this place (from_incidents)
        if self.publicity is not None:
            self.publicity.commanded(inc, commander)
        self._step(inc, "ended", "information_receipt")
        self._step(inc, "started", "force_mobilisation")
        inc.on_first_arrival = partial(self._first_on_scene, inc)
        if inc.trapped is not None:  # _rescue does nothing for an incident with nobody trapped
            inc.on_capability_arrival = partial(self._rescue, inc)
        team_work = []
        for need in inc.needs:
            team_work.extend(self.teams.request(inc, need, commander))
        if inc.growth is not None:
            spawn(env, self._grow(inc, team_work))
        deliveries = self.supplies.request(inc) if inc.supplies else []  # nothing asked, nothing to release
        if inc.unserved and not team_work:
            return  # nothing is coming: the incident stays open, reported at the end
        if team_work:
            waited = 0
            while waited < len(team_work):  # growth may add work while we wait
                batch = list(team_work[waited:])
                waited = len(team_work)
                yield _all_of(env, batch)
            if inc.unserved:
                return  # some need never got a team
            if inc.command_post is not None:  # always: work done means a team arrived (a need nobody served returned above)
                setting_up, inc.command_post = inc.command_post, None
                yield setting_up
            self._step(inc, "ended", "onsite_handling")
        self._step(inc, "started", "investigation_assessment")
        minutes = self._step_minutes(inc, "assessment")
        if minutes > 0:  # steps that take no time cost no simulation step
            yield env.timeout(minutes)
        self._step(inc, "ended", "investigation_assessment")
        self._step(inc, "started", "relief")
        minutes = self._step_minutes(inc, "relief")
        waits = [*deliveries, env.timeout(minutes)] if minutes > 0 else deliveries
        if waits:
            yield _all_of(env, waits)
        self._step(inc, "ended", "relief")
        inc.closed = True
        ctx.record("incident_closed", incident=inc.id, location=inc.place, level=inc.level)
        self.command.final_report(inc)

    def _first_on_scene(self, inc: Incident) -> None:
        """The first team is on scene (called once, by the team): the command post is set up while teams work."""
        inc.on_first_arrival = None  # called once: let go of the incident (a cycle through this callback)
        self._step(inc, "ended", "force_mobilisation")
        self._step(inc, "started", "command_post")
        self._step(inc, "started", "onsite_handling")
        # setting up the post is a wait and a marker: a timeout's callback, no process of its own;
        # the lifecycle waits on the timeout itself (its marker is the first callback), no second event
        setting_up = self.ctx.env.timeout(self._step_minutes(inc, "command_post"))
        setting_up.callbacks.append(lambda _event: self._step(inc, "ended", "command_post"))
        inc.command_post = setting_up

    def _step_minutes(self, inc: Incident, purpose: str) -> float:
        """A "3+8" step's duration, drawn from the incident's steps stream (``incident.X.steps``, a child per step).

        The stream is made when a step first draws: a fixed step (the usual
        case) makes neither it nor a child.
        """
        value = self._fixed_steps[purpose]
        if value is not None:
            return value
        if inc.steps_rng is None:
            inc.steps_rng = self.ctx.rng(f"incident.{inc.id}.steps")
        return sample_child(self._step_specs[purpose], inc.steps_rng, purpose)

    def _grow(self, inc: Incident, team_work: list):
        """While no team is on scene the incident needs more (water rises, fire spreads)."""
        growth, env = inc.growth, self.ctx.env
        for _ in range(growth.max_times):
            yield env.timeout(growth.every_minutes)
            if inc.first_arrival is not None or inc.closed:
                return
            need = Need(capability=growth.capability, teams=growth.teams, on_scene_minutes=growth.on_scene_minutes)
            self.ctx.record("incident_grew", incident=inc.id, location=inc.place, detail=growth.capability, quantity=growth.teams)
            team_work.extend(self.teams.request(inc, need, inc.commander))

    def _rescue(self, inc: Incident, capability: str) -> None:
        """Trapped people are reached: each survives with the curve's chance at this time (simulator.models.people)."""
        spec = inc.trapped
        if spec is None or capability != spec.rescue_capability:
            return
        self.people.rescue(inc, survival(self.ctx.scenario.response.survival_curve, self.ctx.env.now - inc.occurred))

    def _step(self, inc: Incident, edge: str, step: str) -> None:
        """Mark a "3+8" step's start or end (``edge``: "started" or "ended"), unless the scenario leaves markers out."""
        if self.step_markers:
            self.ctx.record("step_started" if edge == "started" else "step_ended", incident=inc.id, location=inc.place, detail=step)

    def play_inject(self, inject: Inject) -> None:
        """Play ``inject`` now: its effect on the world, and a point where a drill shows it."""
        env, ctx = self.ctx.env, self.ctx
        effect = inject.effect
        ctx.record("inject", entity=inject.id, detail=effect.type if effect else "note")
        if effect is None:
            pass
        elif effect.type == "close_road":
            self.road_causes.close(effect.source, effect.target, "inject")
            ctx.record("road_closed", entity=f"{effect.source}|{effect.target}")
            self._roads_changed()
        elif effect.type == "open_road":
            self.road_causes.reopen(effect.source, effect.target, "inject")
            if not self.roads.is_closed(effect.source, effect.target):
                ctx.record("road_opened", entity=f"{effect.source}|{effect.target}")
                self._roads_changed()
            else:  # a hazard still holds it: said, with the causes, so the facilitator is not left guessing
                ctx.record("road_still_closed", entity=f"{effect.source}|{effect.target}", detail=",".join(self.road_causes.causes(effect.source, effect.target)))
        elif effect.type == "incident":
            self.start_incident(injected_incident(ctx, inject.id, effect))
        elif effect.type == "slow_road":
            self.road_causes.slow(effect.source, effect.target, "inject", effect.factor)
            # the road's factor now (a hazard's may be larger than the inject's), as the typhoon's _recede logs it
            ctx.record("road_slowed", entity=f"{effect.source}|{effect.target}", quantity=self.road_causes.factor(effect.source, effect.target))
            self._roads_changed()
        elif effect.type == "weather":
            self.teams.set_flyable(effect.flyable)
            ctx.record("weather", detail="flyable" if effect.flyable else "grounded")
        elif effect.type == "warning":
            env.process(self.warnings.issue(inject.id, effect.by, effect.level))
        elif effect.type == "roll_call":
            env.process(self.warnings.roll_call(inject.id, effect.by, effect.answer_minutes))
        elif effect.type == "channel_down":
            self.transport.cut(effect.channel, effect.units)
            ctx.record("channel_down", entity=effect.channel, detail=",".join(effect.units))
        elif effect.type == "channel_up":
            self.transport.restore(effect.channel)
            ctx.record("channel_up", entity=effect.channel)
        elif effect.type in ("close_depot", "open_depot"):
            self.supplies.set_in_service(effect.depot, effect.type == "open_depot")
        elif effect.type == "aftershock":
            self.earthquake.aftershock(inject.id, effect)  # the checks ask for an earthquake: section (scenario.hazards_earthquake)
        ctx.flag_decision("inject", inject.id)

    def _roads_changed(self) -> None:
        """A place cut off may be reachable now: waiting needs and owed supplies try again."""
        self.teams.serve_waiting()
        self.supplies.roads_changed()

    def finish(self) -> None:
        """Record what is still open at the end of the run (called once, at the horizon)."""
        ctx = self.ctx
        for inc in self.incidents.values():
            if not inc.closed:
                state = "unserved" if inc.unserved else "awaiting_supplies" if self.supplies.owes(inc) else "in_progress"
                ctx.record("incident_open", incident=inc.id, location=inc.place, level=inc.level, detail=state)
        self.supplies.finish()
        ctx.record("run_ended")


def _all_of(env, events: list):
    """Wait for every one of ``events``: a lone event is waited for directly (no Condition to build and fire)."""
    return events[0] if len(events) == 1 else env.all_of(events)


def survival(curve, minutes: float) -> float:
    """Survival probability after ``minutes``, linear between the curve's points."""
    points = [(0.0, 1.0), *curve] if curve and curve[0][0] > 0 else list(curve)
    if minutes <= points[0][0]:
        return points[0][1]
    for (t0, p0), (t1, p1) in zip(points, points[1:]):
        if minutes <= t1:
            return p0 + (p1 - p0) * (minutes - t0) / (t1 - t0) if t1 > t0 else p1
    return points[-1][1]
