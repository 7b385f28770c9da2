"""drillsim validate warns (exit 0) about teams below Nantong's grassroots minimums (Nantong 2023).

A township's own team must have at least 30 people, a village's volunteer
team at least 20; the warning stands at the team's ``size`` line.
"""

from __future__ import annotations

from typer.testing import CliRunner

from simulator.cli import app
from simulator.scenario import parse_scenario
from simulator.scenario.team_minimums import scenario_advice
from tests.conftest import SCENARIOS, to_yaml


def validate(path, lang: str):
    return CliRunner().invoke(app, ["validate", str(path), "--lang", lang])


def line_of(path, needle: str) -> int:
    return next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in row)


def with_teams(tiny, *teams):
    for id_, type_, size, base in teams:
        tiny["teams"].append({**tiny["teams"][0], "id": id_, "name": {"zh": f"{id_}队", "en": f"{id_} team"}, "type": type_, "size": size, "base": base})
    return tiny


def test_small_township_and_village_teams_are_warned_about_at_their_lines(tiny, tmp_path):
    # the tiny world: township t (镇 / Town), village v (村 / Village)
    with_teams(tiny, ("town_shock", "shock", 25, "t"), ("town_militia", "militia", 12, "t"), ("village_vols", "volunteer", 15, "v"))
    path = tmp_path / "small.yaml"
    path.write_text(to_yaml(tiny), encoding="utf-8")
    shock, vols = line_of(path, "size: 25"), line_of(path, "size: 15")
    en = validate(path, "en")
    assert en.exit_code == 0, en.output
    assert "OK (Tiny)" in en.output
    assert (
        f"{path}:{shock}: teams[1].size: warning: Town has no team of at least 30 people (its largest, town_shock team, has 25); "
        "Nantong: every township (street) builds an emergency rescue team of at least 30" in en.output
    )
    assert f"{path}:{vols}: teams[3].size: warning: Village has no volunteer team of at least 20 people (its largest, village_vols team, has 15)" in en.output
    assert "town_militia" not in en.output  # one warning per place, at its largest team
    zh = validate(path, "zh")
    assert zh.exit_code == 0
    assert f"{path}:{shock}: teams[1].size: 警告:镇没有不少于 30 人的队伍(最大的「town_shock队」只有 25 人);南通要求每个乡镇(街道)组建不少于 30 人的应急救援队伍" in zh.output
    assert f"{path}:{vols}: teams[3].size: 警告:村没有不少于 20 人的志愿者队伍(最大的「village_vols队」只有 15 人)" in zh.output


def test_a_township_with_one_team_at_the_minimum_is_not_warned_about(tiny):
    with_teams(tiny, ("town_shock", "shock", 30, "t"), ("town_militia", "militia", 12, "t"), ("village_vols", "volunteer", 20, "v"))
    assert scenario_advice(parse_scenario(to_yaml(tiny))) == []


def test_whose_team_it_is(tiny):
    # a city team stationed in the township is not the township's; a township-owned team based in the village is;
    # a fire crew or an enterprise team is never a township's own rescue team
    with_teams(tiny, ("city_post", "shock", 10, "t"), ("fire", "government_fire", 10, "t"), ("works", "enterprise", 10, "v"))
    tiny["teams"][1]["owner"] = "city_office"
    with_teams(tiny, ("town_owned", "militia", 10, "v"))
    tiny["teams"][4]["owner"] = "town_office"
    advice = scenario_advice(parse_scenario(to_yaml(tiny)))
    assert [(a.loc, a.key, a.params["team"].en) for a in advice] == [(("teams", 4, "size"), "township_team_small", "town_owned team")]


def test_grid_workers_with_no_population_are_pointed_out(tiny, tmp_path):
    tiny["places"][1]["grid_workers"] = 4  # the township has no population
    path = tmp_path / "workers.yaml"
    path.write_text(to_yaml(tiny), encoding="utf-8")
    result = validate(path, "en")
    assert result.exit_code == 0
    assert f"{path}:{line_of(path, 'grid_workers: 4')}: places[1].grid_workers: warning: Town has 4 grid workers but no population" in result.output


def test_the_bundled_scenarios_meet_the_minimums():
    for name in ("urban_rainstorm", "street_command", "mountain_landslide"):
        result = validate(SCENARIOS / f"{name}.yaml", "en")
        assert result.exit_code == 0 and "warning" not in result.output, result.output
