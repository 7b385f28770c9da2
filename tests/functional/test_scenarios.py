"""Every bundled scenario loads, runs and is deterministic; the landslide plays its story."""

from __future__ import annotations

import pytest

from simulator.eventlog import write_events
from simulator.metrics import compute_kpis
from simulator.models import simulate
from simulator.scenario import load_scenario
from tests.conftest import SCENARIOS
from tests.functional.test_slice import assert_never_in_two_places

BUNDLED = sorted(SCENARIOS.glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_scenario_runs_the_same_twice(path, tmp_path):
    scenario = load_scenario(path)
    assert scenario.meta.title.zh and scenario.meta.title.en
    first, second = simulate(scenario, 3).events, simulate(scenario, 3).events
    write_events(first, tmp_path / "a.csv")
    write_events(second, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (first["kind"] == "incident_occurred").sum() > 0
    assert_never_in_two_places(first)


def test_mountain_landslide_plays_its_story():
    scenario = load_scenario(SCENARIOS / "mountain_landslide.yaml")
    events = simulate(scenario).events
    kinds = set(events["kind"])
    # the grid monitors' reports climb, the county warns and calls down, the road is cut
    assert {"warning_issued", "warning_answered", "public_warned", "road_closed", "road_opened"} <= kinds
    # the buried houses: level II commands at the city, trapped people are reached
    landslide = events[events["incident"] == "landslide"]
    assert landslide.loc[landslide["kind"] == "command_assumed", "unit"].tolist() == ["city_hq"]
    assert "people_rescued" in set(landslide["kind"])
    # the fog grounds the helicopter from 600 to 1080: it never takes off in between
    flights = events[(events["team"] == "helicopter") & (events["kind"] == "team_dispatched")]["time"]
    assert not ((flights > 600) & (flights < 1080)).any()
    kpis = compute_kpis(events, scenario.meta.horizon)
    assert kpis["escalations"] > 0 and kpis["people_rescued_alive"] >= 0
