"""How a team's size sets its time on scene (``response.team_work``).

A need states its work one of two ways: ``on_scene_minutes``, the time a team
of the reference size takes, or ``work_person_hours`` (people x hours). A
team of ``size`` people then takes reference/size times the stated minutes,
or 60 x person-hours / size; never less than the set-up (getting kit off,
briefing, making safe), ``setup_minutes`` or the stated time if that is
shorter. The reference is ``reference_size`` when set, else the nominal size
of the team's type (``simulator.scenario.team_types``). The rule itself is
``simulator.models.team_work``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from simulator.scenario.base import Frozen, Minutes


class TeamWork(Frozen):
    reference_size: Annotated[int, Field(ge=1, le=100_000)] | None = Field(
        default=None, description="team size at which on_scene_minutes holds (default: the nominal size of the team's type)"
    )
    setup_minutes: Minutes = Field(default=15, description="on-scene time a bigger team cannot shorten (assumption)")
