"""A scenario's lists as an Excel workbook an office can edit, read back by :mod:`.sheets`.

One sheet per list (places, roads, units, teams, depots, stock, shelters),
header in row 1, the columns of :mod:`.columns`; columns no entry uses are
left out, except the ones every row needs. Importing the workbook into the
same scenario gives the same scenario (tests/unit/test_import_resources.py).
"""

from __future__ import annotations

from pathlib import Path

from simulator.importers.columns import SHEETS, STOCK_COLUMNS, columns, to_row
from simulator.scenario.models import Scenario


def _entries(scenario: Scenario, path: tuple[str, ...]):
    value = scenario
    for key in path:
        value = getattr(value, key)
    return value


def write_workbook(scenario: Scenario, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for sheet in SHEETS:
        rows = [to_row(sheet, e) for e in _entries(scenario, sheet.path)]
        used = {c for r in rows for c in r}
        required = {c for c in columns(sheet) if c.rsplit("_", 1)[0] in _required(sheet) or c in _required(sheet)}
        header = [c for c in columns(sheet) if c in used or c in required]
        _write(book.create_sheet(sheet.name), header, [[r.get(c) for c in header] for r in rows], Font)
    stock = [[d.id, item, qty] for d in scenario.depots for item, qty in d.stock.items()]
    _write(book.create_sheet("stock"), list(STOCK_COLUMNS), stock, Font)
    path = Path(path)
    book.save(path)
    return path


def _required(sheet) -> set[str]:
    return {(info.alias or name) for name, info in sheet.model.model_fields.items() if info.is_required()}


def _write(ws, header, rows, font) -> None:
    ws.append(header)
    for cell in ws[1]:
        cell.font = font(bold=True)
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    for i, col in enumerate(header, start=1):  # wide enough to read
        width = max([len(str(col))] + [len(str(r[i - 1])) for r in rows if r[i - 1] is not None])
        ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, width + 2)
