"""Compiled samplers draw exactly what the old dispatch on the ``dist`` tag drew, from the same streams."""

from __future__ import annotations

import math

import pytest

from simulator.engine import sampling
from simulator.engine.sampling import compile_sampler, sample, sample_child, sampler
from simulator.engine.streams import Stream
from simulator.scenario.distributions import Dist


def reference(dist: Dist, rng: Stream) -> float:
    """``sample`` as it was before compilation (simulator/engine/sampling.py up to b4f0f98), kept as the reference."""
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
    sigma2 = math.log(1 + (dist.sd / dist.mean) ** 2)
    mu = math.log(dist.mean) - sigma2 / 2
    return float(rng.lognormal(mu, math.sqrt(sigma2)))


SPECS = [
    7,
    0,
    {"dist": "exponential", "mean": 4},
    {"dist": "exponential", "mean": 0},  # no draw
    {"dist": "uniform", "low": 2, "high": 6},
    {"dist": "uniform", "low": 3, "high": 3},
    {"dist": "triangular", "low": 1, "mode": 4, "high": 7},
    {"dist": "triangular", "low": 5, "mode": 5, "high": 5},  # no draw
    {"dist": "triangular", "low": 0, "mode": 0, "high": 9},
    {"dist": "lognormal", "mean": 25, "sd": 12},
    {"dist": "lognormal", "mean": 0.5, "sd": 3},
]


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("seed", [1, 0xDEADBEEF, 2**64 - 1])
def test_a_compiled_sampler_draws_as_the_reference(spec, seed):
    dist = Dist.model_validate(spec)
    ours, theirs = Stream(seed), Stream(seed)
    for _ in range(200):
        assert sample(dist, ours) == reference(dist, theirs)  # bit for bit, not approximately
    # the same number of uniforms consumed: the next draw of both streams is the same
    assert ours.random() == theirs.random()
    compiled, again = Stream(seed), Stream(seed)
    assert [compile_sampler(dist)(compiled) for _ in range(50)] == [reference(dist, again) for _ in range(50)]


def test_a_spec_is_compiled_once_and_a_copy_gets_its_own():
    dist = Dist.model_validate({"dist": "exponential", "mean": 4})
    assert sampler(dist) is sampler(dist)
    changed = dist.model_copy(update={"mean": 8.0})  # a what-if variant made the pydantic way
    first, second = Stream(5), Stream(5)
    # exponential: twice the mean, twice the draw from the same uniform
    assert sample(changed, first) == pytest.approx(2 * sample(dist, second))


def test_the_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(sampling, "_KEEP", 3)
    monkeypatch.setattr(sampling, "_compiled", {})
    specs = [Dist.model_validate(v) for v in (1, 2, 3, 4, 5)]
    for d in specs:
        assert sample(d, Stream(1)) == d.value
    assert len(sampling._compiled) <= 3


@pytest.mark.parametrize("spec", SPECS)
def test_sample_child_draws_what_the_child_would_and_makes_none_for_a_spec_without_draws(spec, monkeypatch):
    dist = Dist.model_validate(spec)
    job = Stream(42)
    assert sample_child(dist, job, "rest") == reference(dist, Stream(42).child("rest"))
    made = []
    real_child = Stream.child
    monkeypatch.setattr(Stream, "child", lambda self, purpose: made.append(purpose) or real_child(self, purpose))
    sample_child(dist, Stream(42), "rest")
    # fixed, an exponential of mean 0 and a triangular with low == high take no draw: no child made
    no_draw = dist.dist == "fixed" or (dist.dist == "exponential" and dist.mean == 0) or (dist.dist == "triangular" and dist.low == dist.high)
    assert made == ([] if no_draw else ["rest"])


@pytest.mark.parametrize("spec", SPECS)
def test_fixed_is_the_value_of_a_spec_without_draws(spec):
    dist = Dist.model_validate(spec)
    no_draw = dist.dist == "fixed" or (dist.dist == "exponential" and dist.mean == 0) or (dist.dist == "triangular" and dist.low == dist.high)
    assert sampling.fixed(dist) == (reference(dist, Stream(3)) if no_draw else None)
