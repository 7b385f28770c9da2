"""A forest fire's own story, rebuilt from the event log in words a reader knows.

The rows of simulator.models.hazards.forest_fire (the ignition, the front
reaching each cell, the rate along each link and why it changed, the wind,
the fire line held or put out, the fire warnings, the front reaching people)
as one table of minute and event, every place and unit by its scenario
name. Works from recorded data only (no simpy).
"""

from __future__ import annotations

import pandas as pd

from simulator.i18n import text, tr
from simulator.metrics.naming import word
from simulator.scenario.models import Scenario

_KINDS = ("fire_ignited", "fire_front_arrived", "fire_spread_rate", "fire_wind", "fire_held", "fire_out", "warning_issued", "hazard_arrived")


def fire_timeline(events: pd.DataFrame, scenario: Scenario, lang: str | None = None) -> pd.DataFrame:
    """Minute and event of every forest-fire row, in log order (empty without a ``forest_fire:`` section)."""
    columns = [tr("forest_fire.column.minute", lang), tr("forest_fire.column.event", lang)]
    spec = scenario.forest_fire
    if spec is None:
        return pd.DataFrame(columns=columns)
    places = {p.id: text(p.name, lang) for p in scenario.places}
    units = {u.id: text(u.name, lang) for u in scenario.command.units}
    name = text(spec.name, lang)
    rows = []
    for row in events[events["kind"].isin(_KINDS)].itertuples(index=False):
        said = _say(row, lang, name, places, units)
        if said:
            rows.append((round(float(row.time), 1), said))
    return pd.DataFrame(rows, columns=columns)


def front_minutes(events: pd.DataFrame) -> dict[str, float]:
    """The minute the front reached each cell (the ignition's cell included)."""
    rows = events[events["kind"].isin(("fire_ignited", "fire_front_arrived"))]
    return {str(place): float(minute) for place, minute in zip(rows["entity"], rows["time"])}


def _say(row, lang, name, places, units) -> str:
    kind, place = row.kind, places.get(row.entity, row.entity)
    if kind == "fire_ignited":
        return tr("forest_fire.ignited", lang, name=name, place=place)
    if kind == "fire_front_arrived":
        return tr("forest_fire.front", lang, place=place, source=places.get(row.detail, row.detail))
    if kind == "fire_spread_rate":
        source, _, target = str(row.entity).partition("|")
        why = tr(f"forest_fire.why.{row.detail}", lang)
        return tr("forest_fire.rate", lang, source=places.get(source, source), place=places.get(target, target), rate=f"{row.quantity:.2f}", why=why)
    if kind == "fire_wind":
        return tr("forest_fire.wind", lang, speed=f"{row.quantity:g}", bearing=row.detail)
    if kind == "fire_held":
        return tr("forest_fire.held", lang, place=place, teams=int(row.quantity))
    if kind == "fire_out":
        return tr("forest_fire.out", lang, place=place)
    if kind == "warning_issued":
        prefix, _, rest = str(row.entity).partition("_")
        colour, _, target = rest.partition("_")
        if prefix != "fire" or colour != row.level or target not in places:
            return ""  # the chain's own warnings are in the warnings table
        return tr("forest_fire.warning", lang, unit=units.get(row.unit, row.unit), level=word("warning_level", row.level, lang), place=places[target])
    if row.detail != "forest_fire":
        return ""  # a place reached by another hazard
    return tr("forest_fire.hazard", lang, place=place)
