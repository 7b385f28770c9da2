"""The after-action report: self-contained, offline, bilingual, escaped."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from simulator.i18n import tr
from simulator.report import build_report_html, write_report
from simulator.report.kpi_units import kpi_noun
from simulator.scenario import load_scenario
from simulator.scenario.vocabulary import KPI_NAMES

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "urban_rainstorm.yaml"
COLUMNS = ["seq", "time", "kind", "entity", "location", "incident", "team", "unit", "item", "quantity", "level", "detail"]


def event_log(rows: list[dict]) -> pd.DataFrame:
    records = [{c: r.get(c, np.nan if c == "quantity" else "") for c in COLUMNS[1:]} for r in rows]
    frame = pd.DataFrame(records, columns=COLUMNS[1:])
    frame.insert(0, "seq", range(len(frame)))
    return frame.astype({"time": "float64", "quantity": "float64"})


# Two incidents at real places of the scenario: "trapped-x" reached and closed,
# "stuck-y" never reached and still "unserved" at the end (so it is the one unmet row).
EVENTS = event_log(
    [
        {"time": 0, "kind": "incident_occurred", "incident": "trapped-x", "location": "hh1", "level": "IV", "detail": "flood"},
        {"time": 5, "kind": "incident_detected", "incident": "trapped-x"},
        {"time": 8, "kind": "message_handled", "incident": "trapped-x", "unit": "huaihe_office"},
        {"time": 8, "kind": "command_assumed", "incident": "trapped-x", "unit": "huaihe_office"},
        {"time": 8, "kind": "team_dispatched", "incident": "trapped-x", "team": "blue_sky"},
        {"time": 30, "kind": "team_arrived", "incident": "trapped-x", "team": "blue_sky"},
        {"time": 60, "kind": "incident_closed", "incident": "trapped-x"},
        {"time": 70, "kind": "team_returned", "team": "blue_sky"},
        {"time": 90, "kind": "incident_occurred", "incident": "stuck-y", "location": "jf4", "level": "II", "detail": "geological"},
        {"time": 95, "kind": "incident_detected", "incident": "stuck-y"},
        {"time": 99, "kind": "command_assumed", "incident": "stuck-y", "unit": "jiefang_office"},
        {"time": 1440, "kind": "incident_open", "incident": "stuck-y", "location": "jf4", "level": "II", "detail": "unserved"},
        {"time": 1440, "kind": "run_ended"},
    ]
)
KPIS = {name: 12.5 for name in KPI_NAMES} | {"supply_fill_rate": None, "share_arrival_within_30": 0.5}
OBJECTIVES = [
    {"id": "fast", "name": SimpleNamespace(zh="快速到达", en="Arrive fast"), "kpi": "first_arrival_p90", "op": "<=", "target": 60.0, "value": 12.5, "met": True},
    {"id": "slow", "name": SimpleNamespace(zh="上报及时", en="Report in time"), "kpi": "report_latency_mean", "op": "<=", "target": 10.0, "value": 12.5, "met": False},
    {"id": "fill", "name": SimpleNamespace(zh="物资充足", en="Supplies filled"), "kpi": "supply_fill_rate", "op": ">=", "target": 0.95, "value": None, "met": None},
]
META = {"scenario_id": "urban_rainstorm", "scenario_hash": "abc123def", "seed": 42, "version": "9.9.9", "horizon": 1440.0, "wall_seconds": 0.25}


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def reports(scenario) -> dict[str, str]:
    return {lang: build_report_html(scenario, EVENTS, KPIS, OBJECTIVES, META, lang) for lang in ("en", "zh")}


class _Links(HTMLParser):
    """Collects real tags and their src/href attributes (script bodies are not parsed as tags)."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]


def _without_library(html: str) -> str:
    """The report minus the inline plotly.js source (which mentions URLs in its own strings)."""
    start = html.index("/**\n* plotly.js v")
    return html[:start] + html[html.index("</script>", start) :]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plotly_js_is_inline_exactly_once(reports, lang):
    html = reports[lang]
    assert html.count("plotly.js v") == 1
    assert html.count("window.PlotlyConfig") == 1
    # incident timeline, team utilisation, response times, command chain, team Gantt, map, message swimlanes
    assert html.count('class="plotly-graph-div"') == 8  # the map's end state and the map over time (viz.geo_map)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_nothing_is_fetched_from_the_network(reports, lang):
    html = reports[lang]
    parser = _Links()
    parser.feed(html)
    assert "link" not in parser.tags
    assert not [u for u in parser.urls if u.startswith(("http", "//"))]
    assert 'src="http' not in html
    rest = _without_library(html)
    for needle in ("http://", "https://", "cdn.", "@import", "url("):
        assert needle not in rest


def test_page_language_and_titles(reports, scenario):
    en, zh = reports["en"], reports["zh"]
    assert '<html lang="en">' in en and '<html lang="zh-CN">' in zh
    assert '<meta charset="utf-8">' in en
    assert "<h1>After-action report</h1>" in en
    assert "<h1>演练评估报告</h1>" in zh
    assert scenario.meta.title.zh in zh and scenario.meta.title.en in en
    assert escape(scenario.meta.description.zh) in zh
    assert "Noto Sans CJK SC" in zh


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_meta_and_kpi_tables(reports, lang):
    html = reports[lang]
    for value in ("urban_rainstorm", "abc123def", "42", "9.9.9"):
        assert f"<td>{value}</td>" in html
    assert escape(tr("report.seed", lang)) in html and escape(tr("report.version", lang)) in html
    for name in KPI_NAMES:
        assert f"<td>{escape(kpi_noun(name, lang))}</td>" in html  # the label without "(min)": the value carries it
    assert '<td class="num">50.0%</td>' in html  # share 0.5 shown as a percentage
    assert f'<td class="num">{tr("unit.minutes", lang, value="12.5")}</td>' in html  # a time with its unit
    assert f'<td class="no-data">{escape(tr("report.no_data", lang))}</td>' in html  # fill rate None


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_objectives_show_met_not_met_and_no_data(reports, lang):
    html = reports[lang]
    names = [getattr(o["name"], lang) for o in OBJECTIVES]
    rows = [r for r in re.findall(r"<tr>(.*?)</tr>", html) if any(f"<td>{n}</td>" in r for n in names)]
    assert len(rows) == 3
    joined = "\n".join(rows)
    assert f'<td class="met">{tr("report.met", lang)}</td>' in joined
    assert f'<td class="not-met">{tr("report.not_met", lang)}</td>' in joined
    assert f'<td class="no-data">{tr("report.no_data", lang)}</td>' in joined
    assert f"≤ {tr('unit.minutes', lang, value='60')}" in joined and "≥ 95.0%" in joined  # targets as written, with units


def test_unmet_incidents_are_listed(reports, scenario):
    zh = reports["zh"]
    section = zh[zh.index(tr("report.unmet_list", "zh")) :]
    assert "<td>stuck-y</td>" in section and "trapped-x" not in section
    jf4 = next(p for p in scenario.places if p.id == "jf4")
    assert f"<td>{escape(jf4.name.zh)}</td>" in section  # place shown by its name, not its id
    assert tr("hazard.geological", "zh") in section and tr("response.II", "zh") in section


def test_no_unmet_incidents_says_none(scenario):
    events = EVENTS[EVENTS["kind"] != "incident_open"]
    html = build_report_html(scenario, events, KPIS, OBJECTIVES, META, "en")
    section = html[html.index(tr("report.unmet_list", "en")) :]
    assert f"<p>{tr('report.none', 'en')}</p>" in section
    assert f"<footer>{escape(tr('report.generated', 'en'))}</footer>" in html


def test_scenario_text_is_escaped(scenario):
    evil = scenario.meta.title.model_copy(update={"en": "<script>alert(1)</script>", "zh": "<b>x</b>"})
    hostile = scenario.model_copy(update={"meta": scenario.meta.model_copy(update={"title": evil})})
    html = build_report_html(hostile, EVENTS, KPIS, OBJECTIVES, META, "en")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_same_input_same_report_and_write_report(scenario, reports, tmp_path):
    # fixed div ids: the report is byte-for-byte reproducible
    assert build_report_html(scenario, EVENTS, KPIS, OBJECTIVES, META, "en") == reports["en"]
    path = write_report(tmp_path / "out" / "report.html", scenario, EVENTS, KPIS, OBJECTIVES, META, lang="zh")
    assert path.read_text(encoding="utf-8") == reports["zh"]


def test_report_of_a_real_run(scenario):
    from simulator.metrics import compute_kpis, evaluate_objectives
    from simulator.models import simulate

    run = simulate(scenario)
    kpis = compute_kpis(run.events, scenario.meta.horizon, [t.id for t in scenario.teams])
    objectives = evaluate_objectives(scenario.objectives, kpis)
    html = build_report_html(scenario, run.events, kpis, objectives, run.meta(), "zh")
    assert html.count("plotly.js v") == 1
    for obj in objectives:
        assert escape(obj["name"].zh) in html


def test_a_runs_analysis_given_to_the_after_action_part_changes_nothing(scenario):
    """save_run hands the report its analyse(scenario, events) for the AAR too (not computed twice)."""
    from simulator.metrics import analyse
    from simulator.models import simulate

    run = simulate(scenario, 2)
    kpis, objectives = analyse(scenario, run.events)
    assert build_report_html(scenario, run.events, kpis, objectives, run.meta(), "en", aar_analysis=(kpis, objectives)) == build_report_html(
        scenario, run.events, kpis, objectives, run.meta(), "en"
    )


def test_an_incident_still_owed_supplies_is_listed_as_unmet_with_why(scenario):
    # "trapped-x" left open waiting for supplies instead of closing: both rows, each with its reason
    events = EVENTS.copy()
    closed = events.index[events["kind"] == "incident_closed"][0]
    events.loc[closed, ["kind", "location", "level", "detail"]] = ["incident_open", "hh1", "IV", "awaiting_supplies"]
    for lang in ("zh", "en"):
        html = build_report_html(scenario, events, KPIS, OBJECTIVES, META, lang)
        section = html[html.index(tr("report.unmet_list", lang)) :]
        assert "<td>trapped-x</td>" in section and "<td>stuck-y</td>" in section
        assert f"<td>{tr('report.unmet.awaiting_supplies', lang)}</td>" in section
        assert f"<td>{tr('report.unmet.unserved', lang)}</td>" in section


def test_the_command_section_names_warnings_and_roll_calls_never_by_id():
    import html as _html
    import re as _re

    from simulator.models.run import simulate
    from simulator.report.command_tables import command_section
    from simulator.scenario import load_scenario
    from tests.conftest import SCENARIOS

    scenario = load_scenario(SCENARIOS / "urban_rainstorm.yaml")
    events = simulate(scenario, seed=1).events
    ids = set(events.loc[events["kind"].isin(["warning_issued", "roll_call_started"]), "entity"])
    assert ids  # the flagship warns and calls the roll
    for lang, word in (("en", "red warning of City emergency rescue HQ"), ("zh", "市应急救援总指挥部红色预警")):
        shown = _html.unescape(_re.sub("<[^>]+>", "|", command_section(scenario, events, lang)))
        assert not any(f"|{i}|" in shown or f"{i} " in shown for i in ids), lang
        assert f"{word} · T+01:00" in shown  # the inject red_warning at minute 60: colour, issuer and minute
