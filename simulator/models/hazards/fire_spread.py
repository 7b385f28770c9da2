"""The geometry and arithmetic of a spreading fire front: link rates and arrival minutes.

Pure functions (no SimPy), so the Wang Zhengfei rate and the shortest-path
arrival minutes can be checked by hand (simulator.scenario.hazards_forest_fire
gives the model and its sources).
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass

# Wang Zhengfei model constants (simulator.scenario.hazards_forest_fire)
WIND_COEFFICIENT = 0.1783  # Kw = exp(0.1783 V), V in m/s
SLOPE_COEFFICIENT = 3.533  # Kphi = exp(3.533 tan(phi)^1.2)
SLOPE_EXPONENT = 1.2


@dataclass(frozen=True)
class Edge:
    """A link as the front crosses it from ``source`` to ``target``."""

    source: str
    target: str
    metres: float  # horizontal distance
    bearing_deg: float  # direction of travel, clockwise from north
    rise: float  # tan of the slope: elevation gain over horizontal distance (negative downhill)


def wind_factor(speed_m_s: float, toward_deg: float, bearing_deg: float) -> float:
    """Kw = exp(0.1783 x V x cos(theta)): theta between where the wind blows and the direction of spread."""
    theta = math.radians(bearing_deg - toward_deg)
    return math.exp(WIND_COEFFICIENT * speed_m_s * math.cos(theta))


def slope_factor(rise: float) -> float:
    """Kphi = exp(3.533 x tan(phi)^1.2) uphill; its inverse downhill (the front creeps down)."""
    k = math.exp(SLOPE_COEFFICIENT * abs(rise) ** SLOPE_EXPONENT)
    return k if rise >= 0 else 1.0 / k


def rate_m_per_min(r0: float, fuel: float, speed_m_s: float, toward_deg: float, edge: Edge) -> float:
    """R = R0 x Ks x Kw x Kphi along ``edge`` (metres a minute); ``fuel`` is Ks of the cell burnt into."""
    return r0 * fuel * wind_factor(speed_m_s, toward_deg, edge.bearing_deg) * slope_factor(edge.rise)


def edges_of(spec, places) -> dict[str, list[Edge]]:
    """Each cell's links as the front would leave it (both directions of every ``spread`` link)."""
    where = {p.id: p for p in places}
    height = {c.place: c.elevation_m for c in spec.cells}
    out: dict[str, list[Edge]] = {c.place: [] for c in spec.cells}
    for link in spec.spread:
        a, b = where[link.source], where[link.target]
        metres = link.distance_m if link.distance_m is not None else math.hypot(b.x - a.x, b.y - a.y) * 1000.0
        bearing = math.degrees(math.atan2(b.x - a.x, b.y - a.y)) % 360.0
        for s, t, direction in ((a.id, b.id, bearing), (b.id, a.id, (bearing + 180.0) % 360.0)):
            rise = (height[t] - height[s]) / metres
            out[s].append(Edge(s, t, metres, direction, rise))
    for edges in out.values():
        edges.sort(key=lambda e: e.target)
    return out


def arrival_minutes(starts: dict[str, float], edges: dict[str, list[Edge]], minutes_along, closed=frozenset()) -> dict[str, float]:
    """Earliest minute the front reaches each cell (Dijkstra), from ``starts`` (cell -> minute).

    ``minutes_along(edge)`` is the time to cross it (inf: it does not burn);
    cells in ``closed`` are neither reached nor spread from.
    """
    best = dict(starts)
    heap = [(t, cell) for cell, t in sorted(starts.items())]
    heapq.heapify(heap)
    done: set[str] = set()
    while heap:
        t, cell = heapq.heappop(heap)
        if cell in done or t > best.get(cell, math.inf):
            continue
        done.add(cell)
        for edge in edges.get(cell, ()):
            if edge.target in closed or edge.target in done:
                continue
            arrive = t + minutes_along(edge)
            if arrive < best.get(edge.target, math.inf):
                best[edge.target] = arrive
                heapq.heappush(heap, (arrive, edge.target))
    return best
