"""``spawn``/``soon`` run a process's steps where ``env.process`` would, without its end step.

Each case runs the same little world twice, once with ``env.process`` and
once with ``spawn``, and compares what happened in which order (a trace of
(minute, what)), and the number of events the environment scheduled
(``env._eid``, SimPy's counter): the spawned run schedules one fewer per
process (its end), and no more.
"""

from __future__ import annotations

import pytest
import simpy

from simulator.models.spawning import detachable, soon, spawn


def _world(start, trace: list):
    """Three actors at minute 0, started in this order: a waiting one, one done at once, a second waiting one;
    a timeout made before the starts, whose callback sits among them."""
    env = simpy.Environment()

    def waits(name, minutes):
        trace.append((env.now, f"{name} starts"))
        yield env.timeout(minutes)
        trace.append((env.now, f"{name} woke"))
        yield env.timeout(0)
        trace.append((env.now, f"{name} done"))

    def at_once(name):
        trace.append((env.now, f"{name} at once"))
        return
        yield  # a generator that finishes in its first step

    env.timeout(0).callbacks.append(lambda _e: trace.append((env.now, "earlier timeout")))
    start(env, waits("a", 5))
    start(env, at_once("b"))
    start(env, waits("c", 5))
    env.run()
    return env


def test_spawn_keeps_the_order_and_drops_only_the_ends_of_the_processes():
    by_process, by_spawn = [], []
    old = _world(lambda env, gen: env.process(gen), by_process)
    new = _world(spawn, by_spawn)
    # by hand: starts are urgent, so the three start before the earlier (normal) timeout fires;
    # a and c wake at 5 in the order they waited, then each zero-minute wait in that order
    expected = [
        (0, "a starts"), (0, "b at once"), (0, "c starts"), (0, "earlier timeout"),
        (5, "a woke"), (5, "c woke"), (5, "a done"), (5, "c done"),
    ]
    assert by_process == expected
    assert by_spawn == expected
    # events scheduled: 1 timeout + 3 starts + 2x2 timeouts + 3 process ends = 11; spawn: no end, 8
    assert old._eid.__next__() == 11
    assert new._eid.__next__() == 8


def test_a_spawned_generator_gets_the_values_and_failures_of_its_events():
    env = simpy.Environment()
    seen = []
    gate = env.event()

    def worker():
        value = yield gate  # the first step yields an event not yet triggered
        seen.append((env.now, value))
        try:
            yield env.timeout(1, value="x") & failing
        except ValueError as error:
            seen.append((env.now, str(error)))

    failing = env.event()
    spawn(env, worker())
    env.timeout(3).callbacks.append(lambda _e: gate.succeed("opened"))
    env.timeout(4).callbacks.append(lambda _e: failing.fail(ValueError("broken")))
    env.run()
    assert seen == [(3, "opened"), (4, "broken")]


def test_an_event_already_processed_is_taken_at_once():
    env = simpy.Environment()
    done = env.event().succeed("ready")
    env.run()  # ``done`` is processed: its callbacks are gone
    seen = []

    def late():
        seen.append((yield done))

    spawn(env, late())
    env.run()
    assert seen == ["ready"]


def test_soon_runs_where_a_process_would_start():
    trace_process, trace_soon = [], []
    for trace, start in ((trace_process, lambda env, f: env.process(_as_gen(f))), (trace_soon, soon)):
        env = simpy.Environment()
        env.timeout(0).callbacks.append(lambda _e, t=trace: t.append("timeout"))
        start(env, lambda t=trace: t.append("step"))
        env.run()
    assert trace_process == trace_soon == ["step", "timeout"]  # urgent, before the earlier zero-minute timeout


def _as_gen(f):
    f()
    return
    yield


def test_spawn_refuses_a_generator_yielding_something_not_an_event():
    env = simpy.Environment()

    def bad():
        yield 5

    spawn(env, bad())
    with pytest.raises(RuntimeError, match="not a SimPy event"):
        env.run()


def test_a_spawned_generator_that_raises_stops_the_run_at_its_step():
    env = simpy.Environment()

    def broken():
        yield env.timeout(2)
        raise KeyError("no such team")

    spawn(env, broken())
    with pytest.raises(KeyError):
        env.run()
    assert env.now == 2  # raised at its own step, as an unhandled process failure stops env.run


def _order(env, trace):
    """An order: two hops of 3 and 4 minutes, then received (at 7 when started at 0)."""
    trace.append((env.now, "order leaves"))
    yield env.timeout(3)
    trace.append((env.now, "order relayed"))
    yield env.timeout(4)
    trace.append((env.now, "order received"))
    return "held"


def test_detachable_runs_the_steps_inline_at_the_same_minutes():
    trace = []
    env = simpy.Environment()

    def team():
        got = yield from detachable(_order(env, trace))
        trace.append((env.now, f"team sets off: {got}"))

    env.process(team())
    env.run()
    # by hand: leaves at 0, relayed at 3, received at 3 + 4 = 7, and the team goes on at once
    assert trace == [(0, "order leaves"), (3, "order relayed"), (7, "order received"), (7, "team sets off: held")]
    assert env._eid.__next__() == 4  # the team's start and end, two timeouts: no process for the order


def test_a_recall_interrupts_the_team_and_the_order_goes_on_by_itself():
    trace = []
    env = simpy.Environment()

    def team():
        try:
            yield from detachable(_order(env, trace))
            trace.append((env.now, "team sets off"))
        except simpy.Interrupt as recall:
            trace.append((env.now, f"team {recall.cause}"))

    process = env.process(team())
    env.timeout(5).callbacks.append(lambda _e: process.interrupt("recalled"))
    env.run()
    # recalled at 5, during the second hop (3-7): the order is still received at 7, the team never sets off
    assert trace == [(0, "order leaves"), (3, "order relayed"), (5, "team recalled"), (7, "order received")]
