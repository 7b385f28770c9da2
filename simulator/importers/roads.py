"""An OpenStreetMap road network as a scenario's ``places`` (junctions) and ``roads`` (travel minutes).

Simplification keeps the nodes where the network branches or ends (a node
with other than two neighbours, or a way's end) and merges the chain of
nodes between two of them into one road; its minutes are the sum over its
pieces of length / speed of the piece's class. Lengths are geodesic (pyproj
``Geod`` on WGS 84) unless the file gives them (GraphML ``length``, metres).
Roads are two-way (emergency vehicles; ``oneway`` is ignored); of parallel
roads between two junctions the fastest is kept; only the largest connected
part is kept, so every place can reach every other.

Speeds (km/h) by ``highway`` class are the defaults below, overridable per
class (``--speed residential=20``): urban emergency-vehicle speeds, lower
than the legal limits, in line with Chinese urban-traffic guidance
(CJJ 37 design speeds reduced for congestion).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from simulator.i18n import tr
from simulator.importers.osm import Ways, read_ways

SPEEDS_KMH: dict[str, float] = {
    "motorway": 80, "motorway_link": 50,
    "trunk": 60, "trunk_link": 40,
    "primary": 45, "primary_link": 35,
    "secondary": 40, "secondary_link": 30,
    "tertiary": 35, "tertiary_link": 25,
    "unclassified": 30, "road": 30,
    "residential": 25, "living_street": 10,
    "service": 15, "track": 15,
}
MIN_MINUTES = 0.01  # a road of zero length (two nodes at one spot) still takes a moment


@dataclass
class RoadImport:
    """What the import made: the scenario part and a few counts to tell the user."""

    places: list[dict]
    roads: list[dict]
    nodes_read: int
    dropped_parts: int = 0  # nodes outside the largest connected part
    warnings: list[str] = field(default_factory=list)

    def fragment(self) -> dict:
        return {"places": self.places, "roads": self.roads}


def parse_speeds(pairs: list[str]) -> dict[str, float]:
    """``["residential=20", ...]`` over the default table; a bad pair raises ValueError with a translated reason."""
    speeds = dict(SPEEDS_KMH)
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            kmh = float(value)
        except ValueError:
            kmh = -1.0
        if not key or not kmh > 0:
            raise ValueError(pair)
        speeds[key.strip()] = kmh
    return speeds


def import_roads(path, speeds: dict[str, float] | None = None, level: str = "grid", prefix: str = "n", parent: str | None = None) -> RoadImport:
    """Read ``path`` (OSM XML/PBF or GraphML) and simplify it to junctions and roads.

    ``parent``: the place (a district, a township) the junctions belong to, so its command unit covers them.
    """
    speeds = speeds or SPEEDS_KMH
    ways = read_ways(path, speeds)
    graph = _piece_graph(ways, speeds)
    nodes_read = graph.number_of_nodes()
    dropped = 0
    if nodes_read:
        biggest = max(nx.connected_components(graph), key=lambda c: (len(c), min(c)))
        dropped = nodes_read - len(biggest)
        graph = graph.subgraph(biggest).copy()
    roads = _simplified(graph, _ends(ways, graph))
    keep = sorted({n for r in roads for n in r[:2]} or set(graph.nodes), key=_osm_order)
    names = _junction_names(graph, keep)
    places = [
        {
            "id": f"{prefix}{n}",
            "name": names[n],
            "level": level,
            **({"parent": parent} if parent else {}),
            "lon": round(ways.lonlat[n][0], 7),
            "lat": round(ways.lonlat[n][1], 7),
        }
        for n in keep
    ]
    out_roads = [{"from": f"{prefix}{a}", "to": f"{prefix}{b}", "minutes": max(MIN_MINUTES, round(m, 3))} for a, b, m in roads]
    return RoadImport(places, out_roads, nodes_read, dropped)


def _osm_order(node: str):
    return (0, int(node), "") if node.isdigit() else (1, 0, node)


def _piece_graph(ways: Ways, speeds) -> nx.Graph:
    """Every consecutive node pair of every way, with its minutes, class and name (fastest of parallels)."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    graph = nx.Graph()
    for way in ways.ways:
        for i, (u, v) in enumerate(zip(way.nodes, way.nodes[1:])):
            if u == v:
                continue
            if way.length_m is not None:
                metres = way.length_m[i]
            else:
                (lon1, lat1), (lon2, lat2) = ways.lonlat[u], ways.lonlat[v]
                metres = geod.inv(lon1, lat1, lon2, lat2)[2]
            minutes = metres / 1000 / speeds[way.highway] * 60
            old = graph.get_edge_data(u, v)
            if old is None or minutes < old["minutes"]:
                graph.add_edge(u, v, minutes=minutes, name=way.name)
    return graph


def _ends(ways: Ways, graph: nx.Graph) -> set[str]:
    """Nodes that stay: branches, dead ends and the ends of every way."""
    ends = {n for n in graph if graph.degree(n) != 2}
    if not ends and graph:  # a ring with no branch: it starts and ends somewhere
        ends.add(min(graph, key=_osm_order))
    ends.update(n for way in ways.ways for n in (way.nodes[0], way.nodes[-1]) if n in graph)
    return ends


def _simplified(graph: nx.Graph, ends: set[str]) -> list[tuple[str, str, float]]:
    """Chains between kept nodes merged into one road each (a chain back to its start is dropped)."""
    best: dict[tuple[str, str], float] = {}
    seen: set[frozenset[str]] = set()
    starts = sorted(ends, key=_osm_order)
    for start in starts:
        for nxt in sorted(graph.adj[start], key=_osm_order):
            if frozenset((start, nxt)) in seen:
                continue
            prev, node, minutes = start, nxt, graph.edges[start, nxt]["minutes"]
            seen.add(frozenset((start, nxt)))
            while node not in ends:
                step = next(n for n in graph.adj[node] if n != prev)
                seen.add(frozenset((node, step)))
                minutes += graph.edges[node, step]["minutes"]
                prev, node = node, step
            if node != start:
                key = tuple(sorted((start, node), key=_osm_order))
                best[key] = min(minutes, best.get(key, minutes))
    return [(a, b, m) for (a, b), m in sorted(best.items(), key=lambda kv: (_osm_order(kv[0][0]), _osm_order(kv[0][1])))]


def _junction_names(graph: nx.Graph, keep: list[str]) -> dict[str, dict[str, str]]:
    """'A / B' at a crossing, the road's name elsewhere, 'Junction 3' without names; a repeated name numbered (2), (3) ...

    Names are what people read, so OSM node ids stay out of them (they remain the place ids).
    """
    out: dict[str, dict[str, str]] = {node: {} for node in keep}
    for lang in ("zh", "en"):
        seen: dict[str, int] = {}
        unnamed = 0
        for node in keep:
            names = sorted({nm.get(lang) or nm.get("") for nm in (graph.edges[node, v]["name"] for v in graph.adj[node]) if nm.get(lang) or nm.get("")})
            if len(names) >= 2:
                label = tr("import.junction_of", lang, a=names[0], b=names[1])
            elif names:
                label = names[0]
            else:
                unnamed += 1
                label = tr("import.junction", lang, n=unnamed)
            seen[label] = seen.get(label, 0) + 1
            out[node][lang] = label if seen[label] == 1 else f"{label} ({seen[label]})"
    return out
