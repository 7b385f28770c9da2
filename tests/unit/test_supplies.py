"""Supply logistics pieces: packing, stock batches, allocation order, rationing, scenario errors."""

from __future__ import annotations

import math

import pytest
import simpy

from simulator.models.supplies.allocation import Request, Site, allocate, order_sources
from simulator.models.supplies.stock import DepotState, Stock
from simulator.models.supplies.transport import pack
from simulator.scenario import ScenarioError, parse_scenario
from simulator.scenario.supplies import Depot, Fleet, Item
from tests.conftest import to_yaml

T = {"zh": "甲", "en": "a"}


def item(id_, kg=0.0, m3=0.0):
    return Item(id=id_, name=T, unit=T, weight_kg=kg, volume_m3=m3)


def depot_state(id_, tier="township", kind="government", area="t", stock=None, production=None):
    dep = Depot(id=id_, name=T, tier=tier, place=area, kind=kind, stock=stock or {}, production=production or {})
    state = DepotState(simpy.Environment(), dep, area)
    for k, q in (stock or {}).items():
        state.of(k).add(q)
    return state


def test_pack_splits_by_weight_and_volume_in_whole_units():
    catalogue = {"water": item("water", kg=10), "tent": item("tent", kg=20, m3=0.5)}
    fleet = Fleet(count=1, capacity_kg=1000, capacity_m3=10)
    # tents: 20 per truck by volume (10 / 0.5), water fills the weight left
    loads = pack({"tent": 30, "water": 250}, catalogue, fleet)
    assert loads[0] == {"tent": 20, "water": 60}  # 400 kg of tents + 600 kg of water
    assert sum(load.get("tent", 0) for load in loads) == 30
    assert sum(load.get("water", 0) for load in loads) == 250
    for load in loads:
        assert sum(q * catalogue[i].weight_kg for i, q in load.items()) <= 1000
        assert sum(q * catalogue[i].volume_m3 for i, q in load.items()) <= 10


def test_pack_without_capacity_is_one_load_and_oversize_goes_alone():
    catalogue = {"pump": item("pump", kg=1500)}
    assert pack({"pump": 3}, catalogue, None) == [{"pump": 3}]
    assert pack({"pump": 3}, catalogue, Fleet(count=2, capacity_kg=1000)) == [{"pump": 1}] * 3


def test_stock_is_first_expired_first_out_and_allocations_protect_old_stock():
    stock = Stock()
    late = stock.add(10, expires=500)
    early = stock.add(5, expires=100)
    stock.allocated = 7  # claims the 5 early units and 2 of the late ones
    assert stock.expire(early) == 0  # all claimed
    assert stock.expire(late) == 8
    assert stock.on_hand == 7 and stock.available == 0
    pieces = stock.take(7)
    assert [(p.quantity, p.expires) for p in pieces] == [(5, 100), (2, 500)]


def _site_chain():
    return {"v", "t", "d", "c"}  # village v in township t in district d in city c


def test_policies_order_sources():
    city = depot_state("city", tier="city", area="c")
    dist = depot_state("dist", tier="district", area="d")
    town = depot_state("town", tier="township", area="t")
    other = depot_state("other_town", tier="township", area="t2")
    firm = depot_state("firm", tier="city", kind="agreement", area="c")
    cands = [(city, 5.0), (dist, 9.0), (town, 12.0), (other, 3.0), (firm, 1.0)]
    ids = lambda sources: [(s.depot.id, s.decider) for s in sources]
    # centralised: government first, nearest first, the city decides everything
    assert ids(order_sources("centralised", cands, _site_chain())) == [
        ("other_town", "city"), ("city", "city"), ("dist", "city"), ("town", "city"), ("firm", "city")]
    # tier by tier within the site's own territory; another township's store is not used
    assert ids(order_sources("tier_nearest", cands, _site_chain())) == [
        ("town", "township"), ("dist", "district"), ("city", "city"), ("firm", "city")]
    # hybrid: own township locally, then the city pools the rest (other township included)
    assert ids(order_sources("hybrid", cands, _site_chain())) == [
        ("town", "township"), ("other_town", "city"), ("city", "city"), ("dist", "city"), ("firm", "city")]


def _requests(*wants):
    return [Request(Site(f"s{k}", "v", "shelter", priority), {"water": q}, k) for k, (priority, q) in enumerate(wants)]


@pytest.mark.parametrize(
    "rationing, expected",
    [
        ("priority", {"s0": 60, "s1": 40, "s2": 0}),  # first come first served within a priority
        ("proportional", {"s0": 50, "s1": 50, "s2": 0}),  # equal shares of what is there
    ],
)
def test_rationing_when_short(rationing, expected):
    dep = depot_state("d", stock={"water": 100})
    reqs = _requests((1, 60), (1, 60), (2, 30))  # the third has a lower priority
    out = allocate(reqs, lambda r, i: order_sources("centralised", [(dep, 1.0)], {"v"}), lambda d, i: d.allocatable(i), rationing)
    got = {r.site.id: 0.0 for r in reqs}
    for a in out:
        got[a.request.site.id] += a.quantity
    assert got == pytest.approx(expected)


def test_higher_priority_is_served_first_whatever_the_order():
    dep = depot_state("d", stock={"water": 50})
    reqs = _requests((3, 40), (1, 40))
    out = allocate(reqs, lambda r, i: order_sources("centralised", [(dep, 1.0)], {"v"}), lambda d, i: d.allocatable(i), "priority")
    assert {a.request.site.id: a.quantity for a in out} == {"s1": 40, "s0": 10}


def test_production_capacity_is_allocatable_up_to_its_limit():
    from simulator.scenario.supplies import Production

    dep = depot_state("plant", tier="city", kind="capacity", production={"water": Production(rate_per_hour=100, max_units=500)})
    assert dep.allocatable("water") == 500
    dep.promised["water"] = 450
    assert dep.allocatable("water") == 50
    unlimited = depot_state("plant2", tier="city", kind="capacity", production={"water": Production(rate_per_hour=100)})
    assert math.isinf(unlimited.allocatable("water"))


# -- scenario errors -------------------------------------------------------------


def problems(data: dict, lang: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(to_yaml(data), "s.yaml")
    return info.value.render(lang).splitlines()


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_reorder_needs_S_above_s(tiny):
    tiny["depots"][0]["reorder"] = {"sandbag": {"s": 50, "S": 40}}
    text = to_yaml(tiny)
    line = line_of(text, "reorder:") + 1  # the rule's own line, under reorder:
    assert problems(tiny, "en") == [f"s.yaml:{line}: depots[0].reorder.sandbag: S (40) must be greater than s (50)"]
    assert problems(tiny, "zh") == [f"s.yaml:{line}: depots[0].reorder.sandbag: 订货上限 S(40)必须大于订货点 s(50)"]


def test_unknown_depot_item_and_place_in_supply_sections(tiny):
    tiny["depots"][0]["reorder"] = {"sandbag": {"s": 5, "S": 40, "source": "atlantis_store"}}
    tiny["shelters"] = [{"id": "school", "name": T, "place": "nowhere", "capacity": 100, "needs_per_person_day": {"caviar": 1}}]
    tiny["injects"] = [{"id": "flooded", "time": 60, "text": T, "effect": {"type": "close_depot", "depot": "ghost"}}]
    text = to_yaml(tiny)
    en = problems(tiny, "en")
    assert f"s.yaml:{line_of(text, 'source: atlantis_store')}: depots[0].reorder.sandbag.source: unknown depot 'atlantis_store'" in en
    assert f"s.yaml:{line_of(text, 'place: nowhere')}: shelters[0].place: unknown place 'nowhere'" in en
    assert f"s.yaml:{line_of(text, 'caviar: 1')}: shelters[0].needs_per_person_day.caviar: unknown item 'caviar' (declare it under items)" in en
    assert f"s.yaml:{line_of(text, 'depot: ghost')}: injects[0].effect.depot: unknown depot 'ghost'" in en
    zh = problems(tiny, "zh")
    assert f"s.yaml:{line_of(text, 'depot: ghost')}: injects[0].effect.depot: 未定义的储备库 'ghost'" in zh


def test_production_only_on_capacity_depots(tiny):
    tiny["depots"][0]["production"] = {"sandbag": {"rate_per_hour": 100}}
    text = to_yaml(tiny)
    assert problems(tiny, "en") == [f"s.yaml:{line_of(text, 'production:')}: depots[0].production: only a depot of kind 'capacity' has production"]
    tiny["depots"][0]["kind"] = "capacity"
    del tiny["depots"][0]["production"]
    text = to_yaml(tiny)
    assert problems(tiny, "en") == [f"s.yaml:{line_of(text, 'kind: capacity')}: depots[0].kind: a depot of kind 'capacity' needs a production entry"]


def test_unknown_policy_is_rejected_with_the_choices(tiny):
    tiny["logistics"] = {"policy": "whoever_shouts_loudest"}
    text = to_yaml(tiny)
    (en,) = problems(tiny, "en")
    assert en.startswith(f"s.yaml:{line_of(text, 'policy:')}: logistics.policy: 'whoever_shouts_loudest' is not allowed")
    assert "centralised" in en
    # the choices in the user's language
    assert en.endswith("expected 'tier_nearest', 'centralised' or 'hybrid'")
    (zh,) = problems(tiny, "zh")
    assert zh.endswith("应为 'tier_nearest'、'centralised' 或 'hybrid'")


def test_unknown_shortfall_rule_is_rejected_with_the_choices(tiny):
    tiny["logistics"] = {"shortfall": "later"}
    text = to_yaml(tiny)
    (en,) = problems(tiny, "en")
    assert en == f"s.yaml:{line_of(text, 'shortfall:')}: logistics.shortfall: 'later' is not allowed; expected 'owed' or 'lost'"
    (zh,) = problems(tiny, "zh")
    assert zh.endswith("logistics.shortfall: 不允许的取值 'later';应为 'owed' 或 'lost'")


def test_old_scenarios_need_none_of_the_new_fields(tiny_scenario):
    assert tiny_scenario.logistics.policy == "centralised"
    assert tiny_scenario.logistics.decision_minutes == {}
    assert tiny_scenario.depots[0].trucks is None
    assert tiny_scenario.shelters == ()
