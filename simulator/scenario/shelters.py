"""Shelters 安置点: evacuees arrive by a schedule or from incidents nearby.

Each person needs ``needs_per_person_day`` of each item from the moment
their household reserves run out (``logistics.household_hours`` after they
arrive). A shelter that is full turns people away (recorded, not modelled
further).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from simulator.scenario.base import Frozen, Id, Minutes, Quantity, Text
from simulator.scenario.distributions import Dist
from simulator.scenario.vocabulary import Hazard


class Arrival(Frozen):
    time: Minutes
    people: Annotated[int, Field(ge=0)]


class IncidentEvacuees(Frozen):
    """Every incident at one of ``places`` sends ``people`` here once it is commanded."""

    places: Annotated[tuple[Id, ...], Field(min_length=1)]
    hazards: tuple[Hazard, ...] = Field(default=(), description="only incidents of these hazards; empty = any")
    people: Annotated[int, Field(ge=1)]
    delay_minutes: Dist = Dist(dist="fixed", value=60)


class Shelter(Frozen):
    id: Id
    name: Text
    place: Id
    capacity: Annotated[int, Field(ge=1)]
    arrivals: tuple[Arrival, ...] = ()
    from_incidents: IncidentEvacuees | None = None
    needs_per_person_day: dict[Id, Quantity] = Field(default_factory=dict)
    priority: Annotated[int, Field(ge=0)] = Field(default=2, description="lower is served first")
