"""zh/en messages of evacuation 转移避险: scenario errors, people's states, figure and report texts."""

from __future__ import annotations

PEOPLE_MESSAGES: dict[str, dict[str, str]] = {
    "scenario.evacuation_no_shelter": {
        "en": "evacuation needs at least one shelter (under shelters) to move people to",
        "zh": "转移避险需要至少一个安置点(在 shelters 下定义)",
    },
    "scenario.evacuation_duplicate_place": {"en": "place '{ref}' is listed twice", "zh": "地点 '{ref}' 重复列出"},
    "scenario.trapped_nobody_there": {
        "en": "nobody lives at '{ref}', so nobody can be trapped there: give the place a population",
        "zh": "'{ref}' 无人居住,无人可被困:请为该地点填写 population",
    },
    "advice.trapped_nobody_there": {
        "en": "warning: {incident} traps people, but nobody lives at {places}: an incident there traps nobody (give those places a population)",
        "zh": "警告:{incident}会造成人员被困,但{places}无人居住,在这些地点发生时无人被困(请为其填写 population)",
    },
    "scenario.evacuation_nobody": {
        "en": "nobody lives at '{ref}': give people, or the place's population",
        "zh": "'{ref}' 无人居住:请填写 people 或该地点的 population",
    },
    "scenario.evacuation_more_than_population": {
        "en": "{people} people at risk but '{ref}' has a population of {population}",
        "zh": "受威胁人数 {people} 超过 '{ref}' 的人口 {population}",
    },
    # people's states (simulator.models.people.STATES)
    "people.state.home": {"en": "at home", "zh": "在家"},
    "people.state.moving": {"en": "on the move", "zh": "转移途中"},
    "people.state.sheltered": {"en": "in shelters", "zh": "已安置"},
    "people.state.trapped": {"en": "trapped", "zh": "被困"},
    "people.state.rescued": {"en": "rescued", "zh": "已获救"},
    "people.state.casualty": {"en": "casualties", "zh": "伤亡"},
    "people.at_risk_at_home": {"en": "people at risk still at home", "zh": "仍在家中的受威胁人员"},
    "fig.people_by_state": {"en": "People by state over time", "zh": "人员状态随时间变化"},
    "fig.people_count": {"en": "people", "zh": "人数"},
}
