"""Teams, incident needs and the sources that generate incidents."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id, Minutes, Quantity, Text
from simulator.scenario.distributions import Dist
from simulator.scenario.vocabulary import Capability, Hazard, ResponseLevel, TeamType


class Approval(Frozen):
    """Military support needs approval by a unit with the authority (Zhengzhou)."""

    authority: Id
    minutes: Dist = Dist(dist="fixed", value=60)


class Team(Frozen):
    id: Id
    name: Text
    type: TeamType
    size: Annotated[int, Field(ge=1)]
    base: Id
    capabilities: Annotated[tuple[Capability, ...], Field(min_length=1)]
    mobilisation_minutes: Dist = Dist(dist="fixed", value=15)
    owner: Id | None = Field(default=None, description="command unit the team belongs to (default: the unit covering its base)")
    approval: Approval | None = None


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
