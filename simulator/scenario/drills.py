"""The drill sections: timed injects with their effects, and objectives."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.scenario.base import Frozen, Id, Minutes, Quantity, Text
from simulator.scenario.distributions import Dist
from simulator.scenario.response import Need
from simulator.scenario.vocabulary import Hazard, KpiName, ResponseLevel, WarningLevel


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


class IssueWarning(Frozen):
    """A warning called down the chain from ``by`` (叫应) and out on public channels."""

    type: Literal["warning"]
    by: Id
    level: WarningLevel = "red"
    hazard: Hazard = "flood"


class RollCall(Frozen):
    """点名调度: every unit under ``by`` must answer within ``answer_minutes``."""

    type: Literal["roll_call"]
    by: Id
    answer_minutes: Annotated[float, Field(gt=0)] = 10


class ChannelDown(Frozen):
    """A communications outage; ``units`` limits it to those units' links."""

    type: Literal["channel_down"]
    channel: Id
    units: tuple[Id, ...] = ()


class ChannelUp(Frozen):
    type: Literal["channel_up"]
    channel: Id


class CloseDepot(Frozen):
    """A depot out of service (flooded, cut off): it releases nothing until reopened."""

    type: Literal["close_depot"]
    depot: Id


class OpenDepot(Frozen):
    type: Literal["open_depot"]
    depot: Id


Effect = Annotated[
    CloseRoad | OpenRoad | AddIncident | IssueWarning | RollCall | ChannelDown | ChannelUp | CloseDepot | OpenDepot,
    Field(discriminator="type"),
]


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
