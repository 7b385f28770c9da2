"""The run report tells each hazard's story by names, and says nothing of hazards a scenario does not have."""

from __future__ import annotations

import pytest

from simulator.models.run import simulate
from simulator.report.hazard_story import hazard_section, hazard_timelines
from simulator.scenario import load_scenario
from tests.conftest import SCENARIOS


@pytest.mark.parametrize("name, title", [("typhoon", "台风"), ("chemical_park", "危化品泄漏")])
def test_a_hazard_scenario_tells_its_hazard_by_names(name, title):
    scenario = load_scenario(SCENARIOS / f"{name}.yaml")
    events = simulate(scenario, seed=1).events
    (shown_title, frame), = hazard_timelines(scenario, events, "zh")
    assert shown_title == title and len(frame) > 3
    html = hazard_section(scenario, events, "zh")
    assert f"<h3>{title}</h3>" in html
    names = [p.name.zh for p in scenario.places]
    assert sum(n in html for n in names) >= 2  # places read by their names ...
    ids = [p.id for p in scenario.places if len(p.id) > 3 and p.id not in names]
    assert not any(f">{i}<" in html or f" {i} " in html for i in ids)  # ... never by their ids


def test_a_scenario_without_a_hazard_section_has_no_hazard_story(street):
    events = simulate(street, seed=1).events
    assert hazard_timelines(street, events, "en") == [] and hazard_section(street, events, "en") == ""
