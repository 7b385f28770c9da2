"""The after-action report as Word, offline HTML and an Excel plan; `drillsim report` on a run or a drill id."""

from __future__ import annotations

import docx
import openpyxl
import pytest
from typer.testing import CliRunner

from simulator.cli import app
from simulator.drill import Store, start_session
from simulator.drill.evaluation import draft_actions, drill_record, record_observation, update_action
from simulator.metrics.findings import draft_findings
from simulator.report.aar import build_aar, write_exercise_report
from tests.unit.test_report import _Links, _without_library
from tests.unit.test_improvement_plan import first_drill, scenario_file  # noqa: F401 (fixture)

HEADINGS = {
    "en": ["Summary", "Strengths", "Areas for improvement", "Improvement plan"],
    "zh": ["总结", "优点", "不足/待改进", "整改计划"],
}


@pytest.fixture
def drill(tmp_path, scenario_file):  # noqa: F811
    store = Store(tmp_path / "data")
    session, info = first_drill(store, scenario_file)
    record_observation(store, info.id, session.scenario, time=40, task="answer", rating="M", note="=HYPERLINK(\"x\") village never answered", evaluator="Eval")
    actions = draft_actions(store, info, session.scenario, draft_findings(session.scenario, session.events()), "en")
    update_action(store, actions[0].id, description="+call the city bureau's duty chief", due="2027-01-31")
    return store, session, info


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_word_file_has_the_sections_and_the_plan_table(drill, tmp_path, lang):
    store, session, info = drill
    record = drill_record(store, info.id, session.scenario, lang, clock=session.now)
    path = write_exercise_report(tmp_path / f"aar_{lang}.docx", "docx", session.scenario, session.events(), {"seed": 7}, lang, record)
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:4] == HEADINGS[lang]
    plan_header = [c.text for c in document.tables[1].rows[0].cells]
    aar = build_aar(session.scenario, session.events(), {"seed": 7}, lang, record)
    assert plan_header == aar.plan.headers and len(document.tables[1].rows) == 1 + 3
    body = [[c.text for c in row.cells] for row in document.tables[1].rows[1:]]
    assert body == aar.plan.rows
    assert body[0][2] == "+call the city bureau's duty chief" and body[0][4] == "2027-01-31"
    texts = "\n".join(p.text for p in document.paragraphs)
    assert aar.improvements[0].lines[0] in texts and "Eval: [M]" in texts


def test_the_html_report_works_offline(drill, tmp_path):
    store, session, info = drill
    record = drill_record(store, info.id, session.scenario, "zh", clock=session.now)
    path = write_exercise_report(tmp_path / "aar.html", "html", session.scenario, session.events(), {"seed": 7}, "zh", record)
    page = path.read_text(encoding="utf-8")
    for heading in HEADINGS["zh"]:
        assert f"<h2>{heading}</h2>" in page
    # nothing is fetched: no external scripts, stylesheets, fonts or images
    parser = _Links()
    parser.feed(page)
    assert "link" not in parser.tags and not [u for u in parser.urls if u.startswith(("http", "//"))]
    rest = _without_library(page)
    for needle in ("http://", "https://", "cdn.", "@import", "url("):
        assert needle not in rest
    assert "=HYPERLINK(&quot;x&quot;) village never answered" in page  # the evaluator's text escaped, shown as typed


def test_the_plan_workbook_keeps_formula_like_text_as_text(drill, tmp_path):
    store, session, info = drill
    record = drill_record(store, info.id, session.scenario, "en", clock=session.now)
    path = write_exercise_report(tmp_path / "plan.xlsx", "xlsx", session.scenario, session.events(), {"seed": 7}, "en", record)
    sheet = openpyxl.load_workbook(path)["Improvement plan"]
    cell = sheet.cell(row=2, column=3)
    assert cell.value == "+call the city bureau's duty chief" and cell.data_type == "s" and cell.quotePrefix


def test_drillsim_report_takes_a_drill_id_or_a_run_directory(drill, tmp_path):
    store, session, info = drill
    runner = CliRunner()
    out = tmp_path / "x" / "aar.docx"
    result = runner.invoke(app, ["report", info.id, "--data", str(tmp_path / "data"), "--format", "docx", "--out", str(out), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "整改计划" in [p.text for p in docx.Document(str(out)).paragraphs]
    result = runner.invoke(app, ["report", info.id, "--data", str(tmp_path / "data")])
    assert result.exit_code == 0 and (tmp_path / "data" / "reports" / f"{info.id}.html").is_file()
    result = runner.invoke(app, ["report", "nosuchdrill", "--data", str(tmp_path / "data"), "--lang", "zh"])
    assert result.exit_code == 2 and "既不是运行结果目录" in result.output
    result = runner.invoke(app, ["report", info.id, "--data", str(tmp_path / "data"), "--format", "pdf"])
    assert result.exit_code == 2 and "html, docx, xlsx" in result.output


def test_a_drill_report_places_the_room_among_other_futures(drill, tmp_path):
    """Issue 15: where the room's outcome falls among its own decisions' futures and the standing procedure's."""
    store, session, info = drill
    runner = CliRunner()
    out = tmp_path / "luck.docx"
    result = runner.invoke(app, ["report", info.id, "--data", str(tmp_path / "data"), "--format", "docx", "--out", str(out), "--futures", "4"])
    assert result.exit_code == 0, result.output
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    heading = paragraphs.index("Judgement or luck: the room's outcome among other futures of the same drill")
    lines = [p for p in paragraphs[heading + 1 :] if "futures under the standing procedure (4)" in p]
    assert lines and all("the room did better than" in p for p in lines)  # every KPI judged here has a better direction
    out_zh = tmp_path / "luck_zh.docx"
    result = runner.invoke(app, ["report", info.id, "--data", str(tmp_path / "data"), "--format", "docx", "--out", str(out_zh), "--futures", "4", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert any("标准程序下" in p.text for p in docx.Document(str(out_zh)).paragraphs)
    out_none = tmp_path / "none.docx"
    result = runner.invoke(app, ["report", info.id, "--data", str(tmp_path / "data"), "--format", "docx", "--out", str(out_none), "--futures", "0"])
    assert result.exit_code == 0 and not any("Judgement or luck" in p.text for p in docx.Document(str(out_none)).paragraphs)
