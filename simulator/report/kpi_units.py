"""KPI values as people read them: shares in percent, counts whole, times and amounts with units.

One rule for every comparison view (HTML report, one-page answer, terminal
table): a share (0..1) is shown in percent and a difference of shares in
percentage points; a time in minutes with "min"; a count as a whole number
when it is one (a mean over replications keeps its decimals); and never
"-0.00" (a value that rounds to zero loses its sign).

Two precisions: ``fmt`` for a value on its own (2 decimals under 10, 1
above, as ``report.frames.number``), and ``interval_decimals`` for an
estimate with its interval, shown to one significant digit of the half
width (the interval says how far the digits can be trusted), so a sentence
reads "13 min [11, 16]" rather than "12.94 [10.61, 15.72]".
"""

from __future__ import annotations

import math

from simulator.i18n import tr
from simulator.metrics.kpi_kinds import COUNT, HOURS, MINUTES, OTHER, PERSON_DAYS, SHARE
from simulator.metrics.kpi_kinds import kind as _kind

__all__ = ["COUNT", "HOURS", "MINUTES", "OTHER", "PERSON_DAYS", "SHARE", "kpi_kind"]



def missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def kpi_kind(kpi: str) -> str:
    """What a KPI measures: the one rule of simulator.metrics.kpi_kinds."""
    return _kind(kpi)


def kpi_label(kpi: str, lang: str | None = None) -> str:
    return tr(f"kpi.{kpi}", lang)


def kpi_noun(kpi: str, lang: str | None = None) -> str:
    """The KPI's label without its unit in brackets ("(min)", "(队·小时)"): the value beside it carries the unit."""
    label = kpi_label(kpi, lang)
    if kpi_kind(kpi) in (MINUTES, HOURS, PERSON_DAYS) and label.endswith((")", "）")):
        opened = max(label.rfind("("), label.rfind("（"))
        if opened > 0:
            return label[:opened].rstrip()
    return label


def number(value: float, decimals: int, signed: bool = False) -> str:
    """``value`` with ``decimals`` places; a value that rounds to zero is "0" (no "-0.0", no "+0")."""
    text = f"{value:.{decimals}f}"
    if float(text) == 0:
        return f"{0:.{decimals}f}"
    return f"+{text}" if signed and value > 0 else text


def _decimals(kpi: str, value: float) -> int:
    """Places for a value shown on its own."""
    kind = kpi_kind(kpi)
    if kind == SHARE:
        return 1
    if float(value).is_integer():
        return 0
    if kind == COUNT:  # a mean count over replications: one place is enough to tell 1.8 from 2
        return 2 if abs(value) < 1 else 1
    return 2 if abs(value) < 10 else 1


def interval_decimals(kpi: str, estimate: dict) -> int:
    """Places for ``estimate`` (mean, low, high) and the values beside it: one significant digit of
    the half width, more (at most 3) while a bound of an interval excluding zero would read as 0."""
    scale = 100.0 if kpi_kind(kpi) == SHARE else 1.0
    low, high, mean = (estimate.get(k) for k in ("low", "high", "mean"))
    if missing(low) or missing(high):
        return _decimals(kpi, mean) if not missing(mean) else 0
    half = (high - low) / 2 * scale
    decimals = 0 if half <= 0 else min(3, max(0, -math.floor(math.log10(half))))
    if low > 0 or high < 0:  # significant: its nearer bound must not show as 0
        nearer = min(abs(low), abs(high)) * scale
        while decimals < 3 and float(f"{nearer:.{decimals}f}") == 0:
            decimals += 1
    return decimals


def with_unit(kpi: str, text: str, lang: str | None = None, difference: bool = False) -> str:
    """``text`` (a number) with the KPI's unit: "28 min", "62%", "+22 points", "2.0 h"."""
    kind = kpi_kind(kpi)
    if kind == SHARE:
        return tr("unit.points", lang, value=text) if difference else f"{text}%"
    if kind in (COUNT, OTHER):  # a number of things, or a number the catalogue has no unit for
        return text
    return tr(f"unit.{kind}", lang, value=text)


def fmt(kpi: str, value: object, lang: str | None = None, decimals: int | None = None, difference: bool = False) -> str:
    """A mean (or, ``difference``, a paired difference) of ``kpi`` with its unit; "no data" when missing."""
    if missing(value):
        return tr("report.no_data", lang)
    v = float(value) * (100.0 if kpi_kind(kpi) == SHARE else 1.0)
    places = _decimals(kpi, float(value)) if decimals is None else decimals
    return with_unit(kpi, number(v, places, signed=difference), lang, difference)


def fmt_width(kpi: str, value: object, lang: str | None = None) -> str:
    """The half width of an interval of a difference, unsigned, with its unit ("2.4 min", "3.1 points")."""
    if missing(value):
        return tr("report.no_data", lang)
    return fmt(kpi, value, lang, difference=True).lstrip("+")


def bare(kpi: str, value: float, decimals: int, signed: bool = False) -> str:
    """A number of ``kpi`` without its unit (interval bounds after a value that has it); shares in percent."""
    return number(float(value) * (100.0 if kpi_kind(kpi) == SHARE else 1.0), decimals, signed)


def fmt_interval(kpi: str, row, lang: str | None = None, difference: bool = False, decimals: int | None = None) -> str:
    """``28.0 min [26.1, 29.9]``, ``62.3% [58.1%, 66.5%]``, ``+5.3 points [1.2, 9.4]``; the mean alone without an interval."""
    mean = fmt(kpi, row["mean"], lang, decimals, difference)
    if missing(row["mean"]) or missing(row["low"]) or missing(row["high"]):
        return mean
    places = _decimals(kpi, float(row["mean"])) if decimals is None else decimals
    low, high = (bare(kpi, row[k], places, signed=difference) for k in ("low", "high"))
    if kpi_kind(kpi) == SHARE and not difference:
        low, high = f"{low}%", f"{high}%"
    return f"{mean} [{low}, {high}]"
