"""The road network: shortest paths on travel minutes, with closures and slowdowns.

Distances are kept per destination (the graph is undirected, so one
single-source search from a destination gives every place's time to it),
computed by scipy's Dijkstra in C on a sparse matrix of the open roads and
stored compactly (one ``array('d')`` per destination) in a bounded
least-recently-used cache, so a city with a thousand incident sites stays
fast and small. They are dropped whenever a road closes, reopens or
changes speed, so teams on the move re-plan at every junction.

The next step towards a destination is read off the distances: among the
neighbours on a fastest route, the one with the smallest name. Each
distance is the same floating-point number a textbook Dijkstra gives (the
smallest "neighbour's distance + road minutes"), so this is exactly
networkx's ``dijkstra_predecessor_and_distance`` with ties broken by name,
which this module used before (benchmarks/README.md).
"""

from __future__ import annotations

import math
from array import array
from collections import OrderedDict
from collections.abc import Callable

import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from simulator.scenario.models import Scenario

# at most this many distances are cached (8 bytes each), and at least MIN_TREES destinations
MAX_CACHED_DISTANCES = 8_000_000
MIN_TREES = 64


class RoadNetwork:
    def __init__(self, scenario: Scenario):
        self.graph = nx.Graph()
        self.coords: dict[str, tuple[float, float]] = {}
        for place in scenario.places:
            self.graph.add_node(place.id, x=place.x, y=place.y)
            self.coords[place.id] = (place.x, place.y)
        for road in scenario.roads:
            self.graph.add_edge(road.source, road.target, minutes=road.minutes)
        self._closed: set[frozenset[str]] = set()
        self._slow: dict[frozenset[str], float] = {}
        self._nodes: list[str] = list(self.graph.nodes)
        self._index: dict[str, int] = {node: i for i, node in enumerate(self._nodes)}
        # each place's roads: (neighbour, its index, the road's data, the road's key)
        self._adj = {
            u: [(v, self._index[v], data, frozenset((u, v))) for v, data in nbrs.items()] for u, nbrs in self.graph.adj.items()
        }
        self._matrix: csr_matrix | None = None  # the open roads; rebuilt after a change
        self.version = 0  # counts changes, for callers that keep what they derived from travel times
        self._trees: OrderedDict[str, array] = OrderedDict()
        self.max_trees = max(MIN_TREES, MAX_CACHED_DISTANCES // max(1, len(self._nodes)))

    def _weight(self, u: str, v: str, data: dict) -> float | None:
        # None: the road is closed
        key = frozenset((u, v))
        if key in self._closed:
            return None
        return data["minutes"] * self._slow.get(key, 1.0)

    def _open_roads(self) -> csr_matrix:
        if self._matrix is None:
            rows, cols, weights = [], [], []
            for u, v, data in self.graph.edges(data=True):
                minutes = self._weight(u, v, data)
                if minutes is None or u == v:
                    continue
                i, j = self._index[u], self._index[v]
                rows += (i, j)
                cols += (j, i)
                weights += (minutes, minutes)
            n = len(self._nodes)
            self._matrix = csr_matrix((np.array(weights, dtype=float), (rows, cols)), shape=(n, n))
        return self._matrix

    def _tree(self, destination: str) -> array:
        """Minutes from every place (by index) to ``destination``; ``inf`` when cut off."""
        tree = self._trees.get(destination)
        if tree is None:
            minutes = dijkstra(self._open_roads(), directed=True, indices=self._index[destination])
            tree = self._trees[destination] = array("d", np.ascontiguousarray(minutes, dtype=float).tobytes())
            if len(self._trees) > self.max_trees:
                self._trees.popitem(last=False)
        else:
            self._trees.move_to_end(destination)
        return tree

    def travel_minutes(self, origin: str, destination: str) -> float:
        """Fastest travel time on open roads; ``inf`` when no open route exists."""
        if origin == destination:
            return 0.0
        i = self._index.get(origin)
        return math.inf if i is None else self._tree(destination)[i]

    def minutes_to(self, destination: str) -> Callable[[str], float]:
        """``travel_minutes(origin, destination)`` for many origins: the distances are looked up once."""
        tree, index, inf = self._tree(destination), self._index, math.inf

        def minutes_from(origin: str) -> float:
            if origin == destination:
                return 0.0
            i = index.get(origin)
            return inf if i is None else tree[i]

        return minutes_from

    def next_step(self, origin: str, destination: str) -> tuple[str, float] | None:
        """The next place on the fastest open route and the minutes to it (None: no route)."""
        if origin == destination:
            return None
        i = self._index.get(origin)
        if i is None:
            return None
        tree = self._tree(destination)
        here = tree[i]
        if here == math.inf:
            return None
        best: tuple[str, float] | None = None
        closed, slow = self._closed, self._slow
        for neighbour, j, data, key in self._adj[origin]:
            if key in closed:
                continue
            minutes = data["minutes"] * slow.get(key, 1.0)  # as _weight
            # on a fastest route: the very test Dijkstra uses for its predecessors
            if tree[j] + minutes == here and (best is None or neighbour < best[0]):
                best = (neighbour, minutes)  # ties broken by name: deterministic
        return best

    def edge_minutes(self, a: str, b: str) -> float:
        return self._weight(a, b, self.graph.edges[a, b]) or math.inf

    def route(self, origin: str, destination: str) -> list[str]:
        """The places along the fastest open route (empty when unreachable)."""
        path, node = [origin], origin
        while node != destination:
            step = self.next_step(node, destination)
            if step is None:
                return []
            node = step[0]
            path.append(node)
        return path

    def flight_minutes(self, origin: str, destination: str, speed_kmh: float, overhead: float) -> float:
        """Straight-line flying time between two places, plus take-off and landing."""
        (x1, y1), (x2, y2) = self.coords[origin], self.coords[destination]
        return overhead + 60.0 * math.hypot(x2 - x1, y2 - y1) / speed_kmh

    def _changed(self) -> None:
        self.version += 1
        self._matrix = None
        self._trees.clear()

    def close(self, a: str, b: str) -> None:
        self._closed.add(frozenset((a, b)))
        self._changed()

    def reopen(self, a: str, b: str) -> None:
        self._closed.discard(frozenset((a, b)))
        self._changed()

    def slow(self, a: str, b: str, factor: float) -> None:
        if factor == 1:
            self._slow.pop(frozenset((a, b)), None)
        else:
            self._slow[frozenset((a, b))] = factor
        self._changed()

    def is_closed(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self._closed
