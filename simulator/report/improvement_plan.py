"""The improvement plan as an Excel workbook, for the units that carry it out.

Every cell is text a person or a rule wrote (an action, a unit name someone
typed), so the workbook goes through :func:`simulator.spreadsheet.write_xlsx`:
a cell starting with ``=``, ``+``, ``-`` or ``@`` stays text and never runs.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from simulator.i18n import tr
from simulator.report.aar import AfterActionReport, Table
from simulator.spreadsheet import write_xlsx


def _frame(t: Table) -> pd.DataFrame:
    return pd.DataFrame(t.rows, columns=t.headers, dtype=object)


def write_plan_xlsx(path: str | Path, aar: AfterActionReport) -> Path:
    """This exercise's corrective actions, and those carried from earlier drills, one sheet each."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sheets = {
        tr("aar.sheet.plan", aar.lang): _frame(aar.plan),
        tr("aar.sheet.carried", aar.lang): _frame(aar.carried),
    }
    return write_xlsx(path, sheets)
