"""The figures are built from our own dicts with plotly's validation off (simulator.viz.style.styled):
here each one is rebuilt with validation on, which must accept it and change nothing."""

from __future__ import annotations

import base64
import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from simulator.metrics import analyse
from simulator.models import simulate
from simulator.report.html import report_figures
from simulator.scenario import load_scenario
from simulator.viz import command_chain_graph, message_swimlanes, step_timeline
from simulator.viz.drill_map import drill_map
from simulator.viz.experiments import kpi_distribution, paired_difference_chart
from simulator.viz.flows import command_flow_graph
from simulator.viz.gantt import team_gantt
from simulator.viz.geo_map import TILES_ENV, animated_map
from simulator.viz.msel_timeline import MselRow, msel_timeline
from simulator.viz.style import merge, styled, template

from tests.conftest import ROOT
from tests.unit.test_geo_map import equator  # noqa: F401 (a fixture: a lon/lat scenario)


def assert_valid(fig: go.Figure | dict) -> None:
    """Plotly accepts ``fig`` (a figure or a figure dict) with validation on, and draws from it the same JSON."""
    checked = go.Figure(fig.to_dict() if isinstance(fig, go.Figure) else fig)  # validation on: a wrong key or value raises here
    assert _plain(pio.to_json(checked)) == _plain(pio.to_json(fig, validate=False))


def _plain(text: str):
    """Parsed JSON with plotly's typed arrays ({"dtype", "bdata"}) as lists: a dict's numpy arrays go out as lists."""

    def walk(x):
        if isinstance(x, dict):
            if "bdata" in x and "dtype" in x:
                values = np.frombuffer(base64.b64decode(x["bdata"]), dtype=np.dtype(x["dtype"]).newbyteorder("<"))
                return values.reshape([int(n) for n in str(x["shape"]).split(",")]).tolist() if "shape" in x else values.tolist()
            return {k: walk(v) for k, v in x.items()}
        return [walk(v) for v in x] if isinstance(x, list) else x

    return walk(json.loads(text))


@pytest.fixture(scope="module")
def run():
    scenario = load_scenario(ROOT / "scenarios" / "street_command.yaml")
    result = simulate(scenario, 1)
    return scenario, result.events, result.meta()


def test_the_report_figures_pass_plotly_validation(run):
    scenario, events, meta = run
    figures = report_figures(scenario, events, meta, "zh")
    kinds = {div for div, _ in figures}
    assert {"map-over-time", "stock-by-tier", "supply-deliveries", "unmet-demand", "people-by-state"} <= kinds
    for _, spec in figures:
        assert_valid(spec)
        assert spec["layout"]["template"] == pio.templates["plotly_white"].to_plotly_json()
    assert template()["layout"]["font"]["color"] == "#2a3f5f"  # drawing JSON from the dicts left the shared template as it was


def test_the_console_and_notebook_figures_pass_plotly_validation(run):
    scenario, events, _ = run
    incident = events.loc[events["kind"] == "incident_occurred", "incident"].iloc[0]
    rows = [MselRow(10.0, "flood at the school", "", "delivered", "i1"), MselRow(50.0, "road cut", "town", "upcoming", "i2")]
    for fig in (
        step_timeline(events, incident, "en"), command_chain_graph(scenario, None, "en"), message_swimlanes(events, scenario, incident, "en"),
        drill_map(scenario, events, "en"), command_flow_graph(scenario, events, "en"), team_gantt(events, {t.id: t.id for t in scenario.teams}, "en", now=100.0),
        msel_timeline(rows, 30.0, 120.0, "en"),
    ):
        assert_valid(fig)


def test_the_map_on_tiles_passes_plotly_validation(equator, monkeypatch):
    sc, events = equator
    monkeypatch.setenv(TILES_ENV, "http://tiles.local/{z}/{x}/{y}.png")
    fig = animated_map(sc, events, "en")
    assert {t.type for t in fig.data} == {"scattermap"} and not fig.frames
    assert_valid(fig)


def test_the_comparison_figures_pass_plotly_validation():
    results = pd.DataFrame({"plan": ["a", "a", "b", "b"], "seed": [1, 2, 1, 2], "x": [1.0, 2.0, 1.5, 2.5], "error": ["", "", "", None]})
    differences = pd.DataFrame({"plan": ["b"], "reference": ["a"], "kpi": ["x"], "mean": [0.5], "low": [0.1], "high": [0.9], "verdict": ["worse"], "unpaired_half_width": [1.2]})
    for fig in (kpi_distribution(results, "x", {"a": "A", "b": "B"}, "en"), kpi_distribution(results, "x", None, "en", kind="violin"),
                paired_difference_chart(differences, "x", {"a": "A", "b": "B"}, "en")):
        assert_valid(fig)


def test_the_template_is_shared_but_never_changed_by_a_figure():
    fig = styled({"data": [{"type": "bar", "x": [1], "y": [2]}]}, "fig.steps", "en")
    fig.layout.template.layout.font.color = "red"
    assert template()["layout"]["font"]["color"] == "#2a3f5f"
    assert styled({}, "fig.steps", "en").layout.template.layout.font.color == "#2a3f5f"


def test_layout_merges_as_update_layout():
    base = {"margin": {"l": 60, "t": 60}, "title": {"text": "a"}, "xaxis": {"range": [0, 1]}}
    assert merge(base, {"margin": {"t": 20}, "xaxis": {"range": None}, "height": None, "legend": {"x": 1, "y": None}}) == {
        "margin": {"l": 60, "t": 20}, "title": {"text": "a"}, "xaxis": {}, "legend": {"x": 1},
    }
    assert base["margin"] == {"l": 60, "t": 60}  # merged into copies
