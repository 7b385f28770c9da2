"""Pydantic v2 models of a scenario file.

Every model is frozen and forbids unknown keys: a scenario is immutable once
loaded, and a misspelt key is an error rather than silently ignored. Variants
are made with ``model_copy(update=...)``. Cross-references between sections
(places, units, items ...) are checked in :mod:`simulator.scenario.references`
so that every problem is reported with its own path, not only the first.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.distributions import Dist
from simulator.scenario.vocabulary import (
    Capability,
    Hazard,
    KpiName,
    Level,
    ResponseLevel,
    TeamType,
    UnitKind,
)

SCHEMA_VERSION = 1

Id = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$", max_length=64)]
Minutes = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Quantity = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(Frozen):
    """A bilingual text: every title and label carries Chinese and English."""

    zh: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]


class Meta(Frozen):
    id: Id
    title: Text
    description: Text
    seed: Annotated[int, Field(ge=0)] = 0
    horizon: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    time_unit: Literal["minutes"] = "minutes"


class Place(Frozen):
    id: Id
    name: Text
    level: Level
    parent: Id | None = None
    x: float = Field(description="east coordinate, km")
    y: float = Field(description="north coordinate, km")
    population: Annotated[int, Field(ge=0)] = 0
    grid_workers: Annotated[int, Field(ge=0)] = 0


class Road(Frozen):
    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    minutes: Annotated[float, Field(gt=0, allow_inf_nan=False)]


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


class Team(Frozen):
    id: Id
    name: Text
    type: TeamType
    size: Annotated[int, Field(ge=1)]
    base: Id
    capabilities: Annotated[tuple[Capability, ...], Field(min_length=1)]
    mobilisation_minutes: Dist = Dist(dist="fixed", value=15)


class Item(Frozen):
    id: Id
    name: Text
    unit: Text


class Depot(Frozen):
    id: Id
    name: Text
    tier: Level
    place: Id
    stock: dict[Id, Quantity] = Field(default_factory=dict)
    loading_minutes: Dist = Dist(dist="fixed", value=20)


class Need(Frozen):
    capability: Capability
    teams: Annotated[int, Field(ge=1)] = 1
    on_scene_minutes: Dist


class IncidentSource(Frozen):
    """Generates incidents: Poisson arrivals at ``rate_per_hour`` or a fixed schedule."""

    id: Id
    name: Text
    hazard: Hazard
    rate_per_hour: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    schedule: tuple[Minutes, ...] | None = None
    start: Minutes = 0
    end: Minutes | None = None
    places: Annotated[tuple[Id, ...], Field(min_length=1)]
    severity: dict[ResponseLevel, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=lambda: {"IV": 1.0}
    )
    needs: tuple[Need, ...] = ()
    supplies: dict[Id, Quantity] = Field(default_factory=dict)
    detection_minutes: Dist = Dist(dist="fixed", value=10)

    @model_validator(mode="after")
    def _one_arrival_mode(self) -> "IncidentSource":
        if (self.rate_per_hour is None) == (self.schedule is None):
            raise PydanticCustomError(
                "arrivals_one_of", "give exactly one of 'rate_per_hour' or 'schedule'", {}
            )
        total = sum(self.severity.values())
        if abs(total - 1.0) > 1e-6:
            raise PydanticCustomError(
                "severity_sum", "severity probabilities must add up to 1, got {total}", {"total": round(total, 6)}
            )
        return self


class CloseRoad(Frozen):
    type: Literal["close_road"]
    source: Id = Field(alias="from")
    target: Id = Field(alias="to")


class OpenRoad(Frozen):
    type: Literal["open_road"]
    source: Id = Field(alias="from")
    target: Id = Field(alias="to")


class AddIncident(Frozen):
    type: Literal["incident"]
    hazard: Hazard
    place: Id
    level: ResponseLevel = "IV"
    needs: tuple[Need, ...] = ()
    supplies: dict[Id, Quantity] = Field(default_factory=dict)
    detection_minutes: Dist = Dist(dist="fixed", value=0)


Effect = Annotated[CloseRoad | OpenRoad | AddIncident, Field(discriminator="type")]


class Inject(Frozen):
    """A timed inject of the master scenario events list (MSEL)."""

    id: Id
    time: Minutes
    text: Text
    effect: Effect | None = None


class Objective(Frozen):
    id: Id
    name: Text
    kpi: KpiName
    op: Literal["<=", ">="]
    target: float


class Scenario(Frozen):
    schema_version: Literal[1]
    meta: Meta
    places: Annotated[tuple[Place, ...], Field(min_length=1)]
    roads: tuple[Road, ...] = ()
    command: Command
    teams: tuple[Team, ...] = ()
    items: tuple[Item, ...] = ()
    depots: tuple[Depot, ...] = ()
    incidents: tuple[IncidentSource, ...] = ()
    injects: tuple[Inject, ...] = ()
    objectives: tuple[Objective, ...] = ()

    def place(self, place_id: str) -> Place:
        return next(p for p in self.places if p.id == place_id)

    def unit(self, unit_id: str) -> Unit:
        return next(u for u in self.command.units if u.id == unit_id)
