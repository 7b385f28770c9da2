"""The after-action report as a Word document (python-docx), for the official file.

The same model as the HTML page (:class:`~simulator.report.aar.AfterActionReport`),
with the headings an official file expects: Summary, Strengths, Areas for
improvement, Improvement plan (总结, 优点, 不足/待改进, 整改计划), then the
objectives and tasks, the inject timeline and the decision log. Fonts name
an East Asian face as well, or Word shows Chinese in a fallback.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from simulator.report.aar import AfterActionReport, FindingBlock, Table

_FONTS = {"zh": ("SimSun", "SimSun"), "en": ("Calibri", "SimSun")}


def _fonts(document, lang: str) -> None:
    latin, east_asian = _FONTS.get(lang, _FONTS["en"])
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid"):
        style = document.styles[name]
        style.font.name = latin
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    document.styles["Normal"].font.size = Pt(10.5)


def _table(document, t: Table, none: str) -> None:
    if not t.rows:
        document.add_paragraph(none)
        return
    table = document.add_table(rows=1, cols=len(t.headers), style="Table Grid")
    for cell, header in zip(table.rows[0].cells, t.headers):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in t.rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = str(value)


def _bullets(document, lines: list[str]) -> None:
    for line in lines:
        document.add_paragraph(line, style="List Bullet")


def _findings(document, blocks: list[FindingBlock], none: str) -> None:
    if not blocks:
        document.add_paragraph(none)
    for b in blocks:
        document.add_heading(b.title, level=3)
        _bullets(document, b.lines)


def write_aar_docx(path: str | Path, aar: AfterActionReport) -> Path:
    """Write the report to ``path`` (.docx) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document = Document()
    _fonts(document, aar.lang)
    document.core_properties.title = f"{aar.title} - {aar.scenario_title}"
    document.core_properties.language = "zh-CN" if aar.lang == "zh" else "en"
    h, none = aar.heading, aar.heading("none")
    document.add_heading(aar.title, level=0)
    document.add_paragraph(aar.scenario_title).runs[0].bold = True
    document.add_paragraph(aar.description)

    document.add_heading(h("summary"), level=1)
    _table(document, Table([h("item"), h("value")], [list(r) for r in aar.summary]), none)
    if aar.luck:  # judgement or luck: the room's outcome among other futures
        document.add_heading(h("luck"), level=1)
        _bullets(document, aar.luck)
    document.add_heading(h("strengths"), level=1)
    _findings(document, aar.strengths, none)
    document.add_heading(h("improvements"), level=1)
    _findings(document, aar.improvements, none)
    document.add_heading(h("plan"), level=1)
    _table(document, aar.plan, none)
    document.add_heading(h("carried"), level=2)
    _table(document, aar.carried, none)

    document.add_heading(h("objectives"), level=1)
    if not aar.objectives:
        document.add_paragraph(none)
    for o in aar.objectives:
        document.add_heading(f"{o.name} · {o.step}" if o.step else o.name, level=2)
        document.add_paragraph(f"{o.verdict} · {o.measure}")
        for t in o.tasks:
            p = document.add_paragraph()
            p.add_run(f"[{t.rating}] ").bold = True
            p.add_run(f"{t.name} · {t.by} · {t.standard}")
            document.add_paragraph(f"{t.source} · {t.counts}")
            _bullets(document, t.evidence + t.notes)
    document.add_heading(h("notes"), level=1)
    _bullets(document, aar.notes) if aar.notes else document.add_paragraph(none)
    document.add_heading(h("injects"), level=1)
    _table(document, aar.injects, none)
    document.add_heading(h("decisions"), level=1)
    _table(document, aar.decisions, none)
    if aar.plan_tables:  # contingency plans as written and as executed
        document.add_heading(h("plans"), level=1)
        for table in aar.plan_tables:
            _table(document, table, none)
    document.save(str(path))
    return path
