"""Resource lists read from Excel workbooks, CSV files or GeoJSON (cells keyed by column, with their row).

An ``.xlsx`` holds one sheet per list, named as in :data:`columns.SHEETS` (and
``stock``); a ``.csv`` or ``.geojson`` file is the list its name says
(``teams.csv``, ``places.geojson``). Row 1 is the header; rows count as a
spreadsheet shows them. A GeoJSON feature's properties are its cells and a
Point geometry fills ``lon``/``lat``. CSV is read as UTF-8 (with or without
the BOM Excel writes), else as GB18030 (what Excel saves on Chinese Windows).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from simulator.importers.columns import BY_NAME, STOCK_COLUMNS, columns
from simulator.importers.problems import ImportProblems, SheetProblem

KNOWN = (*BY_NAME, "stock")


@dataclass
class Table:
    file: str
    sheet: str
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)  # (row number, non-blank cells)
    feature: bool = False
    problems: list = field(default_factory=list)  # unknown columns: said with the rows' problems, their cells left out


def allowed_columns(sheet: str) -> list[str]:
    return list(STOCK_COLUMNS) if sheet == "stock" else columns(BY_NAME[sheet])


def read_tables(paths: list[str | Path]) -> list[Table]:
    """Every list in ``paths``; unknown sheets and unreadable files raise ImportProblems (unknown columns wait in ``Table.problems``)."""
    tables: list[Table] = []
    problems: list[SheetProblem] = []
    for path in map(Path, paths):
        name = path.name.lower()
        try:
            if name.endswith(".xlsx"):
                found = _xlsx(path, problems)
            elif name.endswith(".csv"):
                found = [_csv(path, problems)]
            elif name.endswith((".geojson", ".json")):
                found = [_geojson(path, problems)]
            else:
                problems.append(SheetProblem(str(path), None, "", "import.sheet_format"))
                continue
        except (OSError, ValueError, KeyError) as exc:
            problems.append(SheetProblem(str(path), None, "", "import.unreadable", {"reason": str(exc)}))
            continue
        tables.extend(t for t in found if t is not None)
    if problems:
        raise ImportProblems(problems)
    return tables


def _sheet_name(path: Path, stem: str, problems) -> str | None:
    sheet = stem.lower()
    if sheet not in KNOWN:
        problems.append(SheetProblem(str(path), None, "", "import.unknown_sheet", {"sheet": stem, "known": ", ".join(KNOWN)}))
        return None
    return sheet


def _checked(table: Table, header: list[str], problems, header_row: int = 1) -> Table:
    allowed = set(allowed_columns(table.sheet))
    for col in header:
        if col and col not in allowed:
            table.problems.append(
                SheetProblem(table.file, header_row, col, "import.unknown_column", {"known": ", ".join(allowed_columns(table.sheet))}, feature=table.feature)
            )
    return table


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _xlsx(path: Path, problems) -> list[Table | None]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    out = []
    try:
        for ws in book.worksheets:
            sheet = _sheet_name(path, ws.title, problems)
            if sheet is None:
                continue
            rows = ws.iter_rows(values_only=True)
            header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
            table = _checked(Table(f"{path}[{ws.title}]", sheet), header, problems)
            for n, values in enumerate(rows, start=2):
                cells = {h: v.strip() if isinstance(v, str) else v for h, v in zip(header, values) if h and not _blank(v)}
                if cells:
                    table.rows.append((n, cells))
            out.append(_without_unknown(table))
    finally:
        book.close()
    return out


def _decoded(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def _csv(path: Path, problems) -> Table | None:
    sheet = _sheet_name(path, path.stem, problems)
    if sheet is None:
        return None
    reader = csv.reader(io.StringIO(_decoded(path)))
    header = [c.strip() for c in next(reader, [])]
    table = _checked(Table(str(path), sheet), header, problems)
    for n, values in enumerate(reader, start=2):
        cells = {h: v.strip() for h, v in zip(header, values) if h and not _blank(v)}
        if cells:
            table.rows.append((n, cells))
    return _without_unknown(table)


def _geojson(path: Path, problems) -> Table | None:
    sheet = _sheet_name(path, path.stem, problems)
    if sheet is None:
        return None
    data = json.loads(_decoded(path))
    table = Table(str(path), sheet, feature=True)
    header: set[str] = set()
    for n, feature in enumerate(data.get("features", []), start=1):
        cells = {k: v for k, v in (feature.get("properties") or {}).items() if not _blank(v)}
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Point":
            cells["lon"], cells["lat"] = geometry["coordinates"][:2]
        elif geometry:
            table.problems.append(SheetProblem(str(path), n, "geometry", "import.not_point", {"type": geometry.get("type")}, feature=True))
        header.update(cells)
        table.rows.append((n, cells))
    _checked(table, sorted(header), problems, header_row=None)
    return _without_unknown(table)


def _without_unknown(table: Table) -> Table:
    """Cells of unknown columns dropped, so the rows' own problems can still be found in the same pass."""
    allowed = set(allowed_columns(table.sheet))
    table.rows = [(n, {k: v for k, v in cells.items() if k in allowed}) for n, cells in table.rows]
    return table
