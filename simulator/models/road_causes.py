"""Why each road is closed or slowed: every cause holds the road on its own, and lifts only its own hold.

Several things close and slow roads in one run: the facilitator's injects,
the earthquake (until its repair timer ends), the chemical hazard zone
(until it is lifted), a typhoon's storm surge (until it recedes). A timer
set by one of them must not undo what another did meanwhile: a road the
earthquake cut and an inject then closed stays closed when the quake's
repair is done, until the inject's own ``open_road``. So a road is closed
while any cause holds it, and its slowdown is the largest factor any cause
puts on it (two slowdowns of one road are not multiplied: a road under
water and cracked is as slow as its worst stretch).

The causes are the callers' words: ``inject`` (the facilitator: a later
``open_road`` or ``slow_road`` with factor 1 lifts the injects' hold, not a
hazard's), ``earthquake``, ``chemical_release``, ``surge``. The road
network (simulator.models.geography) keeps the resulting state and its
shortest paths; this keeps the reasons, and changes the network only when
the resulting state changes.
"""

from __future__ import annotations

from simulator.models.geography import RoadNetwork


class RoadCauses:
    def __init__(self, roads: RoadNetwork):
        self.roads = roads
        self._closed: dict[frozenset[str], set[str]] = {}  # road -> the causes closing it
        self._slow: dict[frozenset[str], dict[str, float]] = {}  # road -> cause -> its factor

    def holds(self, a: str, b: str, cause: str) -> bool:
        """``cause`` keeps the road closed."""
        return cause in self._closed.get(frozenset((a, b)), ())

    def close(self, a: str, b: str, cause: str) -> bool:
        """``cause`` closes the road; True if the road was open until now."""
        held = self._closed.setdefault(frozenset((a, b)), set())
        held.add(cause)
        if self.roads.is_closed(a, b):
            return False
        self.roads.close(a, b)
        return True

    def reopen(self, a: str, b: str, cause: str) -> bool:
        """``cause`` lifts its closure; True if the road opens now (no other cause holds it)."""
        key = frozenset((a, b))
        held = self._closed.get(key)
        if not held or cause not in held:
            return False
        held.discard(cause)
        if held:
            return False
        del self._closed[key]
        self.roads.reopen(a, b)
        return True

    def slow(self, a: str, b: str, cause: str, factor: float) -> bool:
        """``cause`` slows the road by ``factor`` (1 lifts its slowdown); True if the road's factor changed."""
        key = frozenset((a, b))
        factors = self._slow.setdefault(key, {})
        before = max(factors.values(), default=1.0)
        if factor == 1:
            factors.pop(cause, None)
        else:
            factors[cause] = factor
        after = max(factors.values(), default=1.0)
        if not factors:
            del self._slow[key]
        if after == before:
            return False
        self.roads.slow(a, b, after)
        return True

    def causes(self, a: str, b: str) -> list[str]:
        """The causes holding the road closed now, sorted (none: open)."""
        return sorted(self._closed.get(frozenset((a, b)), ()))

    def factor(self, a: str, b: str) -> float:
        """The road's slowdown now (1: none)."""
        return max(self._slow.get(frozenset((a, b)), {}).values(), default=1.0)
