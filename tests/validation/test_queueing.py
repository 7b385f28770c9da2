"""Duty desks against queueing theory.

Expected values come from the closed forms for M/M/c (Erlang C) and for
Jackson networks of M/M/1 stations in series; see e.g. Gross, Shortle,
Thompson & Harris, Fundamentals of Queueing Theory (4th ed.), sections 2.3
and 4.1. Each check runs independent replications (seeds 0..n-1) and
requires the analytic value to lie inside the 95% confidence interval of
the replication means (t distribution, n-1 degrees of freedom).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator.models import simulate
from simulator.scenario import load_scenario
from tests.conftest import SCENARIOS

WARM_UP = 500.0  # minutes discarded while the empty office fills
HORIZON = 8000.0
REPLICATIONS = 12
T_975_11 = 2.201  # t quantile, 0.975, 11 degrees of freedom


def erlang_c_wait(arrivals_per_min: float, mean_service: float, servers: int) -> float:
    """Mean wait in queue of M/M/c (Erlang C)."""
    a = arrivals_per_min * mean_service
    rho = a / servers
    tail = a**servers / math.factorial(servers) / (1 - rho)
    p_wait = tail / (sum(a**k / math.factorial(k) for k in range(servers)) + tail)
    return p_wait / (servers / mean_service - arrivals_per_min)


def _with_horizon(scenario, horizon):
    return scenario.model_copy(update={"meta": scenario.meta.model_copy(update={"horizon": horizon})})


def _with_staff(scenario, unit_id, staff):
    units = tuple(u.model_copy(update={"duty_staff": staff}) if u.id == unit_id else u for u in scenario.command.units)
    return scenario.model_copy(update={"command": scenario.command.model_copy(update={"units": units})})


def _office_waits(events) -> np.ndarray:
    rows = events[(events["kind"] == "message_started") & (events["detail"] == "initial") & (events["time"] > WARM_UP)]
    return rows["quantity"].to_numpy()


def _inside_ci(values: list[float], expected: float) -> tuple[float, float]:
    mean = float(np.mean(values))
    half = T_975_11 * float(np.std(values, ddof=1)) / math.sqrt(len(values))
    return mean, half


def test_erlang_c_formula_by_hand():
    # c=2, a=1.5: P(wait) = 4.5 / (1 + 1.5 + 4.5) = 0.642857; Wq = 0.642857 / (0.2 - 0.15)
    assert erlang_c_wait(0.15, 10, 2) == pytest.approx(12.857, abs=1e-3)


def test_duty_office_matches_erlang_c():
    scenario = _with_horizon(load_scenario(SCENARIOS / "validation" / "mmc_office.yaml"), HORIZON)
    expected = erlang_c_wait(9 / 60, 10, 2)
    means = [float(_office_waits(simulate(scenario, seed).events).mean()) for seed in range(REPLICATIONS)]
    mean, half = _inside_ci(means, expected)
    assert abs(mean - expected) <= half, (mean, half, expected)


def test_two_units_in_series_match_the_jackson_network():
    scenario = _with_horizon(load_scenario(SCENARIOS / "validation" / "tandem_chain.yaml"), HORIZON)
    lam = 6 / 60
    expected = 1 / (1 / 4 - lam) + 1 / (1 / 6 - lam)  # 6.667 + 15 = 21.667 minutes
    means = []
    for seed in range(REPLICATIONS):
        ev = simulate(scenario, seed).events
        detected = ev[ev["kind"] == "incident_detected"].set_index("incident")["time"]
        commanded = ev[ev["kind"] == "command_assumed"].set_index("incident")["time"]
        start = detected.reindex(commanded.index)
        means.append(float((commanded - start)[start > WARM_UP].mean()))
    mean, half = _inside_ci(means, expected)
    assert abs(mean - expected) <= half, (mean, half, expected)


def test_more_staff_never_makes_any_seed_wait_longer():
    # FCFS with each report's work fixed on arrival: adding a server cannot
    # delay any report, so the mean wait of every seed falls or stays.
    base = _with_horizon(load_scenario(SCENARIOS / "validation" / "mmc_office.yaml"), 3000)
    for seed in range(4):
        waits = [float(_office_waits(simulate(_with_staff(base, "office", c), seed).events).mean()) for c in (2, 3, 4)]
        assert waits[0] >= waits[1] >= waits[2], (seed, waits)
        assert waits[0] > waits[2]


def test_more_street_staff_never_worsens_mean_report_latency(street):
    from simulator.metrics import compute_kpis

    def mean_latency(scenario):
        values = [compute_kpis(simulate(scenario, seed).events, scenario.meta.horizon)["report_latency_mean"] for seed in range(4)]
        return float(np.mean(values))

    latencies = [mean_latency(_with_staff(street, "street_office", staff)) for staff in (2, 3, 5)]
    assert latencies[0] >= latencies[1] >= latencies[2], latencies
