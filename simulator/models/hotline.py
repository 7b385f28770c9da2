"""Hotline surge: public calls rise while a major incident in a unit's area has no release.

The rate of a unit's public calls is piecewise constant: ``public_calls_per_hour``,
times ``public_information.hotline_multiplier`` while at least one major
incident in its area awaits its first authoritative release (overlapping
incidents do not compound: one unanswered question is enough to call).

Drawn by thinning (Lewis & Shedler, "Simulation of nonhomogeneous Poisson
processes by thinning", Naval Research Logistics Quarterly 26(3), 1979):
candidate calls arrive at the peak rate and each is kept with probability
rate(t) / peak, which is exact for any rate bounded by the peak. Each
candidate is its own job (``public_calls.<unit>.<n>``: its gap, its keep
draw, its desk work), so two plans that release at different times see the
same candidates and differ only in which of them the gap keeps: common
random numbers hold call by call.
"""

from __future__ import annotations

from collections import Counter

from simulator.engine.streams import Stream
from simulator.scenario.models import Scenario


class HotlineSurge:
    """Which units' hotlines are raised now, and whether a candidate call is kept."""

    def __init__(self, multiplier: float):
        self.multiplier = multiplier
        self._open: Counter = Counter()  # unit id -> major incidents in its area awaiting a release

    @classmethod
    def of(cls, scenario: Scenario) -> "HotlineSurge | None":
        """None when nothing rises: the hotlines then draw exactly as without the section."""
        spec = scenario.public_information
        return cls(spec.hotline_multiplier) if spec is not None and spec.hotline_multiplier > 1 else None

    def rise(self, units) -> None:
        for unit in units:
            self._open[unit] += 1

    def fall(self, units) -> None:
        for unit in units:
            self._open[unit] -= 1
            if self._open[unit] <= 0:
                del self._open[unit]

    def raised(self, unit: str) -> bool:
        return unit in self._open

    def keeps(self, unit: str, job: Stream) -> bool:
        """Thinning: a candidate at the peak rate is a call at rate(t) with probability rate(t) / peak."""
        if unit in self._open:
            return True  # rate(t) is the peak: every candidate is a call, no draw needed
        return job.child("keep").random() < 1.0 / self.multiplier
