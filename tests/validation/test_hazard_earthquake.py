"""The earthquake section against a case computed by hand, and the bundled earthquake drill.

The hand case: a magnitude 7 shock at the origin with the attenuation
I = a + b M - c ln(R + r0), a = 2, b = 1, c = 1, r0 = 1 km, i.e.
I = 9 - ln(R + 1). Villages on the x axis:

    v0 at R = 0   : I = 9 - ln 1  = 9
    v1 at R = 1   : I = 9 - ln 2  = 9 - 0.693147 = 8.306853
    v2 at R = 5   : I = 9 - ln 6  = 9 - 1.791759 = 7.208241
    v3 at R = 10  : I = 9 - ln 11 = 9 - 2.397895 = 6.602105

Deterministic collapse rule: probability 0 below intensity 8, 1 from 8 on
(the step [[8, 0], [8, 1]]), so v0 and v1 collapse, v2 and v3 do not.
Trapped share 1% at 8 rising linearly to 3% at 9:

    v0: 3% of 2,000 = 60
    v1: (1% + 2% x 0.306853) = 1.613706% of 1,000 = 16.137 -> 16

Levels: II from 9, III from 8: v0 is a level II incident, v1 level III.
Roads are not damaged (no road curves), but the bridge t-v2 (midpoint at
x = 2.5: I = 9 - ln 3.5 = 9 - 1.252763 = 7.747237) fails at 7.5: closed at
minute 0; the bridge t-v3 (midpoint x = 5: I = 7.208241) stands.

An aftershock inject at minute 100, magnitude 6 at (5, 0):
I = 8 - ln(R + 1): v2 (R = 0) at 8 collapses, 1% of its 500 = 5 trapped,
incident ``as1-v2``; v3 (R = 5) at 8 - ln 6 = 6.208241 stands; v0 and v1
collapsed already and are not drawn again. The bridge t-v3 (midpoint x =
7.5, R = 2.5: I = 8 - ln 3.5 = 7.747237) now fails too, at minute 100.
"""

from __future__ import annotations

import copy
import math
import time

import pytest

from simulator.drill import DrillSession
from simulator.eventlog import write_events
from simulator.metrics.earthquake import degree, quake_timeline
from simulator.models import simulate
from simulator.scenario import ScenarioError, load_scenario, parse_scenario
from simulator.scenario.hazards_earthquake import share_at
from tests.conftest import SCENARIOS, to_yaml


def T(s: str) -> dict:
    return {"zh": s, "en": s}


def hand_case() -> dict:
    village = {"level": "village", "parent": "t", "y": 0}
    return {
        "schema_version": 1,
        "meta": {"id": "quake_hand", "title": T("earthquake"), "description": T("hand case"), "seed": 1, "horizon": 1440},
        "places": [
            {"id": "c", "name": T("County"), "level": "district", "x": 0, "y": 40},
            {"id": "t", "name": T("Town"), "level": "township", "parent": "c", "x": 0, "y": 0},
            {"id": "v0", "name": T("Village 0"), **village, "x": 0, "population": 2000},
            {"id": "v1", "name": T("Village 1"), **village, "x": 1, "population": 1000},
            {"id": "v2", "name": T("Village 2"), **village, "x": 5, "population": 500},
            {"id": "v3", "name": T("Village 3"), **village, "x": 10, "population": 800},
        ],
        "roads": [
            {"from": "c", "to": "t", "minutes": 40},
            {"from": "t", "to": "v0", "minutes": 5},
            {"from": "t", "to": "v1", "minutes": 5},
            {"from": "t", "to": "v2", "minutes": 10},
            {"from": "t", "to": "v3", "minutes": 20},
        ],
        "command": {
            "link_minutes": 1,
            "commanding_tier": {"IV": "township", "III": "district", "II": "district", "I": "district"},
            "units": [
                {"id": "county_hq", "name": T("County HQ"), "level": "district", "place": "c", "duty_staff": 2, "handling_minutes": 3},
                {"id": "quake_hq", "name": T("County earthquake HQ"), "level": "district", "kind": "specialised_hq", "place": "c", "parent": "county_hq", "duty_staff": 2, "handling_minutes": 3, "leads": ["earthquake"]},
                {"id": "town_office", "name": T("Town office"), "level": "township", "place": "t", "parent": "county_hq", "duty_staff": 1, "handling_minutes": 4},
            ],
        },
        "teams": [
            {"id": "rescue", "name": T("County rescue team"), "type": "comprehensive", "size": 30, "base": "c", "capabilities": ["collapse"], "mobilisation_minutes": 10},
        ],
        # a linear curve the test reads back: chance 1 at the shock, 0 at 1000 minutes
        "response": {"survival_curve": [[0, 1.0], [1000, 0.0]]},
        "injects": [{"id": "as1", "time": 100, "text": T("aftershock"), "effect": {"type": "aftershock", "magnitude": 6, "x": 5, "y": 0}}],
        "earthquake": {
            "name": T("Test earthquake"),
            "x": 0, "y": 0, "magnitude": 7,
            "attenuation": {"a": 2, "b": 1, "c": 1, "r0_km": 1},
            "collapse": {
                "probability": [[8, 0], [8, 1]],
                "trapped_share": [[8, 0.01], [9, 0.03]],
                "levels": {"III": 8, "II": 9},
                "needs": [{"capability": "collapse", "teams": 1, "on_scene_minutes": 60}],
                "detection_minutes": 0,
            },
            "bridges": [
                {"from": "t", "to": "v2", "name": T("Village 2 bridge"), "fails_at": 7.5},
                {"from": "t", "to": "v3", "name": T("Village 3 bridge"), "fails_at": 7.5},
            ],
        },
    }


def rows(events, kind):
    return events[events["kind"] == kind]


def test_the_curves_and_the_attenuation_by_hand():
    sc = parse_scenario(to_yaml(hand_case()), "hand.yaml")
    spec = sc.earthquake
    assert spec.attenuation.intensity(7, 1) == pytest.approx(9 - math.log(2))
    step = spec.collapse.probability
    assert (share_at(step, 7.999), share_at(step, 8.0), share_at(step, 9.5)) == (0, 1, 1)
    assert share_at(spec.collapse.trapped_share, 8.306853) == pytest.approx(0.01613706)
    assert share_at(spec.collapse.trapped_share, 7.0) == 0.01 and share_at(spec.collapse.trapped_share, 9.7) == 0.03  # flat beyond the ends
    assert [degree(i) for i in (9.0, 8.306853, 7.5, 7.49)] == ["IX", "VIII", "VIII", "VII"]


def test_collapses_trapped_people_and_the_bridge_by_hand():
    sc = parse_scenario(to_yaml(hand_case()), "hand.yaml")
    events = simulate(sc, 1).events
    shocks = rows(events, "earthquake")
    assert list(zip(shocks["entity"], shocks["time"], shocks["quantity"], shocks["detail"])) == [("main", 0, 7, "main"), ("as1", 100, 6, "aftershock")]
    intensity = rows(events, "quake_intensity").query("detail == 'main'")
    assert dict(zip(intensity["entity"], intensity["quantity"])) == {"v0": 9.0, "v1": 8.31, "v2": 7.21, "v3": 6.6}
    collapse = rows(events, "building_collapse")
    assert list(zip(collapse["time"], collapse["entity"], collapse["incident"])) == [(0, "v0", "quake-v0"), (0, "v1", "quake-v1"), (100, "v2", "as1-v2")]
    trapped = rows(events, "people_trapped")
    assert dict(zip(trapped["incident"], trapped["quantity"])) == {"quake-v0": 60, "quake-v1": 16, "as1-v2": 5}
    occurred = rows(events, "incident_occurred")
    assert dict(zip(occurred["incident"], occurred["level"])) == {"quake-v0": "II", "quake-v1": "III", "as1-v2": "III"}
    assert set(occurred["detail"]) == {"earthquake"}
    closed = rows(events, "road_closed")
    assert list(zip(closed["time"], closed["entity"], closed["detail"])) == [(0, "t|v2", "bridge"), (100, "t|v3", "bridge")]  # t-v3's stands the main shock
    assert rows(events, "road_slowed").empty


@pytest.mark.parametrize("inject_closes", [False, True])
def test_a_repair_does_not_reopen_a_road_an_inject_closed_meanwhile(inject_closes):
    """The t-v2 bridge fails at 0 (above) and is repaired in 200 minutes. Alone, it reopens at 200. If an
    inject closes t-v2 at 50 (a landslide on the approach), the repair at 200 leaves it closed; it opens
    when the inject's own open_road says so, at 300."""
    data = hand_case()
    data["earthquake"]["bridges"][0]["repair_minutes"] = 200
    if inject_closes:
        data["injects"] += [
            {"id": "slide", "time": 50, "text": T("landslide"), "effect": {"type": "close_road", "from": "t", "to": "v2"}},
            {"id": "cleared", "time": 300, "text": T("cleared"), "effect": {"type": "open_road", "from": "t", "to": "v2"}},
        ]
    events = simulate(parse_scenario(to_yaml(data), "hand.yaml"), 1).events
    opened = rows(events, "road_opened").query("entity == 't|v2'")
    assert list(zip(opened["time"], opened["detail"].fillna(""))) == ([(300, "")] if inject_closes else [(200, "repaired")])


def test_the_survival_curve_decides_who_is_rescued_alive():
    """Chance at the first collapse team's arrival = 1 - minutes / 1000 (the test's curve); every trapped person is either rescued or lost."""
    events = simulate(parse_scenario(to_yaml(hand_case()), "hand.yaml"), 1).events
    arrived = rows(events, "team_arrived").drop_duplicates("incident").set_index("incident")["time"]
    rescued = rows(events, "people_rescued").set_index("incident")
    lost = rows(events, "people_lost").set_index("incident")["quantity"]
    for incident, chance in rescued["detail"].items():
        assert float(chance) == pytest.approx(1 - arrived[incident] / 1000, abs=5e-4)
        assert rescued.loc[incident, "quantity"] + lost[incident] == {"quake-v0": 60, "quake-v1": 16, "as1-v2": 5}[incident]


def test_people_evacuated_before_an_aftershock_are_not_trapped():
    data = hand_case()
    data["shelters"] = [{"id": "camp", "name": T("Camp"), "place": "c", "capacity": 5000}]
    data["evacuation"] = {"places": [{"place": "v2", "ordered_at": 0}], "rate_per_hour": 6000, "group_minutes": 1}
    data["roads"].append({"from": "v2", "to": "c", "minutes": 30})  # its bridge to the town is down: out by the county road
    events = simulate(parse_scenario(to_yaml(data), "hand.yaml"), 1).events
    # all 500 leave within 500 / 6000 h = 5 minutes, long before the aftershock at 100: nobody at home to trap
    assert rows(events, "building_collapse")["entity"].tolist() == ["v0", "v1", "v2"]
    assert "as1-v2" not in set(rows(events, "people_trapped")["incident"])


def test_collapses_and_damage_are_the_same_under_another_plan():
    """Draws keyed by shock and place or road: a plan with more teams sees the same collapses and damaged roads (CRN)."""
    data = hand_case()
    data["earthquake"]["collapse"]["probability"] = [[6, 0.0], [9, 0.9]]
    data["earthquake"]["roads"] = {"closed": [[6, 0.0], [9, 0.5]], "slowed": [[6, 0.0], [9, 0.5]], "slow_factor": 3}
    more = copy.deepcopy(data)
    more["teams"].append({"id": "rescue2", "name": T("Second team"), "type": "comprehensive", "size": 30, "base": "t", "capabilities": ["collapse"], "mobilisation_minutes": 5})
    for seed in (1, 2, 3):
        a = simulate(parse_scenario(to_yaml(data), "a.yaml"), seed).events
        b = simulate(parse_scenario(to_yaml(more), "b.yaml"), seed).events
        for kind in ("building_collapse", "road_closed", "road_slowed", "people_trapped"):
            cols = ["time", "entity", "incident", "quantity"]
            assert rows(a, kind)[cols].reset_index(drop=True).equals(rows(b, kind)[cols].reset_index(drop=True)), (seed, kind)


def test_without_the_section_nothing_of_it_runs():
    data = hand_case()
    del data["earthquake"]
    data["injects"] = []
    events = simulate(parse_scenario(to_yaml(data), "hand.yaml"), 1).events
    assert not set(events["kind"]) & {"earthquake", "quake_intensity", "building_collapse", "road_closed", "incident_occurred"}


def test_the_timeline_names_places_and_bridges():
    sc = parse_scenario(to_yaml(hand_case()), "hand.yaml")
    events = simulate(sc, 1).events
    en = quake_timeline(events, sc, "en")["event"].tolist()
    zh = quake_timeline(events, sc, "zh")["事件"].tolist()
    assert en[:2] == ["Test earthquake: magnitude 7.0 near Town", "Village 2 bridge fails: Town–Village 2 cut"]
    assert "buildings collapse in Village 0 (intensity IX, 9.00): 60 people trapped" in en
    assert "Village 1房屋倒塌(烈度VIII度,8.31),16人被困" in zh
    assert "Village 2附近发生6.0级余震" in zh


# -- bad entries ----------------------------------------------------------------------


def _errors(text: str, lang: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "quake.yaml")
    return info.value.render(lang).splitlines()


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_bad_entries_are_reported_at_their_lines_in_zh_and_en():
    data = hand_case()
    data["earthquake"]["bridges"][1]["to"] = "atlantis"
    data["earthquake"]["collapse"]["places"] = ["v0", "t"]  # the town has no population
    text = to_yaml(data)
    en, zh = _errors(text, "en"), _errors(text, "zh")
    bridge = _line_of(text, "to: atlantis") - 1  # the entry's line: it starts with "- from: t" just above
    town = _line_of(text, "    - t")
    assert en == [
        f"quake.yaml:{town}: earthquake.collapse.places[1]: nobody lives at 't': a collapse there traps nobody (give the place a population)",
        f"quake.yaml:{bridge}: earthquake.bridges[1]: there is no road between 't' and 'atlantis'",
    ]
    assert zh == [
        f"quake.yaml:{town}: earthquake.collapse.places[1]: 't' 无人居住,房屋倒塌不会造成人员被困(请填写该地点的 population)",
        f"quake.yaml:{bridge}: earthquake.bridges[1]: 't' 与 'atlantis' 之间没有道路",
    ]


def test_a_decreasing_curve_and_an_aftershock_without_the_section_are_refused():
    data = hand_case()
    data["earthquake"]["collapse"]["probability"] = [[9, 1], [8, 0]]
    text = to_yaml(data)
    line = _line_of(text, "probability:")
    assert any(e.startswith(f"quake.yaml:{line}: earthquake.collapse.probability: the curve's intensities must not decrease (9, 8)") for e in _errors(text, "en"))
    assert any(e.startswith(f"quake.yaml:{line}: earthquake.collapse.probability: 曲线各点的烈度不能递减(9, 8)") for e in _errors(text, "zh"))
    data = hand_case()
    del data["earthquake"]
    text = to_yaml(data)
    line = _line_of(text, "effect:")
    assert f"quake.yaml:{line}: injects[0].effect: an aftershock needs an earthquake: section (the main shock's attenuation and collapse rules)" in _errors(text, "en")
    assert f"quake.yaml:{line}: injects[0].effect: 余震需要场景中有 earthquake: 部分(主震的烈度衰减与倒塌规则)" in _errors(text, "zh")


# -- the bundled drill -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    return load_scenario(SCENARIOS / "earthquake.yaml")


def test_bundled_earthquake_runs_fast_and_the_same_twice(bundled, tmp_path):
    start = time.perf_counter()
    first = simulate(bundled, 3).events
    assert time.perf_counter() - start < 2.0  # about 0.1 s on a quiet machine; slack for a shared one
    write_events(first, tmp_path / "a.csv")
    write_events(simulate(bundled, 3).events, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    kinds = set(first["kind"])
    assert {"earthquake", "building_collapse", "people_trapped", "people_rescued", "road_closed", "military_requested", "military_approved", "plan_activated", "evacuation_ordered"} <= kinds
    # the Mozi River bridge's midpoint is at intensity 8.27 >= 8.0 on every seed: down at the main shock
    bridge = first[(first["kind"] == "road_closed") & (first["detail"] == "bridge")]
    assert bridge["entity"].tolist()[:1] == ["chengguan|mozi"] and bridge["time"].iloc[0] == 0
    # the epicentral villages are at intensity IX (>= 9: probability 1): they collapse on every seed
    assert {"quake-mz1", "quake-mz2", "quake-mz3"} <= set(first.loc[first["kind"] == "building_collapse", "incident"])


def test_bundled_drill_steps_through_its_injects(bundled):
    assert sum(1 for i in bundled.injects if i.expected_actions) >= 6
    session = DrillSession(bundled, bundled.meta.seed)
    for _ in range(500):
        if session.ended:
            break
        session.step()
    assert session.ended
    assert {f.ref for f in session.played_injects()} == {i.id for i in bundled.injects}
    assert "aftershock" in set(session.events().loc[lambda e: e["kind"] == "earthquake", "detail"])


def test_bundled_passes_the_msel_checks_of_the_other_bundled_scenarios(bundled):
    """tests/functional/test_bundled_msel.py lists its scenarios by name: its checks, run on this one."""
    from tests.functional import test_bundled_msel as msel

    msel.test_at_least_six_injects_expect_something_of_the_room(bundled)
    msel.test_every_step_the_scenario_exercises_has_an_objective_with_critical_tasks(bundled)
    msel.test_a_dispatch_is_never_expected_before_the_need_reaches_the_room(bundled)
    for lang in ("en", "zh"):
        msel.test_the_batch_run_report_names_things_never_ids(bundled, lang)


def test_the_inject_form_offers_an_aftershock_only_with_the_section(bundled):
    """A facilitator adds an aftershock mid-drill from the console's inject form (simulator.ui.inject_forms)."""
    from simulator.drill.injects import validate_inject
    from simulator.ui.inject_forms import InjectEditor

    editor = InjectEditor("zh", bundled)
    assert ("余震", "aftershock") in editor.effect.options
    editor.reset("late_aftershock", 600)
    editor.effect.value = "aftershock"
    assert editor.effect_fields() == ["magnitude", "x", "y"]
    editor.fields["magnitude"].widget.value = 6.2
    editor.fields["text_zh"].widget.value, editor.fields["text_en"].widget.value = "强余震", "strong aftershock"
    inject = validate_inject(editor.yaml(), bundled, {i.id for i in bundled.injects}, 0)
    assert (inject.effect.type, inject.effect.magnitude, inject.effect.x, inject.effect.y) == ("aftershock", 6.2, 0, 0)  # the main epicentre to start with
    editor.load(next(i for i in bundled.injects if i.id == "aftershock_dehe"))
    assert [editor.fields[k].widget.value for k in ("magnitude", "x", "y")] == [5.9, 14, 9]
    street = load_scenario(SCENARIOS / "street_command.yaml")  # no earthquake: section, no aftershock to offer
    assert "aftershock" not in [v for _, v in InjectEditor("en", street).effect.options]
