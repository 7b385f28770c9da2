"""The duty desks' server pool: SimPy PriorityResource's order of service, fewer events."""

from __future__ import annotations

import pytest
import simpy

from simulator.engine.servers import Servers


def _serve_log(pool_factory, jobs):
    """Run ``jobs`` (name, arrival, priority, minutes) through a pool; returns (name, start) in start order."""
    env = simpy.Environment()
    pool = pool_factory(env)
    started = []

    def job(name, arrival, priority, minutes):
        yield env.timeout(arrival)
        if isinstance(pool, Servers):
            ticket = pool.take(priority)
            if ticket is not None:
                yield ticket
            started.append((name, env.now))
            yield env.timeout(minutes)
            pool.give_back()
        else:
            with pool.request(priority=priority) as req:
                yield req
                started.append((name, env.now))
                yield env.timeout(minutes)

    for spec in jobs:
        env.process(job(*spec))
    env.run()
    return started


JOBS = [("a", 0, 0, 10), ("b", 1, 0, 10), ("c", 2, 0, 5), ("vacancy", 3, -1, 20), ("d", 3, 0, 1), ("e", 4, 0, 1)]


def test_same_order_and_times_as_simpy_priority_resource():
    expected = _serve_log(lambda env: simpy.PriorityResource(env, capacity=2), JOBS)
    assert _serve_log(lambda env: Servers(env, 2), JOBS) == expected
    # by hand: a and b take both officers; at 10 the vacancy (priority -1) goes before c, d, e
    assert expected == [("a", 0), ("b", 1), ("vacancy", 10), ("c", 11), ("d", 16), ("e", 17)]


def test_a_free_server_is_taken_without_an_event_and_handed_on_when_given_back():
    env = simpy.Environment()
    pool = Servers(env, 1)
    assert pool.take() is None and pool.free == 0
    ticket = pool.take()
    assert ticket is not None and pool.queued == 1 and not ticket.triggered
    pool.give_back()  # straight to the one waiting: the server never becomes free
    assert ticket.triggered and pool.free == 0 and pool.queued == 0
    pool.give_back()
    assert pool.free == 1


def test_a_withdrawn_waiter_leaves_the_line_and_a_served_one_gives_its_server_back():
    env = simpy.Environment()
    pool = Servers(env, 1)
    pool.take()
    first, second = pool.take(), pool.take()
    pool.withdraw(first)
    assert pool.queued == 1
    pool.give_back()
    assert second.triggered and not first.triggered
    pool.withdraw(second)  # interrupted after being served, before resuming
    assert pool.free == 1


def test_interrupted_while_waiting_at_a_desk():
    env = simpy.Environment()
    pool = Servers(env, 1)
    log = []

    def waiter():
        ticket = pool.take()
        try:
            yield ticket
        except simpy.Interrupt:
            pool.withdraw(ticket)
            log.append(("gave up", env.now))

    pool.take()
    proc = env.process(waiter())
    env.timeout(5).callbacks.append(lambda _e: proc.interrupt())
    env.run()
    assert log == [("gave up", 5)] and pool.queued == 0


def test_a_desk_needs_an_officer():
    with pytest.raises(ValueError, match="at least 1"):
        Servers(simpy.Environment(), 0)
