"""Supply deliveries at exact, hand-computed times.

Source: hand calculation from the model's stated rules
(simulator/models/supplies/transport.py and bureau.py): a release waits for
the deciding tier's decision delay; each truckload takes a free truck,
loads, drives the fastest open road, unloads, and drives back.

Case 1, one depot with one truck (1,000 kg), boxes of 10 kg, road 15 min,
loading 10, unloading 5, city decision 20; 250 boxes asked for at t=0:
  loads: 100, 100, 50 (1,000 kg each at most)
  trip 1: released 20, loaded 30, arrives 45, delivered 50, back 65
  trip 2: loaded 75, arrives 90, delivered 95, back 110
  trip 3: loaded 120, arrives 135, delivered 140, back 155
  truck busy 20..155 of a 200-minute horizon -> utilisation 0.675
Case 2, the tiny scenario of tests/conftest.py through the whole world:
  the first model delivered at 133 (command 118 + loading 10 + road 5);
  with a township decision delay of 7 and unloading 3 -> 118 + 7 + 10 + 5 + 3 = 143.
"""

from __future__ import annotations

import pytest

from simulator.engine import SimContext, Stepper
from simulator.metrics import compute_kpis
from simulator.metrics.supplies import first_delivery_table, ledger, truck_utilisation
from simulator.models import simulate
from simulator.models.geography import RoadNetwork
from simulator.models.supplies import SupplySystem
from simulator.models.supplies.allocation import Site
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml

T = {"zh": "甲", "en": "a"}


def one_truck_scenario() -> dict:
    return {
        "schema_version": 1,
        "meta": {"id": "one_truck", "title": T, "description": T, "horizon": 200},
        "places": [
            {"id": "d", "name": T, "level": "city", "x": 0, "y": 0},
            {"id": "s", "name": T, "level": "township", "parent": "d", "x": 5, "y": 0},
        ],
        "roads": [{"from": "d", "to": "s", "minutes": 15}],
        "command": {"units": [{"id": "bureau", "name": T, "level": "city", "place": "d"}]},
        "items": [{"id": "box", "name": T, "unit": T, "weight_kg": 10}],
        "depots": [
            {"id": "store", "name": T, "tier": "city", "place": "d", "stock": {"box": 1000},
             "loading_minutes": 10, "unloading_minutes": 5, "trucks": {"count": 1, "capacity_kg": 1000}},
        ],
        "logistics": {"policy": "centralised", "decision_minutes": {"city": 20}},
    }


@pytest.fixture(scope="module")
def one_truck():
    ctx = SimContext.create(parse_scenario(to_yaml(one_truck_scenario())))
    supplies = SupplySystem(ctx, RoadNetwork(ctx.scenario))

    def ask():
        yield ctx.env.timeout(0)
        supplies.bureau.submit(Site("site", "s", "incident", 1, "inc-1"), {"box": 250})

    ctx.env.process(ask())
    Stepper(ctx).run_to_end()
    return ctx.recorder.to_frame()


def _rows(events, kind, *cols):
    return events.loc[events["kind"] == kind, list(cols)].values.tolist()


def test_one_truck_deliveries_at_hand_computed_times(one_truck):
    ev = one_truck
    assert _rows(ev, "supply_dispatched", "time", "quantity") == [[0, 250]]
    assert _rows(ev, "supply_released", "time") == [[20]]
    assert _rows(ev, "truck_loading", "time") == [[20], [65], [110]]
    assert _rows(ev, "supply_loaded", "time", "quantity") == [[30, 100], [75, 100], [120, 50]]
    assert _rows(ev, "truck_arrived", "time") == [[45], [90], [135]]
    assert _rows(ev, "supply_delivered", "time", "quantity") == [[50, 100], [95, 100], [140, 50]]
    assert _rows(ev, "truck_returned", "time") == [[65], [110], [155]]


def test_one_truck_kpis_and_ledger(one_truck):
    ev = one_truck
    assert truck_utilisation(ev, 200).to_dict() == {"store.truck1": pytest.approx(135 / 200)}
    assert first_delivery_table(ev).loc["site", "wait"] == 50
    book = ledger(ev).loc["box"]
    assert (book["depot"], book["in_transit"], book["delivered"], book["entered"]) == (750, 0, 250, 1000)


def test_tiny_world_with_a_decision_delay_and_unloading(tiny):
    tiny["logistics"] = {"policy": "tier_nearest", "decision_minutes": {"township": 7}}
    tiny["depots"][0]["unloading_minutes"] = 3
    tiny["depots"][0]["trucks"] = {"count": 1, "capacity_kg": 500}
    events = simulate(parse_scenario(to_yaml(tiny))).events
    assert _rows(events, "supply_released", "time") == [[125]]
    assert _rows(events, "supply_delivered", "time", "quantity") == [[143, 40]]
    assert _rows(events, "truck_returned", "time") == [[148]]
    kpis = compute_kpis(events, 600, ["city_team"])
    assert kpis["supply_fill_rate"] == 1.0
    assert kpis["supply_first_delivery_mean"] == 143 - 118
    assert kpis["truck_utilisation_mean"] == pytest.approx((148 - 125) / 600)
