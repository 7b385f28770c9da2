"""Tables in notebooks as people read them: rounded numbers, shares in percent, "no data" for NaN.

pandas shows ``0.071429`` and ``NaN``; :func:`readable` returns a Styler
that shows ``7.1%`` (a share column), ``46.0``, ``2.15`` and "no data" in
the reader's language, leaving the frame's values untouched for further use.
Headers read in the reader's language (``col.*`` and ``kpi.*`` labels) and,
given the scenario, ids of units, teams, places, incidents and plans in the
index and in the cells read as their names: the display changes, the data not.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from simulator.i18n import has_key, resolve_lang, tr
from simulator.metrics.kpi_kinds import is_share as is_share_column  # one rule for tables, figures and notebooks
from simulator.report.aar_names import Names

if TYPE_CHECKING:  # pandas imports its Styler (and jinja2, 0.1 s) on a frame's first .style: the report's tables need neither
    from pandas.io.formats.style import Styler


def number(value: object, share: bool = False, lang: str | None = None) -> str:
    """One cell: whole numbers plain, 2 decimals under 10, 1 decimal above."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return tr("report.no_data", lang)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        return str(value)
    if share:
        return f"{value * 100:.1f}%"
    if float(value).is_integer():  # counts, seeds: as written, no separators to misread
        return f"{value:.0f}"
    return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"


def header(name: object, lang: str | None = None) -> str:
    """A column or index header in ``lang``: its ``col.*`` label, else its KPI label, else as it is."""
    for key in (f"col.{name}", f"kpi.{name}"):
        if has_key(key):
            return tr(key, lang)
    return str(name)


# A column (or index) of ids named by what it holds, so a unit that shares a place's id is
# named as the unit in a unit column and as the place in a place column; any other column of
# ids (an event's ``entity``) by the first kind that has the id (simulator.report.aar_names.Names.any).
COLUMN_KINDS = {
    "unit": "unit", "commander": "unit", "dispatcher": "unit", "team": "team", "place": "place", "location": "place",
    "depot": "depot", "shelter": "shelter", "seat": "seat", "plan": "plan", "series": "series", "item": "item",
}


def readable(frame: pd.DataFrame, lang: str | None = None, scenario=None) -> Styler:
    """``frame`` styled for reading; the numbers (and ids) in it stay as they were."""
    lang = resolve_lang(lang)
    names = Names(scenario, None, lang) if scenario is not None else None
    numeric = {
        column
        for column in frame.columns
        if pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column])
    }
    formats = {column: (lambda v, share=is_share_column(column): number(v, share, lang)) for column in numeric}
    named = {column: _namer(names, column, lang) for column in frame.columns if column not in numeric}
    styler = frame.style.format({**named, **formats}, na_rep=tr("report.no_data", lang))
    if frame.index.nlevels == 1:
        styler = styler.format_index(_namer(names, frame.index.name, lang), axis=0)
    else:
        for level, name in enumerate(frame.index.names):
            styler = styler.format_index(_namer(names, name, lang), axis=0, level=level)
    styler = styler.format_index(lambda v: header(v, lang), axis=1)
    styler.index.names = [header(n, lang) if n is not None else None for n in frame.index.names]
    return styler


def _namer(names: Names | None, column: object, lang: str | None):
    """How the cells of ``column`` read: ids by the kind the column holds, codes by their words."""
    kind = COLUMN_KINDS.get(str(column)) if column is not None else None

    def name(value: object) -> str:
        if isinstance(value, str) and names is not None:
            found = names.of(kind, value) if kind is not None else value
            if found == value:  # no such thing of the column's kind (a seat in a unit column): any kind that has it
                found = names.any(value)
            if found != value:
                return found
        return _named(value, lang)

    return name


def _named(value: object, lang: str | None) -> str:
    """A cell or index label that is no scenario id: a level or message code by its word."""
    if isinstance(value, str):
        for prefix in ("level", "response", "message", "kind"):
            if has_key(f"{prefix}.{value}"):
                return tr(f"{prefix}.{value}", lang)
        return value
    return number(value, False, lang) if isinstance(value, (int, float, np.integer, np.floating)) else str(value)


def kpi_table(kpis: dict, objectives: list[dict], lang: str | None = None) -> Styler:
    """The KPI frame with each value as the report shows it (shares in percent, counts whole, times with their unit)."""
    from simulator.metrics import kpi_frame
    from simulator.report.kpi_units import kpi_noun
    from simulator.report.tables import format_kpi

    lang = resolve_lang(lang)
    frame = kpi_frame(kpis, objectives, lang, format_kpi)
    frame[tr("cli.kpi", lang)] = [kpi_noun(name, lang) for name in kpis]  # the value carries the unit ("26.5 min")
    frame[tr("cli.value", lang)] = [format_kpi(name, value, lang) for name, value in kpis.items()]
    return readable(frame, lang)
