"""Supply logistics behaviour: policies, depot injects, enterprise reserves, shelters, the flagship.

Times in the small cases are computed by hand from the stated rules
(simulator/models/supplies): decision delay, then (agreement) lead time or
(capacity) production in lots, then loading, road, unloading.
"""

from __future__ import annotations

import pandas as pd
import pytest

from simulator.engine import SimContext, Stepper
from simulator.metrics import compute_kpis
from simulator.metrics.supplies import first_delivery_table, ledger, unmet_over_time
from simulator.models import simulate
from simulator.models.geography import RoadNetwork
from simulator.models.supplies import SupplySystem
from simulator.models.supplies.allocation import Site
from simulator.scenario import ScenarioError, parse_scenario
from simulator.scenario.variants import apply_plan, load_plan
from tests.conftest import SCENARIOS, to_yaml

T = {"zh": "甲", "en": "a"}


def two_towns(**logistics) -> dict:
    """City c with townships t1 (10 min away) and t2 (4 min from t1, 20 from c); a site at village v1 of t1."""
    return {
        "schema_version": 1,
        "meta": {"id": "towns", "title": T, "description": T, "horizon": 600},
        "places": [
            {"id": "c", "name": T, "level": "city", "x": 0, "y": 0},
            {"id": "t1", "name": T, "level": "township", "parent": "c", "x": 1, "y": 0},
            {"id": "t2", "name": T, "level": "township", "parent": "c", "x": 2, "y": 0},
            {"id": "v1", "name": T, "level": "village", "parent": "t1", "x": 1, "y": 1},
        ],
        "roads": [{"from": "c", "to": "t1", "minutes": 10}, {"from": "t1", "to": "t2", "minutes": 4},
                  {"from": "c", "to": "t2", "minutes": 20}, {"from": "t1", "to": "v1", "minutes": 5}],
        "command": {"units": [{"id": "bureau", "name": T, "level": "city", "place": "c"}]},
        "items": [{"id": "water", "name": T, "unit": T, "kind": "water"}],
        "depots": [
            {"id": "city_store", "name": T, "tier": "city", "place": "c", "stock": {"water": 1000}, "loading_minutes": 0},
            {"id": "t2_store", "name": T, "tier": "township", "place": "t2", "stock": {"water": 1000}, "loading_minutes": 0},
        ],
        "logistics": logistics,
    }


def drive(data: dict, asks: list[tuple[float, dict]], injects=()) -> pd.DataFrame:
    """Run the supply system alone: ``asks`` are (time, items) requests from the site at v1."""
    ctx = SimContext.create(parse_scenario(to_yaml(data)))
    supplies = SupplySystem(ctx, RoadNetwork(ctx.scenario))

    def ask(t, items, n):
        yield ctx.env.timeout(t)
        supplies.bureau.submit(Site(f"site{n}", "v1", "incident", 1, f"inc{n}"), items)

    def inject(t, depot, up):
        yield ctx.env.timeout(t)
        supplies.set_in_service(depot, up)

    for n, (t, items) in enumerate(asks):
        ctx.env.process(ask(t, items, n))
    for t, depot, up in injects:
        ctx.env.process(inject(t, depot, up))
    Stepper(ctx).run_to_end()
    return ctx.recorder.to_frame()


def _delivered(events):
    rows = events[events["kind"] == "supply_delivered"]
    return rows[["time", "entity", "quantity"]].values.tolist()


def test_centralised_uses_the_nearest_stock_whatever_its_tier():
    # t2's store is 9 minutes from v1 (4 + 5), the city's 15 (10 + 5); the city decides (10 minutes)
    events = drive(two_towns(policy="centralised", decision_minutes={"city": 10, "township": 2}), [(0, {"water": 100})])
    assert _delivered(events) == [[10 + 9, "t2_store", 100]]


def test_tier_nearest_keeps_to_the_sites_own_territory():
    # t2's store serves township t2 only; v1 (in t1) climbs to the city store, decided by the city
    events = drive(two_towns(policy="tier_nearest", decision_minutes={"city": 10, "township": 2}), [(0, {"water": 100})])
    assert _delivered(events) == [[10 + 15, "city_store", 100]]


def test_hybrid_pools_other_townships_through_the_city():
    data = two_towns(policy="hybrid", decision_minutes={"city": 10, "township": 2})
    data["depots"].append({"id": "t1_store", "name": T, "tier": "township", "place": "t1", "stock": {"water": 30}, "loading_minutes": 0})
    events = drive(data, [(0, {"water": 100})])
    # own township first (local decision 2 + road 5), the rest from the nearest pooled store (city decides)
    assert _delivered(events) == [[2 + 5, "t1_store", 30], [10 + 9, "t2_store", 70]]


def test_a_closed_depot_releases_nothing_until_it_reopens():
    data = two_towns(policy="centralised", decision_minutes={"city": 10})
    events = drive(data, [(0, {"water": 100}), (50, {"water": 100})], injects=[(1, "t2_store", False), (100, "t2_store", True)])
    # the first request was allocated to t2 before the closure; its release (at 10) waits
    # until t2 reopens at 100; the second, made while t2 is closed, goes to the city store
    assert _delivered(events) == [[50 + 10 + 15, "city_store", 100], [100 + 9, "t2_store", 100]]
    assert events[events["kind"].isin(["depot_closed", "depot_opened"])]["time"].tolist() == [1, 100]


def test_agreement_reserve_ships_after_its_lead_time():
    data = two_towns()
    data["depots"] = [{"id": "market", "name": T, "tier": "city", "place": "c", "kind": "agreement", "stock": {"water": 500},
                       "release_lead_minutes": 120, "loading_minutes": 10}]
    events = drive(data, [(0, {"water": 100})])
    assert _delivered(events) == [[120 + 10 + 15, "market", 100]]


def test_production_capacity_makes_and_ships_in_lots():
    # 60 an hour after a 30-minute lead, lots of 30 minutes (30 units): 70 units come in lots of 30, 30, 10
    data = two_towns()
    data["depots"] = [{"id": "plant", "name": T, "tier": "city", "place": "c", "kind": "capacity", "loading_minutes": 0,
                       "production": {"water": {"rate_per_hour": 60, "lead_minutes": 30, "lot_minutes": 30, "max_units": 100}}}]
    events = drive(data, [(0, {"water": 70}), (1, {"water": 70})])
    made = events[events["kind"] == "stock_received"][["time", "quantity"]].values.tolist()
    assert made == [[60, 30], [90, 30], [100, 10], [130, 30]]  # the second order gets the last 30 of the 100
    assert _delivered(events) == [[75, "plant", 30], [105, "plant", 30], [115, "plant", 10], [145, "plant", 30]]
    assert events.loc[events["kind"] == "supply_short", "quantity"].tolist() == [40]


def test_shelter_needs_after_household_reserves_and_person_days_unmet(tiny):
    # 100 people arrive at 60 with 2 hours of household reserves and nothing sent:
    # from 180 to 600 they lack 100 x 420/1440 person-days of water = 29.17
    tiny["depots"] = []
    tiny["items"][0].update(kind="water")
    tiny["shelters"] = [{"id": "school", "name": T, "place": "t", "capacity": 500,
                         "arrivals": [{"time": 60, "people": 100}], "needs_per_person_day": {"sandbag": 6}}]
    tiny["logistics"] = {"household_hours": 2}
    events = simulate(parse_scenario(to_yaml(tiny))).events
    kpis = compute_kpis(events, 600)
    assert kpis["unmet_person_days"] == pytest.approx(100 * 420 / 1440)
    assert events.loc[events["kind"] == "demand_unmet", "quantity"].sum() == pytest.approx(6 * 100 * 420 / 1440)
    assert events.loc[events["kind"] == "demand_unmet", "time"].min() == 240  # the first review after 180
    assert kpis["supply_stockouts"] == 1  # one stockout (school, sandbag) lasting to the end


def test_shelter_is_supplied_before_its_reserves_run_out(tiny):
    tiny["items"][0].update(kind="water")
    tiny["shelters"] = [{"id": "school", "name": T, "place": "v", "capacity": 50,
                         "arrivals": [{"time": 60, "people": 80}], "needs_per_person_day": {"sandbag": 1}}]
    tiny["logistics"] = {"household_hours": 2, "shelter_cover_hours": 24, "shelter_reorder_hours": 12}
    tiny["incidents"] = []
    events = simulate(parse_scenario(to_yaml(tiny))).events
    assert events.loc[events["kind"] == "evacuees_arrived", "quantity"].tolist() == [50]
    assert events.loc[events["kind"] == "shelter_overflow", "quantity"].tolist() == [30]
    # an order for a day of cover at arrival: 50 people x 1 a day, delivered at 60 + 10 + 5
    assert events.loc[events["kind"] == "supply_requested", ["time", "quantity"]].values.tolist()[0] == [60, 50]
    assert first_delivery_table(events).loc["school", "first_delivery"] == 75
    assert "demand_unmet" not in set(events["kind"])
    assert compute_kpis(events, 600)["unmet_person_days"] == 0


@pytest.fixture(scope="module")
def flagship(rainstorm):
    return simulate(rainstorm).events


def test_flagship_supplies_shelters_and_accounts_for_everything(rainstorm, flagship):
    ev = flagship
    kinds = set(ev["kind"])
    for kind in ("evacuees_arrived", "supply_consumed", "truck_loading", "transfer_received", "stock_rotated", "stock_expired", "depot_closed"):
        assert kind in kinds, kind
    sites = first_delivery_table(ev)
    assert {s.id for s in rainstorm.shelters if s.arrivals} <= set(sites.index[sites["first_delivery"].notna()])
    book = ledger(ev)
    assert ((book[["depot", "in_transit", "delivered", "consumed", "expired"]].sum(axis=1) - book["entered"]).abs() < 1e-6).all()
    # no truck starts loading at the Erqi reserve while it is out of service
    loading = ev[(ev["kind"] == "truck_loading") & ev["entity"].str.startswith("erqi_reserve.")]["time"]
    assert len(loading) and not ((loading > 540) & (loading < 900)).any()


def test_township_plan_keeps_the_total_and_brings_stock_closer(rainstorm):
    plan = load_plan(SCENARIOS / "plans" / "rainstorm_stock_townships.yaml")
    variant = apply_plan(rainstorm, plan)
    total = lambda sc: {i.id: sum(d.stock.get(i.id, 0) for d in sc.depots) for i in sc.items}
    assert total(variant) == total(rainstorm)
    city = lambda sc: next(d for d in sc.depots if d.id == "city_reserve").stock["water"]
    assert city(variant) < city(rainstorm)
    stockouts = [compute_kpis(simulate(sc, 5).events, 1440)["supply_stockouts"] for sc in (rainstorm, variant)]
    assert stockouts[1] < stockouts[0]


def _rows(events, kind):
    return events.loc[events["kind"] == kind, ["time", "quantity"]].values.tolist()


@pytest.mark.parametrize("shortfall", ["owed", "lost"])
def test_what_a_closed_depot_could_not_give_is_sent_when_it_reopens(shortfall):
    # t2 closed at 0; 1,500 asked at 1: the city store's 1,000 go (city decides 10, road 15 -> 26), 500 are
    # short. t2 reopens at 100: owed, the 500 go from there (decision 10, road 9 -> 119); lost, nothing more
    data = two_towns(policy="centralised", decision_minutes={"city": 10}, shortfall=shortfall)
    events = drive(data, [(1, {"water": 1500})], injects=[(0, "t2_store", False), (100, "t2_store", True)])
    assert _rows(events, "supply_short") == [[1, 500]]
    if shortfall == "owed":
        assert _rows(events, "supply_short_filled") == [[100, 500]]
        assert _delivered(events) == [[26, "city_store", 1000], [119, "t2_store", 500]]
    else:
        assert _rows(events, "supply_short_filled") == []
        assert _delivered(events) == [[26, "city_store", 1000]]


def test_an_owed_request_is_filled_by_the_suppliers_delivery():
    # 30 in stock, 100 asked at 0: 30 go at once (road 15 -> 15), 70 are owed. The allocation
    # leaves 0 <= s = 0, so 100 are ordered from the supplier, in at 60: the 70 go then (-> 75)
    data = two_towns()
    data["depots"] = [{"id": "city_store", "name": T, "tier": "city", "place": "c", "stock": {"water": 30}, "loading_minutes": 0,
                       "reorder": {"water": {"s": 0, "S": 100, "lead_minutes": 60}}}]
    events = drive(data, [(0, {"water": 100})])
    assert _rows(events, "reorder_placed") == [[0, 100]]
    assert _rows(events, "stock_received") == [[60, 100]]
    assert _rows(events, "supply_short") == [[0, 70]] and _rows(events, "supply_short_filled") == [[60, 70]]
    assert _delivered(events) == [[15, "city_store", 30], [75, "city_store", 70]]
    # what was asked for is shipped or still owed, at every moment; here nothing is owed at the end
    assert unmet_over_time(events)["outstanding"].tolist() == [70, 0]
    assert unmet_over_time(events)["cumulative"].tolist() == [70, 70]  # a cumulative shortfall never falls


def test_owed_requests_are_filled_oldest_first():
    # two sites short at 0 and 5 (30 of 50, then 0 of 40). The first allocation empties the store: 50
    # ordered, in at 60: the first site's 20, then 30 of the second's 40. That empties it again: 50 more
    # ordered, in at 120: the second site's last 10
    data = two_towns()
    data["depots"] = [{"id": "city_store", "name": T, "tier": "city", "place": "c", "stock": {"water": 30}, "loading_minutes": 0,
                       "reorder": {"water": {"s": 0, "S": 50, "lead_minutes": 60}}}]
    events = drive(data, [(0, {"water": 50}), (5, {"water": 40})])
    filled = events.loc[events["kind"] == "supply_short_filled", ["time", "entity", "quantity"]].values.tolist()
    assert filled == [[60, "site0", 20], [60, "site1", 30], [120, "site1", 10]]
    assert _rows(events, "stock_received") == [[60, 50], [120, 50]]


def test_a_reorder_its_source_could_not_fill_goes_when_the_source_is_restocked():
    # t2 reorders from the city store (s 10, S 100), which starts empty and orders 200 from a supplier
    # at once (in at 60). The 15 asked at 0 leave t2 at 5 <= 10, but the city has nothing: blocked.
    # At 60 it goes: 95 from the city, c -> t1 -> t2 is 14 minutes, so in at 74
    data = two_towns()
    data["depots"] = [
        {"id": "city_store", "name": T, "tier": "city", "place": "c", "stock": {"water": 0}, "loading_minutes": 0,
         "reorder": {"water": {"s": 0, "S": 200, "lead_minutes": 60}}},
        {"id": "t2_store", "name": T, "tier": "township", "place": "t2", "stock": {"water": 20}, "loading_minutes": 0,
         "reorder": {"water": {"s": 10, "S": 100, "source": "city_store"}}},
    ]
    events = drive(data, [(0, {"water": 15})])
    moves = events.loc[events["kind"].isin(["reorder_placed", "stock_received", "transfer_received"]), ["time", "kind", "entity", "quantity"]]
    assert moves.values.tolist() == [
        [0, "reorder_placed", "city_store", 200],
        [60, "stock_received", "city_store", 200],
        [60, "reorder_placed", "t2_store", 95],
        [74, "transfer_received", "t2_store", 95],
    ]


def test_owed_sites_are_served_before_blocked_reorders_even_when_two_deliveries_land_together():
    # tier_nearest: the site at v1 (township t1) draws on the city store only. The city store starts
    # empty and orders 50 (in at 60); t2's store reorders from it and is blocked; the site is owed 40.
    # A second supplier delivery (to t2's spare store) lands at 60 as well. The site gets its 40 first
    # (road c -> t1 -> v1, 15 minutes: delivered at 75); t2 then takes the 10 left
    data = two_towns(policy="tier_nearest")
    data["depots"] = [
        {"id": "city_store", "name": T, "tier": "city", "place": "c", "stock": {"water": 0}, "loading_minutes": 0,
         "reorder": {"water": {"s": 0, "S": 50, "lead_minutes": 60}}},
        {"id": "t2_store", "name": T, "tier": "township", "place": "t2", "stock": {"water": 0}, "loading_minutes": 0,
         "reorder": {"water": {"s": 10, "S": 100, "source": "city_store"}}},
        {"id": "t2_spare", "name": T, "tier": "township", "place": "t2", "stock": {"water": 0}, "loading_minutes": 0,
         "reorder": {"water": {"s": 0, "S": 5, "lead_minutes": 60}}},
    ]
    events = drive(data, [(1, {"water": 40})])
    assert _rows(events, "supply_short_filled") == [[60, 40]]
    assert _delivered(events)[0] == [75, "city_store", 40]
    t2 = events[(events["kind"] == "reorder_placed") & (events["entity"] == "t2_store")]
    assert t2[["time", "quantity"]].values.tolist()[0] == [60, 10]  # (and 50 when the city's next order is in, at 120)


def test_depots_reordering_from_each_other_in_a_circle_are_rejected():
    data = two_towns()
    data["depots"][0]["reorder"] = {"water": {"s": 50, "S": 100, "source": "t2_store"}}
    data["depots"][1]["reorder"] = {"water": {"s": 50, "S": 100, "source": "city_store"}}
    with pytest.raises(ScenarioError) as err:
        parse_scenario(to_yaml(data), "towns.yaml")
    en = err.value.render("en")
    assert "depots[0].reorder.water.source: depots reorder 'water' from each other in a circle (city_store -> t2_store -> city_store)" in en
    assert "depots[1].reorder.water.source" in en
    assert "循环补货" in err.value.render("zh")
