"""The typhoon section against a case computed by hand, and the bundled typhoon drill.

The hand case: a county town (t) and three coastal villages, all at the
coast point (0, 0) where the centre makes landfall. The track runs along the
x axis at 20 km/h (1/3 km a minute):

    minute 0     x = -960 km
    minute 2880  x = 0       (landfall)
    minute 4320  x = +480 km

with the force-10 winds 100 km and the force-12 winds 60 km from the centre.

- Force 10 reaches the coast when x = -100: (960 - 100) * 3 = 2580, and
  leaves when x = +100: 2880 + 100 * 3 = 3180.
- Force 12 reaches it when x = -60: (960 - 60) * 3 = 2700.
- Orange (force 10, 12 h ahead, the CMA lead): 2580 - 720 = 1860.
- Red (force 12, 6 h ahead, the CMA lead): 2700 - 360 = 2340.
- The county plan evacuates the low village at red: 540 people at 300 an
  hour leave in 10-minute groups of 50 (simulator.models.evacuation_flow),
  ten groups at 2350 ... 2440 and the last 40 at 2340 + 540/300 h = 2448;
  15 minutes by road to the shelter, the last arrive at 2463, before the
  force-10 winds (the hazard, 2580): all 540 sheltered before it (share 1).
- The surge (2 m at landfall, 2880) floods the village at 1.5 m (0.5 m
  deep) and the one at 1.0 m (1.0 m deep), not the one at 3 m. In the
  unevacuated 1.0 m village 10% of its 400 people at home are trapped: 40.
- The mobile network fails for the town office at the force-10 onset
  (2580) and is back 240 minutes after the winds leave: 3180 + 240 = 3420.
"""

from __future__ import annotations

import time

import pytest

from simulator.drill import DrillSession
from simulator.eventlog import write_events
from simulator.metrics.people import sheltered_before_hazard
from simulator.metrics.typhoon import typhoon_timeline
from simulator.models import simulate
from simulator.models.hazards.track import inside_intervals, onset
from simulator.scenario import ScenarioError, load_scenario, parse_scenario
from tests.conftest import SCENARIOS, to_yaml
from tests.functional import test_bundled_msel as bundled_msel


def T(s: str) -> dict:
    return {"zh": s, "en": s}


def hand_case() -> dict:
    radii = {10: 100, 12: 60}
    village = {"level": "village", "parent": "t", "x": 0, "y": 0}
    return {
        "schema_version": 1,
        "meta": {"id": "typhoon_hand", "title": T("typhoon"), "description": T("hand case"), "seed": 1, "horizon": 4320},
        "places": [
            {"id": "c", "name": T("County"), "level": "city", "x": 0, "y": 30},
            {"id": "t", "name": T("Town"), "level": "township", "parent": "c", "x": 0, "y": 0},
            {"id": "v_low", "name": T("Low village"), **village, "population": 540},
            {"id": "v_low2", "name": T("Lower village"), **village, "population": 400},
            {"id": "v_high", "name": T("High village"), **village, "population": 200},
        ],
        "roads": [
            {"from": "c", "to": "t", "minutes": 30},
            {"from": "t", "to": "v_low", "minutes": 15},
            {"from": "t", "to": "v_low2", "minutes": 10},
            {"from": "t", "to": "v_high", "minutes": 20},
        ],
        "command": {
            "channels": [
                {"id": "mobile", "name": T("mobile"), "delay_minutes": 1},
                {"id": "satellite", "name": T("satellite phone"), "delay_minutes": 5},
            ],
            "commanding_tier": {"IV": "township", "III": "city", "II": "city", "I": "city"},
            "units": [
                {"id": "county_hq", "name": T("County HQ"), "level": "city", "place": "c", "duty_staff": 2, "handling_minutes": 3},
                {"id": "met", "name": T("County met office"), "level": "city", "place": "c", "parent": "county_hq", "duty_staff": 1, "handling_minutes": 2},
                {"id": "town_office", "name": T("Town office"), "level": "township", "place": "t", "parent": "county_hq", "duty_staff": 1, "handling_minutes": 4},
            ],
        },
        "teams": [{"id": "boats", "name": T("Boat team"), "type": "comprehensive", "size": 20, "base": "t", "capabilities": ["water_rescue"], "mobilisation_minutes": 10}],
        "shelters": [{"id": "school", "name": T("School"), "place": "t", "capacity": 1000}],
        "evacuation": {"places": [{"place": "v_low"}], "rate_per_hour": 300, "group_minutes": 10},
        "plans": [{
            "id": "county_plan", "name": T("County typhoon plan"), "scope": "special", "hazard": "flood", "place": "c", "unit": "county_hq",
            "triggers": [{"id": "orange", "warning": "orange"}, {"id": "red", "warning": "red"}],  # a trigger fires once: one per colour
            "actions": [{"id": "evacuate_low", "level": "I", "do": "evacuate", "places": ["v_low"]}],
        }],
        "typhoon": {
            "name": T("Typhoon Test"),
            "signals_by": "met",
            "track": [
                {"minute": 0, "x": -960, "y": 0, "category": "STY", "radii_km": radii},
                {"minute": 2880, "x": 0, "y": 0, "category": "STY", "radii_km": radii, "landfall": True},
                {"minute": 4320, "x": 480, "y": 0, "category": "TS", "radii_km": radii},
            ],
            "signals": [
                {"level": "orange", "force": 10, "lead_hours": 12, "place": "v_low"},
                {"level": "red", "force": 12, "lead_hours": 6, "place": "v_low"},
            ],
            "hazard_force": 10,
            "surge": {
                "height_m": 2.0,
                "places": [{"place": "v_low", "elevation_m": 1.5}, {"place": "v_low2", "elevation_m": 1.0}, {"place": "v_high", "elevation_m": 3.0}],
                "incident": {"level": "IV", "trapped_share": 0.1, "needs": [{"capability": "water_rescue", "teams": 1, "on_scene_minutes": 60}]},
            },
            "outages": [{"channel": "mobile", "units": ["town_office"], "place": "t", "force": 10, "restore_minutes": 240}],
        },
    }


def rows(events, kind):
    return events[events["kind"] == kind]


def test_the_track_geometry_by_hand():
    sc = parse_scenario(to_yaml(hand_case()), "hand.yaml")
    track = sc.typhoon.track
    assert inside_intervals(track, 10, 0, 0) == [(pytest.approx(2580), pytest.approx(3180))]
    assert onset(track, 12, 0, 0) == pytest.approx(2700)
    # 80 km off the track the force-10 winds (100 km) reach it when x = -60 (60^2 + 80^2 = 100^2): (960 - 60) * 3 = 2700
    assert onset(track, 10, 0, 80) == pytest.approx(2700)
    assert onset(track, 12, 0, 80) is None  # the force-12 winds (60 km) never reach 80 km off


def test_signals_evacuation_surge_and_outage_by_hand():
    sc = parse_scenario(to_yaml(hand_case()), "hand.yaml")
    events = simulate(sc, 1).events
    issued = rows(events, "warning_issued")
    assert list(zip(issued["entity"], issued["level"], issued["time"])) == [("typhoon_orange", "orange", 1860), ("typhoon_red", "red", 2340)]
    assert rows(events, "plan_activated")["time"].tolist() == [1860]  # orange: level II
    assert rows(events, "plan_escalated")["time"].tolist() == [2340]  # red: level I, the evacuation's level
    ordered = rows(events, "evacuation_ordered")
    assert list(zip(ordered["entity"], ordered["time"], ordered["quantity"])) == [("v_low", 2340, 540)]
    departed = rows(events, "evacuation_departed")
    assert departed["time"].tolist() == [2350 + 10 * k for k in range(10)] + [2448]
    assert departed["quantity"].tolist() == [50] * 10 + [40]
    arrived = rows(events, "evacuees_arrived")
    assert arrived["time"].max() == 2463 and arrived["quantity"].sum() == 540
    hazard = rows(events, "hazard_arrived")
    assert list(zip(hazard["entity"], hazard["time"], hazard["detail"])) == [("v_low", 2580, "wind")]
    assert sheltered_before_hazard(events) == 1.0
    assert rows(events, "typhoon_landfall")["time"].tolist() == [2880]
    flooded = rows(events, "surge_flooded")
    assert list(zip(flooded["entity"], flooded["time"], flooded["quantity"])) == [("v_low", 2880, 0.5), ("v_low2", 2880, 1.0)]
    trapped = rows(events, "people_trapped")
    assert list(zip(trapped["incident"], trapped["quantity"])) == [("surge_v_low2", 40)]  # v_low's people are all sheltered
    down, up = rows(events, "channel_down"), rows(events, "channel_up")
    assert list(zip(down["entity"], down["detail"], down["time"])) == [("mobile", "town_office", 2580)]
    assert up["time"].tolist() == [3420]


def test_the_timeline_reads_in_names_in_zh_and_en():
    sc = parse_scenario(to_yaml(hand_case()), "hand.yaml")
    events = simulate(sc, 1).events
    en = typhoon_timeline(events, sc, "en")
    zh = typhoon_timeline(events, sc, "zh")
    said = dict(zip(en["event"], en["minute"]))
    # the minutes of the docstring's hand computation, in words
    assert said["County met office issues the typhoon signal (red warning)"] == 2340
    assert said["storm surge floods Lower village (1.0 m deep)"] == 2880
    assert said["Typhoon Test makes landfall near Town (severe typhoon)"] == 2880
    assert said["mobile fails for Town office"] == 2580
    assert said["mobile restored for Town office"] == 3420
    assert {"County met office发布台风红色预警信号", "风暴潮淹没Lower village(水深 1.0 米)"} <= set(zh["事件"])
    assert not any("_" in e for e in en["event"])  # no ids


def test_evacuating_at_orange_leaves_nobody_for_the_surge_to_trap():
    data = hand_case()
    data["plans"][0]["actions"][0]["level"] = "II"
    data["evacuation"]["places"].append({"place": "v_low2"})
    data["plans"][0]["actions"][0]["places"] = ["v_low", "v_low2"]
    events = simulate(parse_scenario(to_yaml(data), "hand.yaml"), 1).events
    # ordered at orange (1860): 940 people leave by 1860 + 540/300 h and 1860 + 400/300 h, long before 2580
    assert rows(events, "evacuation_ordered")["time"].tolist() == [1860, 1860]
    assert rows(events, "people_trapped").empty
    assert sheltered_before_hazard(events) == 1.0


def test_without_the_section_nothing_of_it_runs():
    data = hand_case()
    del data["typhoon"]
    events = simulate(parse_scenario(to_yaml(data), "hand.yaml"), 1).events
    kinds = set(events["kind"])
    assert not kinds & {"typhoon_wind", "typhoon_landfall", "surge_flooded", "warning_issued", "channel_down", "hazard_arrived"}


def _errors(text: str, lang: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "typhoon.yaml")
    return info.value.render(lang).splitlines()


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_bad_entries_are_reported_at_their_lines_in_zh_and_en():
    data = hand_case()
    data["typhoon"]["outages"][0]["channel"] = "pigeon"
    data["typhoon"]["signals"][1]["place"] = "atlantis"
    text = to_yaml(data)
    en, zh = _errors(text, "en"), _errors(text, "zh")
    channel, place = _line_of(text, "channel: pigeon"), _line_of(text, "place: atlantis")
    assert f"typhoon.yaml:{channel}: typhoon.outages[0].channel: unknown channel 'pigeon' (declare it under command.channels)" in en
    assert f"typhoon.yaml:{channel}: typhoon.outages[0].channel: 未定义的通信渠道 'pigeon'(请在 command.channels 中声明)" in zh
    assert f"typhoon.yaml:{place}: typhoon.signals[1].place: unknown place 'atlantis'" in en
    assert f"typhoon.yaml:{place}: typhoon.signals[1].place: 未定义的地点 'atlantis'" in zh


def test_a_track_without_landfall_or_a_signal_force_without_radius_is_refused():
    data = hand_case()
    data["typhoon"]["track"][1]["landfall"] = False
    text = to_yaml(data)
    line = _line_of(text, "track:")
    assert any(e.startswith(f"typhoon.yaml:{line}: typhoon.track: exactly one track point is the landfall") for e in _errors(text, "en"))
    assert any(e.startswith(f"typhoon.yaml:{line}: typhoon.track: 路径中须有且只有一个登陆点") for e in _errors(text, "zh"))
    data = hand_case()
    data["typhoon"]["signals"][0]["force"] = 8
    en = _errors(to_yaml(data), "en")
    assert any("typhoon: the track gives no radius for force 8" in e for e in en)


# -- the bundled drill -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    return load_scenario(SCENARIOS / "typhoon.yaml")


def test_bundled_typhoon_runs_fast_and_the_same_twice(bundled, tmp_path):
    start = time.perf_counter()
    first = simulate(bundled, 3).events
    assert time.perf_counter() - start < 2.0  # under a second on a quiet machine; slack for a shared one
    write_events(first, tmp_path / "a.csv")
    write_events(simulate(bundled, 3).events, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    kinds = set(first["kind"])
    assert {"typhoon_landfall", "surge_flooded", "channel_down", "channel_up", "evacuation_ordered", "hazard_arrived", "plan_activated"} <= kinds


def test_bundled_signal_injects_come_when_the_model_issues_the_signals(bundled):
    """The MSEL narrates the signals at the minutes the track gives them (the injects carry no effect of their own)."""
    events = simulate(bundled, bundled.meta.seed).events
    issued = dict(zip(rows(events, "warning_issued").query("entity.str.startswith('typhoon_')")["level"], rows(events, "warning_issued").query("entity.str.startswith('typhoon_')")["time"]))
    narrated = {i.id.removeprefix("signal_"): i.time for i in bundled.injects if i.id.startswith("signal_")}
    assert narrated and all(issued[colour] == pytest.approx(minute, abs=0.5) for colour, minute in narrated.items())


@pytest.mark.parametrize("check", [
    bundled_msel.test_at_least_six_injects_expect_something_of_the_room,
    bundled_msel.test_every_step_the_scenario_exercises_has_an_objective_with_critical_tasks,
    bundled_msel.test_a_dispatch_is_never_expected_before_the_need_reaches_the_room,
], ids=lambda f: f.__name__.removeprefix("test_"))
def test_bundled_msel_checks_hold_for_the_typhoon(bundled, check):
    """The checks every bundled scenario's MSEL passes (tests/functional/test_bundled_msel.py), on this one."""
    check(bundled)


def test_bundled_drill_steps_through_its_injects(bundled):
    assert sum(1 for i in bundled.injects if i.expected_actions) >= 6
    session = DrillSession(bundled, bundled.meta.seed)
    for _ in range(400):
        if session.ended:
            break
        session.step()
    assert session.ended
    assert {f.ref for f in session.played_injects()} == {i.id for i in bundled.injects}
