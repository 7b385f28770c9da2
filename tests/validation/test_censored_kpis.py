"""Censored KPIs on small simulated scenarios with fixed durations (issue 12, part 1).

Hand calculation on the tiny scenario (tests/conftest.py), minutes, horizon 600:
  incident a at 100 in village v: detected 110; village station 111-113,
  town office 114-118 -> commanded 118; the city team: order 119, mobilised
  124, drives c-t-v 15 -> on scene 139 (29 after detection), and works 1000
  minutes: busy past the horizon.
  incident b at 150 in v: detected 160; desks 161-163 and 164-168 -> commanded
  168. With one team nothing is free: b is never reached. A second team at
  the city with 20 minutes to mobilise: order 169, mobilised 189, on scene 204
  (44 after detection).
"""

from __future__ import annotations

import copy

import pytest

from simulator.metrics import analyse
from simulator.metrics.command import timeliness
from simulator.models import simulate
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml


def _two_floods(tiny, second_team: bool):
    source = tiny["incidents"][0]
    source.update(schedule=[100, 150], needs=[{"capability": "pumping", "teams": 1, "on_scene_minutes": 1000}])
    source.pop("supplies")
    if second_team:
        tiny["teams"].append({**tiny["teams"][0], "id": "z_team", "name": {"zh": "二队", "en": "Second team"}, "mobilisation_minutes": 20})
    return parse_scenario(to_yaml(tiny), "tiny.yaml")


def _kpis(scenario):
    return analyse(scenario, simulate(scenario).events)[0]


@pytest.fixture
def one_and_two(tiny):
    return _kpis(_two_floods(copy.deepcopy(tiny), False)), _kpis(_two_floods(copy.deepcopy(tiny), True))


def test_reviewer_case_a_second_team_never_reads_worse(one_and_two):
    one, two = one_and_two
    # one team: b waits from detection 160 to the horizon: (29 + 440) / 2 = 234.5 (was 29: b left out)
    assert one["first_arrival_mean"] == pytest.approx(234.5)
    assert one["first_arrival_completed_share"] == 0.5
    assert one["share_arrival_within_30"] == 0.5  # was 1.0
    # two teams: (29 + 44) / 2 = 36.5, both reached
    assert two["first_arrival_mean"] == pytest.approx(36.5)
    assert two["first_arrival_completed_share"] == 1.0
    assert two["share_arrival_within_30"] == 0.5
    for better_when_lower in ("first_arrival_mean", "first_arrival_p90", "unmet_demand_hours"):
        assert two[better_when_lower] <= one[better_when_lower], better_when_lower
    for better_when_higher in ("share_arrival_within_30", "share_arrival_within_target", "first_arrival_completed_share"):
        assert two[better_when_higher] >= one[better_when_higher], better_when_higher
    # b's need waited from 168 to the end with one team: (600 - 168) / 60 hours
    assert one["unmet_demand_hours"] == pytest.approx((600 - 168) / 60)
    assert two["unmet_demand_hours"] == 0


def test_the_scenario_objective_sets_t(tiny):
    # "90% within 60 minutes" makes T = 60: b's 44 minutes is within it
    tiny["objectives"] = [{"id": "fast", "name": {"zh": "快", "en": "fast"}, "kpi": "first_arrival_p90", "op": "<=", "target": 60}]
    two = _kpis(_two_floods(tiny, True))
    assert two["share_arrival_within_target"] == 1.0
    assert two["share_arrival_within_30"] == 0.5


def test_a_report_that_never_arrives_is_missed(tiny):
    # phone limit 60 for level IV; the village station takes 700 minutes per message, so:
    #   a at 100 in v: detected 110, at the station from 111, still there at 600: 490 > 60 -> missed
    #   c at 560 in v: detected 570, queued behind a: 30 <= 60 at the end -> censored
    #   b at 100 in the town: detected 110, town office 111-115: 5 minutes -> met
    tiny["command"].update(reporting_limits={"IV": {"phone_minutes": 60}}, reports=["initial"])
    tiny["command"]["units"][2]["handling_minutes"] = 700
    village = tiny["incidents"][0]
    village.update(schedule=[100, 560])
    town = {**village, "id": "town_flood", "places": ["t"], "schedule": [100]}
    tiny["incidents"].append(town)
    scenario = parse_scenario(to_yaml(tiny), "tiny.yaml")
    events = simulate(scenario).events
    assert events.loc[events["kind"] == "report_timeliness", "entity"].tolist() == ["met"]  # all the log records
    kpis = analyse(scenario, events)[0]
    assert kpis["report_within_limit_share"] == pytest.approx(1 / 3)  # was 1.0
    assert timeliness(events, scenario).loc[("initial", "IV"), ["met", "missed", "censored"]].tolist() == [1, 1, 1]
    # and the latency of the two unreported: 600 - 110 and 600 - 570, beside the 5 of b
    assert kpis["report_latency_mean"] == pytest.approx((490 + 30 + 5) / 3)
    assert kpis["report_latency_completed_share"] == pytest.approx(1 / 3)


def test_a_redeployed_team_and_the_need_it_left_waiting(tiny):
    # the flood needs two pumping teams and the city has one: it is sent at 118 (job 1),
    # job 2 waits; released at 199 (on scene 139 + 60) it is redeployed to job 2 there:
    # order 200, no travel, works to 260, drives back 15 -> returned 275.
    #   unmet demand: job 2 waited 118 -> 199 = 81 min = 1.35 h (was 0: t1's own dispatch at 118 was taken for it)
    #   utilisation: out 118 -> 275 = 157 of 600 = 0.262 (was 76 / 600: the first job lost)
    tiny["incidents"][0]["needs"] = [{"capability": "pumping", "teams": 2, "on_scene_minutes": 60}]
    scenario = parse_scenario(to_yaml(tiny), "tiny.yaml")
    events = simulate(scenario).events
    assert events.loc[events["kind"] == "team_dispatched", "time"].tolist() == [118, 199]
    assert events.loc[events["kind"] == "team_returned", "time"].tolist() == [275]
    kpis = analyse(scenario, events)[0]
    assert kpis["unmet_demand_hours"] == pytest.approx(81 / 60)
    assert kpis["team_utilisation_mean"] == pytest.approx(157 / 600)
