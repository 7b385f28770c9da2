"""Figure builders, tested by structure and data (never pixels)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from simulator.i18n import tr
from simulator.metrics import team_utilisation
from simulator.viz import (
    chain_layout,
    command_chain_graph,
    incident_timeline,
    phase_segments,
    response_time_histogram,
    team_utilisation_chart,
    unit_load,
)

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "urban_rainstorm.yaml"
COLUMNS = ["seq", "time", "kind", "entity", "location", "incident", "team", "unit", "item", "quantity", "level", "detail"]
PHASES = ["fig.phase.detect", "fig.phase.report", "fig.phase.respond", "fig.phase.handle"]


def event_log(rows: list[dict]) -> pd.DataFrame:
    """An event log in the recorder's shape: "" for absent text, NaN for absent quantity."""
    records = [{c: r.get(c, np.nan if c == "quantity" else "") for c in COLUMNS if c != "seq"} for r in rows]
    frame = pd.DataFrame(records, columns=COLUMNS[1:])
    frame.insert(0, "seq", range(len(frame)))
    return frame.astype({"time": "float64", "quantity": "float64"})


def ev(time, kind, **fields):
    return {"time": time, "kind": kind, **fields}


# Four incidents over a 200-minute run:
#   A: occurred 0, detected 10, commanded 15, first team 40, closed 100  (response 30)
#   B: occurred 20, detected 30, commanded 50, no team ever, still open ("unserved")
#   C: occurred 150, never detected
#   D: occurred 60, detected 60, commanded 70, first team 95, closed 130  (response 35)
# Teams (horizon 200): t1 out 15..120 -> 105/200 = 0.525; t2 out from 70 and never
# back -> (200-70)/200 = 0.65; t3 never leaves -> 0.
# Messages handled: town 3, city 1.
HORIZON = 200.0
ROWS = [
    ev(0, "incident_occurred", incident="A", location="p1", level="IV", detail="flood"),
    ev(10, "incident_detected", incident="A"),
    ev(12, "message_handled", incident="A", unit="town"),
    ev(15, "command_assumed", incident="A", unit="town"),
    ev(15, "team_dispatched", incident="A", team="t1"),
    ev(20, "incident_occurred", incident="B", location="p2", level="III", detail="flood"),
    ev(30, "incident_detected", incident="B"),
    ev(40, "team_arrived", incident="A", team="t1"),
    ev(45, "message_handled", incident="B", unit="town"),
    ev(50, "message_handled", incident="B", unit="city"),
    ev(50, "command_assumed", incident="B", unit="city"),
    ev(60, "incident_occurred", incident="D", location="p1", level="IV", detail="geological"),
    ev(60, "incident_detected", incident="D"),
    ev(70, "message_handled", incident="D", unit="town"),
    ev(70, "command_assumed", incident="D", unit="town"),
    ev(70, "team_dispatched", incident="D", team="t2"),
    ev(95, "team_arrived", incident="D", team="t2"),
    ev(100, "incident_closed", incident="A"),
    ev(120, "team_returned", team="t1"),
    ev(130, "incident_closed", incident="D"),
    ev(150, "incident_occurred", incident="C", location="p2", level="IV", detail="flood"),
    ev(200, "incident_open", incident="B", detail="unserved"),
    ev(200, "incident_open", incident="C", detail="in_progress"),
    ev(200, "run_ended"),
]

# (start, end) per incident per phase; open incidents run to the log's end (200).
EXPECTED_SEGMENTS = {
    "fig.phase.detect": {"A": (0, 10), "B": (20, 30), "D": (60, 60), "C": (150, 200)},
    "fig.phase.report": {"A": (10, 15), "B": (30, 50), "D": (60, 70)},
    "fig.phase.respond": {"A": (15, 40), "B": (50, 200), "D": (70, 95)},
    "fig.phase.handle": {"A": (40, 100), "D": (95, 130)},
}


@pytest.fixture
def events() -> pd.DataFrame:
    return event_log(ROWS)


def tiny_chain(with_hq: bool = False):
    """city c -> districts d1 (townships t1, t2) and d2; optionally a city-level hq under c."""
    def unit(uid, level, parent=None):
        return SimpleNamespace(id=uid, level=level, parent=parent, kind="office", name=SimpleNamespace(zh=f"{uid}中文", en=f"{uid} en"))

    units = [unit("c", "city"), unit("d1", "district", "c"), unit("d2", "district", "c"), unit("t1", "township", "d1"), unit("t2", "township", "d1")]
    if with_hq:
        units.insert(1, unit("hq", "city", "c"))
    return SimpleNamespace(command=SimpleNamespace(units=tuple(units)))


def test_phase_segments_follow_the_milestones(events):
    seg = phase_segments(events)
    got = {p: {r.incident: (r.start, r.end) for r in seg[seg.phase == p].itertuples()} for p in PHASES}
    assert got == EXPECTED_SEGMENTS


def test_timeline_has_one_trace_per_phase_and_one_bar_per_phase_that_happened(events):
    fig = incident_timeline(events, lang="en")
    assert len(fig.data) == 4
    assert [t.name for t in fig.data] == [tr(p, "en") for p in PHASES]
    for trace, phase in zip(fig.data, PHASES):
        assert trace.orientation == "h"
        bars = {y: (b, b + x) for y, b, x in zip(trace.y, trace.base, trace.x)}
        assert bars == EXPECTED_SEGMENTS[phase]
    assert fig.layout.xaxis.title.text == tr("fig.minutes", "en")
    # rows in order of occurrence, first on top
    assert list(fig.layout.yaxis.categoryarray) == ["A", "B", "D", "C"]


def test_timeline_titles_follow_the_language(events):
    en, zh = incident_timeline(events, lang="en"), incident_timeline(events, lang="zh")
    assert en.layout.title.text == "Incident timeline"
    assert zh.layout.title.text == "事件时间线"
    assert [t.name for t in zh.data] == ["发现前", "逐级上报", "等待队伍到达", "现场处置"]
    assert zh.layout.xaxis.title.text == "分钟"


def test_utilisation_chart_shows_team_utilisation(events):
    names = {"t1": "Team one", "t2": "Team two", "t3": "Idle team"}
    fig = team_utilisation_chart(events, HORIZON, names, lang="en")
    assert len(fig.data) == 1
    bar = fig.data[0]
    assert list(bar.x) == ["t1", "t2", "t3"]  # the caller's order, idle team included
    assert list(bar.y) == pytest.approx([0.525, 0.65, 0.0])
    expected = team_utilisation(events, HORIZON, list(names))
    assert list(bar.y) == pytest.approx(expected.reindex(list(bar.x)).tolist())
    assert list(fig.layout.xaxis.ticktext) == ["Team one", "Team two", "Idle team"]
    assert fig.layout.title.text == tr("fig.team_utilisation", "en")
    assert fig.layout.yaxis.title.text == tr("fig.share_busy", "en")


def test_utilisation_chart_without_names_uses_ids(events):
    fig = team_utilisation_chart(events, HORIZON, lang="zh")
    assert list(fig.data[0].x) == ["t1", "t2"]  # only teams that moved
    assert fig.layout.title.text == "队伍利用率"


def test_histogram_holds_the_response_times(events):
    fig = response_time_histogram(events, lang="en")
    assert len(fig.data) == 1
    assert fig.data[0].type == "histogram"
    assert list(fig.data[0].x) == [30.0, 35.0]  # A: 40-10, D: 95-60; B never reached
    assert fig.layout.xaxis.title.text == tr("fig.minutes", "en")
    assert fig.layout.yaxis.title.text == tr("fig.incidents_count", "en")
    assert response_time_histogram(events, lang="zh").layout.title.text == "从报警到首支队伍到达的时间"


def test_unit_load_counts_messages_handled(events):
    assert unit_load(events) == {"city": 1.0, "town": 3.0}


def test_chain_layout_is_a_tidy_tree():
    # leaves take slots 0,1,2 depth-first (t1, t2, d2); d1 = mean(0,1); c = mean(0.5, 2)
    pos = chain_layout(tiny_chain().command.units)
    assert pos == {"c": (1.25, 4.0), "d1": (0.5, 3.0), "d2": (2.0, 3.0), "t1": (0.0, 2.0), "t2": (1.0, 2.0)}


def test_same_level_child_sits_between_subordinates_and_lower():
    # order under c becomes d1, hq, d2: slots t1 0, t2 1, hq 2, d2 3;
    # d1 = 0.5, c = mean(0.5, 2, 3); hq is 0.35 of a level below c
    pos = chain_layout(tiny_chain(with_hq=True).command.units)
    assert pos["hq"] == (2.0, pytest.approx(3.65))
    assert pos["d2"] == (3.0, 3.0)
    assert pos["c"] == (pytest.approx(5.5 / 3), 4.0)


def test_command_graph_nodes_edges_and_load():
    scenario = tiny_chain()
    fig = command_chain_graph(scenario, load={"d1": 4, "t2": 1}, lang="en")
    edges, nodes = fig.data
    assert list(nodes.customdata) == ["c", "d1", "d2", "t1", "t2"]
    assert list(nodes.marker.color) == [0.0, 4.0, 0.0, 0.0, 1.0]
    # edges as [child, parent, None] triples
    segments = {(edges.x[i], edges.y[i], edges.x[i + 1], edges.y[i + 1]) for i in range(0, len(edges.x), 3)}
    assert segments == {(0.5, 3.0, 1.25, 4.0), (2.0, 3.0, 1.25, 4.0), (0.0, 2.0, 0.5, 3.0), (1.0, 2.0, 0.5, 3.0)}
    assert "d1中文 / d1 en" in nodes.hovertext[1] and tr("level.district", "en") in nodes.hovertext[1]
    assert list(fig.layout.yaxis.ticktext) == [tr("level." + lv, "en") for lv in ("township", "district", "city")]


def test_command_graph_of_the_real_scenario():
    from simulator.scenario import load_scenario

    scenario = load_scenario(SCENARIO)
    units = scenario.command.units
    en, zh = command_chain_graph(scenario, lang="en"), command_chain_graph(scenario, lang="zh")
    edges, nodes = en.data
    assert sorted(nodes.customdata) == sorted(u.id for u in units)
    assert len(edges.x) == 3 * sum(u.parent is not None for u in units)
    y = dict(zip(nodes.customdata, nodes.y))
    assert all(y[u.parent] > y[u.id] for u in units if u.parent)  # parents drawn above
    assert en.layout.title.text == "Command chain" and zh.layout.title.text == "指挥链"
    assert "市" in zh.layout.yaxis.ticktext


def test_viz_and_report_never_import_simpy_or_ipywidgets():
    code = "import sys, simulator.viz, simulator.report; print(sorted({'simpy', 'ipywidgets'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
