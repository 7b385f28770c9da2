"""An earthquake at run time: the main shock and aftershocks, collapses, trapped people, damaged roads.

Everything a shock does is decided the moment it strikes
(simulator.scenario.hazards_earthquake): one timer for the main shock, an
inject for each aftershock, one timer for each repair; nothing polls. Every
draw has its own stream keyed by the shock and the place or road it decides
(``earthquake.<shock>.collapse.<place>``, ``earthquake.<shock>.road.<a>|<b>``),
so two plans run on the same seed see the same collapses and the same
damaged roads (common random numbers), whatever else they do. Rows written:

- ``earthquake`` (entity: the shock, ``main`` or the aftershock's inject;
  location: the place nearest the epicentre; quantity: the magnitude;
  detail: ``main`` or ``aftershock``);
- ``quake_intensity`` for each place that may collapse (quantity: the
  intensity there, to two decimals);
- ``road_closed`` (detail ``bridge`` or ``earthquake``) and ``road_slowed``
  (quantity: the factor, detail ``earthquake``) for the roads it damages,
  ``road_opened`` (detail ``repaired``) when a repair is done and nothing
  else holds the road closed (simulator.models.road_causes);
- ``building_collapse`` (entity and location: the place; incident: the
  incident it becomes; quantity: the intensity), then the incident itself
  (hazard ``earthquake``; ``quake-<place>`` for the main shock,
  ``<aftershock inject>-<place>`` for an aftershock) whose trapped people
  are ``trapped_share(I)`` of the people at home there now (the people
  model takes them from home; people evacuated before an aftershock are
  not there to be trapped). The first team with the rescue capability to
  arrive decides each trapped person's fate by the survival curve
  (``response.survival_curve``, world ``_rescue``).
"""

from __future__ import annotations

import math

from simulator.engine.sampling import sample
from simulator.models.detection import detection_factor
from simulator.models.incidents import Incident
from simulator.scenario.distributions import Dist
from simulator.scenario.hazards_earthquake import collapse_places, share_at
from simulator.scenario.limits import MAX_TEAMS_PER_NEED, MAX_TRAPPED
from simulator.scenario.response import Trapped


class Earthquake:
    def __init__(self, world):
        self.world = world
        self.ctx = world.ctx
        self.spec = self.ctx.scenario.earthquake
        self._places = {p.id: p for p in self.ctx.scenario.places}
        self._candidates = collapse_places(self.ctx.scenario)
        self._bridges = {frozenset((b.source, b.target)): b for b in self.spec.bridges}
        self.collapsed: dict[str, str] = {}  # place -> the incident its collapse became

    @classmethod
    def of(cls, world) -> "Earthquake | None":
        """The model when the scenario has an ``earthquake:`` section; None (nothing started) otherwise."""
        return cls(world) if world.ctx.scenario.earthquake is not None else None

    # -- geometry ------------------------------------------------------------------------
    def intensity(self, magnitude: float, x: float, y: float, at_x: float, at_y: float) -> float:
        return self.spec.attenuation.intensity(magnitude, math.hypot(at_x - x, at_y - y))

    def place_intensity(self, magnitude: float, x: float, y: float, place: str) -> float:
        p = self._places[place]
        return self.intensity(magnitude, x, y, p.x, p.y)

    def road_intensity(self, magnitude: float, x: float, y: float, a: str, b: str) -> float:
        """At the road's midpoint (straight between its two places)."""
        pa, pb = self._places[a], self._places[b]
        return self.intensity(magnitude, x, y, (pa.x + pb.x) / 2, (pa.y + pb.y) / 2)

    # -- start ---------------------------------------------------------------------------
    def start(self) -> None:
        spec = self.spec
        if spec.minute <= self.ctx.horizon:
            self.ctx.env.timeout(spec.minute).callbacks.append(lambda _e: self.shock("main", spec.magnitude, spec.x, spec.y))

    def aftershock(self, inject_id: str, effect) -> None:
        """An aftershock inject strikes now (at the main epicentre unless it gives its own)."""
        x = self.spec.x if effect.x is None else effect.x
        y = self.spec.y if effect.y is None else effect.y
        self.shock(inject_id, effect.magnitude, x, y)

    def shock(self, shock: str, magnitude: float, x: float, y: float) -> None:
        ctx = self.ctx
        nearest = min(self._places.values(), key=lambda p: ((p.x - x) ** 2 + (p.y - y) ** 2, p.id))
        ctx.record("earthquake", entity=shock, location=nearest.id, quantity=magnitude, detail="main" if shock == "main" else "aftershock")
        if self._damage_roads(shock, magnitude, x, y):
            self.world._roads_changed()
        for place in self._candidates:
            intensity = self.place_intensity(magnitude, x, y, place)
            ctx.record("quake_intensity", entity=place, location=place, quantity=round(intensity, 2), detail=shock)
            if place in self.collapsed:
                continue  # its collapse is an incident already: an aftershock strikes the places still standing
            if ctx.rng(f"earthquake.{shock}.collapse.{place}").random() < share_at(self.spec.collapse.probability, intensity):
                self._collapse(shock, place, intensity)

    # -- roads ---------------------------------------------------------------------------
    def _damage_roads(self, shock: str, magnitude: float, x: float, y: float) -> bool:
        causes, spec, ctx = self.world.road_causes, self.spec.roads, self.ctx
        changed = False
        for road in ctx.scenario.roads:
            a, b = road.source, road.target
            if causes.holds(a, b, "earthquake"):
                continue  # cut by an earlier shock and not repaired yet (closed by anything else, it is still shaken)
            intensity = self.road_intensity(magnitude, x, y, a, b)
            bridge = self._bridges.get(frozenset((a, b)))
            if bridge is not None and intensity >= bridge.fails_at:
                self._close(a, b, "bridge", bridge.repair_minutes, f"earthquake.{shock}.bridge.{a}|{b}")
                changed = True
                continue
            draw = ctx.rng(f"earthquake.{shock}.road.{a}|{b}").random()
            closed = share_at(spec.closed, intensity)
            if draw < closed:
                self._close(a, b, "earthquake", spec.repair_minutes, f"earthquake.{shock}.road.{a}|{b}.repair")
                changed = True
            elif draw < closed + share_at(spec.slowed, intensity) and spec.slow_factor > 1:
                causes.slow(a, b, "earthquake", spec.slow_factor)
                ctx.record("road_slowed", entity=f"{a}|{b}", quantity=spec.slow_factor, detail="earthquake")
                changed = True
        return changed

    def _close(self, a: str, b: str, cause: str, repair: Dist | None, key: str) -> None:
        ctx = self.ctx
        self.world.road_causes.close(a, b, "earthquake")  # a bridge or a road: the earthquake holds it until repaired
        ctx.record("road_closed", entity=f"{a}|{b}", detail=cause)
        if repair is not None:
            minutes = sample(repair, ctx.rng(key))
            if ctx.now + minutes <= ctx.horizon:
                ctx.env.timeout(minutes).callbacks.append(lambda _e: self._repaired(a, b))

    def _repaired(self, a: str, b: str) -> None:
        """The earthquake's damage is repaired; the road opens unless an inject or a hazard zone closed it meanwhile."""
        if self.world.road_causes.reopen(a, b, "earthquake"):
            self.ctx.record("road_opened", entity=f"{a}|{b}", detail="repaired")
            self.world._roads_changed()

    # -- collapses -----------------------------------------------------------------------
    def _collapse(self, shock: str, place: str, intensity: float) -> None:
        ctx, spec = self.ctx, self.spec.collapse
        incident_id = f"quake-{place}" if shock == "main" else f"{shock}-{place}"
        self.collapsed[place] = incident_id
        ctx.record("building_collapse", entity=place, location=place, incident=incident_id, quantity=round(intensity, 2), detail=shock)
        people = self.world.people
        home = people.ledger().get(place, {}).get("home", people.population.get(place, 0))
        trapped_people = min(round(home * share_at(spec.trapped_share, intensity)), MAX_TRAPPED)  # each one a survival draw
        needs = spec.needs
        if spec.trapped_per_team is not None and trapped_people > 0:
            wanted = min(math.ceil(trapped_people / spec.trapped_per_team), MAX_TEAMS_PER_NEED)
            needs = tuple(n.model_copy(update={"teams": max(n.teams, wanted)}) if n.capability == spec.rescue_capability else n for n in needs)
        trapped = Trapped(people=Dist(dist="fixed", value=trapped_people), rescue_capability=spec.rescue_capability) if trapped_people > 0 else None
        factor = detection_factor(self._places[place], ctx.scenario.response.detection)
        self.world.start_incident(Incident(
            id=incident_id,
            hazard="earthquake",  # the earthquake HQ (抗震救灾指挥部) of "1+12" leads
            place=place,
            level=spec.level(intensity),
            needs=needs,
            supplies=dict(spec.supplies),
            occurred=ctx.now,
            detection_delay=sample(spec.detection_minutes, ctx.rng(f"earthquake.{shock}.detection.{place}")) * factor,
            source="earthquake",
            trapped=trapped,
        ))
