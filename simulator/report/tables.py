"""HTML tables of the after-action report; every text is escaped here."""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from simulator.i18n import has_key, text, tr
from simulator.metrics import incident_table
from simulator.metrics.kpis import UNMET_STATES
from simulator.report.frames import number
from simulator.report.kpi_units import fmt, kpi_noun

_OPS = {"<=": "≤", ">=": "≥"}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_kpi(name: str, value: float | None, lang: str | None = None) -> str:
    """A KPI value as shown to people, with its unit (simulator.report.kpi_units: "82.4%", "5", "26.5 min");
    None/NaN -> "no data" in ``lang``."""
    return fmt(name, value, lang)


def table(headers: list[str], rows: list[list[str]], classes: list[list[str]] | None = None) -> str:
    """A plain table; cells are escaped, ``classes`` (same shape as rows) style them."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, cell in enumerate(row):
            cls = classes[r][c] if classes else ""
            attr = f' class="{escape(cls)}"' if cls else ""
            cells.append(f"<td{attr}>{escape(str(cell))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def meta_table(meta: dict, lang: str | None = None) -> str:
    rows = [
        ("report.scenario", meta.get("scenario_id")),
        ("report.scenario_hash", meta.get("scenario_hash")),
        ("report.seed", meta.get("seed")),
        ("report.version", meta.get("version")),
        ("report.horizon", meta.get("horizon")),
        ("report.wall_seconds", meta.get("wall_seconds")),
    ]
    return table(
        [tr("report.col.name", lang), tr("report.col.value", lang)],
        [[tr(k, lang), tr("report.no_data", lang) if _missing(v) else number(v, lang=lang) if isinstance(v, float) else str(v)] for k, v in rows],
    )


def kpi_table(kpis: dict[str, float | None], lang: str | None = None) -> str:
    rows = [[kpi_noun(name, lang), format_kpi(name, value, lang)] for name, value in kpis.items()]  # the value carries the unit
    classes = [["", "num" if not _missing(v) else "no-data"] for v in kpis.values()]
    return table([tr("report.col.kpi", lang), tr("report.col.value", lang)], rows, classes)


def objectives_table(objectives: list[dict], lang: str | None = None) -> str:
    rows, classes = [], []
    for obj in objectives:
        met = obj.get("met")
        verdict, cls = (
            (tr("report.no_data", lang), "no-data") if met is None
            else (tr("report.met", lang), "met") if met
            else (tr("report.not_met", lang), "not-met")
        )
        kpi = obj["kpi"]
        rows.append([
            text(obj["name"], lang),
            kpi_noun(kpi, lang),
            f"{_OPS.get(obj['op'], obj['op'])} {format_kpi(kpi, obj['target'], lang)}",
            format_kpi(kpi, obj.get("value"), lang),
            verdict,
        ])
        classes.append(["", "", "num", "num", cls])
    headers = ["report.col.name", "report.col.kpi", "report.col.target", "report.col.value", "report.col.result"]
    return table([tr(h, lang) for h in headers], rows, classes)


def unmet_table(scenario, events: pd.DataFrame, lang: str | None = None) -> str:
    """Incidents the run ended with an unmet need: a need no team came to, or supplies still owed."""
    incidents = incident_table(events)
    unmet = incidents[incidents["open_state"].isin(UNMET_STATES)]
    if unmet.empty:
        return f"<p>{escape(tr('report.none', lang))}</p>"
    places = {p.id: text(p.name, lang) for p in scenario.places}
    units = {u.id: text(u.name, lang) for u in scenario.command.units}

    def label(prefix: str, value: object) -> str:
        key = f"{prefix}.{value}"
        return tr(key, lang) if has_key(key) else str(value)

    rows = [
        [
            str(inc),
            places.get(row.place, str(row.place)),
            label("hazard", row.hazard),
            label("response", row.level),
            f"{row.occurred:.0f}",
            units.get(row.commander, str(row.commander)) if row.commander else tr("report.no_data", lang),
            tr("report.unmet." + row.open_state, lang),
        ]
        for inc, row in unmet.iterrows()
    ]
    headers = ["report.col.incident", "report.col.place", "report.col.hazard", "report.col.level", "report.col.occurred", "report.col.commander", "report.col.unmet"]
    return table([tr(h, lang) for h in headers], rows, [["", "", "", "", "num", "", ""]] * len(rows))
