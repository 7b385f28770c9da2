"""Public information 信息发布: the first authoritative release after a major incident.

Chongqing's 2022 reply to CPPCC proposal 0716 (on social mobilisation, part 4 "规范新闻舆论工作"):
"市委宣传部牵头统筹全市重大突发事件新闻舆论舆情引导工作,对已发生的重大突发事件……
各单位第一时间报告市委宣传部" and the department "积极抢占新闻第一落点,发出权威声音,
回应各方关切;统筹新闻发布有关事项,指导涉舆情单位确定新闻发布内容和时机". So one
unit, the city propaganda department 市委宣传部, decides what is released and
when, for every major incident in the city: ``unit`` names that unit (a unit
the scenario adds to ``command.units``, with its own duty desk). A scenario
that lets each commanding unit speak for itself names that unit's press
office instead; a release is always prepared at the one unit named here.

Targets: 国务院办公厅《关于在政务公开工作中进一步做好政务舆情回应的通知》(国办发〔2016〕61号):
for especially major and major emergencies (特别重大、重大突发事件, response levels
I and II) "要快速反应、及时发声,最迟应在24小时内举行新闻发布会". The five-hour
limit for the first authoritative release ("最迟要在5小时内发布权威信息,在24小时内
举行新闻发布会") is in the same year's implementing rules of the opinions on
fully promoting government transparency (《〈关于全面推进政务公开工作的意见〉实施细则》,
国办发〔2016〕80号) and in the provinces' and cities' rules after both (e.g.
Shijiazhuang 2017). Both clocks run here from the incident's *detection*
(the government cannot release what it does not know; the reporting limits
of ``command.reporting_limits`` count from the same moment).

Hotline: while a major incident has no release, residents call to ask
(``hotline_multiplier`` on ``public_calls_per_hour`` of every unit whose
area holds the incident, from its detection until its release). The factor
is an assumption: hotlines do carry several times their usual load in floods
(Kunming 12345 took over 400 flooding calls in 2.5 hours on 2013-07-22,
云信网; Hangzhou's 95518 "比平时多好几倍" in the 2010-09 rains, 浙江在线), but
no source found ties the rise to the release itself; the default 1 leaves
the hotlines as they are.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id
from simulator.scenario.distributions import Dist
from simulator.scenario.limits import MAX_QUANTITY
from simulator.scenario.vocabulary import ResponseLevel

# 国办发〔2016〕80号 / 61号 (module docstring): 5 hours and 24 hours, in minutes
RELEASE_TARGET_MINUTES = 300.0
PRESS_CONFERENCE_TARGET_MINUTES = 1440.0
MAJOR_LEVELS: tuple[str, ...] = ("I", "II")  # 特别重大、重大

Target = Annotated[float, Field(gt=0, le=MAX_QUANTITY, allow_inf_nan=False)]


def _fixed(value: float) -> Dist:
    return Dist(dist="fixed", value=value)


class PublicInformation(Frozen):
    """The publicity unit, which incidents it must speak on, its targets and its working times."""

    unit: Id = Field(description="the unit that prepares and issues releases (e.g. the city propaganda department 市委宣传部)")
    levels: Annotated[tuple[ResponseLevel, ...], Field(min_length=1)] = Field(
        default=MAJOR_LEVELS, description="response levels that need an authoritative release (I-II: 特别重大、重大)"
    )
    release_target_minutes: Target = Field(
        default=RELEASE_TARGET_MINUTES, description="first authoritative release within this time of detection (5 h)"
    )
    press_conference_target_minutes: Target = Field(
        default=PRESS_CONFERENCE_TARGET_MINUTES, description="press conference within this time of detection (24 h)"
    )
    # Illustrative defaults: an hour to draft 通稿 and half an hour for sign-off (审核)
    drafting_minutes: Dist = Field(default=_fixed(60), description="drafting the release once the unit has handled the report")
    approval_minutes: Dist = Field(default=_fixed(30), description="approving (审核) the draft before it is issued")
    press_conference_minutes: Dist = Field(
        default=_fixed(600), description="organising the press conference, counted from the first release"
    )
    hotline_multiplier: Annotated[float, Field(ge=1, le=100, allow_inf_nan=False)] = Field(
        default=1.0, description="public calls per hour rise by this factor in the incident's area until the release"
    )

    @model_validator(mode="after")
    def _conference_after_release(self) -> "PublicInformation":
        if self.press_conference_target_minutes < self.release_target_minutes:
            raise PydanticCustomError(
                "press_conference_before_release",
                "press_conference_target_minutes must not be below release_target_minutes",
                {},
            )
        return self
