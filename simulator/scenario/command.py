"""The command structure: units, HQs, channels and the rules messages follow.

Every command-chain mechanism the source documents name (Chongqing's 2021 and
2022 replies, Zhengzhou's 2021 reply, Nantong's 2023 reply, the 2024 speech
on grassroots emergency management; seeds 000-004) is switchable here: duty desks and
staff absence with or without AB roles, channels with backups, reporting
time limits per response level, unified or multi-head leadership, call-and-
answer warnings with public channels, and the durations of the "3+8" steps
that no other model produces. Defaults keep a scenario that sets none of
them behaving as a plain chain of queues.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id, Minutes, Text
from simulator.scenario.distributions import Dist
from simulator.scenario.limits import MAX_COUNT
from simulator.scenario.vocabulary import (
    Hazard,
    Level,
    MessageType,
    ResponseLevel,
    UnitKind,
)

Probability = Annotated[float, Field(ge=0, le=1)]
ReportKind = Literal["initial", "written", "follow_up", "final"]  # 初报, 书面, 续报, 终报
REPORT_KINDS: tuple[str, ...] = get_args(ReportKind)


def _fixed(value: float) -> Dist:
    return Dist(dist="fixed", value=value)


class Leadership(Frozen):
    """Unified command, or several leaders with overlapping remits (the 2024 speech on grassroots
    emergency management, seed 004: 各街道办事处至少有2~3名领导分管不同业务,但业务界限不清晰).

    With ``multi_head`` every order needs the leaders to agree: one
    ``coordination_minutes`` draw per extra leader, and with
    ``conflict_probability`` their orders conflict and must be resolved.
    """

    mode: Literal["unified", "multi_head"] = "unified"
    leaders: Annotated[int, Field(ge=1, le=9)] = 1
    coordination_minutes: Dist = _fixed(10)
    conflict_probability: Probability = 0.0
    conflict_resolution_minutes: Dist = _fixed(30)

    @model_validator(mode="after")
    def _leaders_fit_mode(self) -> "Leadership":
        if self.mode == "multi_head" and self.leaders < 2:
            raise PydanticCustomError("multi_head_leaders", "multi-head leadership needs at least 2 leaders", {})
        return self


class Unit(Frozen):
    """A command unit: an office or HQ at one level, with a queue of messages."""

    id: Id
    name: Text
    level: Level
    kind: UnitKind = "office"
    place: Id
    parent: Id | None = None
    duty_staff: Annotated[int, Field(ge=1, le=MAX_COUNT)] = 1
    activated_staff: Annotated[int, Field(ge=1, le=MAX_COUNT)] | None = Field(
        default=None, description="staff on the duty desk once a contingency plan activates this HQ (default: duty_staff)"
    )
    handling_minutes: Dist = _fixed(5)
    handling_by_type: dict[MessageType, Dist] = Field(
        default_factory=dict, description="handling time per message type (else handling_minutes)"
    )
    leads: tuple[Hazard, ...] = Field(default=(), description="hazards this HQ leads")
    hop_limit_minutes: Minutes | None = Field(default=None, description="a report must be passed on within this time")
    absence_probability: Probability = Field(default=0.0, description="chance a post is empty at a shift change")
    ab_roles: bool = Field(default=False, description="AB roles: a backup covers an absent post")
    leadership: Leadership | None = Field(default=None, description="overrides command.leadership")
    silent_probability: Probability = Field(default=0.0, description="chance a call to this unit goes unanswered")
    public_calls_per_hour: Annotated[float, Field(ge=0)] = Field(
        default=0.0, description="calls from the public (hotline, residents) that also need the duty desk"
    )



class Channel(Frozen):
    """A communication channel; the first listed is primary, the rest back it up."""

    id: Id
    name: Text
    delay_minutes: Dist
    failure_probability: Probability = 0.0


class ReportingLimit(Frozen):
    """Time limits for one response level, counted from detection (接报)."""

    phone_minutes: Minutes | None = None
    written_minutes: Minutes | None = None
    follow_up_every_minutes: Annotated[float, Field(gt=0)] | None = None


def _henan_limits() -> dict[str, ReportingLimit]:
    # Henan Emergency Management Department notice (reported by Dahe Daily,
    # 2019-01-28): major and especially major events by phone within 15 min
    # and in writing within 35; large events in writing within 1 hour; general
    # events in writing within 6 hours; large and above get follow-ups twice a
    # day (before 08:00 and 17:00), modelled here as every 12 hours.
    return {
        "I": ReportingLimit(phone_minutes=15, written_minutes=35, follow_up_every_minutes=720),
        "II": ReportingLimit(phone_minutes=15, written_minutes=35, follow_up_every_minutes=720),
        "III": ReportingLimit(written_minutes=60, follow_up_every_minutes=720),
        "IV": ReportingLimit(written_minutes=360),
    }


class CallAnswer(Frozen):
    """叫应: each receiver must answer a call within ``answer_minutes``."""

    answer_minutes: Annotated[float, Field(gt=0)] = 10
    max_calls: Annotated[int, Field(ge=1, le=10)] = 2


class PublicChannel(Frozen):
    """Carries warnings to the population (the "last kilometre").

    ``broadcast`` channels (SMS green channel, TV and radio) reach a share of
    everyone after a delay from issue; ``officers`` (information officers,
    grid workers) warn a place's residents once its station has answered.
    """

    id: Id
    name: Text
    via: Literal["broadcast", "officers"]
    coverage: Probability
    delay_minutes: Dist = _fixed(0)


class Steps(Frozen):
    """Durations of the "3+8" steps that no other model produces."""

    markers: bool = Field(
        default=True,
        description="record step_started/step_ended for the eight steps (off: a pure queueing model, or a smaller log)",
    )
    command_post_minutes: Dist = _fixed(0)
    assessment_minutes: Dist = _fixed(0)
    relief_minutes: Dist = _fixed(0)


class Command(Frozen):
    units: Annotated[tuple[Unit, ...], Field(min_length=1)]
    link_minutes: Dist = Field(default=_fixed(2), description="transmission time of one hop when no channels are given")
    channels: tuple[Channel, ...] = ()
    channel_timeout_minutes: Dist = Field(default=_fixed(5), description="time lost before a failed call is noticed")
    commanding_tier: dict[ResponseLevel, Level] = Field(
        default_factory=lambda: {"IV": "township", "III": "district", "II": "city", "I": "city"},
        description="which tier commands at each response level (territory first)",
    )
    reporting_limits: dict[ResponseLevel, ReportingLimit] = Field(default_factory=_henan_limits)
    written_report_minutes: Dist = Field(default=_fixed(20), description="drafting the written report after the phone report")
    reports: tuple[ReportKind, ...] = Field(
        default=REPORT_KINDS,
        description="the reports every incident sends up: the phone report (initial) always; written, follow_up and final may be left out",
    )
    leadership: Leadership = Leadership()
    dispatch: Literal["nearest", "territory_first", "district_unified"] = Field(
        default="nearest",
        description=(
            "nearest: any free capable team; territory_first: the commanding unit's own teams, asking the level "
            "above when it has none; district_unified: one district dispatch centre sends every team of its district"
        ),
    )
    call_answer: CallAnswer = CallAnswer()
    public_channels: tuple[PublicChannel, ...] = ()
    shift_minutes: Annotated[float, Field(gt=0)] = 720
    absence_cover_minutes: Dist = Field(default=_fixed(120), description="without AB roles: until someone is called in")
    ab_handover_minutes: Dist = Field(default=_fixed(10), description="with AB roles: the backup takes over")
    steps: Steps = Steps()

    handling_by_type: dict[MessageType, Dist] = Field(
        default_factory=dict,
        description="handling time per message type for every unit that does not set its own (answering a call is quick)",
    )

    @model_validator(mode="after")
    def _phone_report_sent(self) -> "Command":
        if "initial" not in self.reports:
            raise PydanticCustomError("initial_report_required", "reports must include the phone report 'initial'", {})
        return self

    def handling(self, unit: Unit, message: str) -> Dist:
        """The unit's own time for this message type, else the command-wide one, else the unit's default."""
        return unit.handling_by_type.get(message) or self.handling_by_type.get(message) or unit.handling_minutes

    def leadership_of(self, unit: Unit) -> Leadership:
        return unit.leadership or self.leadership
