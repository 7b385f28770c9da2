"""Evacuation 转移避险 on a small road network, every time computed by hand.

    v (600 people) --20-- a (shelter A) --15-- b (shelter B)
    v --30-- t --50-- b          (so v -> b is 35 by a, not 80 by t)

Rule (simulator.models.evacuation_flow): people told to go leave at the
place's rate in groups of ``group_minutes`` of flow; a group leaves when
its last member has gone and travels by road to the nearest open shelter
with room; a full shelter sends the rest on to the next.
"""

from __future__ import annotations

import pytest

from simulator.engine import SimContext, Stepper
from simulator.metrics.kpis import compute_kpis
from simulator.metrics.people import people_by_state, people_kpis, shelter_table
from simulator.models import World
from simulator.models.run import simulate
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml

T = {"zh": "甲", "en": "a"}


def base(capacity_a=1000, capacity_b=1000, opens_b="at_start", **evacuation) -> dict:
    place = {"place": "v", "ordered_at": 0, **evacuation.pop("place", {})}
    return {
        "schema_version": 1,
        "meta": {"id": "evac", "title": T, "description": T, "horizon": 600},
        "places": [
            {"id": "c", "name": T, "level": "city", "x": 0, "y": 0},
            {"id": "t", "name": T, "level": "township", "parent": "c", "x": 1, "y": 0},
            {"id": "v", "name": T, "level": "village", "parent": "t", "x": 2, "y": 0, "population": 600},
            {"id": "a", "name": T, "level": "village", "parent": "t", "x": 3, "y": 0},
            {"id": "b", "name": T, "level": "village", "parent": "t", "x": 4, "y": 0},
        ],
        "roads": [
            {"from": "c", "to": "t", "minutes": 10},
            {"from": "v", "to": "a", "minutes": 20},
            {"from": "a", "to": "b", "minutes": 15},
            {"from": "v", "to": "t", "minutes": 30},
            {"from": "t", "to": "b", "minutes": 50},
        ],
        "command": {"link_minutes": 1, "units": [{"id": "city", "name": T, "level": "city", "place": "c", "handling_minutes": 2}]},
        "shelters": [
            {"id": "A", "name": {"zh": "甲安置点", "en": "Shelter A"}, "place": "a", "capacity": capacity_a},
            {"id": "B", "name": {"zh": "乙安置点", "en": "Shelter B"}, "place": "b", "capacity": capacity_b, "opens": opens_b},
        ],
        "evacuation": {"places": [place], "rate_per_hour": 300, "group_minutes": 10, **evacuation},
    }


def rows(events, kind, *columns):
    return events.loc[events["kind"] == kind, list(columns)].values.tolist()


def run(data):
    return simulate(parse_scenario(to_yaml(data), "evac.yaml")).events


def test_ordered_place_leaves_at_its_rate_and_the_last_arrive_at_128():
    # 600 people, 10% refuse: 540 go. At 300 an hour a 10-minute group is 50 people, so
    # groups leave at 10, 20, ..., 100 (10 x 50 = 500) and the last 40 at 100 + 40/300*60 = 108;
    # each reaches A 20 minutes later: 30, 40, ..., 120 and 128 (= 20 + 540/300*60).
    events = run(base(refuse_share=0.1))
    assert rows(events, "evacuation_ordered", "time", "quantity", "detail") == [[0, 600, "planned"]]
    assert rows(events, "evacuation_refused", "quantity") == [[60]]
    arrived = rows(events, "evacuees_arrived", "time", "entity", "quantity", "detail")
    assert arrived == [[20 + 10 * k, "A", 50, "v"] for k in range(1, 11)] + [[128, "A", 40, "v"]]
    final = people_by_state(events).iloc[-1]
    assert (final["home"], final["moving"], final["sheltered"]) == (60, 0, 540)


def test_a_full_shelter_sends_the_rest_on_to_the_next():
    # 600 go (no refusals): 12 groups of 50 leave at 10, 20, ..., 120. A holds 200: the groups
    # reaching it at 30, 40, 50, 60 fill it. The group that left at 50 (A had room then) reaches
    # the full A at 70 and goes on to B, 15 minutes further: 85. From 60 on A is full when a group
    # leaves, so groups go straight to B (35 minutes, by a): 60 + 35 = 95, ..., 120 + 35 = 155.
    events = run(base(capacity_a=200))
    at_a = rows(events, "evacuees_arrived", "time", "entity", "quantity")
    assert [r for r in at_a if r[1] == "A"] == [[30, "A", 50], [40, "A", 50], [50, "A", 50], [60, "A", 50]]
    assert [r for r in at_a if r[1] == "B"] == [[85, "B", 50]] + [[t + 35, "B", 50] for t in range(60, 121, 10)]
    assert rows(events, "shelter_overflow", "time", "entity", "quantity") == [[70, "A", 50]]
    table = shelter_table(events, parse_scenario(to_yaml(base(capacity_a=200)), "evac.yaml"))
    assert table.loc["A", "peak"] == 200 and table.loc["A", "peak_share"] == 1.0
    assert table.loc["B", "peak"] == 400 and table.loc["B", "peak_share"] == 0.4 and table.loc["A", "overflow"] == 50


def test_without_room_people_go_home_until_a_shelter_opens():
    # B opens only on order and A holds 100: the groups reaching A at 30 and 40 fill it; the
    # group reaching it at 50 is turned away (home). B opens at 200: the 500 waiting (turned
    # away by then) leave again at 300 an hour, from 200: 50 every 10 minutes, at 210 ... 300,
    # and reach B 35 minutes later (v -> a -> b), from 245 to 335.
    sc = parse_scenario(to_yaml(base(capacity_a=100, opens_b="on_order")), "evac.yaml")
    ctx = SimContext.create(sc)
    world = World(ctx).start()
    stepper = Stepper(ctx)
    stepper.run_until(200)
    assert world.people.books["v"]["home"] == 500 and world.people.books["v"]["sheltered"] == 100
    assert world.people.open_shelter("B", "plan:open_b") is True
    assert world.people.open_shelter("B", "again") is False and world.people.open_shelter("nowhere", "x") is False
    assert world.people.evacuate(["v"], "again") == []  # already ordered
    stepper.run_to_end()
    events = ctx.recorder.to_frame()
    assert rows(events, "shelter_opened", "time", "entity", "quantity", "detail") == [[200, "B", 1000, "plan:open_b"]]
    at_b = rows(events, "evacuees_arrived", "time", "entity", "quantity")
    assert [r for r in at_b if r[1] == "B"] == [[t + 35, "B", 50] for t in range(210, 301, 10)]
    # turned away: 50 on reaching the full A at 50, and 450 finding no room when leaving (40 ... 120)
    assert rows(events, "people_turned_away", "time", "quantity") == [[50, 50]]
    assert events.loc[events["kind"] == "evacuation_no_shelter", "quantity"].sum() == 450
    assert people_kpis(events, sc)["people_turned_away"] == 500


def test_evacuate_orders_a_populated_place_once_and_skips_others():
    data = base()
    data["evacuation"]["places"][0].pop("ordered_at")
    sc = parse_scenario(to_yaml(data), "evac.yaml")
    ctx = SimContext.create(sc)
    world = World(ctx).start()
    Stepper(ctx).run_until(30)
    # a (no population) and an unknown id are skipped; v is ordered once
    assert world.people.evacuate(["v", "a", "ghost", "v"], "plan:p1") == ["v"]
    assert world.people.evacuate(["v"], "plan:p2") == []
    events = ctx.recorder.to_frame()
    assert rows(events, "evacuation_ordered", "time", "entity", "detail") == [[30, "v", "plan:p1"]]


def test_share_sheltered_before_the_hazard_counts_the_moving_as_not_sheltered():
    # hazard at 75: groups reach A at 30..70 (5 x 50 = 250 of 600) before it; share 250/600.
    data = base(place={"hazard_minute": 75})
    events = run(data)
    sc = parse_scenario(to_yaml(data), "evac.yaml")
    kpis = people_kpis(events, sc)
    assert kpis["evacuation_sheltered_before_hazard_share"] == pytest.approx(250 / 600)
    assert compute_kpis(events, 600, scenario=sc)["evacuation_sheltered_before_hazard_share"] == pytest.approx(250 / 600)
    # a run cut at 100: 350 sheltered, the rest at home or moving count as not sheltered (hazard at 75 anyway)
    cut = events[events["time"] <= 100]
    assert people_kpis(cut, sc, until=100)["evacuation_sheltered_before_hazard_share"] == pytest.approx(250 / 600)


def test_delayed_share_leaves_after_its_delay():
    # 600 go; 20% (120) delay by a fixed 200 minutes: 480 leave 10..96 (9 x 50 at 10..90, then 30 at 96),
    # the 120 are ready at 200: 50 at 210, 50 at 220, 20 at 224; reaching A 20 minutes later.
    events = run(base(delay={"share": 0.2, "minutes": 200}))
    times = [r[0] for r in rows(events, "evacuees_arrived", "time")]
    assert times == [30 + 10 * k for k in range(9)] + [116, 230, 240, 244]
    assert sum(r[0] for r in rows(events, "evacuees_arrived", "quantity")) == 600


@pytest.mark.parametrize("name", ["rainstorm", "street"])
def test_the_bundled_scenarios_evacuate_shelter_and_rescue(name, request):
    # structure only (the numbers depend on the scenarios' random draws): the at-risk places of
    # the evacuation: section send people to shelters, trapped incidents have people to rescue,
    # everybody is accounted for and no shelter holds more than its capacity
    scenario = request.getfixturevalue(name)
    events = simulate(scenario).events
    at_risk = {e.place for e in scenario.evacuation.places}
    arrived = events[events["kind"] == "evacuees_arrived"]
    assert at_risk <= set(arrived["detail"])
    kpis = compute_kpis(events, scenario.meta.horizon, scenario=scenario)
    assert kpis["people_rescued_alive"] is not None and kpis["rescued_alive_share"] is not None
    assert 0 < kpis["evacuation_sheltered_before_hazard_share"] <= 1
    assert (events.loc[events["kind"] == "people_trapped", "quantity"] > 0).all()
    table = shelter_table(events, scenario)
    assert (table["peak"] <= table["capacity"]).all()
    final = people_by_state(events).iloc[-1]
    entered = events.loc[events["kind"] == "people_entered", "quantity"].sum()
    assert sum(final[s] for s in ("home", "moving", "sheltered", "trapped", "rescued", "casualty")) == entered
