"""Teams, incident needs and the sources that generate incidents."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id, Minutes, Quantity, Text
from simulator.scenario.detection import Detection
from simulator.scenario.distributions import Dist
from simulator.scenario.limits import MAX_GROWTH_STEPS, MAX_TEAMS_PER_NEED, MAX_TRAPPED
from simulator.scenario.team_types import describe_mobilisation
from simulator.scenario.team_work import TeamWork
from simulator.scenario.vocabulary import (
    Capability,
    Hazard,
    Level,
    ResponseLevel,
    TeamType,
)


class Approval(Frozen):
    """Military support needs approval by a unit with the authority (Zhengzhou)."""

    authority: Id
    minutes: Dist = Dist(dist="fixed", value=60)


class Fatigue(Frozen):
    """After ``work_minutes`` on scene a team must rest ``rest_minutes`` at base (rotation)."""

    work_minutes: Annotated[float, Field(gt=0)] = 480
    rest_minutes: Dist = Dist(dist="fixed", value=240)


class Air(Frozen):
    """Aviation: flies straight at ``speed_kmh`` (plus take-off and landing), grounded in bad weather."""

    speed_kmh: Annotated[float, Field(gt=0)] = 200
    takeoff_landing_minutes: Minutes = 15


class Team(Frozen):
    id: Id
    name: Text
    type: TeamType
    size: Annotated[int, Field(ge=1)]
    base: Id
    capabilities: Annotated[tuple[Capability, ...], Field(min_length=1)]
    mobilisation_minutes: Dist | None = Field(
        default=None, description=f"order to leaving base; absent: by type (triangular low-mode-high: {describe_mobilisation()})"
    )
    owner: Id | None = Field(default=None, description="command unit the team belongs to (default: the unit covering its base)")
    approval: Approval | None = None
    dispatch_levels: tuple[Level, ...] = Field(default=(), description="levels whose units may send this team (empty: any)")
    available_from: Minutes = Field(default=0, description="off duty or out of area until then")
    coordination_minutes: Dist | None = Field(
        default=None, description="registered social teams: coordination before they act, on every dispatch"
    )
    fatigue: Fatigue | None = None
    air: Air | None = None


class Need(Frozen):
    """Work for ``teams`` teams: minutes for a team of the reference size, or person-hours (``team_work``)."""

    # editors' schema: exactly one of the two measures of work
    model_config = ConfigDict(**Frozen.model_config, json_schema_extra={"oneOf": [{"required": ["on_scene_minutes"]}, {"required": ["work_person_hours"]}]})
    capability: Capability
    teams: Annotated[int, Field(ge=1, le=MAX_TEAMS_PER_NEED)] = 1
    on_scene_minutes: Dist | None = Field(default=None, description="time on scene for a team of the reference size (response.team_work)")
    work_person_hours: Dist | None = Field(default=None, description="the work in people x hours, instead of on_scene_minutes")

    @model_validator(mode="after")
    def _one_measure_of_work(self) -> "Need":
        if (self.on_scene_minutes is None) == (self.work_person_hours is None):
            raise PydanticCustomError("need_work_one_of", "give exactly one of 'on_scene_minutes' or 'work_person_hours'", {})
        return self


class Growth(Frozen):
    """While no team has arrived, the incident needs more (water rising, fire spreading)."""

    every_minutes: Annotated[float, Field(gt=0)]
    capability: Capability
    teams: Annotated[int, Field(ge=1, le=MAX_TEAMS_PER_NEED)] = 1
    on_scene_minutes: Dist
    max_times: Annotated[int, Field(ge=1, le=MAX_GROWTH_STEPS)] = 3


class Trapped(Frozen):
    """People trapped at the incident; their survival chance falls with time until rescued.

    Rescue happens when the first team with ``rescue_capability`` arrives;
    the survival curve belongs to the scenario's ``response`` section.
    """

    people: Dist
    rescue_capability: Capability = "water_rescue"

    @model_validator(mode="after")
    def _people_bounded(self) -> "Trapped":
        # each trapped person is one survival draw when a rescue team arrives
        if self.people.expected > MAX_TRAPPED:
            raise PydanticCustomError(
                "too_many_trapped", "{people} people trapped on average; at most {limit}",
                {"people": self.people.expected, "limit": MAX_TRAPPED},
            )
        return self


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
    growth: Growth | None = None
    trapped: Trapped | None = None

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


def _kobe_survival() -> tuple[tuple[float, float], ...]:
    # Survival of people rescued from collapsed buildings after the 1995 Kobe
    # earthquake, by day of rescue: 80.5%, 28.5%, 21.8%, 5.9%, 5.8% (Osaka
    # Fire Department figures, as cited in Macintyre, Barbera & Smith,
    # Prehospital and Disaster Medicine 21(1), 2006). Placed at mid-day,
    # minutes from the incident; survival is 1 at time 0 and interpolated.
    return ((0, 1.0), (720, 0.805), (2160, 0.285), (3600, 0.218), (5040, 0.059), (6480, 0.058))


class Response(Frozen):
    """How teams are sent and how incidents compete for them."""

    priority: Literal["fifo", "severity"] = Field(
        default="fifo", description="order of needs waiting for a team: first come, or response level I first"
    )
    mutual_aid: bool = Field(default=False, description="under territory_first a district asks its neighbours before the city")
    redeploy: bool = Field(default=True, description="a released team goes straight to a waiting need it can serve")
    survival_curve: tuple[tuple[Minutes, Annotated[float, Field(ge=0, le=1)]], ...] = Field(
        default_factory=_kobe_survival, description="(minutes since the incident, survival probability) points"
    )
    flyable: bool = Field(default=True, description="weather allows flying at the start")
    detection: Detection = Field(default_factory=Detection, description="how grid workers set the time to find an incident")
    team_work: TeamWork = Field(default_factory=TeamWork, description="how a team's size sets its time on scene")

    @model_validator(mode="after")
    def _curve_in_time_order(self) -> "Response":
        times = [t for t, _ in self.survival_curve]
        if not times or times != sorted(times):
            raise PydanticCustomError("curve_order", "survival curve points must be in time order", {})
        return self
