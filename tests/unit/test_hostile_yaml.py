"""Hostile and surprising scenario files: each refused with FILE:LINE: field: message, in en and zh, fast.

Issue 18: alias bombs, recursive aliases, unhashable keys, huge integers,
YAML 1.1 surprises, NaN/inf, absurd distributions and unbounded work. The
lines expected are found in the text (``line_of``); the numbers in the
messages are computed by hand in the comments.
"""

from __future__ import annotations

import time

import pytest

from simulator.drill.injects import validate_inject
from simulator.scenario import ScenarioError, parse_scenario
from simulator.scenario.loader import read_source
from simulator.scenario.variants import Plan, apply_plan, cli_plan, parse_override
from tests.conftest import to_yaml
from tests.unit.test_scenario_errors import line_of

# An alias bomb of 333 bytes: anchor a is a list of 9 scalars (10 values with
# the list itself); each next anchor lists 9 aliases of the one before, so
# b stands for 1 + 9*10 = 91 values, c for 820, d for 7,381, e for 66,430.
# Values added by aliases: b 9*10 = 90, c 9*91 = 819 (909 so far), d 9*820 =
# 7,380 (8,289), e 9*7,381 = 66,429 (74,718); the first alias on line 6 adds
# 66,430 more, 141,148 in all: past the 100,000 limit on line 6.
BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefghi", "bcdefghij")
)


def refused(text: str | bytes, name: str = "s.yaml") -> tuple[list[str], list[str]]:
    """The rendered problems in en and zh; each parse must be refused within two seconds."""
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, name)
    assert time.perf_counter() - started < 2.0
    return info.value.render("en").splitlines(), info.value.render("zh").splitlines()


# -- the text ------------------------------------------------------------------------


def test_an_alias_bomb_is_refused_at_the_alias_that_crosses_the_limit():
    assert len(BOMB) < 400
    en, zh = refused(BOMB)
    assert en == ["s.yaml:6: aliases (*name) expand the file past 100000 values here (an alias bomb?); write the values out or use fewer aliases"]
    assert zh == ["s.yaml:6: 别名(*name)在此处展开后超过 100000 个值(别名炸弹?);请直接写出取值或减少别名"]


def test_the_inject_box_refuses_an_alias_bomb_too(tiny_scenario):
    with pytest.raises(ScenarioError) as info:
        validate_inject(BOMB, tiny_scenario, set(), 0.0)
    assert info.value.render("en").startswith("inject:6: aliases (*name) expand the file past 100000 values")


def test_a_self_referencing_alias_is_refused(tiny):
    text = to_yaml(tiny).replace("meta:\n", "meta: &m\n", 1).replace("  seed: 7\n", "  seed: 7\n  again: [*m]\n", 1)
    en, zh = refused(text)
    line = line_of(text, "again: [*m]")
    assert en == [f"s.yaml:{line}: alias *m is used inside its own anchor &m: it would repeat forever"]
    assert zh == [f"s.yaml:{line}: 别名 *m 出现在它自己的锚点 &m 之内,会无限重复"]


@pytest.mark.parametrize("key", ["? [a, b]\n: 1\n", "{[a]: 1}: 2\n", "? {a: 1}\n: 2\n"])
def test_a_list_or_mapping_as_a_key_is_refused(tiny, key):
    text = to_yaml(tiny) + key
    line = len(to_yaml(tiny).splitlines()) + 1
    en, zh = refused(text)
    assert en == [f"s.yaml:{line}: a key must be plain text, not a list or a mapping"]
    assert zh == [f"s.yaml:{line}: 键必须是普通文本,不能是列表或映射"]


def test_a_5000_digit_integer_is_refused_at_its_field(tiny):
    text = to_yaml(tiny).replace("seed: 7", "seed: " + "9" * 5000)
    en, zh = refused(text)
    line = line_of(text, "seed: 999")
    assert en == [f"s.yaml:{line}: meta.seed: a number with 5000 digits; numbers in a scenario have at most 40"]
    assert zh == [f"s.yaml:{line}: meta.seed: 数字有 5000 位;场景中的数字最多 40 位"]


def test_deep_nesting_and_unknown_tags_are_refused(tiny):
    en, _ = refused("a: " + "[" * 100 + "]" * 100 + "\n")
    assert en == ["s.yaml:1: nested more than 64 levels deep; no scenario needs that"]
    text = to_yaml(tiny).replace("seed: 7", "seed: !!python/object/apply:os.system [ls]")
    en, zh = refused(text)
    line = line_of(text, "seed: !!python")
    assert en == [f"s.yaml:{line}: the tag '!!python/object/apply:os.system' is not allowed in a scenario file; write the plain value"]
    assert zh == [f"s.yaml:{line}: 场景文件中不允许使用标签 '!!python/object/apply:os.system',请直接写出取值"]


def test_an_endless_file_is_refused_after_16_mb():
    with pytest.raises(ScenarioError) as info:
        read_source("/dev/zero")  # never ends: read in full it would take all memory
    assert info.value.render("en") == "/dev/zero: the file is larger than 16 MB; no scenario is this big"


# -- YAML 1.1 surprises ------------------------------------------------------------------


def test_base_60_is_refused_saying_what_yaml_1_1_read_and_what_to_write(tiny):
    # YAML 1.1: 1:30:00 = 1*3600 + 30*60 = 5400; as hours:minutes:seconds it is 60 + 30 = 90 minutes
    text = to_yaml(tiny).replace("horizon: 600", "horizon: 1:30:00")
    en, zh = refused(text)
    line = line_of(text, "horizon: 1:30:00")
    assert en == [
        f"s.yaml:{line}: meta.horizon: '1:30:00' is not a number: scenario files are YAML 1.2, which has no base-60 numbers "
        "(YAML 1.1 read it as 5400); write minutes as one number, e.g. 90 if it means hours:minutes:seconds"
    ]
    assert zh[0].startswith(f"s.yaml:{line}: meta.horizon: '1:30:00' 不是数字:场景文件采用 YAML 1.2,没有六十进制数(YAML 1.1 把它读作 5400)")


def test_base_60_in_a_duration_is_refused_the_same_way(tiny):
    # 1:30 in YAML 1.1 = 1*60 + 30 = 90, which is also 1 h 30 min in minutes
    text = to_yaml(tiny).replace("handling_minutes: 3\n", "handling_minutes: 1:30\n", 1)
    en, _ = refused(text)
    line = line_of(text, "handling_minutes: 1:30")
    assert en == [
        f"s.yaml:{line}: command.units[0].handling_minutes: '1:30' is not a number: scenario files are YAML 1.2, which has no base-60 numbers "
        "(YAML 1.1 read it as 90); write minutes as one number, e.g. 90 if it means hours:minutes"
    ]
    # where a mapping is wanted (a title), no talk of numbers
    en, _ = refused(to_yaml(tiny).replace("  title:\n    zh: 小场景\n    en: Tiny\n", "  title: 1:30\n", 1))
    assert en[0].endswith("meta.title: expected a mapping (key: value), got '1:30'")


def test_yes_is_text_so_a_staff_count_of_yes_is_refused(tiny):
    text = to_yaml(tiny).replace("duty_staff: 1\n", "duty_staff: yes\n", 1)
    en, zh = refused(text)
    line = line_of(text, "duty_staff: yes")
    assert en == [
        f"s.yaml:{line}: command.units[1].duty_staff: 'yes' is text, not a number: scenario files are YAML 1.2, "
        "where only true and false are booleans (YAML 1.1 read 'yes' as true); write the number you mean"
    ]
    assert zh[0].startswith(f"s.yaml:{line}: command.units[1].duty_staff: 'yes' 是文本而不是数字")


def test_true_is_not_a_number_either(tiny):
    text = to_yaml(tiny).replace("duty_staff: 1\n", "duty_staff: true\n", 1)
    en, zh = refused(text)
    line = line_of(text, "duty_staff: true")
    assert en == [f"s.yaml:{line}: command.units[1].duty_staff: expected a whole number, got 'true'"]
    assert zh == [f"s.yaml:{line}: command.units[1].duty_staff: 应为整数,实际为 'true'"]


def test_yes_and_no_where_text_is_wanted_stay_text(tiny):
    tiny["places"][0]["name"]["en"] = "PLACEHOLDER"
    text = to_yaml(tiny).replace("PLACEHOLDER", "no")  # unquoted: YAML 1.1 made it false
    assert parse_scenario(text, "s.yaml").places[0].name.en == "no"


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e999"])
def test_nan_and_inf_coordinates_are_refused(tiny, value):
    text = to_yaml(tiny).replace("x: 5\n", f"x: {value}\n", 1)
    en, zh = refused(text)
    line = line_of(text, f"x: {value}")
    shown = {".nan": "nan", ".inf": "inf", "-.inf": "-inf", "1e999": "inf"}[value]  # 1e999 overflows to inf
    assert en == [f"s.yaml:{line}: places[1].x: expected a finite number, got {shown} (.nan and .inf are not allowed)"]
    assert zh == [f"s.yaml:{line}: places[1].x: 应为有限数,实际为 {shown}(不允许 .nan 和 .inf)"]


def test_an_override_on_the_command_line_is_read_as_yaml_1_2_too():
    assert parse_override("command.units.town_office.duty_staff=yes").value == "yes"
    assert parse_override("meta.horizon=1:30").value == "1:30"
    with pytest.raises(ScenarioError) as info:
        parse_override("meta.seed=" + "9" * 50)
    assert info.value.render("en") == "--set: a number with 50 digits; numbers in a scenario have at most 40"


# -- distributions -------------------------------------------------------------------------


def test_a_lognormal_with_an_absurd_sd_is_refused(tiny):
    tiny["command"]["units"][0]["handling_minutes"] = {"dist": "lognormal", "mean": 5, "sd": 1e200}
    text = to_yaml(tiny)
    line = line_of(text, "handling_minutes:")
    en, zh = refused(text)
    assert en == [f"s.yaml:{line}: command.units[0].handling_minutes: parameter 'sd' is 1e+200; at most 10000000"]
    assert zh == [f"s.yaml:{line}: command.units[0].handling_minutes: 参数 'sd' 为 1e+200;最大为 10000000"]
    # sd 60 on a mean of 5 is 12 times the mean: wider than 10 times
    tiny["command"]["units"][0]["handling_minutes"]["sd"] = 60
    en, _ = refused(to_yaml(tiny))
    assert en == [f"s.yaml:{line}: command.units[0].handling_minutes: sd 60 is more than 10 times the mean 5: a lognormal this wide has no sensible draws"]


# -- work over the horizon ------------------------------------------------------------------


def test_a_horizon_of_1e12_minutes_is_refused(tiny):
    text = to_yaml(tiny).replace("horizon: 600", "horizon: 1e12")
    en, zh = refused(text)
    line = line_of(text, "horizon: 1e12")
    assert en == [f"s.yaml:{line}: meta.horizon: a horizon of 1e+12 minutes is longer than one year (525,600 minutes), the longest a scenario may run"]
    assert zh == [f"s.yaml:{line}: meta.horizon: 时长 1e+12 分钟超过一年(525,600 分钟),即场景允许的最长时长"]


def test_a_billion_incidents_an_hour_are_refused(tiny):
    source = tiny["incidents"][0]
    del source["schedule"]
    source["rate_per_hour"] = 1e9  # 1e9 an hour over 600 minutes = 1e10 incidents
    text = to_yaml(tiny)
    en, zh = refused(text)
    line = line_of(text, "rate_per_hour:")
    assert en == [f"s.yaml:{line}: incidents[0].rate_per_hour: incidents from here come to about 1e+10 over the horizon (1e+10 from every source); a scenario may generate at most 1,000,000"]
    assert zh == [f"s.yaml:{line}: incidents[0].rate_per_hour: 此处在整个时长内约产生 1e+10 起事件(所有来源合计 1e+10 起);一个场景最多产生 1,000,000 起"]


def test_a_billion_duty_staff_and_too_many_absence_draws_are_refused(tiny):
    unit = tiny["command"]["units"][1]
    unit["duty_staff"] = 1_000_000_000
    en, _ = refused(to_yaml(tiny))
    assert en[0].endswith("command.units[1].duty_staff: must be at most 10000, got 1000000000")
    # 10,000 posts with absence; shifts of 5 minutes over 600: a change at 0 and 120 more = 121;
    # 10,000 * 121 = 1,210,000 draws, past 1,000,000
    unit["duty_staff"], unit["absence_probability"] = 10_000, 0.1
    tiny["command"]["shift_minutes"] = 5
    text = to_yaml(tiny)
    en, zh = refused(text)
    line = line_of(text, "duty_staff: 10000")
    assert en == [f"s.yaml:{line}: command.units[1].duty_staff: 10,000 duty posts that may be absent, over 121 shift changes, bring the absence draws of all units to 1,210,000; at most 1,000,000"]
    assert zh == [f"s.yaml:{line}: command.units[1].duty_staff: 10,000 个可能缺岗的值班岗位经过 121 次换班,使所有单位的缺岗抽样达到 1,210,000 次;最多 1,000,000 次"]


def test_a_flood_of_public_calls_is_refused(tiny):
    tiny["command"]["units"][0]["public_calls_per_hour"] = 200_000  # 200,000 an hour over 10 hours = 2,000,000
    text = to_yaml(tiny)
    en, _ = refused(text)
    line = line_of(text, "public_calls_per_hour")
    assert en == [f"s.yaml:{line}: command.units[0].public_calls_per_hour: about 2,000,000 calls from the public over the horizon (2,000,000 for every unit); at most 1,000,000"]


def test_a_consignment_of_millions_of_truckloads_is_refused(tiny):
    # sandbags of 50 kg on 30 kg trucks: each goes alone, so 200,000 in stock make 200,000 loads
    tiny["items"][0]["weight_kg"] = 50
    depot = tiny["depots"][0]
    depot["stock"]["sandbag"] = 200_000
    depot["trucks"] = {"count": 2, "capacity_kg": 30}
    text = to_yaml(tiny)
    en, _ = refused(text)
    line = line_of(text, "trucks:")
    assert en == [f"s.yaml:{line}: depots[0].trucks: a consignment of up to 200,000 of 'sandbag' needs about 200,000 truckloads of 1; at most 100,000 (larger trucks, or less weight or volume per unit)"]


def test_sizes_that_drive_loops_are_capped(tiny):
    tiny["incidents"][0]["needs"][0]["teams"] = 5000
    tiny["incidents"][0]["trapped"] = {"people": 50_000}
    text = to_yaml(tiny)
    en, zh = refused(text)
    assert en == [
        f"s.yaml:{line_of(text, 'teams: 5000')}: incidents[0].needs[0].teams: must be at most 1000, got 5000",
        f"s.yaml:{line_of(text, 'trapped:')}: incidents[0].trapped: 50000 people trapped on average; at most 10000 at one incident",
    ]
    assert zh[1].endswith("incidents[0].trapped: 平均被困 50000 人;一起事件最多 10000 人")


def test_a_plan_that_would_make_endless_work_is_refused(tiny_scenario):
    plan = cli_plan(["incidents.flood.schedule=null", "incidents.flood.rate_per_hour=1e9"])
    assert isinstance(plan, Plan)
    with pytest.raises(ScenarioError) as info:
        apply_plan(tiny_scenario, plan)
    assert "incidents from here come to about 1e+10" in info.value.render("en")


def test_an_odd_key_is_quoted_so_the_message_stays_on_one_line(tiny):
    text = to_yaml(tiny) + '"id\\n": 1\n'  # a key ending in a newline: shown as ['id\n'], not split
    en, zh = refused(text)
    line = len(text.splitlines())
    assert en == [f"s.yaml:{line}: ['id\\n']: unknown field (check the spelling)"]
    assert zh == [f"s.yaml:{line}: ['id\\n']: 未知字段(请检查拼写)"]
