"""Contingency plans on the tiny scenario: triggers fire and actions happen at hand-computed minutes.

The tiny scenario (tests/conftest.py: tiny_dict; its timeline in
tests/validation/test_hand_calculated.py): city c -- 10 min -- town t --
5 min -- village v; link 1 minute between units; handling city 3, town 4,
village 2; the city team mobilises in 5. Added here: a rainfall series at
the city, rising 10 -> 70 mm/h over minutes 0-60 and 70 -> 130 over 60-120
(linear), and a town team (shock, base t, mobilises in 5).
"""

from __future__ import annotations

import pandas as pd
import pytest

from simulator.metrics import compute_kpis
from simulator.metrics.plans import plan_kpis
from simulator.models import simulate
from simulator.scenario import parse_scenario
from tests.conftest import tiny_dict, to_yaml


def T(en: str, zh: str | None = None) -> dict:
    return {"zh": zh or en, "en": en}


RAIN = {"id": "rain", "name": T("Rainfall at the city station", "市气象站雨量"), "quantity": "rainfall_mm_per_hour", "place": "c", "points": [[0, 10], [60, 70], [120, 130]]}
TOWN_TEAM = {"id": "town_team", "name": T("Town shock team", "镇突击队"), "type": "shock", "size": 30, "base": "t", "capabilities": ["pumping"], "mobilisation_minutes": 5}


def town_plan(*actions, triggers=None) -> dict:
    return {
        "id": "town_plan", "name": T("Town flood plan", "镇防汛预案"), "scope": "township", "place": "t", "unit": "town_office",
        "triggers": triggers or [{"id": "rain50", "series": "rain", "above": 50, "level": "IV"}],
        "actions": list(actions),
    }


def city_plan(*actions, triggers=None) -> dict:
    return {
        "id": "city_plan", "name": T("City general plan", "市总体预案"), "scope": "general", "place": "c", "unit": "city_office",
        "triggers": triggers or [{"id": "rain100", "series": "rain", "above": 100, "level": "III"}],
        "actions": list(actions),
    }


def run(plans, incidents=None, **extra) -> pd.DataFrame:
    data = tiny_dict()
    data["hazard_series"] = [RAIN]
    data["teams"].append(TOWN_TEAM)
    data["plans"] = plans
    if incidents is not None:
        data["incidents"][0]["schedule"] = incidents
    for key, value in extra.items():
        data[key] = value
    scenario = parse_scenario(to_yaml(data), "tiny.yaml")
    events = simulate(scenario).events
    events.attrs["scenario"] = scenario  # for the KPIs, which read the plans as written
    return events


def rows(events: pd.DataFrame, kind: str) -> pd.DataFrame:
    return events[events["kind"] == kind]


def actions(events: pd.DataFrame) -> dict[str, list[tuple[float, float]]]:
    """``action|target|trigger|outcome[|reason]`` -> [(time, quantity)]."""
    out: dict[str, list] = {}
    for r in rows(events, "plan_action").itertuples():
        out.setdefault(r.detail, []).append((r.time, r.quantity))
    return out


def test_a_series_crossing_activates_the_plan_and_its_actions_follow():
    events = run([town_plan(
        {"id": "pre", "level": "IV", "do": "preposition", "teams": ["town_team"], "place": "v"},
        {"id": "level", "level": "IV", "do": "set_response_level", "response_level": "III"},
    )])
    activated = rows(events, "plan_activated")
    # 50 mm/h between the readings 10 (minute 0) and 70 (minute 60): 0 + (50 - 10) / 60 * 60 = 40
    assert activated[["time", "entity", "detail", "level"]].values.tolist() == [[40.0, "town_plan", "rain50", "IV"]]
    got = actions(events)
    assert got["pre|town_team|rain50|due"] == [(40.0, 30.0)]  # due at the trigger, 30 minutes allowed (the default)
    # the town team mobilises 5 (45) and drives t -> v 5: staged at 50, 10 minutes after the trigger
    assert got["pre|town_team|rain50|done"] == [(50.0, 10.0)]
    assert rows(events, "team_staged")[["time", "team", "location"]].values.tolist() == [[50.0, "town_team", "v"]]
    assert rows(events, "response_level_set")[["time", "location", "level"]].values.tolist() == [[40.0, "t", "III"]]
    # the flood at v (minute 100) is in a level III area: raised as it occurs, so it is commanded at the
    # city tier: village 111-113, town 114-118, link 1 -> city 119, handling 3 -> 122
    assert rows(events, "response_level_applied")[["time", "incident", "level", "detail"]].values.tolist() == [[100.0, "flood-001", "III", "IV"]]
    commanded = rows(events, "command_assumed")
    assert commanded[["time", "unit"]].values.tolist() == [[122.0, "city_office"]]
    # the staged town team is the nearest free one (at v itself): sent from where it waits
    assert rows(events, "team_dispatched")[["team", "location"]].values.tolist() == [["town_team", "v"]]
    # it turned out for the pre-positioning (40 -> 45); sent from v it sets off without a second turnout
    assert rows(events, "team_mobilised").empty


def test_a_warning_colour_issued_at_t_triggers_the_plan_at_its_response_level():
    warning = {"id": "warn", "time": 20, "text": T("orange rainstorm warning"), "effect": {"type": "warning", "by": "city_office", "level": "orange"}}
    events = run(
        [
            town_plan(triggers=[{"id": "yellow_up", "warning": "yellow"}]),  # orange is at least yellow
            city_plan(triggers=[{"id": "red_only", "warning": "red"}]),  # orange is not red
        ],
        injects=[warning],
    )
    # orange -> response level II (State Council 2006: red I, orange II, yellow III, blue IV)
    assert rows(events, "plan_activated")[["time", "entity", "detail", "level"]].values.tolist() == [[20.0, "town_plan", "yellow_up", "II"]]


def test_the_nth_incident_in_the_area_triggers_and_activates_the_hq():
    data_units = tiny_dict()["command"]
    data_units["units"][1]["activated_staff"] = 3  # the town office: 1 on duty, 3 once the plan activates it
    events = run(
        [town_plan({"id": "hq", "level": "III", "do": "activate_hq", "unit": "town_office"}, triggers=[{"id": "two_floods", "incidents": 2, "level": "III"}])],
        incidents=[100, 150, 200],
        command=data_units,
    )
    # the second flood at v occurs at 150: the trigger fires then, with the count 2
    assert rows(events, "plan_activated")[["time", "detail", "quantity"]].values.tolist() == [[150.0, "two_floods", 2.0]]
    assert rows(events, "hq_activated")[["time", "unit", "quantity"]].values.tolist() == [[150.0, "town_office", 3.0]]
    assert actions(events)["hq|town_office|two_floods|done"] == [(150.0, 0.0)]


def test_the_city_plan_takes_over_and_the_township_plans_waiting_action_still_happens():
    """Hierarchy: the town plan acts first (40); the city plan takes over (90); the town plan's later trigger is ignored.

    The flood (minute 0) keeps the town team busy (the nearest pumping team):
    detected 10, commanded 18 by the town office (village 11-13, town 14-18),
    order link 1 (19), mobilised 24, road t -> v 5 -> on scene 29, works 60 ->
    released 89, drives back 5 -> at base 94. The town plan (rain 50 mm/h at
    40) asks for the town team at v: busy, so it waits; at 94 it is free,
    mobilises 5 (99) and drives t -> v 5: staged at 104, 64 minutes after its
    trigger (late: 30 allowed). The city plan (100 mm/h
    at 90) issues an orange warning, which the town plan's orange trigger
    would answer: ignored, as the city plan has taken over.
    """
    events = run(
        [
            town_plan(
                {"id": "pre", "level": "IV", "do": "preposition", "teams": ["town_team"], "place": "v"},
                triggers=[{"id": "rain50", "series": "rain", "above": 50, "level": "IV"}, {"id": "orange", "warning": "orange"}],
            ),
            city_plan({"id": "warn", "level": "III", "do": "issue_warning", "colour": "orange"}),
        ],
        incidents=[0],
    )
    assert rows(events, "plan_taken_over")[["time", "entity", "detail"]].values.tolist() == [[90.0, "town_plan", "city_plan"]]
    assert rows(events, "plan_trigger_ignored")[["time", "entity", "detail"]].values.tolist() == [[90.0, "town_plan", "orange"]]
    got = actions(events)
    assert got["pre|town_team|rain50|waiting"] == [(40.0, 0.0)]
    assert got["pre|town_team|rain50|done"] == [(104.0, 64.0)]
    assert got["warn|city_office|rain100|done"] == [(90.0, 0.0)]
    assert rows(events, "warning_issued")[["time", "unit", "level"]].values.tolist() == [[90.0, "city_office", "orange"]]
    # the plan's warning is the plan's decision, not the room's: scoring, undo and what-if count "decision" rows
    assert rows(events, "plan_decision")[["time", "entity", "unit"]].values.tolist() == [[90.0, "issue_warning", "city_office"]]
    assert rows(events, "decision").empty
    # numbered among the plans' warnings: a room's warning stays decision-warning-1 whatever the plans issue
    assert rows(events, "warning_issued")["entity"].tolist() == ["plan-warning-1"]
    # KPIs: (64 + 0) / 2 = 32 minutes from trigger to action; the warning on time, the team late
    assert compute_kpis(events, 600, scenario=events.attrs["scenario"])["plan_action_minutes_mean"] == pytest.approx(32)
    assert plan_kpis(events.attrs["scenario"], events, 600) == {"plan_action_minutes_mean": 32.0, "plan_actions_on_time_share": 0.5, "plan_actions_completed_share": 1.0}


def test_a_busy_team_with_skip_is_impossible_and_an_open_shelter_is_done_already():
    from simulator.report.plan_execution import plan_tables

    shelters = [{"id": "school", "name": T("Town school shelter", "镇中学安置点"), "place": "t", "capacity": 200}]  # opens at the start
    events = run(
        [town_plan(
            {"id": "pre", "level": "IV", "do": "preposition", "teams": ["town_team"], "place": "v", "if_busy": "skip"},
            {"id": "open", "level": "IV", "do": "open_shelter", "shelters": ["school"]},
        )],
        incidents=[0],  # the town team is on scene 29-89 (above): busy at 40
        shelters=shelters,
    )
    got = actions(events)
    assert got["pre|town_team|rain50|impossible|team_busy"] == [(40.0, 0.0)]
    assert got["open|school|rain50|done|already"] == [(40.0, 0.0)]  # open since the start: what the plan asks holds
    assert rows(events, "team_staged").empty
    # the team never done: censored at the end (600), 600 - 40 = 560 minutes; the shelter done in 0:
    # mean (560 + 0) / 2 = 280, one of two on time and done
    assert plan_kpis(events.attrs["scenario"], events, 600) == {"plan_action_minutes_mean": 280.0, "plan_actions_on_time_share": 0.5, "plan_actions_completed_share": 0.5}
    table = plan_tables(events.attrs["scenario"], events, 600, "en")[1]
    assert table.rows[1][-1] == "on time (already in effect: opened or ordered before)"


def test_a_place_already_ordered_out_is_done_already_for_the_plan():
    """The evacuation section orders v out at 0 (ordered_at); the plan's order at 40 finds it ordered: done, already."""
    events = run([town_plan({"id": "evac", "level": "IV", "do": "evacuate", "places": ["v"]})],
                 evacuation={"places": [{"place": "v", "ordered_at": 0}]},
                 shelters=[{"id": "school", "name": T("Town school shelter", "镇中学安置点"), "place": "t", "capacity": 2000}])
    assert rows(events, "evacuation_ordered")[["time", "detail"]].values.tolist() == [[0.0, "planned"]]
    assert actions(events)["evac|v|rain50|done|already"] == [(40.0, 0.0)]
    assert plan_kpis(events.attrs["scenario"], events, 600)["plan_actions_completed_share"] == 1.0


def test_a_plan_orders_the_evacuation_of_a_named_place():
    events = run([town_plan({"id": "evac", "level": "IV", "do": "evacuate", "places": ["v"]})])
    ordered = rows(events, "evacuation_ordered")
    assert ordered[["time", "entity", "detail"]].values.tolist() == [[40.0, "v", "plan:town_plan"]]
    assert actions(events)["evac|v|rain50|done"] == [(40.0, 0.0)]


def test_stock_is_released_to_the_township_tier_through_a_transfer():
    """City store (c) to the town store (t): release at 40, loading 10 (50), road c -> t 10: received at 60."""
    data = tiny_dict()
    depots = [*data["depots"], {"id": "city_store", "name": T("City reserve", "市储备库"), "tier": "city", "place": "c", "stock": {"sandbag": 500}, "loading_minutes": 10}]
    events = run([town_plan({"id": "stock", "level": "IV", "do": "release_stock", "tier": "township", "items": {"sandbag": 200}})], depots=depots)
    sent = rows(events, "transfer_dispatched")
    assert sent[["time", "entity", "quantity", "detail"]].values.tolist() == [[40.0, "city_store", 200.0, "town_store"]]
    received = rows(events, "transfer_received")
    assert received[["time", "entity", "quantity"]].values.tolist() == [[60.0, "town_store", 200.0]]
    assert actions(events)["stock|town_store|rain50|done"] == [(60.0, 20.0)]


def test_same_seed_same_log_and_no_engine_without_plans(tiny):
    from simulator.engine.context import SimContext
    from simulator.models.world import World

    plans = [town_plan({"id": "pre", "level": "IV", "do": "preposition", "teams": ["town_team"], "place": "v"})]
    assert run(plans).equals(run(plans))
    world = World(SimContext.create(parse_scenario(to_yaml(tiny), "tiny.yaml")))
    assert world.plans is None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_sets_the_plan_as_written_beside_the_plan_as_executed(lang):
    from simulator.report.html import build_report_html
    from simulator.scenario.vocabulary import KPI_NAMES

    data = tiny_dict()
    data["hazard_series"] = [RAIN]
    data["teams"].append(TOWN_TEAM)
    data["plans"] = [town_plan(
        {"id": "pre", "level": "IV", "do": "preposition", "teams": ["town_team"], "place": "v"},
        {"id": "evac", "level": "I", "do": "evacuate", "places": ["v"]},  # level I is never reached: written, not called for
    )]
    scenario = parse_scenario(to_yaml(data), "tiny.yaml")
    events = simulate(scenario).events
    html = build_report_html(scenario, events, dict.fromkeys(KPI_NAMES), [], {"seed": 7}, lang)
    heading = {"en": "Contingency plans: as written and as executed", "zh": "应急预案:文本规定与实际执行"}[lang]
    assert heading in html
    names = {"en": ["Town flood plan", "Town shock team", "Village"], "zh": ["镇防汛预案", "镇突击队", "村"]}[lang]
    for name in names:
        assert name in html
    section = html[html.index(heading):]
    section = section[: section.index("</section>")]
    assert "town_team" not in section and "town_plan" not in section  # names, not ids


def test_military_support_waits_for_an_incident_and_is_done_when_approved():
    """The city plan (100 mm/h at 90) asks for the army; no incident yet, so it waits.

    The flood at v (100) is commanded by the town office at 118 (above); then
    the request goes through the players' decision: the approval climbs from
    the town office to the city bureau (link 1: 119, handling 3: 122) and the
    city decides in 20: approved at 142, 52 minutes after the trigger.
    """
    army = {"id": "army", "name": T("Army engineers", "驻军工兵"), "type": "army", "size": 40, "base": "c", "owner": "city_office",
            "capabilities": ["evacuation"], "mobilisation_minutes": 30, "approval": {"authority": "city_office", "minutes": 20}}
    data = tiny_dict()
    events = run(
        [city_plan({"id": "army_support", "level": "III", "do": "request_military", "teams": ["army"]})],
        teams=[*data["teams"], TOWN_TEAM, army],
    )
    got = actions(events)
    assert got["army_support|army|rain100|waiting|no_incident_yet"] == [(90.0, 0.0)]
    assert rows(events, "military_requested")[["time", "team", "unit"]].values.tolist() == [[118.0, "army", "town_office"]]
    assert rows(events, "military_approved")[["time", "team", "unit"]].values.tolist() == [[142.0, "army", "city_office"]]
    assert got["army_support|army|rain100|done"] == [(142.0, 52.0)]
    assert rows(events, "plan_decision")["entity"].tolist() == ["dispatch_team"] and rows(events, "decision").empty


def test_an_evacuation_into_a_shelter_too_small_is_shown_with_the_people_left_without_room():
    """The village's 1,000 people (tiny scenario) are ordered out at 40; the town school holds 200: 800 find no room."""
    from simulator.metrics.plans import plan_execution
    from simulator.report.plan_execution import plan_tables

    shelters = [{"id": "school", "name": T("Town school shelter", "镇中学安置点"), "place": "t", "capacity": 200}]
    events = run([town_plan({"id": "evac", "level": "IV", "do": "evacuate", "places": ["v"]})], shelters=shelters)
    scenario = events.attrs["scenario"]
    row = plan_execution(scenario, events, 600).iloc[0]
    assert (row["status"], row["done"], row["short"]) == ("on_time", 40.0, 800.0)
    assert plan_tables(scenario, events, 600, "en")[1].rows[0][-1] == "on time; 800 people found no shelter with room"
    assert plan_tables(scenario, events, 600, "zh")[1].rows[0][-1] == "按时; 800 人未找到有空位的安置点"


def test_people_lost_in_the_area_trigger_the_plan():
    """Three people trapped at the flood (minute 100, v); the team arrives at 139 (above) and, with a survival
    curve at 0, all three are lost then: the casualties trigger (3) fires at 139, with the count 3."""
    data = tiny_dict()
    data["incidents"][0]["trapped"] = {"people": 3, "rescue_capability": "pumping"}
    data["response"] = {"survival_curve": [[0, 0.0], [60, 0.0]]}
    data["plans"] = [city_plan(triggers=[{"id": "three_lost", "casualties": 3, "level": "II"}])]
    events = simulate(parse_scenario(to_yaml(data), "tiny.yaml")).events
    assert rows(events, "people_lost")[["time", "quantity"]].values.tolist() == [[139.0, 3.0]]
    assert rows(events, "plan_activated")[["time", "detail", "level", "quantity"]].values.tolist() == [[139.0, "three_lost", "II", 3.0]]


def test_two_prepositionings_of_one_team_in_one_step_wait_in_turn():
    """Both actions are due at 40 (rain 50 mm/h). The first takes the town team at once: it mobilises 5
    (45) and drives t -> v 5, staged at v at 50. The second found it busy (pre-positioning) and waits; the
    team staged at 50 frees it: it moves on from v without a second turnout, v -> t 5 and t -> c 10,
    staged at c at 65, 25 minutes after the trigger."""
    events = run([town_plan(
        {"id": "pre", "level": "IV", "do": "preposition", "teams": ["town_team"], "place": "v"},
        {"id": "pre_city", "level": "IV", "do": "preposition", "teams": ["town_team"], "place": "c"},
    )])
    got = actions(events)
    assert got["pre|town_team|rain50|done"] == [(50.0, 10.0)]
    assert got["pre_city|town_team|rain50|waiting"] == [(40.0, 0.0)]
    assert got["pre_city|town_team|rain50|done"] == [(65.0, 25.0)]
    assert rows(events, "team_staged")[["time", "location"]].values.tolist() == [[50.0, "v"], [65.0, "c"]]
    assert rows(events, "team_prepositioning")[["time", "location", "detail"]].values.tolist() == [[40.0, "t", "v"], [50.0, "v", "c"]]


def test_a_second_prepositioning_with_skip_finds_the_team_busy():
    events = run([town_plan(
        {"id": "pre", "level": "IV", "do": "preposition", "teams": ["town_team"], "place": "v"},
        {"id": "pre_city", "level": "IV", "do": "preposition", "teams": ["town_team"], "place": "c", "if_busy": "skip"},
    )])
    got = actions(events)
    assert got["pre_city|town_team|rain50|impossible|team_busy"] == [(40.0, 0.0)]
    assert rows(events, "team_staged")[["time", "location"]].values.tolist() == [[50.0, "v"]]


ARMY = {"id": "army", "name": T("Army engineers", "驻军工兵"), "type": "army", "size": 40, "base": "c", "owner": "city_office",
        "capabilities": ["evacuation"], "mobilisation_minutes": 30, "approval": {"authority": "city_office", "minutes": 20}}


def _territorial_command() -> dict:
    command = tiny_dict()["command"]
    command["dispatch"] = "territory_first"  # a unit sends only the teams of its own subtree
    return command


def test_military_support_a_commander_may_not_send_is_impossible_with_its_reason():
    """The city plan asks for the city's army at 90; no incident yet, so it waits. The flood at v (100) is
    commanded by the town office at 118 (level IV, township tier); under territory first the town office
    may not send the city's army: impossible at 118, 28 minutes after the trigger, with the reason
    shown in words in the report."""
    from simulator.report.plan_execution import plan_tables

    data = tiny_dict()
    events = run(
        [city_plan({"id": "army_support", "level": "III", "do": "request_military", "teams": ["army"]})],
        teams=[*data["teams"], TOWN_TEAM, ARMY], command=_territorial_command(),
    )
    got = actions(events)
    assert got["army_support|army|rain100|waiting|no_incident_yet"] == [(90.0, 0.0)]
    assert got["army_support|army|rain100|impossible|outside_territory"] == [(118.0, 28.0)]
    assert rows(events, "military_requested").empty
    scenario = events.attrs["scenario"]
    assert plan_tables(scenario, events, 600, "en")[1].rows[0][-1] == "impossible: the team is outside the unit's territory"
    assert plan_tables(scenario, events, 600, "zh")[1].rows[0][-1] == "无法执行: 队伍不在本单位辖区内"


def test_military_support_is_asked_once_the_plan_raises_the_area_so_the_city_commands():
    """As above, but the city plan first sets its area to level III: the flood (100) is raised as it occurs
    and commanded by the city bureau at 122 (village 111-113, town 114-118, link 1, city 3: the first test).
    The city asks for its own army then: approved 20 minutes later, at 142, 52 minutes after the trigger."""
    data = tiny_dict()
    events = run(
        [city_plan(
            {"id": "level", "level": "III", "do": "set_response_level"},
            {"id": "army_support", "level": "III", "do": "request_military", "teams": ["army"]},
        )],
        teams=[*data["teams"], TOWN_TEAM, ARMY], command=_territorial_command(),
    )
    assert rows(events, "military_requested")[["time", "team", "unit"]].values.tolist() == [[122.0, "army", "city_office"]]
    assert rows(events, "military_approved")[["time", "team"]].values.tolist() == [[142.0, "army"]]
    assert actions(events)["army_support|army|rain100|done"] == [(142.0, 52.0)]


def test_stock_cut_off_by_road_is_impossible_as_unreachable_not_as_no_stock():
    """As the transfer above, but an inject closes the only road c - t at 0: the city store holds sandbags
    and cannot send them, so the release (40) is impossible because the road is cut."""
    data = tiny_dict()
    depots = [*data["depots"], {"id": "city_store", "name": T("City reserve", "市储备库"), "tier": "city", "place": "c", "stock": {"sandbag": 500}, "loading_minutes": 10}]
    cut = [{"id": "cut", "time": 0, "text": T("road cut"), "effect": {"type": "close_road", "from": "c", "to": "t"}}]
    events = run([town_plan({"id": "stock", "level": "IV", "do": "release_stock", "tier": "township", "items": {"sandbag": 200}})], depots=depots, injects=cut)
    assert actions(events)["stock|town_store|rain50|impossible|unreachable"] == [(40.0, 0.0)]
    assert rows(events, "transfer_dispatched").empty


def test_military_support_cut_off_by_road_waits_and_goes_when_the_road_opens():
    """As the first military test, with the only road c - t closed by an inject at 0 and reopened at 125.

    The flood at v is commanded by the town office at 118: the city's army (base c) cannot reach v, so
    the request waits with the reason ``unreachable`` (118, 28 minutes after the trigger at 90), not
    impossible for good. The road opens at 125 and the request goes then: the approval climbs from the
    town office to the city bureau (link 1, handling 3) and the city decides in 20: 125 + 24 = 149,
    59 minutes after the trigger. (The flood is still open at 125: the town team arrives at 129.)
    """
    data = tiny_dict()
    roads = [
        {"id": "cut", "time": 0, "text": T("road cut"), "effect": {"type": "close_road", "from": "c", "to": "t"}},
        {"id": "mend", "time": 125, "text": T("road mended"), "effect": {"type": "open_road", "from": "c", "to": "t"}},
    ]
    events = run([city_plan({"id": "army_support", "level": "III", "do": "request_military", "teams": ["army"]})], teams=[*data["teams"], TOWN_TEAM, ARMY], injects=roads)
    got = actions(events)
    assert got["army_support|army|rain100|waiting|no_incident_yet"] == [(90.0, 0.0)]
    assert got["army_support|army|rain100|waiting|unreachable"] == [(118.0, 28.0)]
    assert not any("impossible" in key for key in got)
    assert rows(events, "military_requested")[["time", "team", "unit"]].values.tolist() == [[125.0, "army", "town_office"]]
    assert got["army_support|army|rain100|done"] == [(149.0, 59.0)]


def test_military_support_the_dispatcher_sent_when_the_road_opened_is_done_already():
    """As above, with the flood also needing evacuation (the army's capability): when the road opens at
    125 the automatic dispatcher sends the army to that need first (the road's own step), so the plan's
    retry in the next zero-minute step finds it on a job in the area: done, ``already``, at 125,
    35 minutes after the trigger at 90, and no second request (one military_requested, at 125)."""
    data = tiny_dict()
    data["hazard_series"] = [RAIN]
    data["teams"] += [TOWN_TEAM, ARMY]
    data["incidents"][0]["needs"].append({"capability": "evacuation", "teams": 1, "on_scene_minutes": 60})
    data["injects"] = [
        {"id": "cut", "time": 0, "text": T("road cut"), "effect": {"type": "close_road", "from": "c", "to": "t"}},
        {"id": "mend", "time": 125, "text": T("road mended"), "effect": {"type": "open_road", "from": "c", "to": "t"}},
    ]
    data["plans"] = [city_plan({"id": "army_support", "level": "III", "do": "request_military", "teams": ["army"]})]
    events = simulate(parse_scenario(to_yaml(data), "tiny.yaml")).events
    got = actions(events)
    assert got["army_support|army|rain100|waiting|unreachable"] == [(118.0, 28.0)]
    assert got["army_support|army|rain100|done|already"] == [(125.0, 35.0)]
    assert rows(events, "military_requested")[["time", "team"]].values.tolist() == [[125.0, "army"]]
    assert rows(events, "plan_decision").empty  # the dispatcher's request, not the plan's
