"""The team-size rule: one team's time on scene for one need.

``simulator.scenario.team_work`` states the rule and its settings. Every
team on scene goes through :func:`on_scene_minutes`: the needs of an
incident, its growth, and players' reinforcements, so the fatigue rule
(work minutes before rest) counts the same minutes.
"""

from __future__ import annotations

from simulator.engine.sampling import sample
from simulator.engine.streams import Stream
from simulator.scenario.response import Need, Team
from simulator.scenario.team_types import NOMINAL_SIZE_BY_TYPE
from simulator.scenario.team_work import TeamWork


def reference_size(team: Team, rule: TeamWork) -> int:
    """The size at which a need's ``on_scene_minutes`` holds for ``team``."""
    return rule.reference_size if rule.reference_size is not None else NOMINAL_SIZE_BY_TYPE[team.type]


def on_scene_minutes(need: Need, team: Team, rule: TeamWork, rng: Stream) -> float:
    """Minutes ``team`` works on ``need``: one draw from ``rng``, scaled by the team's size."""
    reference = reference_size(team, rule)
    if need.work_person_hours is not None:
        person_minutes = 60.0 * sample(need.work_person_hours, rng)
        own, at_reference = person_minutes / team.size, person_minutes / reference
    else:
        at_reference = sample(need.on_scene_minutes, rng)
        if team.size == reference:
            return at_reference  # exactly the stated time, no rounding
        own = at_reference * reference / team.size
    # a bigger team shares the work, not the set-up: never below the set-up (or the stated time, if shorter)
    return max(own, min(at_reference, rule.setup_minutes))
