"""An earthquake from its log rows (simulator.models.hazards.earthquake): its timeline in words.

Shocks, collapses with the people they trapped, bridges and roads cut,
slowed and repaired, each with the names of its places (and bridges), so a
report reads "buildings collapse in Moxi Village (intensity IX, 9.12): 60
people trapped", never an id.
"""

from __future__ import annotations

import math

import pandas as pd

from simulator.i18n import text, tr
from simulator.metrics.select import of_kind

_ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def degree(intensity: float) -> str:
    """An intensity as the degree of the scale (Roman numerals), rounded half up: 8.5 reads IX."""
    return _ROMAN[min(max(int(math.floor(intensity + 0.5)), 1), 12)]


def quake_timeline(events: pd.DataFrame, scenario, lang: str | None = None) -> pd.DataFrame:
    """Minute and event in words of every row the earthquake wrote, places and bridges by their names."""
    spec = scenario.earthquake
    names = {p.id: text(p.name, lang) for p in scenario.places}
    bridges = {frozenset((b.source, b.target)): text(b.name, lang) for b in spec.bridges}
    rows = of_kind(events, "earthquake", "building_collapse", "people_trapped", "road_closed", "road_slowed", "road_opened").sort_values("seq")
    trapped = {inc: int(q) for inc, q in zip(rows.loc[rows["kind"] == "people_trapped", "incident"], rows.loc[rows["kind"] == "people_trapped", "quantity"])}
    minute, event = tr("earthquake.column.minute", lang), tr("earthquake.column.event", lang)
    out = []
    for row in rows.itertuples():
        kind, detail = row.kind, str(row.detail)
        if kind == "earthquake":
            key = "earthquake.main" if detail == "main" else "earthquake.aftershock"
            line = tr(key, lang, name=text(spec.name, lang), magnitude=f"{row.quantity:.1f}", place=names.get(row.location, row.location))
        elif kind == "building_collapse":
            line = tr("earthquake.collapse", lang, place=names.get(row.entity, row.entity), degree=degree(row.quantity),
                      intensity=f"{row.quantity:.2f}", people=trapped.get(row.incident, 0))
        elif kind in ("road_closed", "road_slowed", "road_opened") and detail in ("earthquake", "bridge", "repaired"):
            a, b = str(row.entity).split("|")
            where = {"a": names.get(a, a), "b": names.get(b, b)}
            if detail == "bridge":
                line = tr("earthquake.bridge_failed", lang, bridge=bridges.get(frozenset((a, b)), f"{a}|{b}"), **where)
            elif kind == "road_closed":
                line = tr("earthquake.road_closed", lang, **where)
            elif kind == "road_slowed":
                line = tr("earthquake.road_slowed", lang, factor=f"{row.quantity:g}", **where)
            else:
                line = tr("earthquake.road_repaired", lang, **where)
        else:
            continue
        out.append({minute: round(float(row.time), 1), event: line})
    return pd.DataFrame(out, columns=[minute, event])
