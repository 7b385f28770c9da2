"""Fast paths give exactly what the straightforward code gave.

The road network's distances and next steps against networkx's Dijkstra
(the implementation it replaced, kept here as the reference), with
closures and slowdowns, on the bundled city and on generated networks; the
command-chain index against walking the scenario; the response-level drawer
against a weighted choice.
"""

from __future__ import annotations

import random
from array import array
from types import SimpleNamespace
from unittest import mock

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine.streams import Stream
from simulator.models import geography
from simulator.models.geography import RoadNetwork
from simulator.scenario import load_scenario
from simulator.scenario.chain import ChainIndex
from simulator.scenario.synthetic import synthetic_city
from tests.conftest import SCENARIOS


class ReferenceRoads:
    """The previous RoadNetwork: networkx predecessor trees, ties broken by name."""

    def __init__(self, scenario):
        self.graph = nx.Graph()
        self.graph.add_nodes_from(p.id for p in scenario.places)
        for r in scenario.roads:
            self.graph.add_edge(r.source, r.target, minutes=r.minutes)
        self.closed, self.slow = set(), {}

    def _weight(self, u, v, data):
        key = frozenset((u, v))
        return None if key in self.closed else data["minutes"] * self.slow.get(key, 1.0)

    def answers(self, origin, destination):
        pred, dist = nx.dijkstra_predecessor_and_distance(self.graph, destination, weight=self._weight)
        minutes = 0.0 if origin == destination else dist.get(origin, float("inf"))
        step = None
        if origin != destination and pred.get(origin):
            nxt = min(pred[origin])
            step = (nxt, self._weight(origin, nxt, self.graph.edges[origin, nxt]))
        return minutes, step


def _cities():
    yield load_scenario(SCENARIOS / "urban_rainstorm.yaml")
    yield synthetic_city(districts=3, townships_per_district=4, communities_per_township=4, teams=10)


# the network's size chooses the search (scipy's from SCIPY_FROM places, else the module's own): both are tested on every network
SEARCHES = {"python": 10**9, "scipy": 0}


@pytest.mark.parametrize("search", list(SEARCHES))
@pytest.mark.parametrize("scenario", list(_cities()), ids=["urban_rainstorm", "synthetic"])
def test_roads_match_networkx_through_closures_and_slowdowns(scenario, search, monkeypatch):
    monkeypatch.setattr(geography, "SCIPY_FROM", SEARCHES[search])
    rng = random.Random(1)
    roads, reference = RoadNetwork(scenario), ReferenceRoads(scenario)
    roads.max_trees = 3  # evictions must not change any answer
    places = [p.id for p in scenario.places]
    edges = [(r.source, r.target) for r in scenario.roads]
    for _ in range(4):
        for destination in rng.sample(places, min(12, len(places))):
            for origin in places:
                expected = reference.answers(origin, destination)
                assert (roads.travel_minutes(origin, destination), roads.next_step(origin, destination)) == expected
        a, b = rng.choice(edges)
        change = rng.choice(["close", "reopen", "slow", "restore"])
        if change == "close":
            roads.close(a, b)
            reference.closed.add(frozenset((a, b)))
        elif change == "reopen":
            roads.reopen(a, b)
            reference.closed.discard(frozenset((a, b)))
        else:
            factor = 2.5 if change == "slow" else 1
            roads.slow(a, b, factor)
            if factor == 1:
                reference.slow.pop(frozenset((a, b)), None)
            else:
                reference.slow[frozenset((a, b))] = factor


@st.composite
def networks(draw):
    """A small network with few distinct road minutes (many equal routes; 0.1 + 0.2 is not 0.3), then
    changes: (road, factor) with factor 0 closing it, 1 restoring it, more slowing it."""
    n = draw(st.integers(2, 9))
    pairs = [(u, v) for u in range(n) for v in range(u + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, min_size=1, max_size=min(len(pairs), 16)))
    roads = [SimpleNamespace(source=f"p{u}", target=f"p{v}", minutes=draw(st.sampled_from([0.1, 0.2, 0.3, 1.0, 2.0, 3.0]))) for u, v in chosen]
    places = [SimpleNamespace(id=f"p{k}", x=0.0, y=0.0) for k in range(n)]
    changes = draw(st.lists(st.tuples(st.integers(0, len(roads) - 1), st.sampled_from([0, 1, 1.5, 2.0, 3.0])), max_size=4))
    return SimpleNamespace(places=places, roads=roads), changes


@settings(max_examples=150, deadline=None)
@given(networks())
def test_generated_networks_route_as_networkx_with_ties_to_the_smaller_name(case):
    """Every origin and destination, before and after each change: the same minutes and next step
    (among equally fast neighbours the smallest name) as the networkx reference."""
    for size in SEARCHES.values():
        with mock.patch.object(geography, "SCIPY_FROM", size):
            _route_as_networkx(*case)


def _route_as_networkx(scenario, changes):
    roads, reference = RoadNetwork(scenario), ReferenceRoads(scenario)
    places = [p.id for p in scenario.places]
    for k, factor in [(None, None), *changes]:
        if k is not None:
            a, b = scenario.roads[k].source, scenario.roads[k].target
            key = frozenset((a, b))
            if factor == 0:
                roads.close(a, b)
                reference.closed.add(key)
            else:
                roads.reopen(a, b)
                reference.closed.discard(key)
                roads.slow(a, b, factor)
                if factor == 1:
                    reference.slow.pop(key, None)
                else:
                    reference.slow[key] = factor
        for destination in places:
            for origin in places:
                assert (roads.travel_minutes(origin, destination), roads.next_step(origin, destination)) == reference.answers(origin, destination)


def _both_searches(roads: RoadNetwork) -> None:
    """The module's search and scipy's give the same distances, bit for bit, from every place."""
    from scipy.sparse.csgraph import dijkstra

    matrix = dijkstra(roads._open_roads(), directed=True)
    for source in range(len(roads._nodes)):
        assert geography._dijkstra(roads._open_arcs(), source) == array("d", matrix[source].tobytes())


@settings(max_examples=100, deadline=None)
@given(networks())
def test_the_python_search_gives_scipys_distances_bit_for_bit(case):
    scenario, changes = case
    roads = RoadNetwork(scenario)
    _both_searches(roads)
    for k, factor in changes:
        road = scenario.roads[k]
        (roads.close if factor == 0 else lambda a, b: roads.slow(a, b, factor))(road.source, road.target)
        _both_searches(roads)


def test_the_python_search_gives_scipys_distances_on_a_city_with_odd_minutes():
    scenario = synthetic_city(districts=3, townships_per_district=4, communities_per_township=6, teams=10)
    roads, rng = RoadNetwork(scenario), random.Random(2)
    for road in rng.sample(list(scenario.roads), 40):  # slowdowns by awkward factors: sums that round differently by order
        roads.slow(road.source, road.target, rng.choice([1.1, 1.3, 2.7, 3.3]))
    _both_searches(roads)


def _naive_chain(sc, unit):
    units = {u.id: u for u in sc.command.units}
    out, node = [], unit
    while node is not None and node.id not in {u.id for u in out}:
        out.append(node)
        node = units.get(node.parent) if node.parent else None
    return out


def test_the_chain_index_walks_as_the_scenario_does():
    sc = load_scenario(SCENARIOS / "urban_rainstorm.yaml")
    index = ChainIndex(sc)
    for unit in sc.command.units:
        assert index.chain_up(unit) == _naive_chain(sc, unit)
    for place in sc.places:
        for level in ("I", "II", "III", "IV"):
            path = index.reporting_path(place.id, level, "flood")
            path.append("mutated")  # a caller's copy: the index keeps its own
            assert "mutated" not in index.reporting_path(place.id, level, "flood")


def test_response_levels_are_drawn_as_numpy_style_choice_would():
    from simulator.models.incidents import _level_drawer
    from simulator.scenario.vocabulary import RESPONSE_LEVELS

    for source in load_scenario(SCENARIOS / "urban_rainstorm.yaml").incidents:
        levels = [lvl for lvl in RESPONSE_LEVELS if source.severity.get(lvl, 0) > 0]
        weights = [source.severity[lvl] for lvl in levels]
        fast, plain, draw = Stream(5), Stream(5), _level_drawer(source)
        expected = [levels[plain.choice(len(levels), p=weights)] if len(levels) > 1 else levels[0] for _ in range(500)]
        assert [draw(fast) for _ in range(500)] == expected


