"""The road network: networkx shortest paths on travel minutes, with closures.

Shortest-path trees are cached per origin and dropped whenever a road closes
or opens, so a large network stays fast while closures still take effect.
"""

from __future__ import annotations

import math

import networkx as nx

from simulator.scenario.models import Scenario


class RoadNetwork:
    def __init__(self, scenario: Scenario):
        self.graph = nx.Graph()
        for place in scenario.places:
            self.graph.add_node(place.id, x=place.x, y=place.y)
        for road in scenario.roads:
            self.graph.add_edge(road.source, road.target, minutes=road.minutes)
        self._closed: set[frozenset[str]] = set()
        self._trees: dict[str, dict[str, float]] = {}

    def _weight(self, u: str, v: str, data: dict) -> float | None:
        # networkx treats a None weight as a missing edge: that is how closures work
        return None if frozenset((u, v)) in self._closed else data["minutes"]

    def _tree(self, origin: str) -> dict[str, float]:
        tree = self._trees.get(origin)
        if tree is None:
            tree = self._trees[origin] = nx.single_source_dijkstra_path_length(self.graph, origin, weight=self._weight)
        return tree

    def travel_minutes(self, origin: str, destination: str) -> float:
        """Fastest travel time on open roads; ``inf`` when no open route exists."""
        if origin == destination:
            return 0.0
        return self._tree(origin).get(destination, math.inf)

    def route(self, origin: str, destination: str) -> list[str]:
        """The places along the fastest open route (empty when unreachable)."""
        try:
            return nx.dijkstra_path(self.graph, origin, destination, weight=self._weight)
        except nx.NetworkXNoPath:
            return []

    def close(self, a: str, b: str) -> None:
        self._closed.add(frozenset((a, b)))
        self._trees.clear()

    def reopen(self, a: str, b: str) -> None:
        self._closed.discard(frozenset((a, b)))
        self._trees.clear()

    def is_closed(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self._closed
