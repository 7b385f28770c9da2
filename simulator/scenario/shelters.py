"""Shelters 安置点: evacuees arrive by a schedule, from incidents nearby, or by evacuation.

People arrive through the people ledger (simulator.models.people): the
``arrivals`` schedule brings people from outside the map, ``from_incidents``
sends people from an incident's place once the incident is commanded, and
the ``evacuation:`` section (simulator.scenario.population) moves people at
risk. A shelter ``opens`` at the start (the default) or only when ordered
(``World.people.open_shelter``, a contingency plan's action).

Each person needs ``needs_per_person_day`` of each item from the moment
their household reserves run out (``logistics.household_hours`` after they
arrive). People reaching a full shelter go on to the nearest open shelter
with room; with none they go home (recorded as turned away).
"""

from __future__ import annotations

from typing import Annotated, Literal

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
    opens: Literal["at_start", "on_order"] = Field(default="at_start", description="open from the start, or only when ordered")
