"""Evacuation 转移避险: who is at risk where, and how they move to shelters.

``evacuation.places`` lists the places at risk, each with the people at
risk (default: the place's ``population``) and the minute the hazard
arrives there, so "sheltered before the hazard arrives" is measurable.
A place starts evacuating when ordered (``ordered_at``, a contingency plan
calling ``World.people.evacuate``) or, with ``on_warning`` set, when a
public warning of that colour or higher reaches it (the warned share
leaves). Of those told to go, ``refuse_share`` stay home and
``delay.share`` leave only after ``delay.minutes``; the rest queue to leave
at ``rate_per_hour`` people an hour (what a community's roads, buses and
grid workers can move), in groups of ``group_minutes`` of that flow. Each
group travels by road to the nearest open shelter with room; a shelter full
on arrival sends the rest on to the next (simulator.models.people).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from simulator.scenario.base import Frozen, Id, Minutes
from simulator.scenario.distributions import Dist
from simulator.scenario.vocabulary import WarningLevel

Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Rate = Annotated[float, Field(gt=0, le=1_000_000, allow_inf_nan=False)]


class Delay(Frozen):
    """A share of those told to go who leave only after a while (packing, fetching family)."""

    share: Share = 0.0
    minutes: Dist = Dist(dist="fixed", value=30)


class AtRisk(Frozen):
    place: Id
    people: Annotated[int, Field(ge=0)] | None = Field(default=None, description="people at risk; default the place's population")
    hazard_minute: Minutes | None = Field(default=None, description="when the hazard arrives here; empty: not within the run")
    ordered_at: Minutes | None = Field(default=None, description="a pre-planned evacuation order at this minute")
    rate_per_hour: Rate | None = Field(default=None, description="people an hour this place can move; default the section's")


class Evacuation(Frozen):
    places: Annotated[tuple[AtRisk, ...], Field(min_length=1)]
    rate_per_hour: Rate = Field(default=300, description="people an hour a place can move out")
    group_minutes: Annotated[float, Field(gt=0, le=1440, allow_inf_nan=False)] = Field(
        default=10, description="departures are counted in groups of this many minutes of flow"
    )
    refuse_share: Share = Field(default=0.0, description="share of those told to go who stay home")
    delay: Delay = Delay()
    on_warning: WarningLevel | None = Field(default=None, description="a public warning of this colour or higher starts evacuation; empty: only on order")
