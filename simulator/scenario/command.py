"""The command structure: units at each level, HQs, and how reports climb."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from simulator.scenario.base import Frozen, Id, Text
from simulator.scenario.distributions import Dist
from simulator.scenario.vocabulary import Hazard, Level, ResponseLevel, UnitKind


class Unit(Frozen):
    """A command unit: an office or HQ at one level, with a queue of messages."""

    id: Id
    name: Text
    level: Level
    kind: UnitKind = "office"
    place: Id
    parent: Id | None = None
    duty_staff: Annotated[int, Field(ge=1)] = 1
    handling_minutes: Dist = Dist(dist="fixed", value=5)
    leads: tuple[Hazard, ...] = Field(default=(), description="hazards this HQ leads")


class Command(Frozen):
    units: Annotated[tuple[Unit, ...], Field(min_length=1)]
    link_minutes: Dist = Field(
        default=Dist(dist="fixed", value=2), description="transmission time of one hop"
    )
    commanding_tier: dict[ResponseLevel, Level] = Field(
        default_factory=lambda: {"IV": "township", "III": "district", "II": "city", "I": "city"},
        description="which tier commands at each response level (territory first)",
    )
