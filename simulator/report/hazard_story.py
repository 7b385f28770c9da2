"""The hazard's own story in the run report: what the typhoon, the quake, the release or the fire did, minute by minute.

Each hazard of the scenario (its section present) tells its rows in words
through its metrics module; this section lists them in one table per
hazard, places and units by their names.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from simulator.i18n import tr
from simulator.metrics.chemical_release import release_timeline
from simulator.metrics.earthquake import quake_timeline
from simulator.metrics.forest_fire import fire_timeline
from simulator.metrics.typhoon import typhoon_timeline
from simulator.report.tables import table

# (scenario section, title key, the function telling its rows)
_HAZARDS = (
    ("typhoon", "report.hazard.typhoon", typhoon_timeline),
    ("earthquake", "report.hazard.earthquake", quake_timeline),
    ("chemical_release", "report.hazard.chemical_release", release_timeline),
    ("forest_fire", "report.hazard.forest_fire", fire_timeline),
)


def hazard_timelines(scenario, events: pd.DataFrame, lang: str | None = None) -> list[tuple[str, pd.DataFrame]]:
    """(title, minute/event frame) of every hazard section the scenario has."""
    return [(tr(key, lang), tell(events, scenario, lang)) for section, key, tell in _HAZARDS if getattr(scenario, section, None) is not None]


def hazard_section(scenario, events: pd.DataFrame, lang: str | None = None) -> str:
    """The section's HTML; empty when the scenario has no hazard section of its own."""
    parts = []
    for title, frame in hazard_timelines(scenario, events, lang):
        rows = [[f"{minute:g}", str(event)] for minute, event in frame.itertuples(index=False)]
        body = table([str(c) for c in frame.columns], rows) if rows else f"<p>{escape(tr('report.hazard.nothing', lang))}</p>"
        parts.append(f"<h3>{escape(title)}</h3>{body}")
    return "".join(parts)
