"""Bad scenario input: every kind gives FILE:LINE: field: message, in zh and en."""

from __future__ import annotations

import pytest

from simulator.scenario import ScenarioError, load_scenario, parse_scenario
from tests.conftest import to_yaml


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def problems(text: str | bytes, lang: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "s.yaml")
    return info.value.render(lang).splitlines()


def test_tiny_scenario_is_valid(tiny_scenario):
    assert tiny_scenario.meta.id == "tiny"
    assert tiny_scenario.unit("town_office").duty_staff == 1


def test_unknown_team_base_names_line_and_field(tiny):
    tiny["teams"][0]["base"] = "nowhere"
    text = to_yaml(tiny)
    line = line_of(text, "base: nowhere")
    assert problems(text, "en") == [f"s.yaml:{line}: teams[0].base: team 'city_team' is based at unknown place 'nowhere'"]
    assert problems(text, "zh") == [f"s.yaml:{line}: teams[0].base: 队伍 'city_team' 的驻地 'nowhere' 未定义"]


def test_unknown_place_in_road(tiny):
    tiny["roads"][1]["to"] = "atlantis"
    text = to_yaml(tiny)
    line = line_of(text, "to: atlantis")
    assert problems(text, "en") == [f"s.yaml:{line}: roads[1].to: unknown place 'atlantis'"]
    assert problems(text, "zh") == [f"s.yaml:{line}: roads[1].to: 未定义的地点 'atlantis'"]


def test_cycle_in_command_chain(tiny):
    tiny["command"]["units"][0]["parent"] = "village_station"  # city -> village -> town -> city
    text = to_yaml(tiny)
    en = problems(text, "en")
    assert any("command.units[0].parent: the command chain has a cycle through unit 'city_office'" in p for p in en)
    assert any("command.units[0].parent: 指挥链存在循环" in p for p in problems(text, "zh"))


def test_negative_quantity(tiny):
    tiny["depots"][0]["stock"]["sandbag"] = -5
    text = to_yaml(tiny)
    line = line_of(text, "sandbag: -5")
    assert problems(text, "en") == [f"s.yaml:{line}: depots[0].stock.sandbag: must be at least 0, got -5"]
    assert problems(text, "zh") == [f"s.yaml:{line}: depots[0].stock.sandbag: 不能小于 0,实际为 -5"]


def test_inject_beyond_horizon(tiny):
    tiny["injects"] = [{"id": "late", "time": 900, "text": {"zh": "晚", "en": "late"}}]
    text = to_yaml(tiny)
    line = line_of(text, "time: 900")
    assert problems(text, "en") == [f"s.yaml:{line}: injects[0].time: time 900 is beyond the scenario horizon (600 minutes)"]
    assert problems(text, "zh") == [f"s.yaml:{line}: injects[0].time: 时间 900 超出场景时长(600 分钟)"]


def test_misspelt_key_is_rejected(tiny):
    tiny["teams"][0]["sise"] = 3
    text = to_yaml(tiny)
    line = line_of(text, "sise: 3")
    assert problems(text, "en") == [f"s.yaml:{line}: teams[0].sise: unknown field 'sise'; did you mean 'size'?"]
    assert problems(text, "zh") == [f"s.yaml:{line}: teams[0].sise: 未知字段 'sise';是否想写 'size'?"]


def test_missing_field_points_at_its_parent(tiny):
    del tiny["teams"][0]["size"]
    text = to_yaml(tiny)
    line = line_of(text, "id: city_team")
    assert problems(text, "en") == [f"s.yaml:{line}: teams[0].size: required field is missing"]


def test_wrong_type(tiny):
    tiny["command"]["units"][1]["duty_staff"] = "four"
    text = to_yaml(tiny)
    line = line_of(text, "duty_staff: four")
    assert problems(text, "en") == [f"s.yaml:{line}: command.units[1].duty_staff: expected a whole number, got 'four'"]
    assert problems(text, "zh") == [f"s.yaml:{line}: command.units[1].duty_staff: 应为整数,实际为 'four'"]


def test_distribution_missing_parameter(tiny):
    tiny["teams"][0]["mobilisation_minutes"] = {"dist": "triangular", "low": 1, "high": 9}
    text = to_yaml(tiny)
    line = line_of(text, "mobilisation_minutes")
    assert problems(text, "en") == [f"s.yaml:{line}: teams[0].mobilisation_minutes: distribution 'triangular' needs parameter 'mode'"]
    assert problems(text, "zh") == [f"s.yaml:{line}: teams[0].mobilisation_minutes: 分布 'triangular' 需要参数 'mode'"]


def test_unknown_inject_effect_type(tiny):
    tiny["injects"] = [{"id": "x", "time": 5, "text": {"zh": "甲", "en": "a"}, "effect": {"type": "flood_city"}}]
    text = to_yaml(tiny)
    (en,) = problems(text, "en")
    assert en.startswith(f"s.yaml:{line_of(text, 'effect:')}: injects[0].effect: unknown type 'flood_city'")


def test_every_problem_is_reported_not_just_the_first(tiny):
    tiny["teams"][0]["base"] = "nowhere"
    tiny["depots"][0]["place"] = "nowhere_else"
    assert len(problems(to_yaml(tiny), "en")) == 2


def test_duplicate_ids(tiny):
    tiny["teams"].append(dict(tiny["teams"][0]))
    (en,) = problems(to_yaml(tiny), "en")
    assert "teams[1].id: id 'city_team' is used twice" in en


def test_duplicate_yaml_key_is_an_error():
    text = "schema_version: 1\nmeta: {}\nmeta: {}\n"
    assert problems(text, "en") == ["s.yaml:3: meta: key 'meta' appears twice"]
    assert problems(text, "zh") == ["s.yaml:3: meta: 键 'meta' 重复出现"]


def test_broken_yaml_names_the_line():
    text = "schema_version: 1\nmeta:\n  id: [unclosed\n  title: x\n"
    (en,) = problems(text, "en")
    assert en.startswith("s.yaml:")
    assert "YAML syntax error" in en
    (zh,) = problems(text, "zh")
    assert "YAML 语法错误" in zh
    # the parser reports where it noticed the problem: inside the unclosed list
    assert int(en.split(":")[1]) in (3, 4, 5)


@pytest.mark.parametrize("content", ["", "   \n\n", "# only a comment\n"])
def test_empty_file(content):
    assert problems(content, "en") == ["s.yaml:1: the file is empty"]
    assert problems(content, "zh") == ["s.yaml:1: 文件为空"]


def test_not_a_mapping():
    assert problems("- a\n- b\n", "en") == ["s.yaml:1: a scenario must be a YAML mapping (key: value) at the top level"]


def test_not_utf8_names_the_line():
    raw = "schema_version: 1\nmeta:\n  id: x\n".encode() + b"  title: \xff\xfe\n"
    (en,) = problems(raw, "en")
    assert en.startswith("s.yaml:4: the file is not UTF-8 text")
    (zh,) = problems(raw, "zh")
    assert "不是 UTF-8" in zh


def test_gbk_encoded_file_is_rejected_as_not_utf8(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("meta:\n  title: 城市暴雨\n".encode("gbk"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.problems[0].key == "not_utf8"
    assert info.value.render("en").startswith(f"{path}:2: the file is not UTF-8")


def test_missing_file(tmp_path):
    path = tmp_path / "absent.yaml"
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert info.value.render("en") == f"{path}: file not found"
    assert info.value.render("zh") == f"{path}: 找不到文件"


def test_error_language_defaults_to_environment(tiny, monkeypatch):
    tiny["teams"][0]["base"] = "nowhere"
    with pytest.raises(ScenarioError) as info:
        parse_scenario(to_yaml(tiny), "s.yaml")
    monkeypatch.setenv("DRILLSIM_LANG", "zh")
    assert "未定义" in info.value.render()
    monkeypatch.delenv("DRILLSIM_LANG")
    assert "unknown place" in info.value.render()


def test_scenario_is_frozen(tiny_scenario):
    with pytest.raises(Exception):
        tiny_scenario.meta.horizon = 5  # type: ignore[misc]
    variant = tiny_scenario.model_copy(update={"meta": tiny_scenario.meta.model_copy(update={"horizon": 900})})
    assert variant.meta.horizon == 900 and tiny_scenario.meta.horizon == 600
