"""The tiny scenario with fixed durations gives exactly the hand-computed times.

Hand calculation (tests/conftest.py: tiny_dict), minutes:
  incident occurs at 100 in village v; detection 10        -> detected 110
  hop 0: link 1 -> village station at 111, handling 2      -> 113
  hop 1: link 1 -> town office at 114, handling 4          -> 118
  level IV commands at township tier                       -> command_assumed 118
  team: order link 1 (119) + mobilise 5 (124) + road c->t->v 10+5 = 15 -> arrives 139
  on scene 60 -> released 199; drives back 15 -> returned 214
  supplies: town store loads 10 (128) + road t->v 5        -> delivered 133
  incident closes when the last of team and delivery is done -> 199
  written report: drafted at the village station from the moment it has the
    incident (113), in parallel with the phone relay (Henan's rule, see
    simulator/models/command.py): drafted 20 -> 133, link 1 -> town office 134,
    handling 4 -> 138: 28 minutes after detection, within level IV's 360
  final report: closed 199, link 1 -> town office 200, handling 4 -> 204
"""

from __future__ import annotations

import pytest

from simulator.metrics import compute_kpis
from simulator.models import simulate


@pytest.fixture
def events(tiny_scenario):
    return simulate(tiny_scenario).events


def _at(events, kind):
    return events.loc[events["kind"] == kind, "time"].tolist()


def test_event_times_match_hand_calculation(events):
    assert _at(events, "incident_occurred") == [100]
    assert _at(events, "incident_detected") == [110]
    assert _at(events, "message_queued") == [111, 114, 134, 200]
    assert _at(events, "message_handled") == [113, 118, 138, 204]
    handled = events[events["kind"] == "message_handled"]
    assert handled["detail"].tolist() == ["initial", "initial", "written", "final"]
    assert _at(events, "command_assumed") == [118]
    assert _at(events, "team_dispatched") == [118]
    assert _at(events, "team_mobilised") == [124]
    assert _at(events, "team_arrived") == [139]
    assert _at(events, "team_released") == [199]
    assert _at(events, "team_returned") == [214]
    assert _at(events, "supply_delivered") == [133]
    assert _at(events, "incident_closed") == [199]
    timely = events[events["kind"] == "report_timeliness"]
    assert timely[["detail", "entity", "quantity"]].values.tolist() == [["initial", "no_limit", 8], ["written", "met", 28]]


def test_report_goes_to_the_township_that_commands_level_iv(events):
    initial = events[(events["kind"] == "message_handled") & (events["detail"] == "initial")]
    assert initial["unit"].tolist() == ["village_station", "town_office"]
    assert events.loc[events["kind"] == "command_assumed", "unit"].item() == "town_office"


def test_kpis_match_hand_calculation(tiny_scenario, events):
    kpis = compute_kpis(events, tiny_scenario.meta.horizon, ["city_team"])
    assert kpis["report_latency_mean"] == pytest.approx(118 - 110)
    assert kpis["first_arrival_mean"] == pytest.approx(139 - 110)
    assert kpis["share_arrival_within_30"] == 1.0  # 29 minutes
    assert kpis["team_utilisation_mean"] == pytest.approx((214 - 118) / 600)
    assert kpis["supply_fill_rate"] == 1.0
    assert kpis["incident_duration_mean"] == pytest.approx(199 - 100)
    assert kpis["incidents_unmet"] == 0


def test_level_iii_climbs_to_the_city(tiny):
    from simulator.scenario import parse_scenario
    from tests.conftest import to_yaml

    tiny["incidents"][0]["severity"] = {"III": 1.0}
    events = simulate(parse_scenario(to_yaml(tiny))).events
    # one more hop: link 1 -> city office at 119, handling 3 -> 122
    assert events.loc[events["kind"] == "command_assumed", ["time", "unit"]].values.tolist() == [[122, "city_office"]]
