"""zh/en messages of the grid-worker detection rule, the team-size rule and the grassroots team minimums."""

from __future__ import annotations

TEAM_RULE_MESSAGES: dict[str, dict[str, str]] = {
    # scenario errors (simulator.scenario.response, simulator.scenario.detection)
    "scenario.need_work_one_of": {
        "en": "give exactly one of 'on_scene_minutes' (time for a team of the reference size) or 'work_person_hours' (people x hours)",
        "zh": "'on_scene_minutes'(参考规模队伍的现场用时)与 'work_person_hours'(人数×小时的工作量)须且只能给出其一",
    },
    "scenario.public_detection_faster": {
        "en": "public_factor {public} is below slowest_factor {slowest}: a place with no grid worker would find incidents sooner than one with a grid worker",
        "zh": "public_factor {public} 小于 slowest_factor {slowest}:没有网格员的地点反而会比有网格员的地点更早发现事件",
    },
    # warnings of drillsim validate (simulator.scenario.team_minimums): the file is still valid
    "advice.township_team_small": {
        "en": "warning: {place} has no team of at least {minimum} people (its largest, {team}, has {size}); Nantong: every township (street) builds an emergency rescue team of at least {minimum}",
        "zh": "警告:{place}没有不少于 {minimum} 人的队伍(最大的「{team}」只有 {size} 人);南通要求每个乡镇(街道)组建不少于 {minimum} 人的应急救援队伍",
    },
    "advice.village_team_small": {
        "en": "warning: {place} has no volunteer team of at least {minimum} people (its largest, {team}, has {size}); Nantong: every village (community) builds a volunteer rescue team of at least {minimum}",
        "zh": "警告:{place}没有不少于 {minimum} 人的志愿者队伍(最大的「{team}」只有 {size} 人);南通要求每个村(社区)组建不少于 {minimum} 人的应急救援志愿者队伍",
    },
    "advice.grid_workers_without_population": {
        "en": "warning: {place} has {workers} grid workers but no population, so they do not change how soon incidents are found there; give its population",
        "zh": "警告:{place}有 {workers} 名网格员但未给出人口,网格员不会影响事件发现的快慢;请填写该地人口",
    },
}
