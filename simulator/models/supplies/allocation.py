"""Who supplies whom: the allocation policies and rationing (pure functions).

Sources are ordered per policy (the sources of Zhengzhou's reply of 9 July
2021, seed 002: 政府储备、企业和社会组织储备、居民家庭储备以及企业产能储备);
within that order government stock comes first, then enterprise agreement
reserves, then production capacity, so enterprises are called on when the state's own stock runs out.
Requests that reach the bureau at the same moment are allocated together:
by priority (lower first); within a priority class either in order of
arrival (``priority``) or, when short, each gets the same share of what
its sources hold (``proportional``) before any leftovers go round again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import numpy as np
import simpy

from simulator.models.supplies.stock import EPS, DepotState

KIND_RANK = {"government": 0, "agreement": 1, "capacity": 2}
LOCAL_TIERS = ("grid", "village", "township")


@dataclass(frozen=True)
class Site:
    """A destination: an incident site, a shelter or (for transfers) a depot."""

    id: str
    place: str
    kind: str  # "incident" | "shelter" | "depot"
    priority: int = 0
    incident: str = ""


@dataclass
class Request:
    site: Site
    items: dict[str, float]  # what this round is to allocate: first the request, later what is still owed
    seq: int
    done: simpy.Event | None = None
    outstanding: int = 0  # consignments on their way
    rounds: int = 0  # allocation rounds it has been through
    owed: bool = False  # short at an incident site: allocated again when stock or roads change


@dataclass(frozen=True, slots=True)
class Source:
    depot: DepotState
    decider: str  # the tier whose bureau decides the release
    minutes: float  # travel time to the site when allocated


def decider(policy: str, dep: DepotState) -> str:
    """The tier whose bureau decides a release from ``dep``."""
    if policy == "tier_nearest":
        return dep.tier
    if policy == "hybrid" and dep.depot.kind == "government" and dep.tier in LOCAL_TIERS:
        return dep.tier
    return "city"


def source_rank(policy: str, dep: DepotState, minutes: float, site_areas: set[str]) -> tuple | None:
    """Where ``dep``, ``minutes`` from a site, ranks among the site's sources (smaller first).

    ``(group, rank, minutes, depot id, deciding tier)``: ids are unique, so the
    tier never decides the order. None: the policy does not draw on ``dep`` here.
    """
    kind = dep.depot.kind
    if policy == "centralised":
        return (0, KIND_RANK[kind], minutes, dep.id, "city")
    own = dep.area in site_areas
    if policy == "tier_nearest":
        return (KIND_RANK[kind], dep.tier_rank, minutes, dep.id, dep.tier) if own else None
    # hybrid: community and township stock released locally, the rest pooled by the city
    if own and kind == "government" and dep.tier in LOCAL_TIERS:
        return (0, dep.tier_rank, minutes, dep.id, dep.tier)
    return (1, KIND_RANK[kind], minutes, dep.id, "city")


class SourceRanking:
    """``source_rank``'s order of a fixed list of depots, for any site: the one sort of sources.

    A depot's group and rank depend on the depot and on whether the site lies
    in its area, not on the minutes, so both cases are tabled per depot once
    (row 0: the site lies in the depot's area) and a site's order is one numpy
    sort by (group and rank as one key, minutes, id). The bureau keeps a
    site's ``keys`` and sorts again per road state.
    """

    def __init__(self, policy: str, depots: list[DepotState]):
        self.policy, self.depots = policy, depots
        n = len(depots)
        tabled = [[source_rank(policy, d, 0.0, areas) for d in depots] for areas in ({d.area for d in depots}, set())]
        self._drawn = np.array([[r is not None for r in row] for row in tabled], dtype=bool).reshape(2, n)
        group = np.array([[r[0] if r else 0 for r in row] for row in tabled], dtype=np.intp).reshape(2, n)
        rank = np.array([[r[1] if r else 0 for r in row] for row in tabled], dtype=np.intp).reshape(2, n)
        self._group_rank = group * (int(rank.max(initial=0)) + 1) + rank  # one key sorting as (group, rank): ranks are >= 0
        self._id_rank = np.empty(n, dtype=np.intp)
        self._id_rank[sorted(range(n), key=lambda k: depots[k].id)] = np.arange(n)
        self._in_area: dict[str, list[int]] = {}  # area -> positions of the depots in it (a site's chain is a few areas)
        for k, d in enumerate(depots):
            self._in_area.setdefault(d.area, []).append(k)

    def keys(self, site_areas: set[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per depot, for a site whose territory chain is ``site_areas``: drawn on or not, and its (group, rank) key."""
        side = np.ones(len(self.depots), dtype=np.intp)  # row 1: the site lies outside the depot's area
        for area in site_areas:
            inside = self._in_area.get(area)
            if inside:
                side[inside] = 0
        at = np.arange(len(self.depots))
        return self._drawn[side, at], self._group_rank[side, at]

    def order(self, keys: tuple[np.ndarray, np.ndarray], minutes: np.ndarray) -> np.ndarray:
        """Positions of the depots drawn on and reachable (finite ``minutes``, per depot), by (group, rank, minutes, id)."""
        drawn_on, group_rank = keys
        drawn = np.flatnonzero(drawn_on & np.isfinite(minutes))
        return drawn[np.lexsort((self._id_rank[drawn], minutes[drawn], group_rank[drawn]))]  # the last key sorts first

    def source(self, k: int, minutes: float, site_areas: set[str]) -> Source:
        """The ``k``-th depot as a site's source: who decides its release, and its minutes."""
        dep = self.depots[k]
        rank = source_rank(self.policy, dep, minutes, site_areas)
        return Source(dep, rank[4], rank[2])


def order_sources(policy: str, depots: list[tuple[DepotState, float]], site_areas: set[str]) -> list[Source]:
    """Order the reachable depots for a site (``SourceRanking``, as the bureau orders them).

    ``depots`` pairs each candidate with its travel minutes to the site (``inf``:
    unreachable, left out); ``site_areas`` is the site's place and its ancestors
    (its territory chain). Centralised: government first, then nearest;
    tier_nearest: only the site's own territory, tier by tier; hybrid: the own
    territory's community and township government stock first (released
    locally), then the city pools the rest.
    """
    ranking = SourceRanking(policy, [dep for dep, _ in depots])
    minutes = np.array([m for _, m in depots], dtype=float)
    return [ranking.source(k, depots[k][1], site_areas) for k in ranking.order(ranking.keys(site_areas), minutes).tolist()]


@dataclass
class Allocation:
    request: Request
    source: Source
    item: str
    quantity: float


def allocate(
    requests: list[Request],
    sources_of: Callable[[Request, str], list[Source]],
    allocatable: Callable[[DepotState, str], float],
    rationing: str,
) -> list[Allocation]:
    """Split what the requests ask for over their sources; what is left over is short."""
    left: dict[tuple[str, str], float] = {}
    taken: dict[tuple[int, str, str], Allocation] = {}
    items = sorted({item for r in requests for item in r.items})

    def fill(req: Request, item: str, amount: float, sources: list[Source]) -> float:
        for src in sources:
            if amount <= EPS:
                break
            pool = (src.depot.id, item)
            if pool not in left:
                left[pool] = allocatable(src.depot, item)
            part = min(amount, left[pool])
            if part <= EPS:
                continue
            left[pool] -= part
            amount -= part
            slot = (req.seq, src.depot.id, item)
            if slot in taken:
                taken[slot].quantity += part
            else:
                taken[slot] = Allocation(req, src, item, part)
        return amount

    for item in items:
        wanting = sorted((r for r in requests if r.items.get(item, 0) > EPS), key=lambda r: (r.site.priority, r.seq))
        for priority in sorted({r.site.priority for r in wanting}):
            group = [r for r in wanting if r.site.priority == priority]
            sources = {r.seq: sources_of(r, item) for r in group}
            need = {r.seq: r.items[item] for r in group}
            if rationing == "proportional" and len(group) > 1:
                for src in {s.depot.id: s for r in group for s in sources[r.seq]}.values():
                    left.setdefault((src.depot.id, item), allocatable(src.depot, item))
                pools = {(s.depot.id, item) for r in group for s in sources[r.seq]}
                supply, demand = sum(left[p] for p in pools), sum(need.values())
                if supply < demand:
                    share = supply / demand
                    for r in group:
                        got = need[r.seq] * share
                        need[r.seq] -= got - fill(r, item, got, sources[r.seq])
            for r in group:
                need[r.seq] = fill(r, item, need[r.seq], sources[r.seq])
    return list(taken.values())
