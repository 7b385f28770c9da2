"""The forest_fire section against cases computed by hand, and the bundled forest-fire drill.

The hand case: a forest cell f at (0, 0), 100 m above sea level, and a
village v 2 km due north at (0, 2), 500 m up; the front is lit at f at
minute 60. Wang Zhengfei's R = R0 x Ks x Kw x Kphi along f -> v:

- R0 = 0.5 m/min; Ks = 1.2 (the village's fuel);
- wind 5 m/s blowing north, straight along the link (theta = 0):
  Kw = exp(0.1783 x 5) = exp(0.8915) = 2.438785;
- slope: 400 m up over 2,000 m, tan(phi) = 0.2: 0.2^1.2 = 0.144956,
  Kphi = exp(3.533 x 0.144956) = exp(0.512129) = 1.668841;
- R = 0.5 x 1.2 x 2.438785 x 1.668841 = 2.441967 m/min, so the 2,000 m
  take 2000 / 2.441967 = 819.012 minutes: the front reaches v at 879.012.

Warning and evacuation: the orange warning looks 480 minutes ahead of the
front at v, so it is issued at 879.012 - 480 = 399.012; the county plan
evacuates v at orange: 600 people at 300 an hour in 10-minute groups of
50, twelve groups at 409.012 ... 519.012 (the last at 399.012 + 2 h); 20
minutes by road to the school, the last arrive at 539.012, long before the
front (879.012): every one of the 600 sheltered before it (share 1).
"""

from __future__ import annotations

import math
import time

import pytest

from simulator.drill import DrillSession
from simulator.eventlog import write_events
from simulator.metrics.forest_fire import fire_timeline, front_minutes
from simulator.metrics.people import sheltered_before_hazard
from simulator.models import simulate
from simulator.models.hazards.fire_spread import Edge, arrival_minutes, rate_m_per_min, slope_factor, wind_factor
from simulator.scenario import ScenarioError, load_scenario, parse_scenario
from tests.conftest import SCENARIOS, to_yaml

R = 2.441967  # m/min along f -> v, by hand above
FRONT_AT_V = 60 + 2000 / R  # 879.012


def T(s: str) -> dict:
    return {"zh": s, "en": s}


def hand_case() -> dict:
    return {
        "schema_version": 1,
        "meta": {"id": "fire_hand", "title": T("fire"), "description": T("hand case"), "seed": 1, "horizon": 1440},
        "places": [
            {"id": "c", "name": T("County"), "level": "city", "x": 0, "y": -10},
            {"id": "t", "name": T("Town"), "level": "township", "parent": "c", "x": 3, "y": 0},
            {"id": "f", "name": T("Forest"), "level": "village", "parent": "t", "x": 0, "y": 0},
            {"id": "v", "name": T("Village"), "level": "village", "parent": "t", "x": 0, "y": 2, "population": 600},
        ],
        "roads": [{"from": "c", "to": "t", "minutes": 30}, {"from": "t", "to": "f", "minutes": 20}, {"from": "t", "to": "v", "minutes": 20}],
        "command": {
            "link_minutes": 1,
            "commanding_tier": {"IV": "township", "III": "city", "II": "city", "I": "city"},
            "units": [
                {"id": "county_hq", "name": T("County HQ"), "level": "city", "place": "c", "duty_staff": 2, "handling_minutes": 3},
                {"id": "ff_hq", "name": T("County forest fire HQ"), "level": "city", "kind": "specialised_hq", "place": "c", "parent": "county_hq",
                 "duty_staff": 2, "handling_minutes": 3, "leads": ["forest_fire"]},
                {"id": "town_office", "name": T("Town office"), "level": "township", "place": "t", "parent": "county_hq", "duty_staff": 1, "handling_minutes": 4},
            ],
        },
        "teams": [
            {"id": "ff_a", "name": T("Forest fire team A"), "type": "professional", "size": 30, "base": "t", "capabilities": ["fire"], "mobilisation_minutes": 10},
            {"id": "ff_b", "name": T("Forest fire team B"), "type": "professional", "size": 30, "base": "t", "capabilities": ["fire"], "mobilisation_minutes": 10},
        ],
        "response": {"team_work": {"reference_size": 30}},  # on_scene_minutes hold as written
        "shelters": [{"id": "school", "name": T("School"), "place": "t", "capacity": 1000}],
        "evacuation": {"places": [{"place": "v"}], "rate_per_hour": 300, "group_minutes": 10},
        "plans": [{
            "id": "ff_plan", "name": T("County forest fire plan"), "scope": "special", "hazard": "forest_fire", "place": "c", "unit": "ff_hq",
            "triggers": [{"id": "orange", "warning": "orange"}],
            "actions": [{"id": "evacuate_v", "level": "II", "do": "evacuate", "places": ["v"]}],
        }],
        "forest_fire": {
            "name": T("Hill fire"),
            "ignition": {"place": "f", "minute": 60},
            "r0_m_per_min": 0.5,
            "wind": [{"minute": 0, "speed_m_s": 5, "toward_deg": 0}],
            "cells": [{"place": "f", "fuel": 1.0, "elevation_m": 100}, {"place": "v", "fuel": 1.2, "elevation_m": 500}],
            "spread": [{"from": "f", "to": "v"}],
            "suppression": {"capability": "fire", "rate_factor": 0.5, "hold_teams": 2},
            "incident": {"level": "IV", "trapped_share": 0.1},
            "warnings_by": "ff_hq",
            "warnings": [{"level": "orange", "place": "v", "lead_minutes": 480}],
        },
    }


def rows(events, kind):
    return events[events["kind"] == kind]


def run(data: dict):
    return simulate(parse_scenario(to_yaml(data), "hand.yaml"), 1).events


def test_the_wang_zhengfei_rate_by_hand():
    assert wind_factor(5, 0, 0) == pytest.approx(2.438785, abs=1e-6)
    assert wind_factor(5, 0, 180) == pytest.approx(1 / 2.438785, abs=1e-6)  # a head wind: exp(-0.8915) = 0.410040
    assert wind_factor(5, 0, 90) == pytest.approx(1.0)  # across the wind: cos 90 = 0
    assert slope_factor(0.2) == pytest.approx(1.668841, abs=1e-6)
    assert slope_factor(-0.2) == pytest.approx(1 / 1.668841, abs=1e-6)  # downhill: the inverse
    edge = Edge("f", "v", 2000, 0, 0.2)
    assert rate_m_per_min(0.5, 1.2, 5, 0, edge) == pytest.approx(R, abs=1e-6)


def test_arrival_minutes_take_the_shortest_path_over_link_times():
    # a -> b 100 min, b -> c 50 min, a -> c 200 min directly: c is reached via b at 150
    minutes = {("a", "b"): 100, ("b", "c"): 50, ("a", "c"): 200}
    edges = {
        "a": [Edge("a", "b", 1, 0, 0), Edge("a", "c", 1, 0, 0)],
        "b": [Edge("b", "a", 1, 0, 0), Edge("b", "c", 1, 0, 0)],
        "c": [Edge("c", "a", 1, 0, 0), Edge("c", "b", 1, 0, 0)],
    }
    along = lambda e: minutes.get((e.source, e.target), minutes.get((e.target, e.source)))  # noqa: E731
    assert arrival_minutes({"a": 10}, edges, along) == {"a": 10, "b": 110, "c": 160}
    assert arrival_minutes({"a": 10}, edges, along, closed=frozenset({"b"})) == {"a": 10, "c": 210}


def test_front_warning_and_evacuation_by_hand():
    events = run(hand_case())
    assert rows(events, "fire_ignited")["time"].tolist() == [60]
    rate = rows(events, "fire_spread_rate")
    assert rate["quantity"].tolist() == [pytest.approx(R, abs=1e-4)]
    front = rows(events, "fire_front_arrived")
    assert list(front["entity"]) == ["v"] and front["time"].iloc[0] == pytest.approx(FRONT_AT_V, abs=1e-3)
    issued = rows(events, "warning_issued")
    assert list(zip(issued["entity"], issued["level"])) == [("fire_orange_v", "orange")]
    assert issued["time"].iloc[0] == pytest.approx(FRONT_AT_V - 480, abs=1e-3)  # 399.012
    ordered = rows(events, "evacuation_ordered")
    assert list(ordered["entity"]) == ["v"] and ordered["time"].iloc[0] == pytest.approx(399.012, abs=1e-3)
    departed = rows(events, "evacuation_departed")
    assert departed["time"].tolist() == pytest.approx([399.012 + 10 * k for k in range(1, 13)], abs=1e-3)
    arrived = rows(events, "evacuees_arrived")
    assert arrived["quantity"].sum() == 600 and arrived["time"].max() == pytest.approx(539.012, abs=1e-3)
    hazard = rows(events, "hazard_arrived")
    assert list(hazard["entity"]) == ["v"] and hazard["time"].iloc[0] == pytest.approx(FRONT_AT_V, abs=1e-3)
    assert sheltered_before_hazard(events) == 1.0
    assert rows(events, "people_trapped").empty  # nobody left at home for the front to trap
    assert set(rows(events, "incident_occurred")["incident"]) == {"fire_f", "fire_v"}


def test_without_evacuation_the_front_traps_a_share_of_those_at_home():
    data = hand_case()
    data["plans"] = []
    events = run(data)
    # nobody ordered out: 10% of the 600 at home are trapped when the front arrives (879.012)
    trapped = rows(events, "people_trapped")
    assert list(zip(trapped["incident"], trapped["quantity"])) == [("fire_v", 60)]
    assert trapped["time"].iloc[0] == pytest.approx(FRONT_AT_V, abs=1e-3)
    assert sheltered_before_hazard(events) == 0.0


def with_fire_line(on_scene: float, teams: int) -> dict:
    data = hand_case()
    data["forest_fire"]["incident"]["needs"] = [{"capability": "fire", "teams": teams, "on_scene_minutes": on_scene}]
    return data


def test_one_team_halves_the_rate_and_the_warning_waits_for_the_slower_front():
    """Suppression rule: each team on the fire line multiplies the rate by 0.5.

    The fire at f is commanded by the town office at 65 (1 minute's link + 4
    handling), the order reaches team A at 66, it mobilises by 76 and drives
    20 minutes: on the line at 96. By then the front has covered 36 x R =
    87.911 m; the other 1,912.089 m at R / 2 = 1.220983 m/min take 1,566.024
    minutes: predicted at v at 1,662.024, so the orange warning (480 ahead)
    moves from 399.012 to 1,182.024. Working 2,000 minutes, the team is
    still there then.
    """
    events = run(with_fire_line(2000, 1))
    assert rows(events, "team_arrived")["time"].tolist() == [96]
    rate = rows(events, "fire_spread_rate")
    assert list(zip(rate["time"], rate["detail"])) == [(60, "burning"), (96, "suppressed")]
    assert rate["quantity"].tolist() == pytest.approx([R, R / 2], abs=1e-4)
    issued = rows(events, "warning_issued")
    assert issued["time"].tolist() == pytest.approx([1182.024], abs=1e-3)
    assert rows(events, "fire_front_arrived").empty  # 1,662 is past the horizon (1,440)


def test_the_fire_put_out_stops_the_front_and_cancels_the_warning():
    # team A on the line 96-216 (120 minutes): the fire at f is out at 216, the front stops 1,765.6 m short of v
    events = run(with_fire_line(120, 1))
    out = rows(events, "fire_out")
    assert list(zip(out["entity"], out["time"])) == [("f", 216)]
    assert rows(events, "fire_spread_rate")["quantity"].tolist()[-1] == 0
    assert rows(events, "warning_issued").empty and rows(events, "fire_front_arrived").empty


def test_two_teams_hold_the_front():
    # A and B both on the line at 96: the first halves the rate, the second holds it (hold_teams 2)
    events = run(with_fire_line(2000, 2))
    held = rows(events, "fire_held")
    assert list(zip(held["entity"], held["time"], held["quantity"])) == [("f", 96, 2)]
    rate = rows(events, "fire_spread_rate")
    assert list(zip(rate["detail"], rate["quantity"].round(4))) == [("burning", round(R, 4)), ("suppressed", round(R / 2, 4)), ("held", 0)]
    assert rows(events, "warning_issued").empty


def test_a_wind_turning_slows_the_front_by_hand():
    # at 300 the wind blows south: Kw = exp(-0.8915) = 0.410040, R = 0.5 x 1.2 x 0.410040 x 1.668841 = 0.410575 m/min;
    # 240 x R = 586.072 m covered by then, the other 1,413.928 m need 3,443.8 minutes: past the horizon
    data = hand_case()
    data["forest_fire"]["wind"].append({"minute": 300, "speed_m_s": 5, "toward_deg": 180})
    events = run(data)
    wind = rows(events, "fire_wind")
    assert list(zip(wind["time"], wind["quantity"], wind["detail"])) == [(300, 5, "180")]
    rate = rows(events, "fire_spread_rate")
    assert list(zip(rate["time"], rate["detail"])) == [(60, "burning"), (300, "wind")]
    assert rate["quantity"].iloc[-1] == pytest.approx(0.410575, abs=1e-4)  # rows give m/min to 4 places
    assert rows(events, "fire_front_arrived").empty
    # the warning was due at 399.012 on the first prediction; at 300 the front is predicted at 300 + 3,443.8: no warning
    assert rows(events, "warning_issued").empty


@pytest.mark.parametrize(("lang", "lines"), [
    ("en", ["Hill fire breaks out at Forest", "spread Forest → Village: 2.44 m/min (front moving)", "spread Forest → Village: 1.22 m/min (teams on the fire line)",
            "the fire at Forest is out", "spread Forest → Village: 0.00 m/min (fire out)"]),
    ("zh", ["Forest发生Hill fire", "Forest→Village 蔓延速度 2.44 米/分钟(火线推进)", "Forest→Village 蔓延速度 1.22 米/分钟(队伍扑打火线)",
            "Forest明火扑灭", "Forest→Village 蔓延速度 0.00 米/分钟(明火扑灭)"]),
])
def test_the_fire_timeline_tells_the_put_out_case_by_names(lang, lines):
    # the case of test_the_fire_put_out_stops_the_front_and_cancels_the_warning: 60, 60, 96, 216, 216
    data = with_fire_line(120, 1)
    sc = parse_scenario(to_yaml(data), "hand.yaml")
    events = simulate(sc, 1).events
    table = fire_timeline(events, sc, lang)
    assert table.iloc[:, 0].tolist() == [60, 60, 96, 216, 216]
    assert table.iloc[:, 1].tolist() == lines
    assert front_minutes(events) == {"f": 60}


def test_the_timeline_names_the_warning_and_the_front_reaching_people():
    sc = parse_scenario(to_yaml(hand_case()), "hand.yaml")
    table = fire_timeline(simulate(sc, 1).events, sc, "en")
    said = dict(zip(table.iloc[:, 1], table.iloc[:, 0]))
    assert said["County forest fire HQ warns Village of the fire: orange warning"] == 399.0
    assert said["the fire reaches Village, where people live"] == 879.0


def test_without_the_section_nothing_of_it_runs():
    data = hand_case()
    del data["forest_fire"]
    events = run(data)
    assert not set(events["kind"]) & {"fire_ignited", "fire_spread_rate", "fire_front_arrived", "hazard_arrived", "warning_issued"}


def _errors(text: str, lang: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "fire.yaml")
    return info.value.render(lang).splitlines()


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_bad_entries_are_reported_at_their_lines_in_zh_and_en():
    data = hand_case()
    data["forest_fire"]["spread"][0]["to"] = "atlantis"
    data["forest_fire"]["warnings_by"] = "nobody"
    text = to_yaml(data)
    en, zh = _errors(text, "en"), _errors(text, "zh")
    link, unit = _line_of(text, "to: atlantis"), _line_of(text, "warnings_by: nobody")
    assert f"fire.yaml:{link}: forest_fire.spread[0].to: 'atlantis' is not a cell of the fire (list it under forest_fire.cells)" in en
    assert f"fire.yaml:{link}: forest_fire.spread[0].to: 'atlantis' 不是火场蔓延单元(请在 forest_fire.cells 中列出)" in zh
    assert any(e.startswith(f"fire.yaml:{unit}: forest_fire.warnings_by: ") and "nobody" in e for e in en)
    assert any(e.startswith(f"fire.yaml:{unit}: forest_fire.warnings_by: ") and "nobody" in e for e in zh)


def test_winds_out_of_order_are_refused_in_zh_and_en():
    data = hand_case()
    data["forest_fire"]["wind"] += [{"minute": 300, "speed_m_s": 8}, {"minute": 200, "speed_m_s": 2}]
    text = to_yaml(data)
    line = _line_of(text, "wind:")
    assert f"fire.yaml:{line}: forest_fire.wind: the wind's minutes must increase (300 then 200)" in _errors(text, "en")
    assert f"fire.yaml:{line}: forest_fire.wind: 风况的时间(minute)必须递增(先 300 后 200)" in _errors(text, "zh")


def test_a_link_of_no_length_and_a_cliff_are_refused_at_the_link_in_zh_and_en():
    """Both used to crash the run at its start (a division by zero; exp overflowing beyond a rise of ~83)."""
    data = hand_case()
    data["places"][3].update(x=0, y=0)  # the village on top of the forest cell, and no distance_m
    text = to_yaml(data)
    link = _line_of(text, "- from: f")
    assert f"fire.yaml:{link}: forest_fire.spread[0]: the link 'f' - 'v' has no length: its places share their coordinates; give distance_m" in _errors(text, "en")
    assert f"fire.yaml:{link}: forest_fire.spread[0]: 蔓延路径 'f' - 'v' 长度为零(两地坐标相同):请填写 distance_m" in _errors(text, "zh")
    # 400 m up over 10 m: atan(40) = 88.6 degrees, beyond the 60 accepted
    data = hand_case()
    data["forest_fire"]["spread"][0]["distance_m"] = 10
    text = to_yaml(data)
    link = _line_of(text, "- from: f")
    assert f"fire.yaml:{link}: forest_fire.spread[0]: the link 'f' - 'v' rises at 88.6 degrees, steeper than 60: check the cells' elevation_m or give its distance_m" in _errors(text, "en")
    assert f"fire.yaml:{link}: forest_fire.spread[0]: 蔓延路径 'f' - 'v' 坡度 88.6 度,超过 60 度:请检查单元的 elevation_m 或填写 distance_m" in _errors(text, "zh")
    # 400 m up over 231 m is atan(1.7316) = 59.99 degrees: accepted, and the run starts
    data["forest_fire"]["spread"][0]["distance_m"] = 231
    assert not run(data).empty


# -- the bundled drill -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    return load_scenario(SCENARIOS / "forest_fire.yaml")


def test_bundled_forest_fire_runs_fast_and_the_same_twice(bundled, tmp_path):
    start = time.perf_counter()
    first = simulate(bundled, 3).events
    assert time.perf_counter() - start < 2.0  # under a second on a quiet machine; slack for a shared one
    write_events(first, tmp_path / "a.csv")
    write_events(simulate(bundled, 3).events, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    kinds = set(first["kind"])
    assert {"fire_ignited", "fire_front_arrived", "fire_spread_rate", "warning_issued", "plan_activated", "evacuation_ordered", "team_arrived"} <= kinds


def test_bundled_drill_steps_through_its_injects(bundled):
    assert sum(1 for i in bundled.injects if i.expected_actions) >= 6
    session = DrillSession(bundled, bundled.meta.seed)
    for _ in range(400):
        if session.ended:
            break
        session.step()
    assert session.ended
    assert {f.ref for f in session.played_injects()} == {i.id for i in bundled.injects}


def test_bundled_front_arrivals_follow_the_link_times(bundled):
    """Where nobody fought the fire, each front arrival is its source cell's arrival plus the link's length over R."""
    events = simulate(bundled, bundled.meta.seed).events
    arrived = {**dict(zip(rows(events, "fire_ignited")["entity"], rows(events, "fire_ignited")["time"])),
               **dict(zip(rows(events, "fire_front_arrived")["entity"], rows(events, "fire_front_arrived")["time"]))}
    rates = rows(events, "fire_spread_rate")
    checked = 0
    for row in rows(events, "fire_front_arrived").itertuples():
        link = rates[rates["entity"] == f"{row.detail}|{row.entity}"]
        if len(link) == 1:  # one rate all the way: time = metres / R
            spec = bundled.forest_fire
            places = {p.id: p for p in bundled.places}
            a, b = places[row.detail], places[row.entity]
            given = next((s.distance_m for s in spec.spread if {s.source, s.target} == {a.id, b.id}), None)
            metres = given if given is not None else math.hypot(b.x - a.x, b.y - a.y) * 1000
            assert row.time == pytest.approx(arrived[row.detail] + metres / link["quantity"].iloc[0], rel=1e-4)
            checked += 1
    assert checked >= 2


# the rules every bundled MSEL keeps (tests/functional/test_bundled_msel.py lists the older three by name)
@pytest.mark.parametrize("rule", ["test_every_step_the_scenario_exercises_has_an_objective_with_critical_tasks", "test_a_dispatch_is_never_expected_before_the_need_reaches_the_room"])
def test_bundled_msel_keeps_the_bundled_rules(bundled, rule):
    from tests.functional import test_bundled_msel

    getattr(test_bundled_msel, rule)(bundled)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bundled_report_names_things_never_ids(bundled, lang):
    from tests.functional.test_bundled_msel import test_the_batch_run_report_names_things_never_ids

    test_the_batch_run_report_names_things_never_ids(bundled, lang)
