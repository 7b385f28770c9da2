"""In the report, zooming into the map prints more place names (layout.meta name sets swapped by viz.geo_map's script)."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.models import simulate
from simulator.report.outputs import save_run
from simulator.scenario import load_scenario

SCENARIO = Path(__file__).parents[2] / "scenarios" / "urban_rainstorm.yaml"
NAMES = "() => document.getElementById('map').data[2].text.filter(t => t).length"


@pytest.mark.browser
def test_zooming_in_shows_more_names(browser_page, tmp_path):
    scenario = load_scenario(SCENARIO)
    result = simulate(scenario, 1)
    report = save_run(tmp_path, SCENARIO.read_text(encoding="utf-8"), scenario, result.events, result.meta(), "zh")
    page = browser_page
    page.set_content(Path(report).read_text(encoding="utf-8"))
    page.wait_for_function("() => document.getElementById('map') && document.getElementById('map').data")
    fitted = page.evaluate(NAMES)
    assert 10 <= fitted < len(scenario.places)  # crowded villages give way at the fitted view
    page.evaluate("() => { const g = document.getElementById('map'); const r = g.layout.xaxis.range; const c = (r[0] + r[1]) / 2, h = (r[1] - r[0]) / 4; return Plotly.relayout(g, {'xaxis.range': [c - h, c + h]}); }")
    page.wait_for_function(f"() => ({NAMES[6:]}) > {fitted}")
    assert page.evaluate(NAMES) == len(scenario.places)
    page.evaluate("() => Plotly.relayout(document.getElementById('map'), {'xaxis.autorange': true})")
    page.wait_for_function(f"() => ({NAMES[6:]}) === {fitted}")
