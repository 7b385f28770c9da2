"""Grid workers set how soon an incident is found (simulator.models.detection).

Hand-computed case throughout: 3,000 people at 2.5 a household are 1,200
households; the source's delay (30 minutes here) holds at 400 households per
grid worker; the factor is kept between 0.5 and 4, and a place with no grid
worker is found by the public at 4 times the delay.
"""

from __future__ import annotations

import pytest

from simulator.models import simulate
from simulator.models.detection import detection_factor
from simulator.scenario import parse_scenario
from simulator.scenario.detection import Detection
from simulator.scenario.geography import Place
from simulator.scenario.problems import ScenarioError
from tests.conftest import to_yaml

RULE = Detection(people_per_household=2.5, households_per_grid_worker=400)


def village(population: int, workers: int | None) -> Place:
    return Place(id="v", name={"zh": "村", "en": "Village"}, level="village", x=0, y=0, population=population, grid_workers=workers)


@pytest.mark.parametrize(
    "population, workers, minutes",
    [
        (3000, 3, 30),  # 1,200 households / 3 = 400 a worker: the reference, 30 x 1
        (3000, 1, 90),  # 1,200 a worker: 30 x 3
        (3000, 0, 120),  # nobody: the public, 30 x 4
        (3000, 2, 45),  # 600 a worker: 30 x 1.5
        (3000, 30, 15),  # 40 a worker would be 0.1: kept at the fastest, 30 x 0.5
        (12000, 1, 120),  # 4,800 a worker would be 12: kept at the slowest, 30 x 4
        (3000, None, 30),  # grid workers not stated: the source's time as written
        (0, 3, 30),  # no population to weigh them against: as written
    ],
)
def test_factor_by_hand(population, workers, minutes):
    assert 30 * detection_factor(village(population, workers), RULE) == pytest.approx(minutes)


def test_defaults_are_the_cited_figures():
    rule = Detection()
    assert (rule.people_per_household, rule.households_per_grid_worker) == (2.62, 400)  # 2020 census; Chongqing 2021: 300-500
    # the flagship's communities: 9,000 people with 9 grid workers are 381.7 households each
    assert detection_factor(village(9000, 9), rule) == pytest.approx(9000 / 2.62 / 9 / 400)


def tiny_with(tiny, workers, detection_minutes=30):
    tiny["places"][2]["population"] = 3000
    if workers is not None:
        tiny["places"][2]["grid_workers"] = workers
    tiny["incidents"][0]["detection_minutes"] = detection_minutes
    tiny["response"] = {"detection": {"people_per_household": 2.5}}
    return tiny


def detected_at(events) -> list[float]:
    return events.loc[events["kind"] == "incident_detected", "time"].tolist()


@pytest.mark.parametrize("workers, expected", [(3, 130), (1, 190), (0, 220), (None, 130)])
def test_a_scheduled_incident_is_found_later_with_fewer_grid_workers(tiny, workers, expected):
    # the tiny incident occurs at minute 100 in village v
    scenario = parse_scenario(to_yaml(tiny_with(tiny, workers)))
    assert detected_at(simulate(scenario).events) == [expected]


def test_an_injected_incident_follows_the_same_rule(tiny):
    tiny = tiny_with(tiny, 1)
    tiny["incidents"] = []
    tiny["injects"] = [{
        "id": "extra", "time": 50, "text": {"zh": "群众报告内涝", "en": "flooding reported"},
        "effect": {"type": "incident", "hazard": "flood", "place": "v", "detection_minutes": 30,
                   "needs": [{"capability": "pumping", "on_scene_minutes": 60}]},
    }]
    # one grid worker for 1,200 households: 50 + 30 x 3
    assert detected_at(simulate(parse_scenario(to_yaml(tiny))).events) == [140]


def test_more_grid_workers_never_find_the_same_incident_later(tiny):
    # Poisson arrivals and exponential delays: under the same seed each incident keeps
    # its draw, and its delay falls (or stays) as grid workers are added
    tiny = tiny_with(tiny, 0, detection_minutes={"dist": "exponential", "mean": 20})
    tiny["incidents"][0].pop("schedule")
    tiny["incidents"][0]["rate_per_hour"] = 2
    delays = []
    for workers in (0, 1, 2, 3, 5, 8, 40):
        tiny["places"][2]["grid_workers"] = workers
        events = simulate(parse_scenario(to_yaml(tiny)), 11).events
        occurred = events[events["kind"] == "incident_occurred"].set_index("incident")["time"]
        found = events[events["kind"] == "incident_detected"].set_index("incident")["time"]
        delays.append((found - occurred.reindex(found.index)).to_dict())
    common = set.intersection(*(set(d) for d in delays))
    assert len(common) >= 10  # about 20 arrive in the 600 minutes; those found in every run are compared
    for fewer, more in zip(delays, delays[1:]):
        assert all(more[i] <= fewer[i] + 1e-9 for i in common)
    assert all(delays[-1][i] < delays[0][i] for i in common if delays[0][i] > 0)


def test_a_public_factor_below_the_slowest_is_refused_at_its_line(tiny):
    tiny["response"] = {"detection": {"slowest_factor": 5, "public_factor": 2}}
    text = to_yaml(tiny)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "detection:" in row)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "bad.yaml")
    assert f"bad.yaml:{line}: response.detection: public_factor 2 is below slowest_factor 5" in info.value.render("en")
    assert f"bad.yaml:{line}: response.detection: public_factor 2 小于 slowest_factor 5" in info.value.render("zh")
