"""Places and roads: the geography every other section refers to."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from simulator.scenario.base import Frozen, Id, Text
from simulator.scenario.vocabulary import Level


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
