"""A chemical release at run time: the hazard zone grows, closes roads, poisons those left too long.

The zone's radius r(t) is known in advance up to containment
(simulator.scenario.hazards_chemical_release), so the minute it reaches each
place is computed once in :meth:`ChemicalRelease.start` and each place gets
one timer; containment (a hazmat team of the release's needs finishes its
on-scene work, seen on a tap of ``ctx.record``) freezes the radius, so a
timer of a place beyond it does nothing, and sets one more timer, the
lifting of the zone ``clear_minutes`` later. No process polls. Rows written:

- ``chemical_release_started`` (entity: the release incident, location: its
  place, quantity: the initial radius in m, detail: ``spill|time_of_day``),
  then the release incident itself (hazard ``industrial``: the industrial
  safety HQ leads, Zhengzhou's "1+12") through the world's incident life;
- ``chemical_zone_reached`` (entity and location: the place, quantity: its
  distance from the release in m) and ``hazard_arrived`` for a place of
  ``evacuation.places`` without its own ``hazard_minute``;
- ``road_closed`` (entity ``a|b``, detail ``chemical_release``) for each road
  of a reached place but the access roads; ``road_opened`` when the zone lifts;
- ``chemical_contained`` (quantity: the radius then, in m) and
  ``chemical_zone_lifted``;
- ``chemical_exposed`` (entity: the place, quantity: people poisoned) when a
  place's shelter in place no longer holds while the zone is still there:
  the poisoned are the trapped people of an incident ``poisoning-<place>``
  (simulator.models.people takes them from those at home) whose survival
  waits on the exposure's rescue capability (medical care).
"""

from __future__ import annotations

import math

from simulator.engine.sampling import sample
from simulator.models.detection import detection_factor
from simulator.models.incidents import Incident
from simulator.scenario.distributions import Dist
from simulator.scenario.limits import MAX_TRAPPED
from simulator.scenario.response import Trapped

RELEASE_ID = "chemical_release"  # the release incident's id (an objective's task names it)
POISONING = "poisoning"  # poisoning incidents are ``poisoning-<place>``


def reach_minute(start: float, isolation_m: float, protective_m: float, growth: float, distance_m: float) -> float | None:
    """When the uncontained zone first covers a place ``distance_m`` from the release; None: never.

    r(t) = min(protective, isolation + growth (t - start)): inside the
    isolation distance at once; beyond it when the radius has grown by the
    difference; never beyond the protective action distance.
    """
    if distance_m <= isolation_m:
        return start
    if distance_m > protective_m or growth <= 0:
        return None
    return start + (distance_m - isolation_m) / growth


class ChemicalRelease:
    def __init__(self, world):
        self.world = world
        self.ctx = world.ctx
        self.spec = self.ctx.scenario.chemical_release
        self._places = {p.id: p for p in self.ctx.scenario.places}
        self._access = {frozenset(r) for r in self.spec.access_roads}
        self.contained_at: float | None = None
        self.radius_at_containment: float | None = None
        self.lifted = False
        self.reached: dict[str, float] = {}  # place -> minute the zone reached it
        self.closed: list[tuple[str, str]] = []  # roads this release closed, to reopen when the zone lifts
        self._hazmat_teams: set[str] = set()

    @classmethod
    def of(cls, world) -> "ChemicalRelease | None":
        """The model when the scenario has a ``chemical_release:`` section; None (nothing started) otherwise."""
        return cls(world) if world.ctx.scenario.chemical_release is not None else None

    # -- geometry ----------------------------------------------------------------
    def distance_m(self, place: str) -> float:
        src, p = self._places[self.spec.place], self._places[place]
        return 1000.0 * math.hypot(p.x - src.x, p.y - src.y)  # coordinates are km

    def radius(self, minute: float) -> float:
        """The zone's radius (m) at ``minute`` as far as the run has got (0 before the release and after lifting)."""
        spec = self.spec
        if minute < spec.minute or self.lifted:
            return 0.0
        if self.contained_at is not None and minute >= self.contained_at:
            return self.radius_at_containment
        return min(spec.protective_m, spec.isolation_m + spec.growth_m_per_minute * (minute - spec.minute))

    def schedule(self) -> list[tuple[float, str]]:
        """(minute, place) the uncontained zone reaches each place, earliest first (ties by id), the release point included."""
        spec, out = self.spec, []
        for pid in sorted(self._places):
            at = reach_minute(spec.minute, spec.isolation_m, spec.protective_m, spec.growth_m_per_minute, self.distance_m(pid))
            if at is not None:
                out.append((at, pid))
        return sorted(out)

    # -- start -------------------------------------------------------------------
    def start(self) -> None:
        horizon = self.ctx.horizon
        self._at(self.spec.minute, self._release)
        for minute, place in self.schedule():
            if minute <= horizon:
                self._at(minute, lambda p=place: self._reach(p))
        base = self.ctx.record

        def record(kind: str, **fields) -> None:  # the tap: a hazmat team of the release dispatched, then done
            base(kind, **fields)
            if fields.get("incident") == RELEASE_ID and self.contained_at is None:
                if kind == "team_dispatched" and fields.get("detail") == "hazmat":
                    self._hazmat_teams.add(fields.get("team"))
                elif kind == "team_released" and fields.get("team") in self._hazmat_teams:
                    self._contain()

        self.ctx.record = record

    def _at(self, minute: float, action) -> None:
        """One timer: ``action()`` at ``minute`` if it falls within the run."""
        if minute <= self.ctx.horizon:
            self.ctx.env.timeout(minute - self.ctx.now).callbacks.append(lambda _e: action())

    # -- effects -----------------------------------------------------------------
    def _release(self) -> None:
        ctx, spec = self.ctx, self.spec
        ctx.record("chemical_release_started", entity=RELEASE_ID, location=spec.place, quantity=spec.isolation_m, detail=f"{spec.spill}|{spec.time_of_day}")
        factor = detection_factor(self._places[spec.place], ctx.scenario.response.detection)
        self.world.start_incident(Incident(
            id=RELEASE_ID,
            hazard="industrial",  # a hazardous-chemical accident: the industrial safety HQ leads ("1+12")
            place=spec.place,
            level=spec.level,
            needs=spec.needs,
            supplies={},
            occurred=ctx.now,
            detection_delay=sample(spec.detection_minutes, ctx.rng("chemical_release.detection")) * factor,
            source=RELEASE_ID,
        ))

    def _reach(self, place: str) -> None:
        if self.lifted or (self.contained_at is not None and self.distance_m(place) > self.radius_at_containment):
            return  # contained before the zone got here (or already lifted)
        ctx, world = self.ctx, self.world
        self.reached[place] = ctx.now
        ctx.record("chemical_zone_reached", entity=place, location=place, quantity=round(self.distance_m(place), 1))
        evacuation = ctx.scenario.evacuation
        if evacuation is not None and any(e.place == place and e.hazard_minute is None for e in evacuation.places):
            ctx.record("hazard_arrived", entity=place, location=place, detail="chemical")
        changed = False
        for road in ctx.scenario.roads:
            a, b = road.source, road.target
            if place in (a, b) and frozenset((a, b)) not in self._access and not world.road_causes.holds(a, b, "chemical_release"):
                # the zone holds the road even if something else closed it first: it stays shut until the zone lifts
                changed |= world.road_causes.close(a, b, "chemical_release")
                self.closed.append((a, b))
                ctx.record("road_closed", entity=f"{a}|{b}", location=place, detail="chemical_release")
        if changed:
            world._roads_changed()
        exposure = self.spec.exposure
        if exposure is not None and exposure.harmed_share > 0 and world.people.population.get(place, 0) > 0:
            self._at(ctx.now + exposure.shelter_minutes, lambda: self._exposed(place))

    def _contain(self) -> None:
        ctx = self.ctx
        self.radius_at_containment = self.radius(ctx.now)
        self.contained_at = ctx.now
        ctx.record("chemical_contained", entity=RELEASE_ID, location=self.spec.place, quantity=round(self.radius_at_containment, 1))
        self._at(ctx.now + self.spec.clear_minutes, self._lift)

    def _lift(self) -> None:
        ctx, world = self.ctx, self.world
        self.lifted = True
        ctx.record("chemical_zone_lifted", entity=RELEASE_ID, location=self.spec.place, quantity=len(self.closed))
        opened = False
        for a, b in self.closed:
            if world.road_causes.reopen(a, b, "chemical_release"):  # unless an inject or the earthquake still holds it
                ctx.record("road_opened", entity=f"{a}|{b}", detail="chemical_release")
                opened = True
        self.closed = []
        if opened:
            world._roads_changed()

    def _exposed(self, place: str) -> None:
        """The shelter in place no longer holds while the zone is still here: a share of those at home are poisoned."""
        if self.lifted:
            return
        ctx, spec, people = self.ctx, self.spec.exposure, self.world.people
        home = people.ledger().get(place, {}).get("home", people.population.get(place, 0))
        poisoned = min(round(home * spec.harmed_share), MAX_TRAPPED)  # each one a survival draw (scenario.limits)
        if poisoned <= 0:
            return
        ctx.record("chemical_exposed", entity=place, location=place, quantity=poisoned)
        factor = detection_factor(self._places[place], ctx.scenario.response.detection)
        self.world.start_incident(Incident(
            id=f"{POISONING}-{place}",
            hazard="industrial",
            place=place,
            level=spec.level,
            needs=spec.needs,
            supplies={},
            occurred=ctx.now,
            detection_delay=sample(spec.detection_minutes, ctx.rng(f"chemical_release.poisoning.{place}")) * factor,
            source=POISONING,
            trapped=Trapped(people=Dist(dist="fixed", value=poisoned), rescue_capability=spec.rescue_capability),
        ))
