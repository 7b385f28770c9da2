"""Engine overhead: the M/M/c duty office through drillsim against a bare SimPy model of the same queue.

drillsim runs ``scenarios/validation/mmc_office.yaml`` (Poisson reports at
9/h, one office with c = 2 officers, exponential handling with mean 10 min)
with the event log on, as ``simulate`` always does. The bare model, written
below, is the textbook SimPy M/M/c: a source process, a ``Resource`` with
two servers, one process per customer. Both run the same horizon; the
figure is drillsim's incidents per second over the bare model's customers
per second, measured alternately in this process (best of several rounds
each, so a busy machine does not decide it).

The ratio compares unequal work. Per incident drillsim also runs the "3+8"
step markers, detection, the report's hop and desk (queued, started,
handled), the written report (drafting delay), the final report, the
report's timeliness against its limit and a named random stream per
message, and records every one of them in the event log (the bare model
records nothing), then builds the event log's DataFrame.
"""

from __future__ import annotations

import random
import sys

import simpy

from _common import SCENARIOS, figure, machine, note, timed

ROUNDS = 5
TARGET = 0.6


def bare_mmc(horizon: float, rate_per_hour: float, servers: int, mean_service: float, seed: int) -> int:
    """Textbook SimPy M/M/c; returns the customers that arrived before the horizon."""
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=servers)
    arrivals, services = random.Random(seed), random.Random(seed + 1)
    mean_gap = 60.0 / rate_per_hour
    served = []

    def customer(env):
        arrived = env.now
        with desk.request() as req:
            yield req
            served.append(env.now - arrived)
            yield env.timeout(services.expovariate(1.0 / mean_service))

    def source(env):
        n = 0
        while True:
            yield env.timeout(arrivals.expovariate(1.0 / mean_gap))
            n += 1
            env.process(customer(env))

    env.process(source(env))
    env.run(until=horizon)
    return len(served) + len(desk.queue)


def main() -> int:
    from simulator.models import simulate
    from simulator.scenario import load_scenario

    scenario = load_scenario(SCENARIOS / "validation" / "mmc_office.yaml")
    horizon = scenario.meta.horizon
    unit = scenario.command.units[0]
    source = scenario.incidents[0]
    drill_rates, bare_rates = [], []
    incidents = events = customers = 0
    for round_ in range(ROUNDS):
        seconds, result = timed(simulate, scenario, seed=round_)
        kinds = result.events["kind"]
        incidents, events = int((kinds == "incident_occurred").sum()), len(result.events)
        drill_rates.append(incidents / seconds)
        seconds, customers = timed(bare_mmc, horizon, source.rate_per_hour, unit.duty_staff, unit.handling_minutes.mean, round_)
        bare_rates.append(customers / seconds)
    drill, bare = max(drill_rates), max(bare_rates)
    note(f"{machine()}; M/M/c c={unit.duty_staff}, 9/h, mean 10 min, horizon {horizon:g} min; best of {ROUNDS} alternating rounds")
    note(f"drillsim: {incidents} incidents, {events} events ({events / max(incidents, 1):.1f} per incident), {drill:,.0f} incidents/s")
    note(f"bare SimPy: {customers} customers, no log, {bare:,.0f} customers/s")
    figure("engine_overhead_ratio", drill / bare, "x", ">=", TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
