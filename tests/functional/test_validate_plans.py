"""``drillsim validate`` on plan files: checked against their scenario, problems at the plan's lines."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from simulator.cli import app
from simulator.scenario.plan_check import looks_like_plan
from tests.conftest import SCENARIOS

PLANS = sorted((SCENARIOS / "plans").glob("*.yaml"))


def validate(*args: str, lang: str = "en"):
    return CliRunner().invoke(app, ["validate", *args, "--lang", lang])


def test_every_shipped_plan_is_valid_against_its_scenario():
    result = validate(*map(str, PLANS))
    assert result.exit_code == 0, result.output
    assert result.output.count(": OK, plan ") == len(PLANS) > 0
    assert "plan Township offices staffed by 4 for Urban extreme rainstorm" in result.output


def test_plan_and_scenario_files_are_told_apart():
    assert all(looks_like_plan(p) for p in PLANS)
    assert not looks_like_plan(SCENARIOS / "urban_rainstorm.yaml")


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "must be at least 1, got -4"), ("zh", "不能小于 1,实际为 -4")],
)
def test_a_bad_override_is_reported_at_the_plan_line(tmp_path, lang, message):
    shutil.copy(SCENARIOS / "urban_rainstorm.yaml", tmp_path / "urban_rainstorm.yaml")  # found next to the plan
    text = (SCENARIOS / "plans" / "township_staff_4.yaml").read_text(encoding="utf-8")
    text = text.replace("huaihe_office.duty_staff=4", "huaihe_office.duty_staff=-4")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "duty_staff=-4" in row)
    result = validate(str(plan), lang=lang)
    assert result.exit_code == 2
    assert f"{plan}:{line}: command.units" in result.output and message in result.output, result.output


def test_a_plan_whose_scenario_cannot_be_found(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("id: p\nname: {zh: 甲, en: A}\nscenario: no_such_scenario\noverrides: []\n", encoding="utf-8")
    en, zh = validate(str(plan)), validate(str(plan), lang="zh")
    assert en.exit_code == zh.exit_code == 2
    assert f"{plan}:3: scenario: no scenario with id 'no_such_scenario' found" in en.output
    assert f"{plan}:3: scenario: 找不到编号为 'no_such_scenario' 的场景" in zh.output


def test_a_plan_for_another_scenario_is_refused(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("id: p\nname: {zh: 甲, en: A}\nscenario: street_command\noverrides: [command.units.wenhua_office.duty_staff=4]\n", encoding="utf-8")
    result = validate(str(plan))
    assert result.exit_code == 2 and f"{plan}:4: " in result.output and "wenhua_office" in result.output, result.output


def test_a_misspelt_field_in_a_patch_says_what_it_meant(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("id: p\nname: {zh: 甲, en: A}\nscenario: urban_rainstorm\npatch:\n  teams:\n    city_rescue: {sise: 40}\n", encoding="utf-8")
    en, zh = validate(str(plan)), validate(str(plan), lang="zh")
    assert f"{plan}:6: teams.city_rescue.sise: unknown field 'sise'; did you mean 'size'?" in en.output
    assert f"{plan}:6: teams.city_rescue.sise: 未知字段 'sise';是否想写 'size'?" in zh.output
