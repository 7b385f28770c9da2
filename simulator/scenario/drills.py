"""The drill sections: timed injects with their effects, and objectives."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field

from simulator.scenario.base import Frozen, Id, Minutes, Quantity, Text
from simulator.scenario.distributions import Dist
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
    """Traffic or water slows a road: its travel time is multiplied by ``factor`` (1 restores it)."""

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
    CloseRoad | OpenRoad | SlowRoad | Weather | AddIncident | IssueWarning | RollCall | ChannelDown | ChannelUp | CloseDepot | OpenDepot,
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


class Inject(Frozen):
    """A timed inject of the master scenario events list (MSEL).

    ``target`` is the role or command unit the inject is addressed to (shown
    to the room); ``expected_actions`` are what the drill scores players on.
    """

    id: Id
    time: Minutes
    text: Text
    effect: Effect | None = None
    target: Id | None = None
    expected_actions: tuple[ExpectedAction, ...] = ()


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
