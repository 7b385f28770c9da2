"""Drawing durations from the scenario's distribution specs."""

from __future__ import annotations

import math

from simulator.engine.streams import Stream
from simulator.scenario.distributions import Dist


def sample(dist: Dist, rng: Stream) -> float:
    """One non-negative draw, in minutes."""
    kind = dist.dist
    if kind == "fixed":
        return dist.value
    if kind == "exponential":
        return float(rng.exponential(dist.mean)) if dist.mean > 0 else 0.0
    if kind == "uniform":
        return float(rng.uniform(dist.low, dist.high))
    if kind == "triangular":
        if dist.low == dist.high:
            return dist.low
        return float(rng.triangular(dist.low, dist.mode, dist.high))
    # lognormal given by its own mean and sd (not those of the underlying normal)
    sigma2 = math.log(1 + (dist.sd / dist.mean) ** 2)
    mu = math.log(dist.mean) - sigma2 / 2
    return float(rng.lognormal(mu, math.sqrt(sigma2)))
