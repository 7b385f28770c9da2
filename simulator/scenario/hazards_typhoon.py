"""The ``typhoon:`` section 台风: a forecast track, warning signals, storm surge and outages.

A typhoon bulletin of the China Meteorological Administration gives, for
each forecast time, the centre's position, its intensity class and the radii
of the force-7, force-10 and force-12 winds (七级/十级/十二级风圈半径). The
``track`` holds such points; between two points the centre moves in a
straight line and every radius changes linearly, so the minute winds of a
force first reach a place (and leave it) is computed once, when the run
starts (simulator.models.hazards.track), and one timer is set per effect:

- ``signals``: the CMA typhoon warning signals 台风预警信号 (《气象灾害预警
  信号发布与传播办法》, CMA Order No. 16, 2007, annex; first issued as the
  2004 trial measures): blue when winds of force 6 or more may affect the
  area within 24 h, yellow force 8 within 24 h, orange force 10 within 12 h,
  red force 12 within 6 h. Each signal names the force, the lead and the
  place whose onset counts; it is issued ``lead_hours`` before that onset
  (at once if the onset is nearer than the lead) by ``signals_by`` as a
  warning of its colour (contingency plans trigger on it);
- ``hazard_force``: people at risk (``evacuation.places``) count as reached
  by the hazard at the onset of winds of this force at their place, or at
  the surge if it floods them earlier (the sheltered-before-hazard KPI);
- ``surge`` 风暴潮: at landfall (plus ``after_landfall_minutes``) the sea
  rises by ``height_m``; every listed place lower than that is flooded:
  its roads are slowed by ``road_factor`` until the water recedes, and a
  share of the people still at home there are trapped (an incident);
- ``outages``: power and communications 停电断网 fail where winds of a force
  reach a place: the channel is cut for the listed units, and restored
  ``restore_minutes`` after those winds have left the place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id, Minutes, Text
from simulator.scenario.distributions import Dist
from simulator.scenario.problems import Problem
from simulator.scenario.response import Need
from simulator.scenario.vocabulary import Capability, ResponseLevel, WarningLevel

# 热带气旋等级 (GB/T 19201-2006): tropical depression ... super typhoon
Category = Literal["TD", "TS", "STS", "TY", "STY", "SuperTY"]
Force = Annotated[int, Field(ge=6, le=17, description="Beaufort force (风力等级) 6-17")]
Km = Annotated[float, Field(ge=0, le=3000, allow_inf_nan=False)]
Coordinate = Annotated[float, Field(ge=-1e5, le=1e5, allow_inf_nan=False)]


class TrackPoint(Frozen):
    """One forecast point: where the centre is at ``minute`` and how far each force of wind reaches."""

    minute: Minutes
    x: Coordinate = Field(description="centre, km east (the places' frame)")
    y: Coordinate = Field(description="centre, km north")
    category: Category
    radii_km: dict[Force, Km] = Field(min_length=1, description="force -> radius of winds of at least that force (风圈半径)")
    landfall: bool = Field(default=False, description="the centre crosses the coast here (登陆)")


class Signal(Frozen):
    level: WarningLevel
    force: Force
    lead_hours: Annotated[float, Field(gt=0, le=240, allow_inf_nan=False)]
    place: Id = Field(description="the place whose onset of winds of ``force`` the signal warns of")


class SurgePlace(Frozen):
    place: Id
    elevation_m: Annotated[float, Field(ge=-50, le=500, allow_inf_nan=False)] = Field(description="ground height above the tide datum")


class SurgeIncident(Frozen):
    """The incident a flooded place becomes: its needs, and the share of those still at home who are trapped."""

    level: ResponseLevel = "III"
    needs: tuple[Need, ...] = ()
    trapped_share: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.0
    rescue_capability: Capability = "water_rescue"
    detection_minutes: Dist = Dist(dist="fixed", value=0)


class Surge(Frozen):
    height_m: Annotated[float, Field(gt=0, le=20, allow_inf_nan=False)] = Field(description="the sea's rise above the tide datum (增水)")
    after_landfall_minutes: Annotated[float, Field(ge=-1440, le=1440, allow_inf_nan=False)] = 0.0
    recede_minutes: Annotated[float, Field(gt=0, le=10080, allow_inf_nan=False)] = 360
    road_factor: Annotated[float, Field(ge=1, le=100, allow_inf_nan=False)] = Field(
        default=1.0, description="roads touching a flooded place take this many times longer until the water recedes"
    )
    places: Annotated[tuple[SurgePlace, ...], Field(min_length=1)]
    incident: SurgeIncident | None = None


class Outage(Frozen):
    channel: Id = Field(description="a channel of command.channels")
    units: tuple[Id, ...] = Field(default=(), description="the units whose links fail; empty: everywhere")
    place: Id = Field(description="where the winds are measured")
    force: Force = 10
    restore_minutes: Annotated[float, Field(ge=0, le=10080, allow_inf_nan=False)] = Field(
        default=240, description="after the winds of ``force`` have left ``place``"
    )


class Typhoon(Frozen):
    name: Text
    track: Annotated[tuple[TrackPoint, ...], Field(min_length=2)]
    signals_by: Id = Field(description="the unit issuing the signals (a meteorological office in the chain)")
    signals: tuple[Signal, ...] = ()
    hazard_force: Force = Field(default=10, description="people at risk are reached by the hazard at the onset of winds of this force")
    surge: Surge | None = None
    outages: tuple[Outage, ...] = ()

    @field_validator("track")
    @classmethod
    def _track_in_order(cls, track):
        for a, b in zip(track, track[1:]):
            if b.minute <= a.minute:
                raise PydanticCustomError("typhoon_track_order", "the track's minutes must increase ({t0} then {t1})", {"t0": a.minute, "t1": b.minute})
        forces = set(track[0].radii_km)
        for point in track[1:]:
            if set(point.radii_km) != forces:
                raise PydanticCustomError("typhoon_radii_differ", "every track point gives the radii of the same forces ({forces})",
                                          {"forces": ", ".join(str(f) for f in sorted(forces))})
        if sum(1 for p in track if p.landfall) != 1:
            raise PydanticCustomError("typhoon_landfall", "exactly one track point is the landfall (landfall: true)", {})
        return track

    @model_validator(mode="after")
    def _forces_given(self) -> "Typhoon":
        given = set(self.track[0].radii_km)
        wanted = {s.force for s in self.signals} | {o.force for o in self.outages} | {self.hazard_force}
        missing = sorted(wanted - given)
        if missing:
            raise PydanticCustomError("typhoon_force_no_radius", "the track gives no radius for force {forces}",
                                      {"forces": ", ".join(str(f) for f in missing)})
        return self

    @property
    def landfall_minute(self) -> float:
        return next(p.minute for p in self.track if p.landfall)


def check_typhoon(sc) -> Iterator[Problem]:
    """Places, the issuing unit and the outages' channels and units exist."""
    spec = sc.typhoon
    if spec is None:
        return
    places = {p.id for p in sc.places}
    units = {u.id for u in sc.command.units}
    channels = {c.id for c in sc.command.channels}
    if spec.signals_by not in units:
        yield Problem(("typhoon", "signals_by"), "unknown_unit", {"ref": spec.signals_by})
    for i, signal in enumerate(spec.signals):
        if signal.place not in places:
            yield Problem(("typhoon", "signals", i, "place"), "unknown_place", {"ref": signal.place})
    if spec.surge is not None:
        for i, entry in enumerate(spec.surge.places):
            if entry.place not in places:
                yield Problem(("typhoon", "surge", "places", i, "place"), "unknown_place", {"ref": entry.place})
    for i, outage in enumerate(spec.outages):
        loc = ("typhoon", "outages", i)
        if outage.channel not in channels:
            yield Problem((*loc, "channel"), "typhoon_unknown_channel", {"ref": outage.channel})
        if outage.place not in places:
            yield Problem((*loc, "place"), "unknown_place", {"ref": outage.place})
        for j, unit in enumerate(outage.units):
            if unit not in units:
                yield Problem((*loc, "units", j), "unknown_unit", {"ref": unit})
