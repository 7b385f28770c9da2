"""Supplies: items, the depots that hold them, and how the bureau allocates them.

Zhengzhou's reply of 9 July 2021 (seed 002): government reserves at city,
county, township and community tiers (市级储备为支撑、县级储备为依托、
乡镇和社区储备为补充); enterprise agreement reserves (released on request after a lead
time) and enterprise production-capacity reserves (made on demand at a rate
after a lead time); household reserves (``logistics.household_hours``).
Every new field defaults to the old behaviour: no trucks means each
shipment leaves on its own vehicle, no decision delay means releases are
immediate, so a scenario that sets none of them runs as before.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id, Minutes, Quantity, Text
from simulator.scenario.distributions import Dist
from simulator.scenario.limits import MAX_COUNT
from simulator.scenario.vocabulary import (
    DepotKind,
    ItemKind,
    Level,
    Rationing,
    Shortfall,
    SupplyPolicy,
)

Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]


def _fixed(value: float) -> Dist:
    return Dist(dist="fixed", value=value)


class Item(Frozen):
    id: Id
    name: Text
    unit: Text
    kind: ItemKind = Field(default="other", description="water and food count towards person-days unmet")
    weight_kg: Quantity = Field(default=0, description="per unit; 0 = does not limit a truck")
    volume_m3: Quantity = Field(default=0, description="per unit; 0 = does not limit a truck")
    shelf_life_minutes: Positive | None = Field(default=None, description="stock received during the run expires this long after")


class Fleet(Frozen):
    """A depot's own trucks (a Chongqing township has 2-4 official vehicles: 镇街的公务车只有2至4辆, Chongqing's 2021 reply to proposal 0365, seed 000)."""

    count: Annotated[int, Field(ge=1, le=MAX_COUNT)]
    capacity_kg: Positive | None = None
    capacity_m3: Positive | None = None


class Reorder(Frozen):
    """An (s, S) policy: when the inventory position falls to ``s``, order up to ``S``.

    The position is stock on hand, less what is allocated, plus what is on
    order. ``source`` is ``supplier`` (outside the model, after
    ``lead_minutes``) or the id of a depot that ships by truck.
    """

    s: Quantity
    S: Quantity
    source: Id = "supplier"
    lead_minutes: Dist = _fixed(0)

    @model_validator(mode="after")
    def _up_to_above_point(self) -> Reorder:
        if self.S <= self.s:
            raise PydanticCustomError("reorder_bounds", "S ({S}) must be greater than s ({s})", {"S": self.S, "s": self.s})
        return self


class Production(Frozen):
    """Production-capacity reserve (产能储备) of one item."""

    rate_per_hour: Positive
    lead_minutes: Dist = _fixed(0)
    max_units: Quantity | None = Field(default=None, description="most the agreement covers; none = unlimited")
    lot_minutes: Positive = Field(default=60, description="output ships in lots of this much production time")


class Depot(Frozen):
    id: Id
    name: Text
    tier: Level
    place: Id
    kind: DepotKind = "government"
    stock: dict[Id, Quantity] = Field(default_factory=dict)
    loading_minutes: Dist = _fixed(20)
    unloading_minutes: Dist = _fixed(0)
    trucks: Fleet | None = Field(default=None, description="none = a vehicle for every shipment, no capacity limit")
    release_lead_minutes: Dist = Field(default=_fixed(0), description="agreement reserves: the enterprise prepares the goods")
    production: dict[Id, Production] = Field(default_factory=dict)
    reorder: dict[Id, Reorder] = Field(default_factory=dict)
    expires: dict[Id, Minutes] = Field(default_factory=dict, description="when the initial stock of an item expires")
    rotate_before_minutes: Minutes | None = Field(default=None, description="rotate (轮换) stock this long before it expires; none = let it expire")


class Logistics(Frozen):
    """How the emergency bureau allocates: policy, decision delays, rationing.

    - ``tier_nearest``: each tier releases its own stock for sites in its
      area, community first, then township, county and city;
    - ``centralised``: the city pools every depot and sends from the nearest
      (集中管理、统一调拨), deciding every release at city level;
    - ``hybrid``: community and township stock is released locally, the rest
      is pooled and decided by the city.

    ``shortfall``: what an incident site is short of stays ``owed`` (allocated
    again when stock comes in or a road changes; relief waits for it) or is
    ``lost`` (recorded short and dropped, the lost-sales case of inventory
    theory).
    """

    policy: SupplyPolicy = "centralised"
    decision_minutes: dict[Level, Dist] = Field(default_factory=dict, description="release decision delay by deciding tier; unset = 0")
    rationing: Rationing = "priority"
    shortfall: Shortfall = Field(default="owed", description="owed: allocated again when stock or roads change; lost: dropped")
    incident_priority: Annotated[int, Field(ge=0)] = Field(default=1, description="lower is served first")
    household_hours: Minutes = Field(default=0, description="household reserves cover evacuees' first hours")
    review_minutes: Positive = Field(default=60, description="shelters count consumption and reorder this often")
    shelter_cover_hours: Positive = 24
    shelter_reorder_hours: Minutes = 12

    @model_validator(mode="after")
    def _reorder_below_cover(self) -> Logistics:
        if self.shelter_reorder_hours >= self.shelter_cover_hours:
            raise PydanticCustomError("shelter_cover", "shelter_reorder_hours must be below shelter_cover_hours", {})
        return self
