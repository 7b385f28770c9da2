"""Common random numbers hold across plans: the same job gets the same draws.

The street office under multi-head leadership (three leaders agree, orders
sometimes conflict) against the unified command centre: leaders' agreement
draws must not shift the work of any message at any desk, so every report,
order and call that both plans handle at a unit takes the same minutes there.
That is what makes the paired comparison of order latency much sharper than
comparing two independent samples.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np
from scipy import stats

from simulator.experiments.statistics import paired_interval
from simulator.models import simulate
from simulator.scenario import load_scenario
from simulator.scenario.variants import apply_plan, load_plan
from tests.conftest import SCENARIOS

SEEDS = range(1, 21)


def _street(plan: str):
    scenario = load_scenario(SCENARIOS / "street_command.yaml")
    return apply_plan(scenario, load_plan(SCENARIOS / "plans" / f"{plan}.yaml"))


def _work_by_message(events) -> dict[tuple[str, str, str], list[float]]:
    handled = events[events["kind"] == "message_handled"]
    work = defaultdict(list)
    for incident, unit, message, minutes in handled[["incident", "unit", "detail", "quantity"]].itertuples(index=False):
        work[incident, unit, message].append(round(float(minutes), 9))
    return {key: sorted(values) for key, values in work.items()}


def _dispatches(events) -> dict[str, set]:
    """Per incident, which team was sent for which job by which unit: orders are comparable only where these agree."""
    sent = events[events["kind"] == "team_dispatched"]
    jobs = defaultdict(set)
    for incident, team, job, unit in sent[["incident", "team", "entity", "unit"]].itertuples(index=False):
        jobs[incident].add((team, job, unit))
    return jobs


def _comparable(key, jobs_a, jobs_b) -> bool:
    # an order's message rows do not name its job: where the plans sent other teams for
    # other jobs, the order through a desk is another order (plan-dependent routing, not draws)
    incident, _unit, message = key
    return message != "order" or jobs_a.get(incident) == jobs_b.get(incident)


def _order_latency(events) -> float:
    return float(events.loc[events["kind"] == "order_received", "quantity"].mean())


def _first_arrival(events) -> float:
    detected = events[events["kind"] == "incident_detected"].set_index("incident")["time"]
    arrived = events[events["kind"] == "team_arrived"].groupby("incident")["time"].min()
    return float((arrived - detected).mean())


def _half_widths(a: list[float], b: list[float]) -> tuple[float, float]:
    """Paired t half-width of the mean difference, and Welch's as if the plans had independent seeds."""
    paired = paired_interval(a, b).half_width
    va, vb = (np.var(x, ddof=1) / len(x) for x in (a, b))
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    return paired, float(stats.t.ppf(0.975, df)) * math.sqrt(va + vb)


def test_multi_head_and_unified_give_every_message_the_same_work_and_a_sharp_paired_difference():
    multi, unified = _street("street_multi_head"), _street("street_unified")
    compared = same = 0
    latency = {"multi": [], "unified": []}
    arrival = {"multi": [], "unified": []}
    for seed in SEEDS:
        a, b = simulate(multi, seed).events, simulate(unified, seed).events
        assert (a["kind"] == "order_coordinated").any() and not (b["kind"] == "order_coordinated").any()
        work_a, work_b = _work_by_message(a), _work_by_message(b)
        jobs_a, jobs_b = _dispatches(a), _dispatches(b)
        for key in work_a.keys() & work_b.keys():
            # the same messages reached this desk under both plans
            if len(work_a[key]) == len(work_b[key]) and _comparable(key, jobs_a, jobs_b):
                compared += 1
                same += work_a[key] == work_b[key]
        latency["multi"].append(_order_latency(a))
        latency["unified"].append(_order_latency(b))
        arrival["multi"].append(_first_arrival(a))
        arrival["unified"].append(_first_arrival(b))
    assert compared > 200  # the check covers many messages, not a handful
    assert same == compared

    # multi-head leadership is slower: coordination always adds minutes
    assert paired_interval(latency["multi"], latency["unified"]).high < 0  # unified minus multi-head
    # Measured on seeds 1-20: order latency 1.81 paired against 3.30 unpaired,
    # first arrival 1.85 against 8.32. Order latency cannot pair much tighter:
    # the leaders' agreement and conflicts (about 17 min sd per order) are the
    # multi-head plan's own draws, and its later orders meet other queues.
    paired, unpaired = _half_widths(latency["multi"], latency["unified"])
    assert paired < 0.85 * unpaired
    paired, unpaired = _half_widths(arrival["multi"], arrival["unified"])
    assert paired < 0.5 * unpaired
