"""The drill console's live figures: updated in place from the builders' figure dicts, and the log's
frame grown row by row, always showing what a freshly built figure or frame would."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from simulator.drill import DrillSession
from simulator.eventlog import GrowingEventsFrame
from simulator.i18n import text
from simulator.scenario import load_scenario
from simulator.ui.drill_console import DrillConsole
from simulator.viz.drill_map import drill_map, drill_map_data
from simulator.viz.flows import command_flow_data, command_flow_graph
from simulator.viz.gantt import team_gantt, team_gantt_data
from simulator.viz.supplies import stock_by_tier_chart, stock_by_tier_data, supply_names
from tests.conftest import SCENARIOS


def traces(fig) -> list[dict]:
    return [{k: v for k, v in t.to_plotly_json().items() if k != "uid"} for t in fig.data]


def figures(console: DrillConsole) -> dict[str, go.Figure]:
    """What the console's figures should show now, built afresh with the styled builders."""
    s, lang = console.session, console.lang
    events = s.ctx.recorder.to_frame()
    names = {t.id: text(t.name, lang) for t in s.scenario.teams}
    return {
        "map": drill_map(s.scenario, events, lang),
        "command": command_flow_graph(s.scenario, events, lang),
        "gantt": team_gantt(events, names, lang, now=s.now, horizon=s.horizon),
        "stock": stock_by_tier_chart(events, supply_names(s.scenario, lang), lang),
    }


def shown(console: DrillConsole) -> dict[str, dict]:
    return {name: getattr(console.figures, name).to_dict() for name in ("map", "command", "gantt", "stock")}


@pytest.fixture
def console(tmp_path):
    console = DrillConsole(SCENARIOS, data=tmp_path / "data", lang="zh")
    console.start("street_command")
    return console


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_figures_updated_in_place_equal_figures_built_afresh(tmp_path, lang):
    console = DrillConsole(SCENARIOS, data=tmp_path / "data", lang=lang)
    console.start("street_command")
    for _ in range(6):
        console.step_button.click()
        fresh = figures(console)
        for name, fig in fresh.items():
            widget = getattr(console.figures, name)
            assert traces(widget) == traces(fig), name
        assert console.figures.gantt.layout.shapes[0].x0 == console.session.now
        assert console.figures.stock.layout.updatemenus == fresh["stock"].layout.updatemenus


def test_a_refresh_without_new_events_changes_nothing(console):
    console.step_button.click()
    before, objects = shown(console), [list(getattr(console.figures, n).data) for n in ("map", "gantt")]
    console.refresh()
    assert shown(console) == before
    assert objects == [list(getattr(console.figures, n).data) for n in ("map", "gantt")]


def test_a_refresh_after_new_events_moves_the_figures(console):
    console.step_button.click()
    before = shown(console)
    while console.session.now < 60:
        console.step_button.click()
    after = shown(console)
    assert after["gantt"]["layout"]["shapes"] != before["gantt"]["layout"]["shapes"]
    assert after["stock"]["data"][0]["x"][-1] > before["stock"]["data"][0]["x"][-1]  # drawn up to the log's end
    assert after["map"]["layout"] == before["map"]["layout"]  # the styled layout stays as first filled


def test_the_styled_layout_is_filled_once_and_kept(console):
    layout = console.figures.map.layout
    assert layout.title.text == drill_map(console.session.scenario, console.session.events(), "zh").layout.title.text
    assert layout.template.layout.plot_bgcolor == "white"  # plotly_white
    console.step_button.click()
    assert console.figures.map.layout.title.text == layout.title.text


def _plain(value):
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value.to_plotly_json() if hasattr(value, "to_plotly_json") else value


def test_figure_dicts_are_in_the_form_plotly_stores():
    """Building a figure from a ``*_data`` dict changes none of its values (but a colour scale's name),
    so a live figure compares them with what it shows as they are."""
    sc = load_scenario(SCENARIOS / "urban_rainstorm.yaml")
    s = DrillSession(sc)
    s.run_until(300)
    events = s.events()
    for data in (
        drill_map_data(sc, events, "en"),
        command_flow_data(sc, events, "en"),
        team_gantt_data(events, "en", now=s.now),
        stock_by_tier_data(events, supply_names(sc, "en"), "en"),
    ):
        fig = go.Figure(data)
        assert len(fig.data) == len(data["data"]) > 0
        for mine, stored in zip(data["data"], traces(fig)):
            for key, value in mine.items():
                if key == "marker" and "colorscale" in value:
                    value = {**value, "colorscale": stored[key]["colorscale"]}
                assert stored[key] == value, key
        for key, value in data["layout"].items():
            assert _plain(fig.layout[key]) == value, key


def test_the_growing_frame_equals_the_whole_log():
    sc = load_scenario(SCENARIOS / "street_command.yaml")
    frames = GrowingEventsFrame()
    s = DrillSession(sc)
    # a drill may log rows as it starts (the people at risk of an evacuation plan): the same rows
    pd.testing.assert_frame_equal(frames.of(s.ctx.recorder), s.ctx.recorder.to_frame())
    for _ in range(5):
        s.step()
        pd.testing.assert_frame_equal(frames.of(s.ctx.recorder), s.ctx.recorder.to_frame())
    again = DrillSession(sc, seed=sc.meta.seed + 1)  # another drill: a new log, longer than the last but not its sequel
    while len(again.ctx.recorder) <= len(s.ctx.recorder) and not again.ended:
        again.step()
    pd.testing.assert_frame_equal(frames.of(again.ctx.recorder), again.ctx.recorder.to_frame())
