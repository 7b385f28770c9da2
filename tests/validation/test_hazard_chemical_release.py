"""The chemical release section against a case computed by hand, and the bundled chemical park drill.

The hand case: the release point s at (0, 0), a village v 1.2 km east, a
township t 2.0 km west and a county seat c 20 km north. A large spill by day:
isolation 500 m, protective action distance 3,000 m, the radius growing 10 m
a minute from minute 0, so r(t) = min(3000, 500 + 10 t):

- s (0 m) is inside the isolation distance: reached at 0; its road to v
  closes then (the road t-s is the access road: it stays open);
- v (1,200 m) is reached when 500 + 10 t = 1200: t = 70; its road to t
  closes at 70;
- t (2,000 m) would be reached at (2000 - 500) / 10 = 150;
- a place 3,500 m away is beyond the protective action distance: never.

Containment: the hazmat team's on-scene work is a fixed 200 minutes (a team of
the type's nominal size, 25, so no size scaling), so the
release is contained 200 minutes after it arrives (arrival = the end of its
mobilisation, read from the log as the chain's timing is not this test's
subject, + 60 + 5 minutes by road). Its arrival is after 70, so containment comes after 270: t is
reached at 150 first, and the radius then is capped at 3,000 m. The zone is
lifted 60 minutes after containment and every road it closed reopens.
Exposure: v's 1,000 people shelter indoors; the shelter holds 120 minutes,
so at 70 + 120 = 190 (the zone still there) 5% of those at home are
poisoned: 1000 * 0.05 = 50.

With the team already at s (no drive) and 60 minutes of work, containment
comes before 150: t is never reached, and the zone lifts before 190 when
the work is short enough, so nobody is poisoned.
"""

from __future__ import annotations

import time

import pytest

from simulator.drill import DrillSession
from simulator.eventlog import write_events
from simulator.metrics.chemical_release import chemical_kpis, release_timeline
from simulator.models import simulate
from simulator.models.hazards.chemical_release import reach_minute
from simulator.scenario import ScenarioError, load_scenario, parse_scenario
from tests.conftest import SCENARIOS, to_yaml
from tests.functional import test_bundled_msel as bundled


def T(s: str) -> dict:
    return {"zh": s, "en": s}


def hand_case(team_base: str = "c", work: float = 200, road_c_t: float = 60) -> dict:
    return {
        "schema_version": 1,
        "meta": {"id": "chem_hand", "title": T("chemical"), "description": T("hand case"), "seed": 1, "horizon": 600},
        "places": [
            {"id": "c", "name": T("County"), "level": "city", "x": 0, "y": 20},
            {"id": "t", "name": T("Town"), "level": "township", "parent": "c", "x": -2.0, "y": 0},
            {"id": "s", "name": T("Plant"), "level": "village", "parent": "t", "x": 0, "y": 0},
            {"id": "v", "name": T("Village"), "level": "village", "parent": "t", "x": 1.2, "y": 0, "population": 1000},
            {"id": "far", "name": T("Far farm"), "level": "village", "parent": "t", "x": 0, "y": -3.5},
        ],
        "roads": [
            {"from": "c", "to": "t", "minutes": road_c_t},
            {"from": "t", "to": "s", "minutes": 5},
            {"from": "t", "to": "v", "minutes": 10},
            {"from": "s", "to": "v", "minutes": 3},
            {"from": "t", "to": "far", "minutes": 10},
        ],
        "command": {
            "commanding_tier": {"IV": "township", "III": "township", "II": "city", "I": "city"},
            "units": [
                {"id": "county_hq", "name": T("County HQ"), "level": "city", "place": "c", "duty_staff": 2, "handling_minutes": 3},
                {"id": "town_office", "name": T("Town office"), "level": "township", "place": "t", "parent": "county_hq", "duty_staff": 1, "handling_minutes": 4},
            ],
        },
        "teams": [
            {"id": "hazmat", "name": T("Hazmat squad"), "type": "government_fire", "size": 25, "base": team_base, "capabilities": ["hazmat"], "mobilisation_minutes": 10},
            {"id": "medics", "name": T("Medics"), "type": "medical", "size": 10, "base": "c", "capabilities": ["medical"], "mobilisation_minutes": 10},
        ],
        "chemical_release": {
            "name": T("Chlorine leak"),
            "material": T("chlorine"),
            "place": "s",
            "minute": 0,
            "spill": "large",
            "time_of_day": "day",
            "classes": {"large": {"isolation_m": 500, "day_m": 3000, "night_m": 7000}},
            "growth_m_per_minute": 10,
            "clear_minutes": 60,
            "level": "IV",
            "needs": [{"capability": "hazmat", "teams": 1, "on_scene_minutes": work}],
            "detection_minutes": 0,
            "access_roads": [["t", "s"]],
            "exposure": {"shelter_minutes": 120, "harmed_share": 0.05, "needs": [{"capability": "medical", "teams": 1, "on_scene_minutes": 30}]},
        },
    }


def rows(events, kind):
    return events[events["kind"] == kind]


def test_reach_minutes_by_hand():
    assert reach_minute(0, 500, 3000, 10, 1200) == 70  # (1200 - 500) / 10
    assert reach_minute(30, 500, 3000, 10, 1200) == 100  # the brief's case, released at 30
    assert reach_minute(0, 500, 3000, 10, 400) == 0  # inside the isolation distance
    assert reach_minute(0, 500, 3000, 10, 3500) is None  # beyond the protective action distance
    assert reach_minute(0, 500, 3000, 0, 1200) is None  # a zone that does not grow


def test_zone_roads_containment_and_poisoning_by_hand():
    sc = parse_scenario(to_yaml(hand_case()), "hand.yaml")
    events = simulate(sc, 1).events
    reached = rows(events, "chemical_zone_reached")
    assert list(zip(reached["entity"], reached["time"], reached["quantity"])) == [("s", 0, 0.0), ("v", 70, 1200.0), ("t", 150, 2000.0)]
    closed = rows(events, "road_closed")
    assert list(zip(closed["entity"], closed["time"])) == [("s|v", 0), ("t|v", 70), ("c|t", 150), ("t|far", 150)]  # never the access road t|s
    arrived = rows(events, "team_arrived")
    arrival = float(arrived.loc[arrived["team"] == "hazmat", "time"].iloc[0])
    mobilised = float(rows(events, "team_mobilised").query("team == 'hazmat'")["time"].iloc[0])
    assert arrival == pytest.approx(mobilised + 60 + 5)  # c -> t, t -> s (the access road; s -> v closed at 0)
    contained = rows(events, "chemical_contained")
    assert contained["time"].tolist() == [pytest.approx(arrival + 200)]
    assert contained["quantity"].tolist() == [3000.0]  # past 250 the radius is capped at the protective distance
    lifted = rows(events, "chemical_zone_lifted")["time"].tolist()
    assert lifted == [pytest.approx(arrival + 260)]
    opened = rows(events, "road_opened")
    assert sorted(opened["entity"]) == ["c|t", "s|v", "t|far", "t|v"] and opened["time"].tolist() == [pytest.approx(arrival + 260)] * 4
    exposed = rows(events, "chemical_exposed")
    assert list(zip(exposed["entity"], exposed["time"], exposed["quantity"])) == [("v", 190, 50)]  # 70 + 120; 5% of 1,000
    trapped = rows(events, "people_trapped")
    assert list(zip(trapped["incident"], trapped["quantity"])) == [("poisoning-v", 50)]
    kpis = chemical_kpis(events, 600)
    assert kpis == {"release_contained_minutes": pytest.approx(arrival + 200), "release_contained_share": 1.0, "people_poisoned": 50.0}


def test_quick_containment_freezes_the_zone_by_hand():
    # the team is at the plant: it is on scene once mobilised (no drive) and works 60 minutes;
    # containment at mobilised + 60 < 150: the town is never reached; the zone (500 + 10 *
    # containment metres) lifts 60 minutes later, before v's shelter gives way at 70 + 120 = 190
    sc = parse_scenario(to_yaml(hand_case(team_base="s", work=60)), "hand.yaml")
    events = simulate(sc, 1).events
    mobilised = float(rows(events, "team_mobilised").query("team == 'hazmat'")["time"].iloc[0])
    contained = rows(events, "chemical_contained")
    assert contained["time"].tolist() == [pytest.approx(mobilised + 60)]
    assert contained["quantity"].tolist() == [pytest.approx(500 + 10 * (mobilised + 60), abs=0.1)]
    assert mobilised + 60 < 150 and mobilised + 60 + 60 < 190
    assert rows(events, "chemical_zone_reached")["entity"].tolist() == ["s", "v"]
    assert rows(events, "chemical_exposed").empty
    assert chemical_kpis(events, 600)["people_poisoned"] == 0.0


def test_a_release_never_contained_is_censored_at_the_end():
    # no hazmat team can reach it (the only one is 10,000 minutes away): contained share 0, minutes to the end
    sc = parse_scenario(to_yaml(hand_case(road_c_t=10_000)), "hand.yaml")
    events = simulate(sc, 1).events
    assert rows(events, "chemical_contained").empty
    assert chemical_kpis(events, 600) == {"release_contained_minutes": 600.0, "release_contained_share": 0.0, "people_poisoned": 50.0}


def test_without_the_section_nothing_is_started(tiny_scenario):
    from simulator.engine.context import SimContext
    from simulator.models.world import World

    world = World(SimContext.create(tiny_scenario, 1))
    assert world.chemical is None
    assert chemical_kpis(simulate(tiny_scenario, 1).events, 600) == dict.fromkeys(chemical_kpis.__globals__["_KPIS"])


def _errors(text: str, lang: str) -> str:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "chem.yaml")
    return info.value.render(lang)


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_bad_entries_are_reported_at_their_lines_in_zh_and_en():
    case = hand_case()
    case["chemical_release"]["place"] = "nowhere"
    case["chemical_release"]["access_roads"] = [["t", "s"], ["c", "v"]]  # no such road
    text = to_yaml(case)
    en, zh = _errors(text, "en"), _errors(text, "zh")
    place = _line_of(text, "place: nowhere")
    assert f"chem.yaml:{place}: chemical_release.place: unknown place 'nowhere'" in en
    assert f"chem.yaml:{place}: chemical_release.place: 未定义的地点 'nowhere'" in zh
    assert "chemical_release.access_roads[1]: there is no road between 'c' and 'v'" in en
    assert "chemical_release.access_roads[1]: 'c' 与 'v' 之间没有道路" in zh
    case = hand_case()
    case["chemical_release"]["spill"] = "small"  # no distances given for it
    text = to_yaml(case)
    line = _line_of(text, "chemical_release:")
    assert f"chem.yaml:{line}: chemical_release: no distances given for the small spill (classes)" in _errors(text, "en")
    assert f"chem.yaml:{line}: chemical_release: classes 中没有给出泄漏规模 small 的距离" in _errors(text, "zh")


# -- the bundled drill ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def park():
    return load_scenario(SCENARIOS / "chemical_park.yaml")


def test_the_park_runs_in_under_a_second_and_the_same_seed_gives_the_same_log(park, tmp_path):
    started = time.perf_counter()
    first = simulate(park, park.meta.seed).events
    assert time.perf_counter() - started < 1.0
    write_events(first, tmp_path / "a.csv")
    write_events(simulate(park, park.meta.seed).events, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert len(rows(first, "chemical_zone_reached")) >= 2 and len(rows(first, "chemical_contained")) == 1


def test_the_park_timeline_names_places_never_ids(park):
    events = simulate(park, park.meta.seed).events
    for lang in ("en", "zh"):
        lines = release_timeline(events, park, lang).iloc[:, 1].tolist()
        assert lines and not [line for line in lines if any(pid in line.split() for pid in ("huangang", "beikan", "yk_comm", "yangkou", "rudong"))]  # "plant" is also an English word
    assert "环港村" in " ".join(release_timeline(events, park, "zh").iloc[:, 1])


def test_the_park_drill_steps_through_its_injects(park):
    session = DrillSession(park, park.meta.seed)
    seen = set()
    while not session.ended:
        for point in session.step():
            if point.reason == "inject":
                seen.add(point.ref)
    assert seen == {i.id for i in park.injects}


def test_the_park_passes_the_bundled_msel_checks(park):
    bundled.test_at_least_six_injects_expect_something_of_the_room(park)
    bundled.test_every_step_the_scenario_exercises_has_an_objective_with_critical_tasks(park)
    bundled.test_a_dispatch_is_never_expected_before_the_need_reaches_the_room(park)
    for lang in ("en", "zh"):
        bundled.test_the_batch_run_report_names_things_never_ids(park, lang)


def test_the_park_drill_plays_in_the_console(tmp_path):
    from simulator.ui.drill_console import DrillConsole

    console = DrillConsole(SCENARIOS, data=tmp_path / "data", lang="en")
    console.start("chemical_park")
    feeds = []
    while "T+02:30" not in console.clock.value:  # up to the nursing home inject (minute 150)
        console.step_button.click()
        feeds.append(console.feed.value)
    # the site plan starts (a pause of its own) at the leak's minute; the leak inject is in the next step's feed at the latest
    assert "flange leak" in "".join(feeds[:2]) and any("tightness in the chest" in f for f in feeds)
    console.lang_toggle.value = "zh"
    assert "法兰泄漏" in console.feed.value
