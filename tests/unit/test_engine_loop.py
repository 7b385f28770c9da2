"""The run's own timeout and step loop (simulator.engine.timeouts, Stepper._run) do what SimPy's do."""

from __future__ import annotations

import pytest
import simpy

from simulator.engine.context import SimContext
from simulator.engine.stepper import Stepper
from simulator.engine.timeouts import install
from simulator.scenario.synthetic import synthetic_city


def test_a_timeout_is_simpys_with_the_same_queue_key():
    plain, ours = simpy.Environment(2.5), simpy.Environment(2.5)
    install(ours)
    for env in (plain, ours):
        env.event()  # an event id used before
        env.timeout(3.0, value="x")
    (key_a, event_a), (key_b, event_b) = [(env._queue[0][:3], env._queue[0][3]) for env in (plain, ours)]
    assert key_a == key_b == (5.5, 1, 0)
    assert type(event_b) is simpy.Timeout
    assert vars(event_a).keys() == vars(event_b).keys()
    assert (event_b.env, event_b.callbacks, event_b.value, event_b._delay, event_b.ok) == (ours, [], "x", 3.0, True)
    with pytest.raises(ValueError, match="Negative delay"):
        ours.timeout(-1.0)


def test_the_loop_runs_a_process_as_simpy_runs_it():
    ctx = SimContext.create(synthetic_city(incidents_per_hour=10, hours=1, seed=1), 1)
    env, seen = ctx.env, []

    def waits():
        for delay in (1.0, 0.0, 2.5):
            yield env.timeout(delay)
            seen.append(env.now)

    env.process(waits())
    stepper = Stepper(ctx, None)
    stepper.run_until(2.0)
    assert seen == [1.0, 1.0] and env.now == 2.0
    stepper.run_until(10.0)
    assert seen == [1.0, 1.0, 3.5] and env.now == 10.0


def test_a_failure_nobody_handles_stops_the_run_with_its_copy():
    ctx = SimContext.create(synthetic_city(incidents_per_hour=10, hours=1, seed=1), 1)
    env = ctx.env
    cause = KeyError("lost")
    env.timeout(1.0).callbacks.append(lambda _e: env.event().fail(cause))
    with pytest.raises(KeyError) as raised:
        Stepper(ctx, None).run_until(5.0)
    assert raised.value is not cause and raised.value.__cause__ is cause
