"""Engine overhead: the M/M/c duty office through drillsim against a bare SimPy model of the same queue.

drillsim runs ``scenarios/validation/mmc_office.yaml`` (Poisson reports at
9/h, one office with c = 2 officers, exponential handling with mean 10 min)
with the event log on, as ``simulate`` always does. The bare model, written
below, is the textbook SimPy M/M/c: a source process, a ``Resource`` with
two servers, one process per customer. Both run the same horizon; the
figure is drillsim's incidents per second over the bare model's customers
per second, measured alternately in this process (best of several rounds
each, so a busy machine does not decide it).

The ratio compares unequal work. The two take about the same number of
SimPy steps per incident (5.6 against 6), but per incident drillsim also
records 21 rows in the event log (occurrence, detection, the "3+8" step
markers, the report's hop and desk: sent, queued, started, handled, the
command taken, the reports' timeliness, closing), draws from a named
random stream per message (a Mersenne Twister seeded on the first draw),
keeps the incident's state for the models above, and builds the event
log's DataFrame at the end. A note line also gives the rate with the
scenario's written and final reports and step markers switched off
(``command.reports: [initial]``, ``command.steps.markers: false``), as a
measure of what those features cost; the figure is the scenario as it is.
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


def _without_paperwork(scenario):
    """The same scenario with only the phone report and no "3+8" step markers."""
    command = scenario.command.model_copy(update={
        "reports": ("initial",), "steps": scenario.command.steps.model_copy(update={"markers": False}),
    })
    return scenario.model_copy(update={"command": command})


def main() -> int:
    from simulator.models import simulate
    from simulator.scenario import load_scenario

    scenario = load_scenario(SCENARIOS / "validation" / "mmc_office.yaml")
    horizon = scenario.meta.horizon
    unit = scenario.command.units[0]
    source = scenario.incidents[0]
    lean = _without_paperwork(scenario)
    drill_rates, lean_rates, bare_rates = [], [], []
    incidents = events = customers = 0
    for round_ in range(ROUNDS):
        seconds, result = timed(simulate, scenario, seed=round_)
        kinds = result.events["kind"]
        incidents, events = int((kinds == "incident_occurred").sum()), len(result.events)
        drill_rates.append(incidents / seconds)
        seconds, lean_result = timed(simulate, lean, seed=round_)
        lean_rates.append(int((lean_result.events["kind"] == "incident_occurred").sum()) / seconds)
        lean_events = len(lean_result.events) / max(incidents, 1)
        seconds, customers = timed(bare_mmc, horizon, source.rate_per_hour, unit.duty_staff, unit.handling_minutes.mean, round_)
        bare_rates.append(customers / seconds)
    drill, bare = max(drill_rates), max(bare_rates)
    note(f"{machine()}; M/M/c c={unit.duty_staff}, 9/h, mean 10 min, horizon {horizon:g} min; best of {ROUNDS} alternating rounds")
    note(f"drillsim: {incidents} incidents, {events} events ({events / max(incidents, 1):.1f} per incident), {drill:,.0f} incidents/s")
    note(f"bare SimPy: {customers} customers, no log, {bare:,.0f} customers/s")
    note(f"drillsim without written/final reports and step markers: {lean_events:.1f} events per incident, {max(lean_rates):,.0f} incidents/s, ratio {max(lean_rates) / bare:.2f}")
    figure("engine_overhead_ratio", drill / bare, "x", ">=", TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
