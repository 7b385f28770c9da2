"""Team response against published results.

- Erlang C (M/M/c): with zero travel, Poisson incidents, exponential
  on-scene time and c identical teams served first come first served, the
  mean wait for a team is the M/M/c queueing delay (Gross et al.,
  Fundamentals of Queueing Theory, section 2.3).
- Square-root law (Kolesar & Blum 1973, "Square root laws for fire engine
  response distances", Management Science 19(12)): with n units spread
  uniformly over a region and incidents uniform over it, the mean distance
  to the nearest unit falls as 1/sqrt(n), so log(distance) against log(n)
  has slope -1/2.
- Monotonicity: with the same seeds, an extra team does not make the mean
  response time worse.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from simulator.metrics import incident_table
from simulator.models import simulate
from simulator.scenario import load_scenario, parse_scenario
from tests.conftest import SCENARIOS, to_yaml
from tests.validation.test_queueing import erlang_c_wait

WARM_UP = 500.0


def test_teams_match_erlang_c_with_zero_travel():
    scenario = load_scenario(SCENARIOS / "validation" / "mmc_teams.yaml")
    scenario = scenario.model_copy(update={"meta": scenario.meta.model_copy(update={"horizon": 12000})})
    expected = erlang_c_wait(2.4 / 60, 50, 3)  # 22.2 minutes
    # M/M/c waits at load 2/3 are strongly autocorrelated, so one run's mean
    # varies a lot (sd about 8 min): 40 replications, and a 99% interval so
    # that a change of draw order does not fail the check one time in 20 by
    # chance (seeds 0-39 gave 19.5 +- 2.7 at 95%, seeds 40-99 gave 22.3 +- 2.3)
    means = []
    for seed in range(40):
        table = incident_table(simulate(scenario, seed).events)
        # incidents detected in the last 1,000 minutes may still wait at the end: left out, so no wait is cut short
        steady = table[(table["detected"] > WARM_UP) & (table["detected"] < 12000 - 1000)]
        assert steady["response_time"].notna().all()
        means.append(float(steady["response_time"].mean()))
    half = float(stats.t.ppf(0.995, len(means) - 1)) * float(np.std(means, ddof=1)) / math.sqrt(len(means))
    assert abs(float(np.mean(means)) - expected) <= half, (np.mean(means), half, expected)


def grid_city(side: int, teams: list[tuple[int, int]], seed: int) -> dict:
    """A square of side x side junctions 1 km apart, one minute per road, teams at given junctions."""
    places = [{"id": "hub", "name": {"zh": "枢纽", "en": "hub"}, "level": "township", "x": -1, "y": -1}]
    roads = [{"from": "hub", "to": "g0_0", "minutes": 1}]
    for i in range(side):
        for j in range(side):
            places.append({"id": f"g{i}_{j}", "name": {"zh": f"点{i}_{j}", "en": f"p{i}_{j}"}, "level": "village", "parent": "hub", "x": i, "y": j})
            if i + 1 < side:
                roads.append({"from": f"g{i}_{j}", "to": f"g{i + 1}_{j}", "minutes": 1})
            if j + 1 < side:
                roads.append({"from": f"g{i}_{j}", "to": f"g{i}_{j + 1}", "minutes": 1})
    return {
        "schema_version": 1,
        "meta": {"id": "grid", "title": {"zh": "网格", "en": "grid"}, "description": {"zh": "网格", "en": "grid"}, "seed": seed, "horizon": 60 * 24 * 10},
        "places": places,
        "roads": roads,
        "command": {"link_minutes": 0, "written_report_minutes": 0, "units": [{"id": "office", "name": {"zh": "办", "en": "office"}, "level": "township", "place": "hub", "duty_staff": 5, "handling_minutes": 0}]},
        "teams": [
            {"id": f"t{k}", "name": {"zh": f"队{k}", "en": f"team {k}"}, "type": "comprehensive", "size": 10, "base": f"g{i}_{j}", "capabilities": ["fire"], "mobilisation_minutes": 0}
            for k, (i, j) in enumerate(teams)
        ],
        # one incident every 2 hours, 5 minutes on scene: teams are almost always free
        "incidents": [{"id": "fires", "name": {"zh": "火情", "en": "fires"}, "hazard": "fire", "rate_per_hour": 0.5, "detection_minutes": 0,
                       "places": [f"g{i}_{j}" for i in range(side) for j in range(side)],
                       "needs": [{"capability": "fire", "teams": 1, "on_scene_minutes": 5}]}],
        "response": {"redeploy": False},
    }


def mean_travel(events) -> float:
    mobilised = events[events["kind"] == "team_mobilised"].set_index(["incident", "team"])["time"]
    arrived = events[events["kind"] == "team_arrived"].set_index(["incident", "team"])["time"]
    return float((arrived - mobilised.reindex(arrived.index)).mean())


def test_square_root_law_for_response_distance():
    side, counts = 24, (4, 8, 16, 32)
    layout = np.random.default_rng(2024)
    means = []
    for n in counts:
        per_layout = []
        for rep in range(3):  # three random placements of the n teams
            cells = layout.choice(side * side, size=n, replace=False)
            teams = [(int(c) // side, int(c) % side) for c in cells]
            scenario = parse_scenario(to_yaml(grid_city(side, teams, seed=rep)))
            per_layout.append(mean_travel(simulate(scenario).events))
        means.append(float(np.mean(per_layout)))
    slope = np.polyfit(np.log(counts), np.log(means), 1)[0]
    assert -0.62 <= slope <= -0.38, (slope, means)


def test_an_extra_team_never_delays_any_seed_in_the_queueing_case():
    # identical teams, first come first served, work fixed by the incident: adding
    # a server cannot delay any incident, so every seed's mean wait falls or stays
    base = load_scenario(SCENARIOS / "validation" / "mmc_teams.yaml")
    base = base.model_copy(update={"meta": base.meta.model_copy(update={"horizon": 4000})})
    template = base.teams[0]
    for seed in range(4):
        waits = []
        for c in (3, 4, 5):
            teams = tuple(template.model_copy(update={"id": f"team_{k}"}) for k in range(c))
            table = incident_table(simulate(base.model_copy(update={"teams": teams}), seed).events)
            waits.append(float(table["response_time"].mean()))
        assert waits[0] >= waits[1] >= waits[2], (seed, waits)
        assert waits[0] > waits[2]


def test_an_extra_team_does_not_worsen_mean_response_in_the_flagship(rainstorm):
    # Sending the nearest free team is greedy: in one run an extra team can leave a
    # later incident worse off (a dispatching anomaly), so the flagship is checked
    # on the mean paired difference over seeds, which must not be positive.
    teams = list(rainstorm.teams)
    extra = teams[0].model_copy(update={"id": "zz_extra_rescue"})
    more = rainstorm.model_copy(update={"teams": tuple([*teams, extra])})
    differences = [
        incident_table(simulate(more, seed).events)["response_time"].mean()
        - incident_table(simulate(rainstorm, seed).events)["response_time"].mean()
        for seed in range(6)
    ]
    assert np.mean(differences) <= 0, differences
