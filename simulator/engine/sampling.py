"""Drawing durations from the scenario's distribution specs.

``sample(dist, rng)`` is the one entry point. A run draws a few hundred
thousand durations from a few dozen specs, so each spec is compiled once
into a sampler (a closure over its parameters, the lognormal's mu and sigma
worked out) instead of dispatching on the ``dist`` tag and recomputing them
at every draw: 72-hour city, 217,000 draws; a lognormal draw 5.2 -> 2.3 us.
A sampler makes exactly the calls on the stream that the dispatch made, so
every draw is the same (tests/unit/test_sampling.py keeps the old formulas).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from simulator.engine.streams import Stream
from simulator.scenario.distributions import Dist

Sampler = Callable[[Stream], float]

# Specs are frozen and live as long as their scenario: a sampler is kept per spec
# object (its id, with the spec held so the id cannot be reused). A pure memo,
# bounded: past _KEEP specs (many scenarios in one process) it starts afresh.
_KEEP = 4096
_compiled: dict[int, tuple[Dist, Sampler, bool]] = {}  # spec, its sampler, whether it draws at all


def sample(dist: Dist, rng: Stream) -> float:
    """One non-negative draw, in minutes."""
    entry = _compiled.get(id(dist))
    if entry is None:
        entry = _keep(dist)
    return entry[1](rng)


def sample_child(dist: Dist, job: Stream, purpose: str) -> float:
    """``sample(dist, job.child(purpose))``, without making the child when ``dist`` takes no draw.

    A child stream is a pure function of its parent's seed and its purpose,
    so a child never drawn from need not exist: a fixed rest, a fixed step
    of the "3+8" record, a unified command's agreement (the city makes some
    25,000 such children a day, about 1.5 us each).
    """
    entry = _compiled.get(id(dist))
    if entry is None:
        entry = _keep(dist)
    return entry[1](job.child(purpose)) if entry[2] else entry[1](job)


def sampler(dist: Dist) -> Sampler:
    """``dist``'s compiled sampler, for a caller that draws from one spec often: ``sampler(d)(rng) == sample(d, rng)``."""
    entry = _compiled.get(id(dist))
    return (entry or _keep(dist))[1]


def fixed(dist: Dist) -> float | None:
    """The value ``dist`` always gives if it takes no draw (a fixed time, a zero mean), else None: a caller
    drawing from one spec often can look the value up and make no stream for it."""
    entry = _compiled.get(id(dist)) or _keep(dist)
    return None if entry[2] else entry[1](None)


def _keep(dist: Dist) -> tuple[Dist, Sampler, bool]:
    if len(_compiled) >= _KEEP:
        _compiled.clear()
    entry = _compiled[id(dist)] = (dist, compile_sampler(dist), draws(dist))
    return entry


def draws(dist: Dist) -> bool:
    """Whether a draw from ``dist`` takes anything from its stream (the samplers below that take nothing)."""
    if dist.dist == "fixed":
        return False
    if dist.dist == "exponential":
        return dist.mean > 0
    if dist.dist == "triangular":
        return dist.low != dist.high
    return True


def compile_sampler(dist: Dist) -> Sampler:
    """A function of the stream drawing from ``dist``: the stream's own method with the parameters bound.

    ``float`` as before: a numpy ``Generator`` (some tests pass one) gives numpy scalars.
    """
    kind = dist.dist
    if kind == "fixed":
        value = dist.value
        return lambda rng: value
    if kind == "exponential":
        mean = dist.mean
        if mean > 0:
            return lambda rng: float(rng.exponential(mean))
        return lambda rng: 0.0  # no draw taken, as before
    if kind == "uniform":
        low, high = dist.low, dist.high
        return lambda rng: float(rng.uniform(low, high))
    if kind == "triangular":
        low, mode, high = dist.low, dist.mode, dist.high
        if low == high:
            return lambda rng: low  # no draw taken
        return lambda rng: float(rng.triangular(low, mode, high))
    # lognormal given by its own mean and sd (not those of the underlying normal)
    sigma2 = math.log(1 + (dist.sd / dist.mean) ** 2)
    mu = math.log(dist.mean) - sigma2 / 2
    sigma = math.sqrt(sigma2)
    return lambda rng: float(rng.lognormal(mu, sigma))
