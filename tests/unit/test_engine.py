"""The domain-free engine: named streams, recorder, stepper."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.engine import RandomStreams, SimContext, Stepper, read_events, sample, write_events
from simulator.models import World
from simulator.scenario.distributions import Dist


def test_named_streams_do_not_depend_on_creation_order():
    a, b = RandomStreams(5), RandomStreams(5)
    first = a.get("arrivals").randoms(3)
    b.get("handling").randoms(10)  # another stream drawn first must not shift this one
    assert np.array_equal(first, b.get("arrivals").randoms(3))


def test_streams_differ_by_name_and_seed():
    s = RandomStreams(5)
    assert not np.array_equal(s.get("x").randoms(3), s.get("y").randoms(3))
    assert not np.array_equal(RandomStreams(5).get("x").randoms(3), RandomStreams(6).get("x").randoms(3))


def test_spawned_seed_sequences_give_independent_replications():
    root = np.random.SeedSequence(42)
    c1, c2 = root.spawn(2)
    assert not np.array_equal(RandomStreams(c1).get("x").randoms(3), RandomStreams(c2).get("x").randoms(3))


@pytest.mark.parametrize(
    "spec, mean",
    [
        ({"dist": "exponential", "mean": 4}, 4),
        ({"dist": "uniform", "low": 2, "high": 6}, 4),
        ({"dist": "triangular", "low": 1, "mode": 4, "high": 7}, 4),
        ({"dist": "lognormal", "mean": 4, "sd": 2}, 4),
    ],
)
def test_samples_have_the_stated_mean(spec, mean):
    dist = Dist.model_validate(spec)
    rng = np.random.default_rng(1)
    draws = np.array([sample(dist, rng) for _ in range(20_000)])
    assert dist.expected == pytest.approx(mean)
    # 20,000 draws: the standard error is below 0.03 for these spreads; allow 4 of them
    assert draws.mean() == pytest.approx(mean, abs=0.12)
    assert draws.min() >= 0


def test_plain_number_is_a_fixed_duration():
    assert Dist.model_validate(7).dist == "fixed"
    assert sample(Dist.model_validate(7), np.random.default_rng()) == 7


def test_recorder_round_trips_through_csv(tiny_scenario, tmp_path):
    ctx = SimContext.create(tiny_scenario)
    ctx.record("inject", entity="x", detail="note")
    ctx.env.run(until=5)
    ctx.record("team_dispatched", team="t1", quantity=2.5)
    frame = ctx.recorder.to_frame()
    write_events(frame, tmp_path / "e.csv")
    back = read_events(tmp_path / "e.csv")
    assert back["time"].tolist() == [0, 5]
    assert back["team"].tolist() == ["", "t1"]
    assert back["quantity"].iloc[1] == 2.5 and np.isnan(back["quantity"].iloc[0])
    assert list(back.dtypes.astype(str)) == list(frame.dtypes.astype(str))


def test_stepper_stops_at_each_inject_then_runs_on(tiny):
    from simulator.scenario import parse_scenario
    from tests.conftest import to_yaml

    tiny["injects"] = [
        {"id": "a", "time": 50, "text": {"zh": "甲", "en": "a"}},
        {"id": "b", "time": 150, "text": {"zh": "乙", "en": "b"}},
    ]
    ctx = SimContext.create(parse_scenario(to_yaml(tiny)))
    World(ctx).start()
    stepper = Stepper(ctx)
    first = stepper.run_until_decision()
    assert [(d.time, d.ref) for d in first] == [(50, "a")]
    second = stepper.run_until_decision()
    assert [(d.time, d.ref) for d in second] == [(150, "b")]
    assert stepper.run_until_decision() == []
    assert stepper.finished and stepper.now == 600


def test_stepper_run_until_time(tiny_scenario):
    ctx = SimContext.create(tiny_scenario)
    World(ctx).start()
    stepper = Stepper(ctx)
    stepper.run_until(115)
    kinds = ctx.recorder.to_frame()["kind"].tolist()
    assert "incident_detected" in kinds and "command_assumed" not in kinds
    assert stepper.now == 115
    stepper.run_until(10_000)  # capped at the horizon
    assert stepper.now == 600
