"""The road network: shortest paths on travel minutes, with closures and slowdowns.

Distances are kept per destination (the graph is undirected, so one
single-source search from a destination gives every place's time to it),
computed by Dijkstra's search over the open roads (``_open_arcs``): scipy's,
in C on a sparse matrix, for a network of ``SCIPY_FROM`` places or more,
and for a smaller one (every bundled drill) a few lines of Python with
heapq, so that a small run does not import scipy.sparse.csgraph (about
0.2 s of every start of drillsim). Both give each place the smallest sum
``distance of a neighbour + the road's minutes`` over its neighbours, the
same floating-point sums (tests/unit/test_fast_paths.py compares the two
bit for bit and both with networkx). The distances are stored compactly (one ``array('d')`` per destination) in a bounded
least-recently-used cache, so a city with a thousand incident sites stays
fast and small. A search for a destination not yet known in a road state
also searches, in the same scipy call, as many other places of that state
not yet searched as were searched before in it (up to ``MAX_BLOCK``): a
call's fixed cost (checking the graph, about a third of a search on a city
of 1,300 places) is shared, and at most half the searches of a state are
ones nobody asked for yet (the first search of a state is one place alone). They are kept per road state (the set of closed and slowed
roads, numbered by ``state`` the first time it is seen): after a change
teams on the move re-plan at every junction, and a road that reopens
brings back the earlier state's distances without searching again.

The rule for routes: the next step towards a destination is, among the
neighbours on a fastest route (those whose distance plus the road's
minutes is the place's own distance, the very sum Dijkstra minimises), the
one with the smallest name; a route is the chain of next steps. Routes
(``plan``) are kept per road state too. This is the one implementation of
the rule; tests/unit/test_fast_paths.py holds a reference built on
networkx's ``dijkstra_predecessor_and_distance`` (what this module used
before, benchmarks/README.md) and compares the two on generated networks.
"""

from __future__ import annotations

import math
from array import array
from collections import OrderedDict
from collections.abc import Callable

from heapq import heappop, heappush

import numpy as np

from simulator.scenario.models import Scenario

# at most this many distances are cached (8 bytes each), and at least MIN_TREES destinations
MAX_CACHED_DISTANCES = 8_000_000
MIN_TREES = 64
MAX_PLANS = 100_000  # routes kept (a few hundred bytes each)
MAX_BLOCK = 256  # destinations searched in one scipy call at most
SCIPY_FROM = 300  # places: a network this large is searched by scipy (in Python, one search would take 0.3 ms and more)


class RoadNetwork:
    def __init__(self, scenario: Scenario):
        # each place's roads, {neighbour: {"minutes": m}}, the two ends sharing one dict and a later road
        # between the same places replacing an earlier one (a plain table: importing networkx for it
        # took 0.1-0.2 s of every start of drillsim)
        self._roads: dict[str, dict[str, dict]] = {}
        self.coords: dict[str, tuple[float, float]] = {}
        for place in scenario.places:
            self._roads.setdefault(place.id, {})
            self.coords[place.id] = (place.x, place.y)
        for road in scenario.roads:
            u, v = road.source, road.target
            data = self._roads.setdefault(u, {}).get(v, {})
            data["minutes"] = road.minutes
            self._roads.setdefault(v, {})
            self._roads[u][v] = self._roads[v][u] = data
        self._closed: set[frozenset[str]] = set()
        self._slow: dict[frozenset[str], float] = {}
        self._nodes: list[str] = list(self._roads)
        self._index: dict[str, int] = {node: i for i, node in enumerate(self._nodes)}
        # each place's roads, by the neighbour's name: (neighbour, its index, the road's minutes, the road's key)
        self._adj = {
            u: sorted((v, self._index[v], data["minutes"], frozenset((u, v))) for v, data in nbrs.items()) for u, nbrs in self._roads.items()
        }
        self._arcs: list[list[tuple[int, float]]] | None = None  # the open roads, per place (by index); rebuilt after a change
        self._matrix = None  # the same as a scipy.sparse matrix, for a network of SCIPY_FROM places or more
        self.version = 0  # counts changes
        # the road state: equal numbers, equal closed and slowed roads, equal travel times;
        # for callers that keep what they derived from travel times
        self.state = 0
        self._states: dict[tuple[frozenset, frozenset], int] = {(frozenset(), frozenset()): 0}
        self._trees: OrderedDict[tuple[int, str], array] = OrderedDict()  # (state, destination) -> minutes
        self._searched: dict[int, list[int]] = {}  # state -> [searches made in it, the next place (index) to search ahead]
        self._plans: dict[tuple[int, str, str], tuple[tuple[str, ...], tuple[float, ...]]] = {}  # (state, origin, destination)
        self.max_trees = max(MIN_TREES, MAX_CACHED_DISTANCES // max(1, len(self._nodes)))
        self.on_change: list[Callable[[], None]] = []  # called when ``state`` changes (teams on the move re-plan)

    def _weight(self, u: str, v: str, data: dict) -> float | None:
        # None: the road is closed
        key = frozenset((u, v))
        if key in self._closed:
            return None
        return data["minutes"] * self._slow.get(key, 1.0)

    def _open_arcs(self) -> list[list[tuple[int, float]]]:
        """Per place (by index), its open roads' (neighbour's index, minutes), from the table ``_step`` reads (so the two agree)."""
        if self._arcs is None:
            self._arcs = []
            closed, slow = self._closed, self._slow
            for u, nbrs in self._adj.items():
                i = self._index[u]
                self._arcs.append([(j, minutes * slow.get(key, 1.0)) for _, j, minutes, key in nbrs if i != j and key not in closed])  # as _weight
        return self._arcs

    def _open_roads(self):
        """``_open_arcs`` as a scipy.sparse matrix (both ways)."""
        if self._matrix is None:
            from scipy.sparse import csr_matrix  # imported only for a network scipy searches

            rows, cols, weights = [], [], []
            for i, arcs in enumerate(self._open_arcs()):
                for j, minutes in arcs:
                    rows.append(i)
                    cols.append(j)
                    weights.append(minutes)
            n = len(self._nodes)
            self._matrix = csr_matrix((np.array(weights, dtype=float), (rows, cols)), shape=(n, n))
        return self._matrix

    def _tree(self, destination: str) -> array:
        """Minutes from every place (by index) to ``destination``; ``inf`` when cut off."""
        key = (self.state, destination)
        tree = self._trees.get(key)
        if tree is None:
            tree = self._search(destination)
        else:
            self._trees.move_to_end(key)
        return tree

    def _search(self, destination: str) -> array:
        """Search from ``destination`` and, in the same call, from places of this road state not searched yet
        (in index order, as many as searched so far in this state): see the module's docstring."""
        state, trees, nodes = self.state, self._trees, self._nodes
        counts = self._searched.setdefault(state, [0, 0])
        block = [self._index[destination]]
        ahead = min(counts[0], MAX_BLOCK - 1, self.max_trees // 2)
        while ahead and counts[1] < len(nodes):
            node = nodes[counts[1]]
            counts[1] += 1
            if node != destination and (state, node) not in trees:
                block.append(counts[1] - 1)
                ahead -= 1
        counts[0] += len(block)
        if len(nodes) >= SCIPY_FROM:
            from scipy.sparse.csgraph import dijkstra  # imported only for a network this large

            minutes = dijkstra(self._open_roads(), directed=True, indices=block)  # one row per place of the block
            rows = [array("d", row.tobytes()) for row in np.ascontiguousarray(minutes, dtype=float)]
        else:
            rows = [_dijkstra(self._open_arcs(), at) for at in block]
        for at, tree in zip(reversed(block), reversed(rows)):  # the destination last: the newest
            trees[(state, nodes[at])] = tree
            if len(trees) > self.max_trees:
                trees.popitem(last=False)
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

    def positions(self, places: list[str]) -> np.ndarray:
        """Where ``places`` sit among the network's places, for ``minutes_from_each`` (-1: not a place of it)."""
        return np.array([self._index.get(p, -1) for p in places], dtype=np.intp)

    def minutes_from_each(self, origins: np.ndarray, destination: str) -> np.ndarray:
        """``travel_minutes(origin, destination)`` for each of ``origins`` (``positions``), as a new array."""
        minutes = np.frombuffer(self._tree(destination), dtype=float)[origins]
        minutes[origins < 0] = math.inf
        return minutes

    def next_step(self, origin: str, destination: str) -> tuple[str, float] | None:
        """The next place on the fastest open route and the minutes to it (None: no route)."""
        if origin == destination:
            return None
        return self._step(origin, self._tree(destination))

    def _step(self, origin: str, tree: array) -> tuple[str, float] | None:
        i = self._index.get(origin)
        if i is None:
            return None
        here = tree[i]
        if here == math.inf:
            return None
        closed, slow = self._closed, self._slow
        for neighbour, j, minutes, key in self._adj[origin]:  # by name: the first found breaks ties
            if closed and key in closed:
                continue
            if slow:
                minutes = minutes * slow.get(key, 1.0)  # as _weight (x * 1.0 is x)
            # on a fastest route: the very test Dijkstra uses for its predecessors
            if tree[j] + minutes == here:
                return neighbour, minutes
        return None

    def edge_minutes(self, a: str, b: str) -> float:
        return self._weight(a, b, self._roads[a][b]) or math.inf

    def route(self, origin: str, destination: str) -> list[str]:
        """The places along the fastest open route (empty when unreachable)."""
        return list(self.plan(origin, destination)[0])

    def plan(self, origin: str, destination: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
        """``route`` and the minutes of each of its roads: ``next_step``'s answers along it
        (the same answers while ``state`` stays the same). Kept per road state: teams
        drive the same ways again and again."""
        key = (self.state, origin, destination)
        found = self._plans.get(key)
        if found is None:
            if len(self._plans) >= MAX_PLANS:
                self._plans.clear()
            found = self._plans[key] = self._plan(origin, destination)
        return found

    def _plan(self, origin: str, destination: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
        if origin != destination and origin not in self._index:
            return (), ()
        path, minutes, node = [origin], [], origin
        tree = self._tree(destination) if origin != destination else None
        while node != destination:
            step = self._step(node, tree)
            if step is None:
                return (), ()
            node = step[0]
            path.append(node)
            minutes.append(step[1])
        return tuple(path), tuple(minutes)

    def flight_minutes(self, origin: str, destination: str, speed_kmh: float, overhead: float) -> float:
        """Straight-line flying time between two places, plus take-off and landing."""
        (x1, y1), (x2, y2) = self.coords[origin], self.coords[destination]
        return overhead + 60.0 * math.hypot(x2 - x1, y2 - y1) / speed_kmh

    def _changed(self) -> None:
        self.version += 1
        self._arcs = self._matrix = None
        key = (frozenset(self._closed), frozenset(self._slow.items()))
        before, self.state = self.state, self._states.setdefault(key, len(self._states))
        if self.state != before:
            for listener in self.on_change:
                listener()

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


def _dijkstra(arcs: list[list[tuple[int, float]]], source: int) -> array:
    """Minutes from ``source`` to every place (by index; ``inf``: cut off): Dijkstra's search with a binary heap.

    Each place settles at the smallest ``distance of a settled neighbour + the road's minutes``, the
    sum scipy's search makes too, so both give the same floating-point distances."""
    dist = array("d", [math.inf]) * len(arcs)
    done = bytearray(len(arcs))
    dist[source] = 0.0
    heap = [(0.0, source)]
    while heap:
        here, u = heappop(heap)
        if done[u]:
            continue
        done[u] = 1
        for v, minutes in arcs[u]:
            there = here + minutes
            if there < dist[v]:
                dist[v] = there
                heappush(heap, (there, v))
    return dist
