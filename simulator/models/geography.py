"""The road network: networkx shortest paths on travel minutes, with closures and slowdowns.

Shortest-path trees are cached per destination (the graph is undirected, so
one tree gives every place's time to that destination and its next step
towards it) and dropped whenever a road closes, reopens or changes speed.
That keeps a large network fast while teams on the move can re-plan at
every junction.
"""

from __future__ import annotations

import math

import networkx as nx

from simulator.scenario.models import Scenario


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
        self._trees: dict[str, tuple[dict[str, list[str]], dict[str, float]]] = {}

    def _weight(self, u: str, v: str, data: dict) -> float | None:
        # networkx treats a None weight as a missing edge: that is how closures work
        key = frozenset((u, v))
        if key in self._closed:
            return None
        return data["minutes"] * self._slow.get(key, 1.0)

    def _tree(self, destination: str) -> tuple[dict[str, list[str]], dict[str, float]]:
        tree = self._trees.get(destination)
        if tree is None:
            tree = self._trees[destination] = nx.dijkstra_predecessor_and_distance(self.graph, destination, weight=self._weight)
        return tree

    def travel_minutes(self, origin: str, destination: str) -> float:
        """Fastest travel time on open roads; ``inf`` when no open route exists."""
        if origin == destination:
            return 0.0
        return self._tree(destination)[1].get(origin, math.inf)

    def next_step(self, origin: str, destination: str) -> tuple[str, float] | None:
        """The next place on the fastest open route and the minutes to it (None: no route)."""
        if origin == destination:
            return None
        pred = self._tree(destination)[0].get(origin)
        if not pred:
            return None
        step = min(pred)  # ties broken by name: deterministic
        return step, self.edge_minutes(origin, step)

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

    def close(self, a: str, b: str) -> None:
        self._closed.add(frozenset((a, b)))
        self._trees.clear()

    def reopen(self, a: str, b: str) -> None:
        self._closed.discard(frozenset((a, b)))
        self._trees.clear()

    def slow(self, a: str, b: str, factor: float) -> None:
        if factor == 1:
            self._slow.pop(frozenset((a, b)), None)
        else:
            self._slow[frozenset((a, b))] = factor
        self._trees.clear()

    def is_closed(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self._closed
