"""Fast paths of dispatch, travel and supply sources give what the straightforward code gave.

Nearest dispatch walks a per-place ranking of teams instead of looking at
every free team; a team on the road follows its plan while the roads stay
as planned instead of asking for the next step at every junction; the
bureau orders a site's depots in numpy, once per road state. Each is
checked against the code it replaced, call by call or event log against
event log, on small cities where roads close, slow down and reopen under
moving teams, depots close, aircraft are grounded and needs queue.
"""

from __future__ import annotations

import math
import random

import pytest

from simulator.models import simulate
from simulator.models.geography import RoadNetwork
from simulator.models.supplies.allocation import (
    KIND_RANK,
    LOCAL_TIERS,
    Source,
    decider,
    order_sources,
)
from simulator.models.supplies.bureau import Bureau
from simulator.models.team_ops import RETRY_MINUTES, TeamOps
from simulator.models.teams import TeamPool
from simulator.scenario.models import Scenario
from simulator.scenario.synthetic import synthetic_data
from tests.unit.test_supplies import depot_state

T = {"zh": "甲", "en": "a"}


def _city(dispatch: str = "nearest", policy: str = "hybrid", seed: int = 3) -> Scenario:
    """A small busy city whose roads keep changing under its teams."""
    data = synthetic_data(districts=3, townships_per_district=3, communities_per_township=4, teams=14, incidents_per_hour=10, hours=36, seed=seed)
    data["command"]["dispatch"] = dispatch
    data["logistics"]["policy"] = policy
    data["teams"].append({
        "id": "air1", "name": T, "type": "aviation", "size": 4, "base": "city", "capabilities": ["medical", "water_rescue"],
        "mobilisation_minutes": 20, "dispatch_levels": ["district", "city"], "air": {"speed_kmh": 200, "takeoff_landing_minutes": 15},
    })
    rng = random.Random(seed)
    injects, roads, depots = data["injects"], data["roads"], [d["id"] for d in data["depots"]]
    for k in range(60):
        road = rng.choice(roads)
        ends = {"from": road["from"], "to": road["to"]}
        effect = rng.choice([
            {"type": "close_road", **ends}, {"type": "close_road", **ends}, {"type": "open_road", **ends},
            {"type": "slow_road", **ends, "factor": rng.choice([1.0, 1.5, 3.0])},
            {"type": "close_depot", "depot": rng.choice(depots)}, {"type": "open_depot", "depot": rng.choice(depots)},
            {"type": "weather", "flyable": rng.random() < 0.5},
        ])
        injects.append({"id": f"change{k}", "time": 40.0 + 30 * k + rng.randrange(30), "text": T, "effect": effect})
    for k in range(8):  # a community cut off for a while: teams on their way wait
        place = rng.choice([p["id"] for p in data["places"] if p["level"] == "village"])
        for n, road in enumerate(r for r in roads if place in (r["from"], r["to"])):
            ends = {"from": road["from"], "to": road["to"]}
            cut = 100.0 + 240 * k
            injects.append({"id": f"cut{k}_{n}", "time": cut, "text": T, "effect": {"type": "close_road", **ends}})
            injects.append({"id": f"mend{k}_{n}", "time": cut + 120, "text": T, "effect": {"type": "open_road", **ends}})
    return Scenario.model_validate(data)


# -- dispatch ------------------------------------------------------------------------


def _scan_nearest(pool: TeamPool, a):
    """The dispatch it replaced: every free capable team, its travel time, the smallest (minutes, id)."""
    best, best_minutes = None, math.inf
    for team, minutes in pool._each_candidate(a):
        if best is None or minutes < best_minutes or (minutes == best_minutes and team.id < best.id):
            best, best_minutes = team, minutes
    return best


@pytest.mark.parametrize("dispatch", ["nearest", "territory_first", "district_unified"])
def test_nearest_dispatch_chooses_as_a_scan_of_every_free_team(monkeypatch, dispatch):
    fast, chosen = TeamPool._nearest, []

    def checked(pool, a):
        team = fast(pool, a)
        expected = _scan_nearest(pool, a)
        assert (team and team.id) == (expected and expected.id)
        chosen.append(team)
        return team

    monkeypatch.setattr(TeamPool, "_nearest", checked)
    events = simulate(_city(dispatch), seed=1).events
    assert len(chosen) > 300 and None in chosen  # busy enough that needs had to wait
    assert "need_queued" in set(events["kind"]) and "road_closed" in set(events["kind"])


# -- travel --------------------------------------------------------------------------


def _travel_step_by_step(ops: TeamOps, team, origin: str, destination: str, incident_id: str):
    """The travel it replaced: ask for the next step at every junction."""
    env, pool = ops.ctx.env, ops.pool
    if team.air is not None:
        yield env.timeout(pool.travel(team, origin, destination))
        pool.location[team.id] = destination
        return
    roads = pool.roads
    planned = roads.route(origin, destination)
    node = origin
    while node != destination:
        step = roads.next_step(node, destination)
        if step is None:
            ops.ctx.record("team_blocked", team=team.id, incident=incident_id, location=node)
            yield env.timeout(RETRY_MINUTES)
            continue
        following, minutes = step
        expected = planned[planned.index(node) + 1] if node in planned[:-1] else None
        if following != expected:
            ops.ctx.record("team_rerouted", team=team.id, incident=incident_id, location=node, entity=following)
            planned = roads.route(node, destination)
        ops.edge_started[team.id] = env.now
        yield env.timeout(minutes)
        del ops.edge_started[team.id]
        node = pool.location[team.id] = following


@pytest.mark.parametrize("seed", [1, 2])
def test_travel_on_plan_gives_the_log_of_step_by_step_travel(monkeypatch, seed):
    scenario = _city(seed=seed + 3)
    fast = simulate(scenario, seed=seed).events
    monkeypatch.setattr(TeamOps, "_travel", _travel_step_by_step)
    reference = simulate(scenario, seed=seed).events
    kinds = set(reference["kind"])
    assert {"team_rerouted", "team_blocked"} <= kinds
    assert fast.equals(reference)


# -- supply sources ------------------------------------------------------------------


def _sources_from_every_depot(bureau: Bureau, req, item: str) -> list[Source]:
    """The sources it replaced: every reachable depot through order_sources, then the usable ones."""
    site = req.site
    to_site = bureau.roads.minutes_to(site.place)
    found = [(d, m) for d in bureau.reserves.depots.values() if math.isfinite(m := to_site(d.place))]
    ordered = order_sources(bureau.rules.policy, found, bureau.chains.get(site.place, {site.place}))
    return [s for s in ordered if s.depot.in_service and s.depot.id != site.id and s.depot.holds(item)]


@pytest.mark.parametrize("policy", ["hybrid", "centralised", "tier_nearest"])
def test_bureau_sources_are_those_of_order_sources(monkeypatch, policy):
    fast, calls = Bureau.sources, []

    def checked(bureau, req, item):
        got = fast(bureau, req, item)
        assert list(got) == _sources_from_every_depot(bureau, req, item)
        calls.append(item)
        return got

    monkeypatch.setattr(Bureau, "sources", checked)
    events = simulate(_city(policy=policy), seed=2).events
    assert len(calls) > 200 and "depot_closed" in set(events["kind"])


def _order_sources_as_before(policy, depots, site_areas):
    """order_sources as it was written before source_rank."""

    def key(pair):
        dep, minutes = pair
        return (KIND_RANK[dep.depot.kind], minutes, dep.id)

    if policy == "centralised":
        return [Source(d, decider(policy, d), m) for d, m in sorted(depots, key=key)]
    own = [(d, m) for d, m in depots if d.area in site_areas]
    if policy == "tier_nearest":
        ranked = sorted(own, key=lambda p: (KIND_RANK[p[0].depot.kind], p[0].tier_rank, p[1], p[0].id))
        return [Source(d, decider(policy, d), m) for d, m in ranked]
    local = [(d, m) for d, m in own if d.depot.kind == "government" and d.tier in LOCAL_TIERS]
    local_ids = {d.id for d, _ in local}
    pooled = [(d, m) for d, m in depots if d.id not in local_ids]
    return [
        *(Source(d, decider(policy, d), m) for d, m in sorted(local, key=lambda p: (p[0].tier_rank, p[1], p[0].id))),
        *(Source(d, "city", m) for d, m in sorted(pooled, key=key)),
    ]


@pytest.mark.parametrize("policy", ["hybrid", "centralised", "tier_nearest"])
def test_order_sources_orders_as_before(policy):
    rng = random.Random(policy)
    areas = ["c", "d", "d2", "t", "t2", "v"]
    for _ in range(200):
        depots = [
            (depot_state(f"dep{k}", tier=rng.choice(["city", "district", "township", "village"]), kind=rng.choice(list(KIND_RANK)), area=rng.choice(areas)), float(rng.randrange(4)))
            for k in rng.sample(range(30), 12)
        ]
        site_areas = set(rng.sample(areas, 3))
        assert order_sources(policy, depots, site_areas) == _order_sources_as_before(policy, depots, site_areas)


# -- roads ---------------------------------------------------------------------------


def test_plans_and_many_origins_answer_as_next_step_and_travel_minutes():
    scenario = _city()
    roads, rng = RoadNetwork(scenario), random.Random(4)
    places = [p.id for p in scenario.places] + ["nowhere"]
    at = roads.positions(places)
    states = []
    for _ in range(12):
        road = rng.choice(scenario.roads)
        rng.choice([roads.close, roads.reopen, lambda a, b: roads.slow(a, b, rng.choice([1, 2.5]))])(road.source, road.target)
        states.append(roads.state)
        for destination in rng.sample(places[:-1], 6):
            assert list(roads.minutes_from_each(at, destination)) == [roads.travel_minutes(o, destination) for o in places]
            for origin in rng.sample(places[:-1], 6):
                path, legs = roads.plan(origin, destination)
                assert list(path) == roads.route(origin, destination)
                assert [roads.next_step(u, destination) for u in path[:-1]] == list(zip(path[1:], legs))
    assert len(set(states)) < len(states)  # some changes went back to an earlier road state


def test_a_road_reopened_brings_back_the_distances_of_before():
    scenario = _city()
    roads = RoadNetwork(scenario)
    road = scenario.roads[0]
    kept = roads._tree(road.target)
    roads.close(road.source, road.target)
    assert roads.state == 1 and roads._tree(road.target) != kept
    roads.slow(road.source, road.target, 2.0)
    roads.reopen(road.source, road.target)
    roads.slow(road.source, road.target, 1)
    assert roads.state == 0 and roads.version == 4
    assert roads._tree(road.target) is kept  # not searched again
