"""How an incident or a code reads for a person: the part of :mod:`simulator.drill.names` that figures need.

In the metrics layer so that the figure builders (``simulator.viz``), which work from
recorded data and never import the models, can name incidents too: this
module imports neither the models nor simpy. An incident from a source
(``trapped-001``) reads as the source's name, its number and its place;
one an inject started (its id is the inject's) as its hazard and place.
"""

from __future__ import annotations

import pandas as pd

from simulator.i18n import has_key, text, tr
from simulator.metrics.select import of_kind
from simulator.scenario.models import Scenario


def word(prefix: str, code: str, lang: str | None = None) -> str:
    """The catalogue's word for a code (``hazard.flood``), the code itself when there is none."""
    key = f"{prefix}.{code}"
    return tr(key, lang) if code and has_key(key) else str(code)


def incident_places(events: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """incident id -> (place id, hazard) of every incident the log has seen occur."""
    occurred = of_kind(events, "incident_occurred").drop_duplicates("incident")
    return {i: (place, hazard) for i, place, hazard in zip(occurred["incident"], occurred["location"], occurred["detail"])}


def incident_name(scenario: Scenario, incident_id: str, place: str = "", hazard: str = "", lang: str | None = None) -> str:
    """An incident for a reader: "{source} #{n} · {place}" from a source, "{hazard} · {place}" from an inject."""
    if not incident_id:
        return ""
    places = {p.id: p.name for p in scenario.places}
    place_name = text(places[place], lang) if place in places else place
    source_id, _, number = incident_id.rpartition("-")
    source = next((s for s in scenario.incidents if s.id == source_id), None)
    if source is not None and number.isdigit():
        return tr("names.incident", lang, name=text(source.name, lang), n=int(number), place=place_name).rstrip(" ·")
    if hazard or place:
        return tr("names.incident_inject", lang, hazard=word("hazard", hazard, lang), place=place_name).strip(" ·")
    return incident_id
