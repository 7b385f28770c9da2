"""Team-response mechanisms on the tiny scenario, against hand-computed times.

Base timings (tests/conftest.py tiny_dict): incident at 100 in village v,
detected 110, commanded by the town office at 118; the city team gets the
order at 119, mobilises by 124, drives c->t (10) and t->v (5): on scene at
139, works 60 minutes (released 199) and drives back (returned 214).
"""

from __future__ import annotations

import pytest

from simulator.metrics import compute_kpis
from simulator.models import simulate
from simulator.models.world import survival
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml
from tests.functional.test_slice import assert_never_in_two_places


def run(data):
    events = simulate(parse_scenario(to_yaml(data))).events
    assert_never_in_two_places(events)
    return events


def at(events, kind, **where):
    rows = events[events["kind"] == kind]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return rows["time"].tolist()


def inject(data, time, effect):
    data["injects"].append({"id": f"inj{len(data['injects'])}", "time": time, "text": {"zh": "注入", "en": "inject"}, "effect": effect})


def test_a_team_on_the_move_reroutes_round_a_closed_road(tiny):
    # a direct city-village road (25) exists; t-v closes at 126 while the team drives c->t:
    # at t (134) it turns back via c (144) and takes the direct road (169)
    tiny["roads"].append({"from": "c", "to": "v", "minutes": 25})
    tiny["roads"][0]["minutes"] = 10
    inject(tiny, 126, {"type": "close_road", "from": "t", "to": "v"})
    events = run(tiny)
    assert events.loc[events["kind"] == "team_rerouted", ["time", "location", "entity"]].values.tolist() == [[134, "t", "c"]]
    assert at(events, "team_arrived") == [169]


def test_a_slowed_road_takes_longer(tiny):
    inject(tiny, 50, {"type": "slow_road", "from": "c", "to": "t", "factor": 3})
    assert at(run(tiny), "team_arrived") == [124 + 30 + 5]


def test_aviation_flies_straight_and_is_grounded_by_weather(tiny):
    # 7 km at 60 km/h is 7 minutes, plus 10 for take-off and landing
    tiny["teams"][0]["air"] = {"speed_kmh": 60, "takeoff_landing_minutes": 10}
    assert at(run(tiny), "team_arrived") == [124 + 17]
    inject(tiny, 50, {"type": "weather", "flyable": False})
    inject(tiny, 300, {"type": "weather", "flyable": True})
    events = run(tiny)
    assert at(events, "team_dispatched") == [300]
    assert at(events, "team_arrived") == [300 + 1 + 5 + 17]


def test_dispatch_levels_limit_who_may_send_a_team(tiny):
    tiny["teams"][0]["dispatch_levels"] = ["city"]
    events = run(tiny)  # the town office may not send it: the need waits to the end
    assert "team_dispatched" not in events["kind"].tolist()
    assert compute_kpis(events, 600)["incidents_unmet"] == 1
    tiny["command"]["dispatch"] = "territory_first"  # the request climbs to the city, which may
    events = run(tiny)
    assert events.loc[events["kind"] == "team_dispatched", ["time", "unit"]].values.tolist() == [[122, "city_office"]]


def test_social_teams_coordinate_before_acting(tiny):
    tiny["teams"][0].update(type="social", coordination_minutes=20)
    events = run(tiny)
    assert at(events, "team_coordinated") == [139]
    assert at(events, "team_arrived") == [159]


def test_a_tired_team_rests_before_the_next_job(tiny):
    # after 60 minutes on scene the team must rest 100 at base: the second incident waits until 314
    tiny["teams"][0]["fatigue"] = {"work_minutes": 60, "rest_minutes": 100}
    tiny["incidents"][0]["schedule"] = [100, 105]
    events = run(tiny)
    # second job: order 315, mobilised 320, on scene 335-395, back 410, rests again to 510
    assert at(events, "team_resting") == [214, 410] and at(events, "team_rested") == [314, 510]
    assert at(events, "team_dispatched") == [118, 314]
    assert "team_redeployed" not in events["kind"].tolist()


def test_severity_priority_serves_the_bigger_incident_first(tiny):
    # flood-002 (IV) is commanded at 123, big-001 (III, at the city) at 131; the team frees at 199
    tiny["incidents"][0]["schedule"] = [100, 105]
    big = dict(tiny["incidents"][0], id="big", schedule=[106], severity={"III": 1.0})
    tiny["incidents"].append(big)
    fifo = run(tiny)
    assert fifo.loc[fifo["kind"] == "team_redeployed", "incident"].tolist()[0] == "flood-002"
    tiny["response"] = {"priority": "severity"}
    severity = run(tiny)
    assert severity.loc[severity["kind"] == "team_redeployed", "incident"].tolist()[0] == "big-001"


def test_incident_grows_while_no_team_is_there(tiny):
    # from command (118) every 20 minutes: at 138 it needs another pumping team; the first arrives at 139
    tiny["incidents"][0]["growth"] = {"every_minutes": 20, "capability": "pumping", "on_scene_minutes": 60, "max_times": 3}
    events = run(tiny)
    assert at(events, "incident_grew") == [138]
    # one team does both jobs: released 199, redeployed on the spot (order 1 minute), released again 260
    assert at(events, "team_released") == [199, 260]
    assert at(events, "incident_closed") == [260]


def test_trapped_people_survive_by_the_curve(tiny):
    tiny["incidents"][0]["trapped"] = {"people": 10, "rescue_capability": "pumping"}
    tiny["response"] = {"survival_curve": [[0, 1.0], [100, 1.0]]}
    events = run(tiny)
    assert events.loc[events["kind"] == "people_rescued", ["time", "quantity"]].values.tolist() == [[139, 10]]
    tiny["response"] = {"survival_curve": [[0, 0.0], [100, 0.0]]}
    kpis = compute_kpis(run(tiny), 600)
    assert kpis["people_rescued_alive"] == 0 and kpis["rescued_alive_share"] == 0


def test_survival_curve_interpolates_the_kobe_figures():
    from simulator.scenario.response import _kobe_survival

    curve = _kobe_survival()
    assert survival(curve, 0) == 1.0
    assert survival(curve, 720) == pytest.approx(0.805)
    # halfway between day 1 (0.805 at 720) and day 2 (0.285 at 2160)
    assert survival(curve, 1440) == pytest.approx(0.545)
    assert survival(curve, 99_999) == pytest.approx(0.058)


def test_team_off_duty_until_a_time(tiny):
    tiny["teams"][0]["available_from"] = 200
    events = run(tiny)
    assert at(events, "team_available") == [200]
    assert at(events, "team_dispatched") == [200]
    # the need waited from 118 to 200: 82 minutes of one team
    assert compute_kpis(events, 600)["unmet_demand_hours"] == pytest.approx(82 / 60)


def two_districts(mode: str, mutual_aid: bool) -> dict:
    """c city; districts d1 and d2; township t1 (in d1) with village v1; the only team is d2's."""
    def place(pid, level, parent, x):
        return {"id": pid, "name": {"zh": pid, "en": pid}, "level": level, "parent": parent, "x": x, "y": 0}

    def unit(uid, level, pid, parent):
        return {"id": uid, "name": {"zh": uid, "en": uid}, "level": level, "place": pid, "parent": parent, "handling_minutes": 2}

    return {
        "schema_version": 1,
        "meta": {"id": "two", "title": {"zh": "两区", "en": "two"}, "description": {"zh": "两区", "en": "two"}, "seed": 1, "horizon": 600},
        "places": [
            {"id": "c", "name": {"zh": "c", "en": "c"}, "level": "city", "x": 0, "y": 0},
            place("d1", "district", "c", 5), place("d2", "district", "c", -5), place("t1", "township", "d1", 8), place("v1", "village", "t1", 9),
        ],
        "roads": [{"from": "c", "to": "d1", "minutes": 10}, {"from": "c", "to": "d2", "minutes": 10}, {"from": "d1", "to": "t1", "minutes": 5}, {"from": "t1", "to": "v1", "minutes": 5}],
        "command": {
            "link_minutes": 1, "dispatch": mode,
            "units": [{"id": "city", "name": {"zh": "市", "en": "city"}, "level": "city", "place": "c", "handling_minutes": 2},
                      unit("d1_office", "district", "d1", "city"), unit("d2_office", "district", "d2", "city"),
                      unit("t1_office", "township", "t1", "d1_office"), unit("v1_station", "village", "v1", "t1_office")],
        },
        "teams": [{"id": "d2_team", "name": {"zh": "二区队", "en": "d2 team"}, "type": "comprehensive", "size": 20, "base": "d2", "capabilities": ["pumping"], "mobilisation_minutes": 5}],
        "incidents": [{"id": "flood", "name": {"zh": "涝", "en": "flood"}, "hazard": "flood", "schedule": [100], "places": ["v1"], "detection_minutes": 0,
                       "needs": [{"capability": "pumping", "teams": 1, "on_scene_minutes": 30}]}],
        "response": {"mutual_aid": mutual_aid},
    }


def test_territory_first_climbs_to_the_city_without_mutual_aid():
    events = run(two_districts("territory_first", False))
    assert events.loc[events["kind"] == "escalated", "entity"].tolist() == ["d1_office", "city"]
    assert events.loc[events["kind"] == "team_dispatched", "unit"].tolist() == ["city"]


def test_mutual_aid_asks_the_neighbouring_district_first():
    events = run(two_districts("territory_first", True))
    assert events.loc[events["kind"] == "escalated", "entity"].tolist() == ["d1_office"]
    assert events.loc[events["kind"] == "mutual_aid", ["unit", "entity"]].values.tolist() == [["d1_office", "d2_office"]]
    assert events.loc[events["kind"] == "team_dispatched", "unit"].tolist() == ["d2_office"]
    assert compute_kpis(events, 600)["mutual_aid_moves"] == 1


def test_district_unified_dispatch_sends_the_request_straight_to_the_district():
    events = run(two_districts("district_unified", True))
    assert events.loc[events["kind"] == "unified_dispatch", ["unit", "entity"]].values.tolist() == [["t1_office", "d1_office"]]
    assert "escalated" not in events["kind"].tolist()
    assert events.loc[events["kind"] == "team_dispatched", "unit"].tolist() == ["d2_office"]
