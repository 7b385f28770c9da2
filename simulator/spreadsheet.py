"""Tables written for people to open in a spreadsheet (CSV, Excel), safe from formula injection.

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and,
in some, a tab or carriage return) as a formula, so a text a player or
facilitator typed (an inject, an action name read from a script) could
compute, fetch a URL or run a command when the export is opened. OWASP's
guidance (https://owasp.org/www-community/attacks/CSV_Injection) lists those
six leading characters and says to make such cells text:

- Excel: the cell is written as a string (never a formula) with Excel's
  "quote prefix", so it shows exactly the text and stays text when edited.
- CSV has no types: the cell gets a leading ``'``, which spreadsheets take
  as "this is text". :func:`unescape_csv_cell` takes it off again, so a
  program reading the CSV back (a decision log replayed as a script) gets
  the original text; a text that itself begins with ``'`` and one of those
  characters (or a second ``'``) is escaped too, so the round trip is exact.

Only text is escaped: numbers (a negative time) stay numbers. Files meant
for programs only (a run's ``events.csv``) are not written through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def formula_like(value: object) -> bool:
    """Whether a spreadsheet would read ``value`` as a formula: text beginning with one of :data:`FORMULA_START`."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def escape_csv_cell(value: object) -> object:
    """``value`` as a CSV cell a spreadsheet shows as text (non-text values unchanged)."""
    if formula_like(value) or (isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith((*FORMULA_START, QUOTE))):
        return QUOTE + value
    return value


def unescape_csv_cell(value: object) -> object:
    """The text :func:`escape_csv_cell` was given."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith((*FORMULA_START, QUOTE)):
        return value[1:]
    return value


def _text_columns(frame: pd.DataFrame) -> list:
    return [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """``frame`` as UTF-8 CSV, its text cells escaped (header included).

    Lines end in CRLF as RFC 4180 has it: the csv module quotes a cell only for
    the characters of its line ending, so with a bare LF a cell holding a CR
    would be written unquoted and split the row in two.
    """
    path = Path(path)
    out = frame.copy()
    for column in _text_columns(out):
        out[column] = out[column].map(escape_csv_cell)
    out.columns = [escape_csv_cell(c) for c in out.columns]
    out.to_csv(path, index=False, lineterminator="\r\n")
    return path


def read_csv(path: str | Path) -> pd.DataFrame:
    """A CSV written by :func:`write_csv` (or by hand), every cell as text, escapes taken off."""
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    frame.columns = [unescape_csv_cell(c) for c in frame.columns]
    return frame.map(unescape_csv_cell)


def write_xlsx(path: str | Path, sheets: Mapping[str, pd.DataFrame]) -> Path:
    """A workbook with one sheet per frame; every text cell a formula could start is kept a string."""
    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as book:
        for name, frame in sheets.items():
            frame.to_excel(book, sheet_name=name, index=False)
        for sheet in book.book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if formula_like(cell.value):  # openpyxl made "=..." a formula: make it text again
                        cell.data_type = "s"
                        cell.quotePrefix = True
    return path
