"""The evacuation: section: bad entries are reported at FILE:LINE in zh and en; old scenarios need none of it."""

from __future__ import annotations

import pytest

from simulator.scenario import ScenarioError, parse_scenario
from tests.conftest import to_yaml

T = {"zh": "甲", "en": "a"}
SHELTER = {"id": "school", "name": T, "place": "t", "capacity": 100}


def problems(data: dict, lang: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(to_yaml(data), "s.yaml")
    return info.value.render(lang).splitlines()


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_unknown_place_twice_listed_and_more_people_than_live_there(tiny):
    tiny["shelters"] = [SHELTER]
    tiny["evacuation"] = {"places": [
        {"place": "atlantis"},
        {"place": "v", "people": 5000},  # v has 1000 people (tests/conftest.py)
        {"place": "v", "ordered_at": 900},  # beyond the 600-minute horizon
    ]}
    text = to_yaml(tiny)
    en = problems(tiny, "en")
    assert f"s.yaml:{line_of(text, 'place: atlantis')}: evacuation.places[0].place: unknown place 'atlantis'" in en
    assert f"s.yaml:{line_of(text, 'people: 5000')}: evacuation.places[1].people: 5000 people at risk but 'v' has a population of 1000" in en
    assert f"s.yaml:{line_of(text, 'ordered_at: 900')}: evacuation.places[2].ordered_at: time 900 is beyond the scenario horizon (600 minutes)" in en
    zh = problems(tiny, "zh")
    assert f"s.yaml:{line_of(text, 'people: 5000')}: evacuation.places[1].people: 受威胁人数 5000 超过 'v' 的人口 1000" in zh
    # the third entry names v again: said at its own place line
    third = [n for n, line in enumerate(text.splitlines(), start=1) if "place: v" in line][-1]
    assert f"s.yaml:{third}: evacuation.places[2].place: 地点 'v' 重复列出" in zh


def test_bad_values_are_rejected_where_they_are(tiny):
    tiny["shelters"] = [{**SHELTER, "opens": "later"}]
    tiny["evacuation"] = {"places": [{"place": "v"}], "refuse_share": 1.5, "on_warning": "purple"}
    text = to_yaml(tiny)
    en = problems(tiny, "en")
    assert any(p.startswith(f"s.yaml:{line_of(text, 'refuse_share: 1.5')}: evacuation.refuse_share: ") for p in en), en
    assert any(p.startswith(f"s.yaml:{line_of(text, 'on_warning: purple')}: evacuation.on_warning: ") and "'red'" in p for p in en), en
    assert any(p.startswith(f"s.yaml:{line_of(text, 'opens: later')}: shelters[0].opens: ") for p in en), en
    zh = problems(tiny, "zh")
    assert any(p.startswith(f"s.yaml:{line_of(text, 'on_warning: purple')}: evacuation.on_warning: 不允许的取值 'purple'") for p in zh), zh


def test_evacuation_needs_a_shelter_and_someone_at_risk(tiny):
    tiny["evacuation"] = {"places": [{"place": "t"}]}  # the township has no population, and there is no shelter
    text = to_yaml(tiny)
    en = problems(tiny, "en")
    assert f"s.yaml:{line_of(text, 'evacuation:')}: evacuation: evacuation needs at least one shelter (under shelters) to move people to" in en
    # the missing people: said at the entry's own line (its place: line)
    assert f"s.yaml:{line_of(text, '- place: t')}: evacuation.places[0].people: nobody lives at 't': give people, or the place's population" in en
    zh = problems(tiny, "zh")
    assert f"s.yaml:{line_of(text, 'evacuation:')}: evacuation: 转移避险需要至少一个安置点(在 shelters 下定义)" in zh
    assert f"s.yaml:{line_of(text, '- place: t')}: evacuation.places[0].people: 't' 无人居住:请填写 people 或该地点的 population" in zh


def test_old_scenarios_need_none_of_it(tiny_scenario):
    assert tiny_scenario.evacuation is None
    tiny = tiny_scenario.model_dump(by_alias=True, exclude_none=True)
    assert "evacuation" not in tiny
