"""The ``earthquake:`` section 地震: a main shock, collapses, damaged roads and bridges, aftershocks.

A destructive earthquake is given by its epicentre (``x``, ``y`` in the
places' km frame), its magnitude and the minute it strikes. The intensity
at a distance R km from the epicentre follows an attenuation rule of the
form used for China's intensity attenuation relations (e.g. 汪素云 et al.,
中国分区地震动衰减关系的确定, 中国地震 16(2), 2000, for eastern and western
China)::

    I = a + b M - c ln(R + r0)

with the scenario's own coefficients (a scenario says where its come from).
Everything the shock does is decided from the intensity when it strikes:

- ``collapse``: each place with people (or each of ``places``) has its
  buildings collapse with ``probability(I)``, one draw per shock and place;
  a collapse traps ``trapped_share(I)`` of the people at home there (the
  people ledger takes them from home) and becomes an incident whose
  response level is the highest of ``levels`` whose intensity is reached;
- ``roads``: each road, by the intensity at its midpoint, is closed with
  ``closed(I)`` or else slowed by ``slow_factor`` with ``slowed(I)`` (one
  draw per shock and road); a closed road is repaired (抢通) after
  ``repair_minutes`` when given;
- ``bridges``: a road that is a bridge fails, without a draw, when the
  intensity at its midpoint reaches ``fails_at``.

An intensity curve is a list of (intensity, share) points, linear between
them and flat beyond the ends; two points at the same intensity make a step
(below it the first share, from it on the second).

Aftershocks 余震 are injects (``effect: {type: aftershock, magnitude: ...}``,
the main shock's epicentre unless the inject gives its own): they strike
the places not collapsed yet and the roads still open, with draws of their own.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id, Minutes, Quantity, Text
from simulator.scenario.distributions import Dist
from simulator.scenario.problems import Problem
from simulator.scenario.response import Need
from simulator.scenario.vocabulary import RESPONSE_LEVELS, Capability, ResponseLevel

# China seismic intensity scale 中国地震烈度表 (GB/T 17742-2020): degrees I to XII
Intensity = Annotated[float, Field(ge=1, le=12, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Magnitude = Annotated[float, Field(ge=3, le=9.5, allow_inf_nan=False)]
Coordinate = Annotated[float, Field(ge=-1e5, le=1e5, allow_inf_nan=False)]
Curve = Annotated[tuple[tuple[Intensity, Share], ...], Field(min_length=1)]


def _curve_in_order(curve):
    intensities = [i for i, _ in curve]
    if intensities != sorted(intensities):
        raise PydanticCustomError("earthquake_curve_order", "the curve's intensities must not decrease ({points})", {"points": ", ".join(f"{i:g}" for i in intensities)})
    return curve


def share_at(curve, intensity: float) -> float:
    """The curve's share at ``intensity``: linear between points, flat beyond the ends, a step where two points share an intensity."""
    if intensity < curve[0][0]:
        return curve[0][1]
    for (i0, s0), (i1, s1) in zip(curve, curve[1:]):
        if intensity < i1:  # i0 <= intensity < i1, so i1 > i0: no division by zero at a step
            return s0 + (s1 - s0) * (intensity - i0) / (i1 - i0)
    return curve[-1][1]


class Attenuation(Frozen):
    """I = a + b M - c ln(R + r0): intensity at R km from the epicentre for magnitude M."""

    a: Annotated[float, Field(ge=-20, le=20)]
    b: Annotated[float, Field(gt=0, le=5)]
    c: Annotated[float, Field(gt=0, le=10)]
    r0_km: Annotated[float, Field(gt=0, le=200)] = Field(description="near-source saturation distance (km)")

    def intensity(self, magnitude: float, r_km: float) -> float:
        return self.a + self.b * magnitude - self.c * math.log(r_km + self.r0_km)


class Collapse(Frozen):
    """Which places' buildings collapse, how many people they trap, and the incident each becomes."""

    probability: Curve = Field(description="(intensity, probability a place's buildings collapse) points")
    trapped_share: Curve = Field(description="(intensity, share of the people at home trapped by a collapse) points")
    places: tuple[Id, ...] = Field(default=(), description="the places that may collapse; empty: every place with people")
    levels: dict[ResponseLevel, Intensity] = Field(
        default_factory=lambda: {"IV": 1.0}, description="response level -> the intensity from which a collapse is of that level (the highest reached wins)"
    )
    needs: tuple[Need, ...] = ()
    supplies: dict[Id, Quantity] = Field(default_factory=dict)
    rescue_capability: Capability = Field(default="collapse", description="the capability whose first team reaches the trapped")
    trapped_per_team: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="the rescue need asks for at least one team per this many trapped"
    )
    detection_minutes: Dist = Dist(dist="fixed", value=10)

    @field_validator("probability", "trapped_share")
    @classmethod
    def _curves_in_order(cls, curve):
        return _curve_in_order(curve)

    def level(self, intensity: float) -> str:
        reached = [lvl for lvl, floor in self.levels.items() if intensity >= floor]
        return min(reached, key=RESPONSE_LEVELS.index) if reached else "IV"


class RoadDamage(Frozen):
    """Road damage by the intensity at a road's midpoint: closed, else slowed (one draw per shock and road)."""

    closed: Curve = ((1.0, 0.0),)
    slowed: Curve = ((1.0, 0.0),)
    slow_factor: Annotated[float, Field(ge=1, le=100)] = 2.0
    repair_minutes: Dist | None = Field(default=None, description="a closed road reopens after this (emergency repair 抢通); empty: stays closed")

    @field_validator("closed", "slowed")
    @classmethod
    def _curves_in_order(cls, curve):
        return _curve_in_order(curve)


class Bridge(Frozen):
    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    name: Text
    fails_at: Intensity = Field(description="the bridge fails (the road closes) from this intensity at its midpoint")
    repair_minutes: Dist | None = Field(default=None, description="a temporary bridge opens after this; empty: stays closed")


class Earthquake(Frozen):
    name: Text
    x: Coordinate = Field(description="epicentre, km east (the places' frame)")
    y: Coordinate = Field(description="epicentre, km north")
    magnitude: Magnitude
    minute: Minutes = Field(default=0, description="when the main shock strikes")
    attenuation: Attenuation
    collapse: Collapse
    roads: RoadDamage = RoadDamage()
    bridges: tuple[Bridge, ...] = ()


class Aftershock(Frozen):
    """An inject's effect: an aftershock 余震 of ``magnitude`` (at the main shock's epicentre unless x and y are given)."""

    type: Literal["aftershock"]
    magnitude: Magnitude
    x: Coordinate | None = None
    y: Coordinate | None = None

    @model_validator(mode="after")
    def _both_or_neither(self) -> "Aftershock":
        if (self.x is None) != (self.y is None):
            raise PydanticCustomError("aftershock_xy", "give both x and y of the aftershock's epicentre, or neither", {})
        return self


def collapse_places(sc) -> list[str]:
    """The places that may collapse, in the scenario's order."""
    listed = sc.earthquake.collapse.places
    if listed:
        return list(dict.fromkeys(listed))
    return [p.id for p in sc.places if p.population > 0]


def check_earthquake(sc) -> Iterator[Problem]:
    """Places and roads exist, a collapse place has people and a commanding unit; aftershocks need the section."""
    spec = sc.earthquake
    if spec is None:
        for i, inj in enumerate(sc.injects):
            if inj.effect is not None and inj.effect.type == "aftershock":
                yield Problem(("injects", i, "effect"), "aftershock_without_earthquake", {})
        return
    from simulator.scenario.chain import ChainIndex

    places = {p.id: p for p in sc.places}
    for i, ref in enumerate(spec.collapse.places):
        if ref not in places:
            yield Problem(("earthquake", "collapse", "places", i), "unknown_place", {"ref": ref})
        elif places[ref].population <= 0:
            yield Problem(("earthquake", "collapse", "places", i), "earthquake_nobody", {"ref": ref})
    chain = ChainIndex(sc)
    for place in collapse_places(sc):
        if place not in places:
            continue
        unit = chain.local_unit(place)
        loc = ("earthquake", "collapse", "places", spec.collapse.places.index(place)) if spec.collapse.places else ("earthquake", "collapse")
        if unit is None:
            yield Problem(loc, "no_local_unit", {"ref": place})
            continue
        for level in sorted({*spec.collapse.levels, "IV"}, key=RESPONSE_LEVELS.index):
            tier = sc.command.commanding_tier.get(level)
            if tier is not None and chain.unit_at_tier(unit, tier) is None:
                yield Problem(loc, "no_commanding_unit", {"ref": place, "level": level, "tier": tier})
    roads = {frozenset((r.source, r.target)) for r in sc.roads}
    for i, bridge in enumerate(spec.bridges):
        if frozenset((bridge.source, bridge.target)) not in roads:
            yield Problem(("earthquake", "bridges", i), "unknown_road", {"a": bridge.source, "b": bridge.target})
    items = {it.id for it in sc.items}
    for item in spec.collapse.supplies:
        if item not in items:
            yield Problem(("earthquake", "collapse", "supplies", item), "unknown_item", {"ref": item})
