"""What kind of number each KPI is, so every table and figure shows it alike.

A share (0..1) reads as a percentage, a count as a whole number; the rest
(times in minutes, quantities) with a decimal. One rule for the report's
tables (simulator.report.tables) and the figures' axes (simulator.viz),
which sit on either side of each other in the layers, so it lives here.
"""

from __future__ import annotations

SHARES = frozenset({"team_utilisation_mean", "supply_fill_rate", "truck_utilisation_mean"})
COUNTS = frozenset({
    "incidents_total", "incidents_unmet", "supply_stockouts", "calls_unanswered", "order_conflicts",
    "people_rescued_alive", "escalations", "mutual_aid_moves", "shelter_overflow_people", "people_turned_away",
    "hotline_calls_awaiting_release",
})


def is_share(name: object) -> bool:
    """A KPI or table column that is a share (0..1): ``share_*``, ``*_share`` (the completed shares beside
    censored means), a utilisation or a fill rate. The one rule of the tables, the figures and the notebooks."""
    label = str(name)
    return label in SHARES or label.startswith("share_") or label.endswith(("_share", "utilisation", "utilisation_mean", "fill_rate"))


def is_count(name: str) -> bool:
    """A KPI that counts things (incidents, calls, people): shown as a whole number."""
    return name in COUNTS or name.startswith("people_") or name.endswith("_people")
