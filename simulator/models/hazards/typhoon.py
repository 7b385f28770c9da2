"""A typhoon at run time: signals, the hazard reaching people at risk, storm surge and outages.

Everything follows from the forecast track (simulator.scenario.hazards_typhoon),
which is known when the run starts, so every minute is computed once in
:meth:`Typhoon.start` (simulator.models.hazards.track) and each effect gets
one timer; no process polls the weather. Rows written:

- ``typhoon_wind``: winds of a force reach a place (entity: the place,
  quantity: the force, detail: ``onset``) or leave it (``passed``), for the
  places the signals, the outages and the people at risk watch;
- ``typhoon_landfall`` (location: the nearest place to the centre);
- ``warning_issued`` by ``signals_by`` through the call-and-answer chain
  (simulator.models.warnings), warning id ``typhoon_<colour>``: contingency
  plans trigger on it;
- ``hazard_arrived`` for each place of ``evacuation.places`` without its own
  ``hazard_minute``: the onset of ``hazard_force`` winds there, or the surge
  if it floods the place first (detail ``wind`` or ``surge``);
- ``surge_flooded`` (entity: the place, quantity: water depth in metres),
  ``road_slowed`` for each road touching it and ``road_slowed`` with factor
  1 when the water recedes (``surge_receded``); a flooded place becomes an
  incident ``surge_<place>`` whose trapped people are the stated share of
  those still at home (simulator.models.people takes them from home);
- ``channel_down`` / ``channel_up`` (entity: the channel, detail: the units)
  as an inject's outage would be, one per outage.

Two outages of one channel add their units up; the channel comes back
when the last of them is restored.
"""

from __future__ import annotations

import math

from simulator.engine.sampling import sample
from simulator.models.detection import detection_factor
from simulator.models.hazards.track import inside_intervals
from simulator.models.incidents import Incident
from simulator.scenario.distributions import Dist
from simulator.scenario.limits import MAX_TRAPPED
from simulator.scenario.response import Trapped


class Typhoon:
    def __init__(self, world):
        self.world = world
        self.ctx = world.ctx
        self.spec = self.ctx.scenario.typhoon
        self._places = {p.id: p for p in self.ctx.scenario.places}
        self._cuts: dict[str, list[tuple[str, ...]]] = {}  # channel -> units of each outage now in force

    @classmethod
    def of(cls, world) -> "Typhoon | None":
        """The model when the scenario has a ``typhoon:`` section; None (nothing started) otherwise."""
        return cls(world) if world.ctx.scenario.typhoon is not None else None

    # -- timing ------------------------------------------------------------------------
    def spans(self, force: int, place: str) -> list[tuple[float, float]]:
        p = self._places[place]
        return inside_intervals(self.spec.track, force, p.x, p.y)

    def signal_minutes(self) -> list[tuple[str, float]]:
        """(colour, minute) of each signal whose winds reach its place on this track: lead hours before the onset, not before 0."""
        out = []
        for signal in self.spec.signals:
            spans = self.spans(signal.force, signal.place)
            if spans:
                out.append((signal.level, max(0.0, spans[0][0] - signal.lead_hours * 60.0)))
        return out

    def surge_minute(self) -> float | None:
        surge = self.spec.surge
        return None if surge is None else max(0.0, self.spec.landfall_minute + surge.after_landfall_minutes)

    def flooded(self) -> list[tuple[str, float]]:
        """(place, water depth in m) of every surge place lower than the surge."""
        surge = self.spec.surge
        if surge is None:
            return []
        return [(e.place, surge.height_m - e.elevation_m) for e in surge.places if e.elevation_m < surge.height_m]

    # -- start ---------------------------------------------------------------------------
    def start(self) -> None:
        spec, horizon = self.spec, self.ctx.horizon
        self._at(spec.landfall_minute, self._landfall)
        watched = {(s.force, s.place) for s in spec.signals} | {(o.force, o.place) for o in spec.outages}
        evacuation = self.ctx.scenario.evacuation
        at_risk = [e.place for e in evacuation.places if e.hazard_minute is None] if evacuation is not None else []
        watched |= {(spec.hazard_force, p) for p in at_risk}
        for force, place in sorted(watched):
            for enter, leave in self.spans(force, place):
                self._at(enter, lambda f=force, p=place: self.ctx.record("typhoon_wind", entity=p, location=p, quantity=f, detail="onset"))
                self._at(leave, lambda f=force, p=place: self.ctx.record("typhoon_wind", entity=p, location=p, quantity=f, detail="passed"))
        for colour, minute in self.signal_minutes():
            self._at(minute, lambda c=colour: self.ctx.env.process(self.world.warnings.issue(f"typhoon_{c}", spec.signals_by, c)))
        surge_at = self.surge_minute()
        flooded = dict(self.flooded())
        if surge_at is not None and flooded:
            self._at(surge_at, lambda: self._surge(flooded))
        for place in at_risk:
            spans = self.spans(spec.hazard_force, place)
            wind = spans[0][0] if spans else math.inf
            surge = surge_at if surge_at is not None and place in flooded else math.inf
            if min(wind, surge) <= horizon:
                cause = "surge" if surge < wind else "wind"
                self._at(min(wind, surge), lambda p=place, c=cause: self.ctx.record("hazard_arrived", entity=p, location=p, detail=c))
        for outage in spec.outages:
            spans = self.spans(outage.force, outage.place)
            if spans:
                enter, leave = spans[0]
                self._at(enter, lambda o=outage: self._cut(o))
                self._at(leave + outage.restore_minutes, lambda o=outage: self._restore(o))

    def _at(self, minute: float, action) -> None:
        """One timer: ``action()`` at ``minute`` if it falls within the run."""
        if minute <= self.ctx.horizon:
            self.ctx.env.timeout(minute - self.ctx.now).callbacks.append(lambda _e: action())

    # -- effects -------------------------------------------------------------------------
    def _landfall(self) -> None:
        point = next(p for p in self.spec.track if p.landfall)
        nearest = min(self._places.values(), key=lambda p: ((p.x - point.x) ** 2 + (p.y - point.y) ** 2, p.id))
        self.ctx.record("typhoon_landfall", entity="typhoon", location=nearest.id, detail=point.category)

    def _surge(self, flooded: dict[str, float]) -> None:
        ctx, surge, world = self.ctx, self.spec.surge, self.world
        slowed = []
        for place, depth in sorted(flooded.items()):
            ctx.record("surge_flooded", entity=place, location=place, quantity=round(depth, 3))
            if surge.road_factor > 1:
                for a, b in self._roads_at(place):
                    world.road_causes.slow(a, b, "surge", surge.road_factor)
                    ctx.record("road_slowed", entity=f"{a}|{b}", quantity=surge.road_factor)
                    slowed.append((a, b))
            if surge.incident is not None:
                world.start_incident(self._surge_incident(place))
        if slowed:
            world._roads_changed()
            self._at(ctx.now + surge.recede_minutes, lambda: self._recede(slowed))

    def _roads_at(self, place: str) -> list[tuple[str, str]]:
        return [(r.source, r.target) for r in self.ctx.scenario.roads if place in (r.source, r.target)]

    def _recede(self, roads: list[tuple[str, str]]) -> None:
        """The surge's slowdown lifts; a road slowed by anything else (an inject, the earthquake) keeps that."""
        causes = self.world.road_causes
        for a, b in roads:
            if causes.slow(a, b, "surge", 1):
                self.ctx.record("road_slowed", entity=f"{a}|{b}", quantity=causes.factor(a, b))
        self.ctx.record("surge_receded", quantity=len(roads))
        self.world._roads_changed()

    def _surge_incident(self, place: str) -> Incident:
        """The flooded place as an incident: a share of those still at home trapped (drawn from home by the people model)."""
        ctx, spec = self.ctx, self.spec.surge.incident
        people = self.world.people
        home = people.ledger().get(place, {}).get("home", people.population.get(place, 0))
        trapped_people = min(round(home * spec.trapped_share), MAX_TRAPPED)  # each one a survival draw (scenario.limits)
        trapped = Trapped(people=Dist(dist="fixed", value=trapped_people), rescue_capability=spec.rescue_capability) if trapped_people > 0 else None
        factor = detection_factor(self._places[place], ctx.scenario.response.detection)
        return Incident(
            id=f"surge_{place}",
            hazard="flood",  # storm-surge flooding: the flood and typhoon HQ (防汛防台) leads
            place=place,
            level=spec.level,
            needs=spec.needs,
            supplies={},
            occurred=ctx.now,
            detection_delay=sample(spec.detection_minutes, ctx.rng(f"typhoon.surge.{place}")) * factor,
            source="typhoon",
            trapped=trapped,
        )

    def _cut(self, outage) -> None:
        held = self._cuts.setdefault(outage.channel, [])
        held.append(outage.units)
        self._apply(outage.channel)
        self.ctx.record("channel_down", entity=outage.channel, detail=",".join(outage.units), location=outage.place)

    def _restore(self, outage) -> None:
        held = self._cuts.get(outage.channel, [])
        if outage.units in held:
            held.remove(outage.units)
        self._apply(outage.channel)
        self.ctx.record("channel_up", entity=outage.channel, detail=",".join(outage.units), location=outage.place)

    def _apply(self, channel: str) -> None:
        held, transport = self._cuts.get(channel, []), self.world.transport
        if not held:
            transport.restore(channel)
        elif any(not units for units in held):
            transport.cut(channel)  # one outage covers everywhere
        else:
            transport.cut(channel, tuple(sorted({u for units in held for u in units})))
