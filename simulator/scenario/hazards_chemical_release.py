"""The ``chemical_release:`` section 危化品泄漏: a toxic release, its hazard zone, containment and exposure.

A release of a toxic-by-inhalation gas (e.g. liquid chlorine 液氯) starts at
``minute`` at ``place``. The hazard zone is a circle round that place whose
radius follows the US DOT Emergency Response Guidebook's logic (ERG 2020,
"Table 1 - Initial Isolation and Protective Action Distances"): an initial
isolation distance (a radius in all directions) and a protective action
distance (downwind), per material, for a small spill (up to 208 litres) or
a large one, by day or by night (a stable night atmosphere carries a gas
further). ERG's distances show "areas likely to be affected during the first
30 minutes ... and could increase with time"; here the radius is

    r(t) = min(protective, isolation + growth * (t - minute))   for t >= minute,

until the release is contained (a hazmat team of the release's needs has
finished its on-scene work): the radius then holds for ``clear_minutes``
while the air is monitored 环境监测, after which the zone is lifted. The
wind direction is not modelled: the zone is the full circle of the radius,
a conservative stand-in for ERG's downwind zone when the wind may shift.

Since r(t) is known in advance (piecewise linear), the minute the zone
reaches each place is computed once: a place at d metres is reached at
``minute`` if d <= isolation, else at ``minute + (d - isolation) / growth``
if d <= protective (never otherwise), unless the release is contained first.
When the zone reaches a place its roads close (all but ``access_roads``, the
access route kept open for responders and evacuees 应急救援通道), until the
zone is lifted. People at home in the zone shelter in place (indoors,
windows shut); a closed building protects for ``exposure.shelter_minutes``
(outdoor air leaks in), after which ``exposure.harmed_share`` of those
still at home are poisoned: an incident at the place whose poisoned people
wait for ``exposure.rescue_capability`` (medical care) under the survival
curve. Evacuation is ordered by the plans (``plans: ... do: evacuate``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id, Minutes, Text
from simulator.scenario.distributions import Dist
from simulator.scenario.problems import Problem
from simulator.scenario.response import Need
from simulator.scenario.vocabulary import Capability, ResponseLevel

Metres = Annotated[float, Field(gt=0, le=100_000, allow_inf_nan=False)]
Spill = Literal["small", "large"]  # ERG: a small spill is up to 208 litres (55 US gallons), a large one more
TimeOfDay = Literal["day", "night"]  # ERG: day is sunrise to sunset


class ReleaseClass(Frozen):
    """ERG-style distances of one spill size: isolation all round, protective action downwind by day and night."""

    isolation_m: Metres = Field(description="initial isolation distance: the zone's radius when the release starts")
    day_m: Metres = Field(description="protective action distance by day: the largest radius")
    night_m: Metres = Field(description="protective action distance by night: the largest radius")

    @model_validator(mode="after")
    def _isolation_within(self) -> "ReleaseClass":
        if self.isolation_m > min(self.day_m, self.night_m):
            raise PydanticCustomError("chemical_isolation_beyond", "the isolation distance ({isolation} m) exceeds a protective action distance",
                                      {"isolation": self.isolation_m})
        return self


class Exposure(Frozen):
    """People at home in the zone shelter in place; after ``shelter_minutes`` a share of them are poisoned."""

    shelter_minutes: Annotated[float, Field(gt=0, le=10080, allow_inf_nan=False)] = Field(
        default=120, description="how long a closed building keeps those inside safe once the zone reaches it"
    )
    harmed_share: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = Field(
        default=0.0, description="share of those still at home poisoned once the shelter no longer holds"
    )
    level: ResponseLevel = "III"
    needs: tuple[Need, ...] = ()
    rescue_capability: Capability = "medical"
    detection_minutes: Dist = Dist(dist="fixed", value=0)


class ChemicalRelease(Frozen):
    name: Text
    material: Text = Field(description="what leaks, e.g. liquid chlorine (UN1017)")
    place: Id = Field(description="where it leaks: the zone's centre and the release incident's place")
    minute: Minutes = Field(description="when the release starts")
    spill: Spill = "large"
    time_of_day: TimeOfDay = "day"
    classes: dict[Spill, ReleaseClass] = Field(min_length=1, description="distances per spill size (ERG Table 1 for the material)")
    growth_m_per_minute: Annotated[float, Field(ge=0, le=10_000, allow_inf_nan=False)] = Field(
        description="how fast the zone's radius grows until contained (0: it stays at the isolation distance)"
    )
    clear_minutes: Minutes = Field(default=120, description="after containment the zone holds this long (air monitoring), then it is lifted")
    level: ResponseLevel = "II"
    needs: Annotated[tuple[Need, ...], Field(min_length=1)] = Field(description="the release incident's needs; a hazmat team's work contains it")
    detection_minutes: Dist = Dist(dist="fixed", value=5)
    access_roads: tuple[tuple[Id, Id], ...] = Field(default=(), description="roads kept open in the zone (the access route), as [from, to]")
    exposure: Exposure | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "ChemicalRelease":
        if self.spill not in self.classes:
            raise PydanticCustomError("chemical_spill_class", "no distances given for the {spill} spill (classes)", {"spill": self.spill})
        if not any(n.capability == "hazmat" for n in self.needs):
            raise PydanticCustomError("chemical_no_hazmat", "the release needs a hazmat team to be contained (a need with capability: hazmat)", {})
        return self

    @property
    def isolation_m(self) -> float:
        return self.classes[self.spill].isolation_m

    @property
    def protective_m(self) -> float:
        distances = self.classes[self.spill]
        return distances.day_m if self.time_of_day == "day" else distances.night_m


def check_chemical_release(sc) -> Iterator[Problem]:
    """The release's place and its access roads exist."""
    spec = sc.chemical_release
    if spec is None:
        return
    places = {p.id for p in sc.places}
    if spec.place not in places:
        yield Problem(("chemical_release", "place"), "unknown_place", {"ref": spec.place})
    roads = {frozenset((r.source, r.target)) for r in sc.roads}
    for i, (a, b) in enumerate(spec.access_roads):
        if frozenset((a, b)) not in roads:
            yield Problem(("chemical_release", "access_roads", i), "unknown_road", {"a": a, "b": b})
