"""Plan variants: overrides applied to a loaded scenario without mutating it, and clear errors."""

from __future__ import annotations

import pytest

from simulator.scenario import ScenarioError, load_scenario, scenario_hash
from simulator.scenario.variants import (
    apply_plan,
    baseline_plan,
    cli_plan,
    grid_plans,
    load_plan,
    parse_plan,
    parse_sweep,
)
from tests.conftest import SCENARIOS

PLANS = SCENARIOS / "plans"


def _plan(body: str, name: str = "plan.yaml"):
    return parse_plan("id: p\nname: {zh: 方案, en: Plan}\n" + body, name)


def _line(body: str, needle: str) -> int:
    text = "id: p\nname: {zh: 方案, en: Plan}\n" + body
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_overrides_address_list_entries_by_id_and_leave_the_scenario_untouched(tiny_scenario):
    before = tiny_scenario.model_dump()
    plan = _plan("overrides:\n  - teams.city_team.size=40\n  - command.units.town_office.duty_staff: 3\n  - meta.horizon=700\n")
    variant = apply_plan(tiny_scenario, plan)
    assert variant.teams[0].size == 40
    assert variant.unit("town_office").duty_staff == 3
    assert variant.meta.horizon == 700
    assert tiny_scenario.model_dump() == before  # not mutated
    assert scenario_hash(variant) != scenario_hash(tiny_scenario)


def test_patch_deep_merges_adds_entries_and_replaces_distributions(tiny_scenario):
    plan = _plan(
        "patch:\n"
        "  depots:\n"
        "    town_store: {stock: {sandbag: 60}}\n"
        "    city_store: {name: {zh: 市库, en: City store}, tier: city, place: c, stock: {sandbag: 40}}\n"
        "  command:\n"
        "    units:\n"
        "      town_office: {handling_minutes: {dist: exponential, mean: 3}}\n"
    )
    variant = apply_plan(tiny_scenario, plan)
    depots = {d.id: d for d in variant.depots}
    assert depots["town_store"].stock == {"sandbag": 60} and depots["town_store"].loading_minutes.value == 10
    assert depots["city_store"].place == "c" and depots["city_store"].stock == {"sandbag": 40}
    handling = variant.unit("town_office").handling_minutes
    assert (handling.dist, handling.mean, handling.value) == ("exponential", 3, None)
    assert "depots.town_store.stock.sandbag=60" in plan.describe(tiny_scenario)


def test_plus_and_minus_equals_move_quantities(tiny_scenario):
    plan = _plan("overrides:\n  - depots.town_store.stock.sandbag-=30\n  - teams.city_team.size+=5\n")
    variant = apply_plan(tiny_scenario, plan)
    assert variant.depots[0].stock["sandbag"] == 70 and variant.teams[0].size == 25
    assert plan.describe() == ["depots.town_store.stock.sandbag-=30", "teams.city_team.size+=5"]


def test_baseline_and_empty_plans_give_the_scenario_itself(tiny_scenario):
    assert apply_plan(tiny_scenario, baseline_plan()) is tiny_scenario
    assert baseline_plan().id == "baseline"


@pytest.mark.parametrize(
    "override, path, en, zh",
    [
        ("teams.city_tem.size=40", "teams.city_tem", "no entry with id 'city_tem'; known ids: city_team", "没有编号为 'city_tem' 的条目"),
        ("teams.city_team.sizes=40", "teams.city_team.sizes", "unknown field 'sizes'; did you mean 'size'?", "未知字段 'sizes';是否想写 'size'?"),
        ("teams.city_team.mobilisaton_minutes.value=4", "teams.city_team.mobilisaton_minutes",
         "there is no 'mobilisaton_minutes' here; known: mobilisation_minutes,", "此处没有 'mobilisaton_minutes'"),
        ("teams.city_team.name+=1", "teams.city_team.name", "+= and -= need a number on both sides", "两边都必须是数字"),
        ("meta.horizon.x=1", "meta.horizon.x", "'meta.horizon' is a single value and has no 'x'", "'meta.horizon' 是单个取值"),
        ("teams.city_team.size=0", "teams.city_team.size", "must be at least 1, got 0", "不能小于 1,实际为 0"),
        ("teams.city_team.base=nowhere", "teams.city_team.base", "team 'city_team' is based at unknown place 'nowhere'", "驻地 'nowhere' 未定义"),
        ("command.units.town_office.handling_minutes={dist: uniform, low: 1}", "command.units.town_office.handling_minutes",
         "distribution 'uniform' needs parameter 'high'", "需要参数 'high'"),
    ],
)
def test_a_bad_override_names_the_plan_file_line_and_path(tiny_scenario, override, path, en, zh):
    body = f"overrides:\n  - teams.city_team.mobilisation_minutes=4\n  - '{override}'\n"
    line = _line(body, override.split("=")[0])
    with pytest.raises(ScenarioError) as info:
        apply_plan(tiny_scenario, _plan(body, "plans/b.yaml"))
    assert info.value.render("en").startswith(f"plans/b.yaml:{line}: {path}")
    assert en in info.value.render("en")
    assert zh in info.value.render("zh")


def test_plan_file_syntax_problems_are_line_numbered(tiny_scenario):
    body = "overrides:\n  - no equals sign\n  - teams.city_team.capabilities={dist: x}\n  - 'teams.city_team.size=[1,'\n"
    with pytest.raises(ScenarioError) as info:
        _plan(body, "b.yaml")
    text = info.value.render("en")
    assert "b.yaml:4: overrides[0]: 'no equals sign' is not an override; write path.to.field=value" in text
    assert "b.yaml:5: overrides[1]: YAML read 'teams.city_team.capabilities={dist...' as a mapping; put the whole override in quotes" in text
    assert "b.yaml:6: overrides[2]: cannot read the value in 'teams.city_team.size=[1,'" in text
    with pytest.raises(ScenarioError) as info:
        parse_plan("id: p\nnmae: {zh: 方案, en: Plan}\n", "c.yaml")
    assert "c.yaml:2: nmae: unknown field" in info.value.render("en")


def test_a_plan_for_another_scenario_is_refused(tiny_scenario):
    plan = _plan("scenario: urban_rainstorm\n", "d.yaml")
    with pytest.raises(ScenarioError) as info:
        apply_plan(tiny_scenario, plan)
    assert info.value.render("en") == "d.yaml:3: scenario: this plan is written for scenario 'urban_rainstorm', not 'tiny'"


def test_command_line_overrides_and_sweeps(tiny_scenario):
    variant = apply_plan(tiny_scenario, cli_plan(["teams.city_team.size=25"]))
    assert variant.teams[0].size == 25
    with pytest.raises(ScenarioError) as info:
        apply_plan(tiny_scenario, cli_plan(["teams.nobody.size=25"]))
    assert info.value.render("en").startswith("--set: teams.nobody: no entry with id 'nobody'")
    with pytest.raises(ScenarioError) as info:
        cli_plan(["size"])
    assert info.value.render("zh") == "--set: 'size' 不是有效的修改项;应写作 path.to.field=value"
    with pytest.raises(ScenarioError):
        parse_sweep("teams.city_team.size=30")


def test_a_grid_is_the_cartesian_product_of_the_sweeps(tiny_scenario):
    axes = [parse_sweep("teams.city_team.size=[10, 20]"), parse_sweep("command.units.town_office.duty_staff=[1, 2, 3]")]
    plans = grid_plans(axes)
    assert len(plans) == 6 and len({p.id for p in plans}) == 6
    points = {(apply_plan(tiny_scenario, p).teams[0].size, apply_plan(tiny_scenario, p).unit("town_office").duty_staff) for p in plans}
    assert points == {(s, d) for s in (10, 20) for d in (1, 2, 3)}
    assert plans[0].label("en") == "size=10, duty_staff=1"


# ---------------------------------------------------------------- the built-in studies


def test_township_staffing_plans_set_every_township_office(rainstorm):
    townships = [u.id for u in rainstorm.command.units if u.level == "township"]
    four = apply_plan(rainstorm, load_plan(PLANS / "township_staff_4.yaml"))
    six_plus_one = apply_plan(rainstorm, load_plan(PLANS / "township_staff_6plus1.yaml"))
    assert {four.unit(u).duty_staff for u in townships} == {4}
    assert {six_plus_one.unit(u).duty_staff for u in townships} == {7}  # "6+1": at least 6 staff and a leader
    others = [u.id for u in rainstorm.command.units if u.level != "township"]
    assert all(six_plus_one.unit(u) == rainstorm.unit(u) for u in others)


def test_stock_plans_move_stock_to_townships_and_keep_the_total(rainstorm):
    at_city = apply_plan(rainstorm, load_plan(PLANS / "stock_at_city.yaml"))
    at_townships = apply_plan(rainstorm, load_plan(PLANS / "stock_at_townships.yaml"))

    def totals(scenario, tier=None):
        out: dict[str, float] = {}
        for depot in scenario.depots:
            if tier is None or depot.tier == tier:
                for item, qty in depot.stock.items():
                    out[item] = out.get(item, 0) + qty
        return out

    assert at_city == rainstorm
    assert totals(at_townships) == totals(rainstorm)
    moved = {k: totals(at_townships, "township")[k] - totals(rainstorm, "township")[k] for k in totals(rainstorm)}
    assert {k: v for k, v in moved.items() if v} == {"sandbag": 6000, "pump": 12, "life_jacket": 180}
    township_places = {p.id for p in rainstorm.places if p.level == "township"}
    assert township_places <= {d.place for d in at_townships.depots if d.tier == "township"}


def test_plan_files_load_from_disk_with_their_names(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_plan(tmp_path / "missing.yaml")
    assert "file not found" in info.value.render("en")
    plan = load_plan(PLANS / "township_staff_6plus1.yaml")
    assert plan.scenario_id == "urban_rainstorm" and "6+1" in plan.label("zh")
    assert load_scenario(SCENARIOS / "urban_rainstorm.yaml").meta.id == plan.scenario_id
