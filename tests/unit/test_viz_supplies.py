"""Supply figures and metrics from a hand-made event log (structure and data, never pixels)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.i18n import tr
from simulator.metrics import compute_kpis
from simulator.metrics.supplies import (
    delivery_flows,
    fill_rate,
    ledger,
    stock_by_tier,
    unmet_over_time,
)
from simulator.viz.supplies import (
    delivery_sankey,
    stock_by_tier_chart,
    unmet_demand_chart,
)

COLUMNS = ["seq", "time", "kind", "entity", "location", "incident", "team", "unit", "item", "quantity", "level", "detail"]


def event_log(rows: list[dict]) -> pd.DataFrame:
    records = [{c: r.get(c, np.nan if c == "quantity" else "") for c in COLUMNS[1:]} for r in rows]
    frame = pd.DataFrame(records, columns=COLUMNS[1:])
    frame.insert(0, "seq", range(len(frame)))
    return frame.astype({"time": "float64", "quantity": "float64"})


def ev(time, kind, **fields):
    return {"time": time, "kind": kind, **fields}


# City depot C (200 water, 10 kits), township depot T (50 water) and a supermarket's agreement
# reserve M (500 water, never used); a shelter S at place p2,
# an incident site I at p1. C sends 100 water to T (arrives 30); T sends 120 water to S
# (delivered 50) of which S drinks 80 and lacks 20; a supplier brings C 40 water at 60;
# the incident asks for 10 kits and gets 6 (4 short).
ROWS = [
    ev(0, "stock_initial", entity="C", level="city", item="water", quantity=200),
    ev(0, "stock_initial", entity="C", level="city", item="kit", quantity=10),
    ev(0, "stock_initial", entity="T", level="township", item="water", quantity=50),
    ev(0, "stock_initial", entity="M", level="city", item="water", quantity=500, detail="agreement"),
    ev(10, "supply_loaded", entity="C", level="city", item="water", quantity=100, detail="T"),
    ev(30, "transfer_received", entity="T", level="township", item="water", quantity=100, detail="C"),
    ev(35, "supply_requested", entity="S", location="p2", item="water", quantity=120, detail="shelter"),
    ev(35, "supply_requested", entity="I", location="p1", incident="I", item="kit", quantity=10, detail="incident"),
    ev(35, "supply_short", entity="I", location="p1", incident="I", item="kit", quantity=4, detail="incident"),
    ev(40, "supply_loaded", entity="T", level="township", item="water", quantity=120, detail="S"),
    ev(40, "supply_loaded", entity="C", level="city", item="kit", quantity=6, detail="I"),
    ev(50, "supply_delivered", entity="T", level="township", location="p2", item="water", quantity=120, detail="S"),
    ev(55, "supply_delivered", entity="C", level="city", location="p1", incident="I", item="kit", quantity=6, detail="I"),
    ev(60, "stock_received", entity="C", level="city", item="water", quantity=40, detail="supplier"),
    ev(90, "supply_consumed", entity="S", location="p2", item="water", quantity=80),
    ev(90, "demand_unmet", entity="S", location="p2", item="water", quantity=20),
    ev(100, "run_ended"),
]
NAMES = {"water": "Water (bottles)", "kit": "Kits", "C": "City depot", "T": "Town depot", "S": "School", "p1": "Place one"}


@pytest.fixture
def events():
    return event_log(ROWS)


def test_ledger_and_stock_by_tier(events):
    book = ledger(events)
    assert book.loc["water"].to_dict() == {"depot": 670, "in_transit": 0, "delivered": 40, "consumed": 80, "expired": 0, "entered": 790}
    assert book.loc["kit"].to_dict() == {"depot": 4, "in_transit": 0, "delivered": 6, "consumed": 0, "expired": 0, "entered": 10}
    tiers = stock_by_tier(events)
    city_water = tiers[(tiers["tier"] == "city") & (tiers["kind"] == "government") & (tiers["item"] == "water")][["time", "on_hand"]].values.tolist()
    assert city_water == [[0, 200], [10, 100], [60, 140]]
    town_water = tiers[(tiers["tier"] == "township") & (tiers["item"] == "water")][["time", "on_hand"]].values.tolist()
    assert town_water == [[0, 50], [30, 150], [40, 30]]


def test_fill_rate_counts_incident_requests_and_shelter_needs(events):
    # incident: 6 of 10 delivered; shelter: 80 of 100 needed consumed (its 120 ordered are not demand)
    assert fill_rate(events) == pytest.approx((6 + 80) / (10 + 100))
    kpis = compute_kpis(events, 100)
    assert kpis["supply_fill_rate"] == pytest.approx(86 / 110)
    assert kpis["supply_first_delivery_mean"] == pytest.approx(((50 - 35) + (55 - 35)) / 2)
    assert kpis["truck_utilisation_mean"] is None  # no trucks in this log


def test_stock_chart_shows_one_item_at_a_time(events):
    fig = stock_by_tier_chart(events, NAMES, "en")
    city, town = tr("level.city", "en"), tr("level.township", "en")
    # water: city, city enterprise reserve (dashed), township; then kits: city
    assert [t.name for t in fig.data] == [city, f"{city} · {tr('depot_kind.agreement', 'en')}", town, city]
    assert fig.data[1].line.dash == "dash"
    assert [t.visible for t in fig.data] == [True, True, True, False]
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["Water (bottles)", "Kits"]
    assert list(buttons[1].args[0]["visible"]) == [False, False, False, True]
    assert list(fig.data[0].x) == [0, 10, 60, 100] and list(fig.data[0].y) == [200, 100, 140, 140]
    assert fig.layout.title.text == "Stock by tier over time"
    assert stock_by_tier_chart(events, NAMES, "zh").data[0].name == "市"


def test_sankey_links_depots_sites_and_suppliers(events):
    flows = delivery_flows(events)
    assert set(map(tuple, flows[flows["item"] == "water"][["source", "target", "quantity"]].values.tolist())) == {
        ("depot:C", "depot:T", 100), ("depot:T", "shelter:S", 120), ("external:supplier", "depot:C", 40)}
    fig = delivery_sankey(events, NAMES, "en")
    assert len(fig.data) == 2 and fig.data[0].visible and not fig.data[1].visible
    water = fig.data[0]
    labels = list(water.node.label)
    links = {(labels[s], labels[t], v) for s, t, v in zip(water.link.source, water.link.target, water.link.value)}
    assert links == {("City depot", "Town depot", 100), ("Town depot", "School", 120), ("suppliers and production", "City depot", 40)}
    kits = fig.data[1]
    assert list(kits.node.label) == ["City depot", "Place one"]


def test_unmet_chart_accumulates_per_item(events):
    unmet = unmet_over_time(events)
    assert unmet[["time", "item", "cumulative"]].values.tolist() == [[35, "kit", 4], [90, "water", 20]]
    fig = unmet_demand_chart(events, NAMES, "zh")
    # an item at a time (items have different units): water's two lines, then the kits' two
    assert [t.name for t in fig.data] == [tr("fig.unmet_cumulative", "zh"), tr("fig.unmet_outstanding", "zh")] * 2
    assert [t.visible for t in fig.data] == [True, True, False, False]
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["Water (bottles)", "Kits"]
    assert list(fig.data[0].y) == [0, 20, 20] and list(fig.data[0].x) == [0, 90, 100]
    assert fig.layout.title.text == "未满足需求随时间变化"


def test_figures_of_a_log_without_supplies_are_empty():
    empty = event_log([ev(0, "incident_occurred", incident="A"), ev(10, "run_ended")])
    assert len(stock_by_tier_chart(empty).data) == 0
    assert len(delivery_sankey(empty).data) == 0
    assert len(unmet_demand_chart(empty).data) == 0


def test_report_adds_the_supply_figures(events):
    from pathlib import Path

    from simulator.report import build_report_html
    from simulator.scenario import load_scenario
    from simulator.scenario.vocabulary import KPI_NAMES

    scenario = load_scenario(Path(__file__).resolve().parents[2] / "scenarios" / "urban_rainstorm.yaml")
    meta = {"scenario_id": "x", "horizon": 100.0}
    figures = lambda log: build_report_html(scenario, log, dict.fromkeys(KPI_NAMES), [], meta, "en").count('class="plotly-graph-div"')
    without = events[~events["kind"].isin(["stock_initial", "supply_requested"])]
    assert figures(events) == figures(without) + 3
    html = build_report_html(scenario, events, dict.fromkeys(KPI_NAMES), [], meta, "en")
    for div in ("stock-by-tier", "supply-deliveries", "unmet-demand"):
        assert f'id="{div}"' in html
