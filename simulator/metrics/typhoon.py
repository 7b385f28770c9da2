"""A typhoon run's own story, rebuilt from the event log in words a reader knows.

The rows of simulator.models.hazards.typhoon (winds reaching and leaving
places, landfall, the signals, the hazard reaching people at risk, the surge,
channels failing and coming back) as one table of minute and event, every
place, unit and channel by its scenario name. Works from recorded data only.
"""

from __future__ import annotations

import pandas as pd

from simulator.i18n import text, tr
from simulator.metrics.naming import word
from simulator.scenario.models import Scenario

_KINDS = ("typhoon_wind", "typhoon_landfall", "warning_issued", "hazard_arrived", "surge_flooded", "surge_receded", "channel_down", "channel_up")


def typhoon_timeline(events: pd.DataFrame, scenario: Scenario, lang: str | None = None) -> pd.DataFrame:
    """Minute and event of every typhoon row, in log order (empty without a ``typhoon:`` section)."""
    columns = [tr("typhoon.column.minute", lang), tr("typhoon.column.event", lang)]
    spec = scenario.typhoon
    if spec is None:
        return pd.DataFrame(columns=columns)
    places = {p.id: text(p.name, lang) for p in scenario.places}
    units = {u.id: text(u.name, lang) for u in scenario.command.units}
    channels = {c.id: text(c.name, lang) for c in scenario.command.channels}
    name = text(spec.name, lang)
    rows = []
    for row in events[events["kind"].isin(_KINDS)].itertuples(index=False):
        said = _say(row, lang, name, places, units, channels)
        if said:
            rows.append((round(float(row.time), 1), said))
    return pd.DataFrame(rows, columns=columns)


def _say(row, lang, name, places, units, channels) -> str:
    kind, place = row.kind, places.get(row.entity, row.entity)
    if kind == "typhoon_wind":
        key = "typhoon.wind_onset" if row.detail == "onset" else "typhoon.wind_passed"
        return tr(key, lang, force=int(row.quantity), place=place)
    if kind == "typhoon_landfall":
        return tr("typhoon.landfall", lang, name=name, place=places.get(row.location, row.location), category=word("category", row.detail, lang))
    if kind == "warning_issued":
        if not str(row.entity).startswith("typhoon_"):
            return ""  # the chain's own warnings are in the warnings table
        return tr("typhoon.signal", lang, unit=units.get(row.unit, row.unit), level=word("warning_level", row.level, lang))
    if kind == "hazard_arrived":
        return tr("typhoon.hazard_surge" if row.detail == "surge" else "typhoon.hazard_wind", lang, place=place)
    if kind == "surge_flooded":
        return tr("typhoon.surge_flooded", lang, place=place, depth=f"{row.quantity:.1f}")
    if kind == "surge_receded":
        return tr("typhoon.surge_receded", lang)
    who = tr("words.list_sep", lang).join(units.get(u, u) for u in str(row.detail).split(",") if u) or tr("typhoon.everywhere", lang)  # 、 in zh
    key = "typhoon.channel_down" if kind == "channel_down" else "typhoon.channel_up"
    return tr(key, lang, channel=channels.get(row.entity, row.entity), units=who)
