"""Fast paths of dispatch, travel and supply sources against the straightforward code, which lives here only.

Nearest dispatch (``dispatch_policies.nearest_team``) walks a per-place
ranking of teams instead of looking at every free team; a team on the road
follows its plan while the roads stay as planned instead of asking for the
next step at every junction; the bureau orders a site's depots in numpy,
once per road state (``allocation.SourceRanking``). Each is checked against
a reference kept in this file, call by call or event log against event log,
on small cities where roads close, slow down and reopen under moving teams,
depots close, aircraft are grounded, plans stage teams and needs queue, and
on pool states and depot sets Hypothesis makes up.
"""

from __future__ import annotations

import math
import pickle
import random
from functools import lru_cache
from operator import itemgetter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine import Stepper
from simulator.engine.context import SimContext
from simulator.models import simulate
from simulator.models.dispatch_policies import FOR_PLAYERS, FunctionPolicy, NearestTeam, players_decide
from simulator.models.geography import RoadNetwork
from simulator.models.incidents import Incident
from simulator.models.supplies.allocation import (
    KIND_RANK,
    LOCAL_TIERS,
    Source,
    SourceRanking,
    decider,
    order_sources,
    source_rank,
)
from simulator.models.supplies.bureau import Bureau
from simulator.models.team_ops import RETRY_MINUTES, TeamOps
from simulator.models.teams import Assignment, TeamPool, nearest_team
from simulator.models.world import World
from simulator.scenario import load_scenario
from simulator.scenario.models import Scenario
from simulator.scenario.synthetic import synthetic_data
from tests.conftest import SCENARIOS, tiny_dict
from tests.unit.test_supplies import depot_state

T = {"zh": "甲", "en": "a"}
AIR = {
    "id": "air1", "name": T, "type": "aviation", "size": 4, "base": "city", "capabilities": ["medical", "water_rescue"],
    "mobilisation_minutes": 20, "dispatch_levels": ["district", "city"], "air": {"speed_kmh": 200, "takeoff_landing_minutes": 15},
}


def _city(dispatch: str = "nearest", policy: str = "hybrid", seed: int = 3, road_scale: float = 1.0) -> Scenario:
    """A small busy city whose roads keep changing under its teams (``road_scale``: roads that many times longer)."""
    data = synthetic_data(districts=3, townships_per_district=3, communities_per_township=4, teams=14, incidents_per_hour=10, hours=36, seed=seed)
    for road in data["roads"]:
        road["minutes"] *= road_scale
    data["command"]["dispatch"] = dispatch
    data["logistics"]["policy"] = policy
    data["teams"].append(dict(AIR))
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


def scan_nearest(assignment, candidates):
    """The reference rule, as a plain policy function: of every candidate (each free capable allowed
    team with its minutes from where it is), the smallest (minutes, id)."""
    return min(candidates, key=lambda c: (c[1], c[0].id))[0]


class CheckedNearest:
    """nearest_team wrapped: each choice is compared with ``scan_nearest`` over the pool's candidates."""

    leaves_all_to_players = False

    def __init__(self):
        self.chosen, self.staged_free, self.staged_chosen = [], 0, 0

    def choose(self, pool: TeamPool, a):
        team = nearest_team.choose(pool, a)
        candidates = pool._candidates(a)
        expected = scan_nearest(a, candidates) if candidates else None
        assert (team and team.id) == (expected and expected.id)
        self.chosen.append(team)
        self.staged_free += bool(pool.staged & pool.free)
        self.staged_chosen += team is not None and team.id in pool.staged
        return team


@pytest.mark.parametrize("dispatch", ["nearest", "territory_first", "district_unified"])
def test_nearest_dispatch_chooses_as_a_scan_of_every_free_team(dispatch):
    checked = CheckedNearest()
    events = simulate(_city(dispatch), seed=1, policy=checked).events
    assert len(checked.chosen) > 300 and None in checked.chosen  # busy enough that needs had to wait
    assert "need_queued" in set(events["kind"]) and "road_closed" in set(events["kind"])


def test_nearest_dispatch_with_teams_staged_by_plans_chooses_as_a_scan():
    """The bundled drills whose plans pre-position teams: dispatches while a staged team is free."""
    checked = CheckedNearest()
    for name in ("street_command", "urban_rainstorm", "chemical_park"):
        for seed in (1, 2):
            simulate(load_scenario(SCENARIOS / f"{name}.yaml"), seed=seed, policy=checked)
    assert checked.staged_free > 0  # some choice had a staged team to weigh (the pool-state test below makes many)


@pytest.mark.parametrize("name", ["street_command", "urban_rainstorm"])
def test_a_wrapped_nearest_team_gives_the_log_of_the_bare_one(name):
    """A policy object calling nearest_team.choose (the same walk) and the reference rule as a plain
    function (through FunctionPolicy and the candidate list) give the bare policy's event log."""
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    for seed in (1, 2):
        bare = simulate(scenario, seed=seed).events
        checked = CheckedNearest()
        assert simulate(scenario, seed=seed, policy=checked).events.equals(bare)
        assert simulate(scenario, seed=seed, policy=scan_nearest).events.equals(bare)
        assert len(checked.chosen) > 10


@lru_cache(maxsize=None)
def _pool_city(dispatch: str) -> Scenario:
    """A small city (two teams at some bases, so equal minutes are common) with an aircraft."""
    data = synthetic_data(districts=2, townships_per_district=2, communities_per_township=3, teams=14, incidents_per_hour=1, hours=2, seed=5)
    data["command"]["dispatch"] = dispatch
    data["teams"].append(dict(AIR))
    return Scenario.model_validate(data)


@st.composite
def pool_states(draw):
    """A pool in some state: teams out, teams staged by a plan (often at another team's base), roads closed
    or slowed, aircraft grounded; then needs at places, for capabilities, asked by units."""
    dispatch = draw(st.sampled_from(["nearest", "territory_first", "district_unified"]))
    sc = _pool_city(dispatch)
    team_ids = sorted(t.id for t in sc.teams)
    places = sorted({p.id for p in sc.places})
    bases = sorted({t.base for t in sc.teams})
    out = draw(st.sets(st.sampled_from(team_ids), max_size=10))
    staged = draw(st.dictionaries(st.sampled_from(team_ids), st.sampled_from(places) | st.sampled_from(bases), max_size=6))
    changes = draw(st.lists(st.tuples(st.integers(0, len(sc.roads) - 1), st.sampled_from([0.0, 1.0, 2.0, 3.0])), max_size=8))
    capabilities = sorted({c for t in sc.teams for c in t.capabilities} | {"nobody_has_it"})
    units = sorted(u.id for u in sc.command.units)
    needs = draw(st.lists(st.tuples(st.sampled_from(places), st.sampled_from(capabilities), st.sampled_from(units)), min_size=1, max_size=6))
    return sc, out, staged, changes, draw(st.booleans()), needs


def _pool_in(state):
    sc, out, staged, changes, flyable, needs = state
    world = World(SimContext.create(sc, 1), nearest_team)
    pool, roads = world.teams, world.roads
    for team_id, place in sorted(staged.items()):
        pool.states.move(team_id, "preposition")
        pool.states.move(team_id, "stage")
        pool.location[team_id], _ = place, pool.staged.add(team_id)
    for team_id in sorted(out - set(staged)):
        pool.states.move(team_id, "dispatch")
    for k, factor in changes:  # 0: closed; 1: back to normal; more: slowed
        road = sc.roads[k]
        (roads.close if factor == 0 else lambda a, b: roads.slow(a, b, factor))(road.source, road.target)
    pool.rules.flyable = flyable
    need = sc.incidents[0].needs[0]
    assignments = []
    for n, (place, capability, unit) in enumerate(needs):
        incident = Incident(f"i{n}", "flood", place, "III", (need,), {}, 0.0, 0.0)
        assignments.append(Assignment(incident, need.model_copy(update={"capability": capability}), world.orders.units[unit], world.ctx.env.event()))
    return pool, assignments


@settings(max_examples=120, deadline=None)
@given(pool_states())
def test_nearest_team_is_the_smallest_candidate_in_any_pool_state(state):
    pool, assignments = _pool_in(state)
    for a in assignments:
        candidates = pool._candidates(a)
        chosen = nearest_team.choose(pool, a)
        if not candidates:
            assert chosen is None
            continue
        assert chosen is scan_nearest(a, candidates)
        # the plain-function and players' policies see the same candidates
        assert FunctionPolicy(scan_nearest).choose(pool, a) is chosen
        assert FunctionPolicy(lambda a, c: None).choose(pool, a) is FOR_PLAYERS
        assert players_decide.choose(pool, a) is FOR_PLAYERS


def test_staged_teams_are_measured_from_where_they_wait_and_ties_go_to_the_smaller_id():
    """By hand on the tiny world, c --10-- t --5-- v, a need for pumping at t. Teams a and b are based
    at c (10 min from t), e at v (5 min)."""
    data = tiny_dict()
    data["teams"] = [{**data["teams"][0], "id": team_id, "base": base} for team_id, base in (("a", "c"), ("b", "c"), ("e", "v"))]
    sc = Scenario.model_validate(data)

    def sent(out, staged):
        pool, (a,) = _pool_in((sc, set(out), staged, [], True, [("t", "pumping", "city_office")]))
        return nearest_team.choose(pool, a).id

    assert sent([], {}) == "e"  # 5 < 10
    assert sent(["e"], {}) == "a"  # a and b both 10: the smaller id
    assert sent(["e"], {"b": "v"}) == "b"  # b waits at v: 5 < a's 10
    assert sent([], {"a": "v"}) == "a"  # a at v and e at base v: both 5, a < e
    assert sent([], {"a": "c"}) == "e"  # staged at its own base: still 10
    assert sent(["e", "a"], {"b": "t"}) == "b"  # on the spot: 0 minutes


def test_a_plain_function_policy_that_returns_none_leaves_the_need_to_the_players():
    """A function policy answering None: the need waits for the players; with nearest_team the tiny
    world's one flood (at minute 100) is served by its one team."""
    sc = Scenario.model_validate(tiny_dict())
    waits = simulate(sc, seed=1, policy=lambda a, candidates: None).events
    served = simulate(sc, seed=1).events
    assert "need_queued" in set(waits["kind"]) and "team_dispatched" not in set(waits["kind"])
    assert "team_dispatched" in set(served["kind"])


def test_nearest_team_is_an_object_with_its_own_choose_and_no_call():
    assert isinstance(nearest_team, NearestTeam) and not callable(nearest_team)
    # a process pool pickles the policy: the worker gets the module's object, not a copy
    assert pickle.loads(pickle.dumps(nearest_team)) is nearest_team
    assert pickle.loads(pickle.dumps(players_decide)) is players_decide


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


def _run_with_recalls(scenario: Scenario, seed: int, times: list[float]):
    """A run in which, at each of ``times``, one travelling team (the middle one by id) is recalled."""
    ctx = SimContext.create(scenario, seed=seed)
    world = World(ctx, nearest_team).start()
    stepper = Stepper(ctx)
    for t in times:
        stepper.run_until(t)
        moving = sorted(tid for tid in world.teams.active if world.teams.states.of(tid) == "travelling")
        if moving:
            world.decisions.recall_team(moving[len(moving) // 2])
    stepper.run_to_end()
    return ctx.recorder.to_frame()


def _by_minute(events):
    """The rows of a log in a canonical order within each minute (``seq`` aside): equal when only the order within a minute differs."""
    columns = [c for c in events.columns if c != "seq"]
    return events[columns].astype(str).sort_values(columns).reset_index(drop=True)


@pytest.mark.parametrize("seed", [1, 2])
def test_travel_in_one_wait_gives_the_rows_of_step_by_step_travel_with_recalls_and_road_changes(monkeypatch, seed):
    # teams drive a planned route in one wait: a road change stops them at the junction ahead, a recall on the road they are on
    scenario = _city(seed=seed + 5, road_scale=4.0)
    rng = random.Random(seed)
    times = sorted(rng.uniform(60, 36 * 60) for _ in range(60))
    fast = _run_with_recalls(scenario, seed, times)
    monkeypatch.setattr(TeamOps, "_travel", _travel_step_by_step)
    reference = _run_with_recalls(scenario, seed, times)
    assert {"team_rerouted", "team_blocked", "team_recalled"} <= set(reference["kind"])
    assert (reference["kind"] == "team_recalled").sum() > 20
    assert _by_minute(fast).equals(_by_minute(reference))


# -- supply sources ------------------------------------------------------------------


def sort_sources(policy, depots, site_areas):
    """The reference ranking: each reachable depot's ``source_rank`` tuple, sorted in Python
    (``order_sources`` as it was written before ``SourceRanking``)."""
    ranked = [(rank, dep) for dep, minutes in depots if math.isfinite(minutes) and (rank := source_rank(policy, dep, minutes, site_areas)) is not None]
    ranked.sort(key=itemgetter(0))
    return [Source(dep, rank[4], rank[2]) for rank, dep in ranked]


def _order_sources_as_before(policy, depots, site_areas):
    """The ranking as it was written before source_rank: the rule in words, per policy."""

    def key(pair):
        dep, minutes = pair
        return (KIND_RANK[dep.depot.kind], minutes, dep.id)

    depots = [(d, m) for d, m in depots if math.isfinite(m)]
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


def _sources_from_every_depot(bureau: Bureau, req, item: str) -> list[Source]:
    """The bureau's sources the straightforward way: every depot's minutes, the reference sort, then the usable ones."""
    site = req.site
    to_site = bureau.roads.minutes_to(site.place)
    found = [(d, to_site(d.place)) for d in bureau.reserves.depots.values()]
    ordered = sort_sources(bureau.rules.policy, found, bureau.chains.get(site.place, {site.place}))
    return [s for s in ordered if s.depot.in_service and s.depot.id != site.id and s.depot.holds(item)]


@pytest.mark.parametrize("policy", ["hybrid", "centralised", "tier_nearest"])
def test_bureau_sources_are_those_of_the_reference_sort(monkeypatch, policy):
    fast, calls = Bureau.sources, []

    def checked(bureau, req, item):
        got = fast(bureau, req, item)
        assert list(got) == _sources_from_every_depot(bureau, req, item)
        calls.append(item)
        return got

    monkeypatch.setattr(Bureau, "sources", checked)
    events = simulate(_city(policy=policy), seed=2).events
    assert len(calls) > 200 and "depot_closed" in set(events["kind"])


AREAS = ["c", "d", "d2", "t", "t2", "v"]


@st.composite
def depot_sets(draw):
    """Up to 14 depots of any tier, kind and area, with travel minutes from a few values (ties) or unreachable."""
    ids = draw(st.lists(st.integers(0, 40), unique=True, max_size=14))
    depots = [
        (
            depot_state(f"dep{k}", tier=draw(st.sampled_from(["city", "district", "township", "village", "grid"])), kind=draw(st.sampled_from(list(KIND_RANK))), area=draw(st.sampled_from(AREAS))),
            draw(st.sampled_from([0.0, 1.0, 2.5, 2.5, 7.0, math.inf])),
        )
        for k in ids
    ]
    return draw(st.sampled_from(["hybrid", "centralised", "tier_nearest"])), depots, set(draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=3)))


@settings(max_examples=300, deadline=None)
@given(depot_sets())
def test_order_sources_sorts_as_the_references(case):
    policy, depots, site_areas = case
    got = order_sources(policy, depots, site_areas)
    assert got == sort_sources(policy, depots, site_areas) == _order_sources_as_before(policy, depots, site_areas)


@settings(max_examples=100, deadline=None)
@given(depot_sets(), st.lists(st.lists(st.sampled_from([0.0, 3.0, 3.0, math.inf]), min_size=14, max_size=14), max_size=3))
def test_one_ranking_keeps_its_keys_through_road_states(case, later):
    """As the bureau uses it: keys made once per site, minutes changing with the roads."""
    policy, depots, site_areas = case
    ranking = SourceRanking(policy, [d for d, _ in depots])
    keys = ranking.keys(site_areas)
    for minutes in [[m for _, m in depots], *(row[: len(depots)] for row in later)]:
        order = ranking.order(keys, np.array(minutes, dtype=float)).tolist()
        expected = sort_sources(policy, [(d, m) for (d, _), m in zip(depots, minutes)], site_areas)
        assert [ranking.source(k, minutes[k], site_areas) for k in order] == expected


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
