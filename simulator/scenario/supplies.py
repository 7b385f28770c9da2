"""Supplies: items and the depots that hold them."""

from __future__ import annotations

from pydantic import Field

from simulator.scenario.base import Frozen, Id, Quantity, Text
from simulator.scenario.distributions import Dist
from simulator.scenario.vocabulary import Level


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
