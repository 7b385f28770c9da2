"""A chemical release from its log rows (simulator.models.hazards.chemical_release): KPIs and its timeline in words.

- ``release_contained_minutes``: release start -> containment; a release
  not contained by the end counts the minutes it has run so far (censored,
  as every time KPI: simulator.metrics.censoring), with
  ``release_contained_share`` (1 or 0) beside it;
- ``people_poisoned``: people poisoned where sheltering indoors no longer
  protected them (``chemical_exposed`` rows).

All three are None for a log without a release (a scenario without the section).
"""

from __future__ import annotations

import pandas as pd

from simulator.i18n import text, tr
from simulator.metrics.select import of_kind

_KPIS = ("release_contained_minutes", "release_contained_share", "people_poisoned")


def chemical_kpis(events: pd.DataFrame, until: float) -> dict[str, float | None]:
    started = of_kind(events, "chemical_release_started")
    if started.empty:
        return dict.fromkeys(_KPIS)
    start = float(started["time"].min())
    contained = of_kind(events, "chemical_contained")
    done = not contained.empty and float(contained["time"].min()) <= until
    end = float(contained["time"].min()) if done else until
    return {
        "release_contained_minutes": max(0.0, end - start),
        "release_contained_share": 1.0 if done else 0.0,
        "people_poisoned": float(of_kind(events, "chemical_exposed")["quantity"].sum()),
    }


def release_timeline(events: pd.DataFrame, scenario, lang: str | None = None) -> pd.DataFrame:
    """Minute and event in words of every row the release wrote, places by their names."""
    spec = scenario.chemical_release
    names = {p.id: text(p.name, lang) for p in scenario.places}
    rows = of_kind(events, "chemical_release_started", "chemical_zone_reached", "chemical_contained", "chemical_zone_lifted",
                   "chemical_exposed", "road_closed", "road_opened").sort_values("seq")
    out = []
    for row in rows.itertuples():
        kind = row.kind
        if kind == "chemical_release_started":
            spill, time_of_day = str(row.detail).split("|")
            line = tr("chemical.started", lang, material=text(spec.material, lang), place=names.get(row.location, row.location),
                      spill=tr(f"chemical.spill.{spill}", lang), time=tr(f"chemical.time.{time_of_day}", lang), radius=f"{row.quantity:.0f}")
        elif kind == "chemical_zone_reached":
            line = tr("chemical.reached", lang, place=names.get(row.entity, row.entity), distance=f"{row.quantity:.0f}")
        elif kind == "chemical_contained":
            line = tr("chemical.contained", lang, radius=f"{row.quantity:.0f}")
        elif kind == "chemical_zone_lifted":
            line = tr("chemical.lifted", lang)
        elif kind == "chemical_exposed":
            line = tr("chemical.exposed", lang, place=names.get(row.entity, row.entity), people=int(row.quantity))
        elif row.detail == "chemical_release":  # roads the zone closed and reopened (not an inject's)
            a, b = str(row.entity).split("|")
            key = "chemical.road_closed" if kind == "road_closed" else "chemical.road_opened"
            line = tr(key, lang, a=names.get(a, a), b=names.get(b, b))
        else:
            continue
        out.append({tr("chemical.column.minute", lang): round(float(row.time), 1), tr("chemical.column.event", lang): line})
    return pd.DataFrame(out, columns=[tr("chemical.column.minute", lang), tr("chemical.column.event", lang)])
