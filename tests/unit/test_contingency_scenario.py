"""Hazard series (the minute a threshold is reached) and bad ``plans:`` entries at FILE:LINE in zh and en."""

from __future__ import annotations

import pytest

from simulator.scenario import ScenarioError, parse_scenario
from simulator.scenario.hazard_series import HazardSeries, crossing, value_at
from tests.conftest import tiny_dict, to_yaml


def T(s: str) -> dict:
    return {"zh": s, "en": s}


def series(points, interpolation="linear") -> HazardSeries:
    return HazardSeries(id="rain", name=T("rain"), quantity="rainfall_mm_per_hour", place="c", interpolation=interpolation, points=points)


def test_linear_series_reaches_a_threshold_part_way_between_readings():
    rain = series([(0, 10), (60, 70), (120, 130)])
    # 10 -> 70 over 0-60 min: 50 mm/h is reached at 0 + (50 - 10) / (70 - 10) * 60 = 40
    assert crossing(rain, 50) == pytest.approx(40)
    # 70 -> 130 over 60-120: 100 at 60 + (100 - 70) / 60 * 60 = 90
    assert crossing(rain, 100) == pytest.approx(90)
    assert value_at(rain, 90) == pytest.approx(100)
    assert crossing(rain, 131) is None  # never that high
    assert crossing(rain, 5) == 0  # already above at the first reading
    assert crossing(rain, 50, after=45) == 45  # from 45 on it is above already (55 mm/h at 45)


def test_step_series_holds_each_reading_until_the_next():
    rain = series([(0, 10), (60, 70), (120, 130)], "step")
    assert crossing(rain, 50) == 60  # 10 holds until the 60-minute reading of 70
    assert value_at(rain, 119) == 70
    assert crossing(rain, 100) == 120


def test_a_falling_series_and_no_reading_before_the_first_point():
    level = series([(30, 5.0), (90, 2.0)])
    assert value_at(level, 10) is None
    assert crossing(level, 4.0) == 30  # above at its first reading
    assert crossing(level, 4.0, after=60) is None  # 3.5 at 60 and falling


def _with(plans, **extra) -> str:
    data = tiny_dict()
    data["hazard_series"] = [{"id": "rain", "name": T("rain"), "quantity": "rainfall_mm_per_hour", "place": "c", "points": [[0, 10], [60, 70]]}]
    data["plans"] = plans
    data.update(extra)
    return to_yaml(data)


def _errors(text: str, lang: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "plans.yaml")
    return info.value.render(lang).splitlines()


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_bad_plan_entries_are_reported_at_their_lines_in_zh_and_en():
    text = _with([
        {
            "id": "town_plan", "name": T("town plan"), "scope": "township", "place": "t", "unit": "town_office",
            "triggers": [{"id": "rain50", "series": "rainn", "above": 50, "level": "IV"}],
            "actions": [{"id": "pre", "level": "IV", "do": "preposition", "teams": ["ghost_team"], "place": "v"}],
        }
    ])
    en, zh = _errors(text, "en"), _errors(text, "zh")
    series_line, team_line = _line_of(text, "series: rainn"), _line_of(text, "- ghost_team")
    assert f"plans.yaml:{series_line}: plans[0].triggers[0].series: unknown hazard series 'rainn' (declare it under hazard_series)" in en
    assert f"plans.yaml:{series_line}: plans[0].triggers[0].series: 未定义的监测数据 'rainn'(请在 hazard_series 中声明)" in zh
    assert f"plans.yaml:{team_line}: plans[0].actions[0].teams[0]: unknown team 'ghost_team'" in en
    assert f"plans.yaml:{team_line}: plans[0].actions[0].teams[0]: 未定义的队伍 'ghost_team'" in zh


def test_an_action_missing_its_target_and_a_trigger_with_two_kinds_are_refused():
    text = _with([
        {
            "id": "city_plan", "name": T("city plan"), "scope": "general", "place": "c", "unit": "city_office",
            "triggers": [{"id": "both", "warning": "red", "incidents": 3, "level": "I"}],
            "actions": [{"id": "evac", "level": "I", "do": "evacuate"}],
        }
    ])
    en, zh = _errors(text, "en"), _errors(text, "zh")
    both, evac = _line_of(text, "id: both"), _line_of(text, "id: evac")
    assert any(e.startswith(f"plans.yaml:{both}: plans[0].triggers[0]: a trigger names exactly one of") for e in en)
    assert any(e.startswith(f"plans.yaml:{both}: plans[0].triggers[0]: 每个触发条件须且只能指定") for e in zh)
    assert f"plans.yaml:{evac}: plans[0].actions[0]: evacuate needs places" in en
    assert f"plans.yaml:{evac}: plans[0].actions[0]: 措施 evacuate 须给出 places" in zh


def test_series_points_out_of_order_are_refused_at_the_series():
    data = tiny_dict()
    data["hazard_series"] = [{"id": "rain", "name": T("rain"), "quantity": "rainfall_mm_per_hour", "place": "c", "points": [[60, 10], [30, 70]]}]
    text = to_yaml(data)
    en = _errors(text, "en")
    assert any("hazard_series[0].points: the points' minutes must increase (60 then 30)" in e for e in en)


def test_the_bundled_plan_pair_moves_the_evacuation_from_red_to_orange():
    """scenarios/plans/rainstorm_evacuate_*.yaml: the same flood plan, evacuation at level I (red) or II (orange)."""
    from simulator.scenario import load_scenario
    from simulator.scenario.variants import apply_plan, load_plan
    from tests.conftest import SCENARIOS

    flagship = load_scenario(SCENARIOS / "urban_rainstorm.yaml")

    def evacuation_level(plan_file: str) -> str:
        variant = apply_plan(flagship, load_plan(SCENARIOS / "plans" / plan_file))
        flood = next(p for p in variant.plans if p.id == "city_flood")
        return next(a.level for a in flood.actions if a.id == "evacuate_low_villages")

    assert evacuation_level("rainstorm_evacuate_red.yaml") == "I"
    assert evacuation_level("rainstorm_evacuate_orange.yaml") == "II"
    # the flood plan reaches II (orange) at 80 mm/h: between the readings 20 (minute 0) and 100 (minute 60)
    # that is 0 + (80 - 20) / 80 * 60 = 45, fifteen minutes before the red warning inject (60)
    rain = next(s for s in flagship.hazard_series if s.id == "zz_station_rain")
    assert crossing(rain, 80) == pytest.approx(45)


def test_an_hq_without_activated_staff_and_a_team_named_twice_are_refused_at_their_lines():
    text = _with([{
        "id": "city_plan", "name": T("city plan"), "scope": "general", "place": "c", "unit": "city_office",
        "triggers": [{"id": "rain50", "series": "rain", "above": 50, "level": "IV"}],
        "actions": [
            {"id": "hq", "level": "IV", "do": "activate_hq", "unit": "town_office"},  # the tiny town office has no activated_staff
            {"id": "pre", "level": "IV", "do": "preposition", "teams": ["city_team", "city_team"], "place": "v"},
        ],
    }])
    en, zh = _errors(text, "en"), _errors(text, "zh")
    lines = text.splitlines()
    hq = [n for n, line in enumerate(lines, 1) if line.strip() == "unit: town_office"][-1]  # the action's, after the units'
    twice = [n for n, line in enumerate(lines, 1) if line.strip() == "- city_team"][1]  # the second naming is reported
    assert f"plans.yaml:{hq}: plans[0].actions[0].unit: HQ 'town_office' has no activated_staff: activating it would add nobody (give command.units activated_staff above its duty_staff, 1)" in en
    assert f"plans.yaml:{hq}: plans[0].actions[0].unit: 指挥部 'town_office' 未设置 activated_staff,启动后不会增加任何人员(请在 command.units 中为其设置大于 duty_staff(1)的 activated_staff)" in zh
    assert f"plans.yaml:{twice}: plans[0].actions[1].teams[1]: team 'city_team' is named twice in this action" in en
    assert f"plans.yaml:{twice}: plans[0].actions[1].teams[1]: 队伍 'city_team' 在本措施中重复出现" in zh
