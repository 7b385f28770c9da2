"""Counter-based random streams keyed by job: reference values, distributions, independence, audit."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from simulator.engine.streams import RandomStreams, Stream, stream_seed
from simulator.engine.context import SimContext
from simulator.engine.stepper import Stepper
from simulator.models.world import World
from simulator.models.teams import nearest_team
from simulator.scenario import load_scenario
from tests.conftest import SCENARIOS


def test_draws_are_splitmix64_outputs():
    # SplitMix64 seeded with 1234567: the first five outputs of Vigna's reference
    # C code (prng.di.unimi.it/splitmix64.c), as widely reproduced in test suites
    expected = [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821]
    stream = Stream(1234567)
    # random() keeps the top 53 of the 64 bits
    assert [round(stream.random() * 2.0**53) for _ in expected] == [value >> 11 for value in expected]


def test_a_name_gives_the_same_draws_whatever_was_drawn_before():
    streams = RandomStreams(5)
    first = [streams.get("incident.a-001.initial").random() for _ in range(1)]
    streams.get("other").randoms(50)
    assert [streams.get("incident.a-001.initial").random()] == first
    # the seed is BLAKE2b over root entropy, spawn key and name, as the module says
    assert Stream(stream_seed(b"5|()|incident.a-001.initial")).random() == first[0]


def test_streams_differ_by_name_seed_and_spawn_key():
    draws = RandomStreams(5).get("x").randoms(3)
    assert not np.array_equal(draws, RandomStreams(5).get("y").randoms(3))
    assert not np.array_equal(draws, RandomStreams(6).get("x").randoms(3))
    c1, c2 = np.random.SeedSequence(5).spawn(2)
    assert not np.array_equal(RandomStreams(c1).get("x").randoms(3), RandomStreams(c2).get("x").randoms(3))


def test_a_child_does_not_depend_on_its_parents_draws():
    job = RandomStreams(9).get("orders.x")
    handling = job.child("at.street_office").random()
    again = RandomStreams(9).get("orders.x")
    again.randoms(7)  # the parent drew first (say, leaders agreeing): the desk's work stays the same
    assert again.child("at.street_office").random() == handling
    assert again.child("at.c1_station").random() != handling


def test_distributions_have_their_moments():
    """20,000 draws each; bounds are 5 standard errors of the mean, so a correct sampler fails with p < 1e-6."""
    n = 20_000
    s = Stream(stream_seed(b"moments"))
    cases = [
        ([s.exponential(3.0) for _ in range(n)], 3.0, 3.0),  # mean 3, sd 3
        ([s.normal(2.0, 0.5) for _ in range(n)], 2.0, 0.5),
        ([s.uniform(1.0, 5.0) for _ in range(n)], 3.0, 4 / math.sqrt(12)),
        # triangular(1, 2, 6): mean (1+2+6)/3, variance (a²+b²+c²-ab-ac-bc)/18
        ([s.triangular(1, 2, 6) for _ in range(n)], 3.0, math.sqrt((1 + 4 + 36 - 2 - 6 - 12) / 18)),
        ([float(s.poisson(4.0)) for _ in range(n)], 4.0, 2.0),
    ]
    for draws, mean, sd in cases:
        assert abs(np.mean(draws) - mean) < 5 * sd / math.sqrt(n)
        assert abs(np.std(draws) - sd) < 0.05 * sd


def test_uniforms_pass_a_kolmogorov_smirnov_test_across_many_short_streams():
    # the way the models use them: thousands of streams with a few draws each
    streams = RandomStreams(2024)
    first = [streams.get(f"incident.i-{k}.initial").child("at.u").random() for k in range(5000)]
    second = [streams.get(f"incident.i-{k}.initial").child("at.u").child("x").random() for k in range(5000)]
    assert stats.kstest(first, "uniform").pvalue > 1e-3
    assert stats.kstest(second, "uniform").pvalue > 1e-3
    assert abs(np.corrcoef(first, second)[0, 1]) < 5 / math.sqrt(5000)


def test_choice_weights_and_integers_stay_in_range():
    s = Stream(77)
    picks = [s.choice(3, p=[0.2, 0.3, 0.5]) for _ in range(10_000)]
    shares = np.bincount(picks, minlength=3) / 10_000
    assert np.allclose(shares, [0.2, 0.3, 0.5], atol=0.02)
    assert {s.integers(4) for _ in range(1000)} == {0, 1, 2, 3}


def test_audit_finds_a_name_used_twice():
    streams = RandomStreams(1, audit=True)
    streams.get("a").child("b")
    streams.get("a").child("c")
    assert streams.reused_names() == ["a"]
    with pytest.raises(RuntimeError):
        RandomStreams(1).reused_names()


@pytest.mark.parametrize("name", ["urban_rainstorm.yaml", "street_command.yaml", "mountain_landslide.yaml"])
def test_no_job_of_a_bundled_scenario_shares_a_stream(name):
    """Two jobs with one stream name would draw the same numbers: every name is used once."""
    scenario = load_scenario(SCENARIOS / name)
    for seed in (1, 2):
        ctx = SimContext.create(scenario, seed, audit_streams=True)
        World(ctx, nearest_team).start()
        Stepper(ctx).run_to_end()
        assert ctx.streams.reused_names() == []


def test_a_branch_gives_jobs_created_after_it_fresh_draws_and_keeps_those_under_way():
    recorded, alternative, same_future = RandomStreams(4), RandomStreams(4), RandomStreams(4)
    under_way = alternative.get("incident.a.initial")
    before = recorded.get("incident.a.initial").randoms(3)
    alternative.branch(1)
    same_future.branch(1)
    assert np.array_equal(under_way.randoms(3), before)  # a job under way keeps its draws
    fresh = alternative.get("incident.b.initial").randoms(3)
    assert not np.array_equal(fresh, recorded.get("incident.b.initial").randoms(3))
    assert np.array_equal(fresh, same_future.get("incident.b.initial").randoms(3))  # common to the alternatives
    assert not np.array_equal(fresh, _future(2).get("incident.b.initial").randoms(3))
    with pytest.raises(ValueError):
        RandomStreams(4).branch(-1)


def _future(n: int) -> RandomStreams:
    streams = RandomStreams(4)
    streams.branch(n)
    return streams
