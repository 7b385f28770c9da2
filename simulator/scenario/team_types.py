"""What a team's type says when the team does not: mobilisation time and nominal size.

The source documents give the kinds of team and how many there are, not how
fast each kind turns out: Nantong has 696 teams, 15 comprehensive, 90
government full-time fire, 86 professional, 135 shock, 15 registered social
and 355 enterprise part-time (Nantong 2023, the emergency-management bureau's
reply of 15 August 2023). Teams differ as on duty, part time and volunteers,
in that order. So the minutes below are our assumptions, ordered that way
and matched to the figures the bundled scenarios already state for such
teams, except where a source is named.

The nominal size is the size at which a need's ``on_scene_minutes`` holds
(``simulator.models.team_work``): a team of that size takes the stated time,
a bigger one less, a smaller one more. Two come from Nantong 2023:
"乡镇(街道)全部建立……不少于30人的应急救援队伍;村居(社区)全部成立……不少于20人的
应急救援志愿者队伍" (a township's rescue team at least 30, a village's
volunteer team at least 20); the others are assumptions near the sizes the
bundled scenarios give such teams (comprehensive 20 is also the size of the
hand-checked test scenarios' teams, whose times therefore stay as they were).
"""

from __future__ import annotations

from simulator.scenario.distributions import Dist


def _tri(low: float, mode: float, high: float) -> Dist:
    return Dist(dist="triangular", low=low, mode=mode, high=high)


# minutes from the order to leaving base, by type (mode in the middle)
MOBILISATION_BY_TYPE: dict[str, Dist] = {
    # on duty round the clock at a station: the fire-station standard (城市消防站建设标准,
    # 建标152-2017) lays stations out so a crew reaches its district's edge within 5 minutes
    # of the order, which leaves a turnout of a minute or two (the spread is ours)
    "government_fire": _tri(1, 2, 5),
    "comprehensive": _tri(2, 5, 10),  # on duty, heavier kit than a fire crew (assumption)
    "medical": _tri(5, 10, 20),  # on call; each health team has a rapid backpack detachment, 背囊化快速小分队 (Chongqing 2022)
    "professional": _tri(10, 20, 40),  # full-time crews of a department, on call (assumption)
    "enterprise": _tri(10, 20, 45),  # part-time: employees at work on their own site (assumption)
    "armed_police": _tri(15, 30, 60),  # after approval (assumption)
    "aviation": _tri(20, 30, 60),  # crew call-out and pre-flight (assumption)
    "shock": _tri(20, 40, 90),  # township cadres and militia called in (assumption)
    "volunteer": _tri(20, 45, 90),  # villagers and community volunteers called by phone (assumption)
    "social": _tri(30, 45, 90),  # registered social teams; their coordination comes on top (assumption)
    "army": _tri(30, 45, 90),  # after approval (assumption)
    "militia": _tri(30, 60, 120),  # called up from their jobs (assumption)
}

# people in a team of the type as the scenario's on-scene times assume it
NOMINAL_SIZE_BY_TYPE: dict[str, int] = {
    "shock": 30,  # Nantong 2023: a township rescue team, at least 30
    "volunteer": 20,  # Nantong 2023: a village volunteer team, at least 20
    "militia": 30,  # a militia emergency platoon (assumption)
    "comprehensive": 20,  # assumption, see the module's docstring
    "government_fire": 25,  # a station's crew on duty (assumption)
    "professional": 15,  # assumption
    "enterprise": 15,  # assumption
    "social": 15,  # assumption
    "medical": 10,  # a medical rescue team's detachment (assumption)
    "aviation": 4,  # a helicopter's crew (assumption)
    "army": 40,  # assumption
    "armed_police": 40,  # assumption
}


def mobilisation_of(team) -> Dist:
    """The team's own ``mobilisation_minutes``, else its type's."""
    return team.mobilisation_minutes if team.mobilisation_minutes is not None else MOBILISATION_BY_TYPE[team.type]


def describe_mobilisation() -> str:
    """The defaults in one line, for the scenario schema's description."""
    return "; ".join(f"{t} {d.low:g}-{d.mode:g}-{d.high:g}" for t, d in MOBILISATION_BY_TYPE.items())
