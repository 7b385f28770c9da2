"""Exports for people: a text that would start a spreadsheet formula is written as text (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from simulator.drill import Store, start_session
from simulator.drill.archive import export_decisions, read_script
from simulator.spreadsheet import escape_csv_cell, read_csv, unescape_csv_cell, write_csv, write_xlsx
from tests.conftest import to_yaml

HOSTILE = ["=1+1", "+2", "-3", "@SUM(A1)", "\tTAB", "\rCR", '=HYPERLINK("http://example.com","x")']


@pytest.mark.parametrize(("value", "escaped"), [
    *[(v, "'" + v) for v in HOSTILE],
    ("a=b", "a=b"), ("", ""), ("'quoted", "'quoted"),  # not at the start, empty, a quote before a letter: as they are
    ("'=x", "''=x"), ("''", "'''"),  # a text that looks escaped already is escaped again, so reading it back is exact
    (-3, -3), (1.5, 1.5), (None, None), (True, True),  # numbers stay numbers
])
def test_csv_cells_are_escaped_and_read_back_exactly(value, escaped):
    assert escape_csv_cell(value) == escaped
    assert unescape_csv_cell(escaped) == value


def test_a_csv_keeps_every_text_cell_as_text_and_reads_back_the_same(tmp_path):
    frame = pd.DataFrame({"text": [*HOSTILE, "line\r\nbreak", "ok"], "minute": range(-1, 8)})
    raw = write_csv(frame, tmp_path / "t.csv").read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert [r[0] for r in rows[1:]] == ["'" + v for v in HOSTILE] + ["line\r\nbreak", "ok"]
    assert [r[1] for r in rows[1:]] == [str(m) for m in range(-1, 8)]  # a negative number is not text: left alone
    back = read_csv(tmp_path / "t.csv")
    assert back["text"].tolist() == frame["text"].tolist()
    assert back["minute"].tolist() == [str(m) for m in range(-1, 8)]


def test_a_workbook_has_no_formula_only_the_texts(tmp_path):
    frame = pd.DataFrame({"text": HOSTILE, "minute": range(-1, 6)})
    book = openpyxl.load_workbook(write_xlsx(tmp_path / "t.xlsx", {"log": frame}))
    cells = [row for row in book["log"].iter_rows(min_row=2)]
    assert [(c.value, c.data_type) for c, _ in cells[:5]] == [(v, "s") for v in HOSTILE[:5]]
    assert cells[6][0].value == HOSTILE[6] and cells[6][0].data_type == "s"
    assert [m.value for _, m in cells] == list(range(-1, 6)) and {m.data_type for _, m in cells} == {"n"}
    assert all(c.quotePrefix for c, _ in cells)  # Excel keeps them text when a cell is edited
    assert not any(cell.data_type == "f" for row in book["log"].iter_rows() for cell in row)


def test_a_drill_export_writes_what_players_typed_as_text(tmp_path, tiny):
    (tmp_path / "tiny.yaml").write_text(to_yaml(tiny), encoding="utf-8")
    store = Store(tmp_path / "data")
    session, info = start_session(store, tmp_path / "tiny.yaml")
    hostile_action = '=HYPERLINK("http://example.com","x")'
    assert not session.decide(hostile_action).accepted  # read from a script, say: refused, but logged as typed
    session.add_inject("id: extra_1\ntime: 30\ntext: {zh: '@SUM(A1)', en: '=1+1'}\n")
    session.run_until(60)  # the inject plays at 30, so the workbook lists it
    book = openpyxl.load_workbook(export_decisions(store, info.id, tmp_path / "log.xlsx", "en"))
    decisions, injects = book["decisions"], book["injects"]
    assert (decisions["D2"].value, decisions["D2"].data_type) == (hostile_action, "s")
    row = {h.value: c for h, c in zip(injects[1], injects[2])}
    assert (row["text_en"].value, row["text_en"].data_type) == ("=1+1", "s")
    assert (row["text_zh"].value, row["text_zh"].data_type) == ("@SUM(A1)", "s")
    assert not any(c.data_type == "f" for sheet in book for r in sheet.iter_rows() for c in r)
    csv = export_decisions(store, info.id, tmp_path / "log.csv", "en")
    assert "'=HYPERLINK" in csv.read_text(encoding="utf-8")
    assert [d.action for d in read_script(csv)] == [hostile_action, "add_inject"]  # a script gets the text back
