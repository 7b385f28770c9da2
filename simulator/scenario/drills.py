"""The drill sections: timed injects with their effects, and objectives."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id, Minutes, Quantity, Text
from simulator.scenario.distributions import Dist
from simulator.scenario.hazards_earthquake import Aftershock
from simulator.scenario.response import Need, Trapped
from simulator.scenario.vocabulary import STEPS, Hazard, KpiName, ResponseLevel, WarningLevel


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
    trapped: Trapped | None = None


class SlowRoad(Frozen):
    """Traffic or water slows a road: its travel time is multiplied by ``factor`` (1 lifts the inject's own slowdown; a hazard's stays)."""

    type: Literal["slow_road"]
    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    factor: Annotated[float, Field(ge=1)]


class Weather(Frozen):
    """Flying weather changes: aviation is grounded while ``flyable`` is false."""

    type: Literal["weather"]
    flyable: bool


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
    CloseRoad | OpenRoad | SlowRoad | Weather | AddIncident | IssueWarning | RollCall | ChannelDown | ChannelUp | CloseDepot | OpenDepot | Aftershock,
    Field(discriminator="type"),
]


# What players can decide during a drill (simulator.models.decisions); an
# inject names the ones it expects, and the drill scores them.
PlayerAction = Literal[
    "dispatch_team",
    "recall_team",
    "set_response_level",
    "issue_warning",
    "request_military",
    "switch_command_mode",
    "release_supplies",
]
PLAYER_ACTIONS: tuple[str, ...] = get_args(PlayerAction)


class ExpectedAction(Frozen):
    """A decision players should take after an inject, and how soon.

    The optional fields narrow what counts: a decision matches when every
    field given here equals the decision's own. Without ``incident``, an
    inject that starts an incident expects the action on that incident.
    """

    action: PlayerAction
    within_minutes: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    incident: Id | None = None
    team: Id | None = None
    unit: Id | None = None
    level: str | None = None


# Conditional injects (simulator.models.conditions): the MSEL reacts to the room.
AfterMinutes = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class UnmetIncident(Frozen):
    """An incident still without a team on scene ``after_minutes`` after it occurred (and not closed)."""

    incident: Id = Field(description="an incident source (its incidents source-001, ...) or an inject that starts an incident")
    after_minutes: AfterMinutes


class ReportLate(Frozen):
    """An incident whose phone report has not reached its commanding unit ``after_minutes`` after detection."""

    incident: Id = Field(description="an incident source or an inject that starts an incident")
    after_minutes: AfterMinutes | None = Field(default=None, description="default: the phone-report limit of the incident's level (command.reporting_limits)")


class WarningUnanswered(Frozen):
    """A unit called about a warning (叫应) that has not answered ``after_minutes`` after the warning was issued."""

    warning: Id | None = Field(default=None, description="an inject with a warning effect; none: any warning, the players' too")
    after_minutes: AfterMinutes


class TeamDispatchedTo(Frozen):
    """A team sent (or redeployed) to an incident at ``place`` or at a place under it."""

    place: Id
    team: Id | None = Field(default=None, description="only this team counts")


CONDITION_KINDS = ("unmet_incident", "report_late", "warning_unanswered", "team_dispatched_to")


class Condition(Frozen):
    """When a conditional inject fires: exactly one of the kinds below, watched from the inject's ``time``."""

    unmet_incident: UnmetIncident | None = None
    report_late: ReportLate | None = None
    warning_unanswered: WarningUnanswered | None = None
    team_dispatched_to: TeamDispatchedTo | None = None

    @model_validator(mode="before")
    @classmethod
    def _place_alone(cls, data: object) -> object:
        """``team_dispatched_to: jf1`` is short for ``team_dispatched_to: {place: jf1}``."""
        if isinstance(data, dict) and isinstance(data.get("team_dispatched_to"), str):
            data = {**data, "team_dispatched_to": {"place": data["team_dispatched_to"]}}
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> "Condition":
        given = [k for k in CONDITION_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise PydanticCustomError("condition_kinds", "a condition names exactly one kind ({given} given)", {"given": len(given)})
        return self

    @property
    def kind(self) -> str:
        return next(k for k in CONDITION_KINDS if getattr(self, k) is not None)

    @property
    def spec(self) -> UnmetIncident | ReportLate | WarningUnanswered | TeamDispatchedTo:
        return getattr(self, self.kind)


# What an inject without a model effect stands for in the feed: a media report
# (媒体报道), a call from the public (群众来电), a field report (现场报告), an
# instruction from above (上级指示). Shown to the room; it changes nothing in the model.
InjectCategory = Literal["media", "public", "field", "superior"]
INJECT_CATEGORIES: tuple[str, ...] = get_args(InjectCategory)


class Inject(Frozen):
    """An inject of the master scenario events list (MSEL).

    ``target`` is the role or command unit the inject is addressed to (shown
    to the room); ``expected_actions`` are what the drill scores players on.
    A ``condition`` makes it conditional: from ``time`` on it fires at the
    first moment the condition holds, at most once; one not fired by
    ``until`` lapses (without ``until`` it is watched to the horizon).
    """

    id: Id
    time: Minutes
    text: Text
    effect: Effect | None = None
    category: InjectCategory | None = None
    target: Id | None = None
    expected_actions: tuple[ExpectedAction, ...] = ()
    condition: Condition | None = None
    until: Minutes | None = None


Step = Literal[STEPS]  # the "3+8" steps (vocabulary.STEPS) as a field type

# How a critical task is judged from the event log (simulator.metrics.tasks):
# report: reports reach the commanding unit within the reporting limits;
# warning_answer / roll_call: every unit called answers in time (叫应, 点名);
# dispatch: a waiting need gets a team; first_arrival: the first team on scene
# from detection; step: a "3+8" step done within its time; inject_response:
# the expected actions of the named injects, each within its own time.
TaskMeasure = Literal["report", "warning_answer", "roll_call", "dispatch", "first_arrival", "step", "inject_response"]
TASK_MEASURES: tuple[str, ...] = get_args(TaskMeasure)


class CriticalTask(Frozen):
    """A task an objective needs done, by whom, and its time standard (HSEEP's critical task).

    ``within_minutes`` is the standard; without it the scenario's own applies
    (reporting limits, the call-and-answer or roll-call answer time, the
    arrival target). ``standard`` says where the figure comes from, for the
    report. ``incidents`` narrows the incidents judged (an inject's id, or an
    incident source: ``trapped`` takes ``trapped-001``, ...); ``injects`` names
    the injects of an ``inject_response`` task; ``step`` the step of a ``step`` task.
    """

    id: Id
    name: Text
    by: Id = Field(description="the seat, command unit or team expected to do it")
    measure: TaskMeasure
    within_minutes: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = None
    standard: Text | None = None
    incidents: tuple[Id, ...] = ()
    injects: tuple[Id, ...] = ()
    step: Step | None = None


class Objective(Frozen):
    """An exercise objective: a KPI with its target, and the critical tasks that achieve it.

    ``step`` is the "3+8" step it exercises; it names the capability of the
    improvement-plan actions its findings lead to.
    """

    id: Id
    name: Text
    kpi: KpiName
    op: Literal["<=", ">="]
    target: float
    step: Step | None = None
    critical_tasks: tuple[CriticalTask, ...] = ()
