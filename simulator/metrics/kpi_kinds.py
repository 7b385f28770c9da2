"""What kind of number each KPI is, so every table, sentence and figure shows it alike.

The one rule (issue: three rules disagreed on person-days and on the plans'
minutes): :func:`kind` gives each KPI, or a table column named like one,
one of

- ``share``  a share 0..1, read as a percentage;
- ``count``  a number of things (incidents, calls, people), a whole number;
- ``minutes`` a time in minutes ("28 min");
- ``hours``  team-hours ("2.0 h");
- ``person_days`` person-days without water or food;
- ``other``  anything else (a column of a table that is none of these).

Explicit sets first, then name patterns, in this order:
``share_*``, ``*_share``, ``*utilisation``, ``*utilisation_mean``, ``*fill_rate`` -> share;
``*_hours`` -> hours; ``*person_days`` -> person-days; ``*minutes*`` -> minutes;
``people_*``, ``*_people`` -> count. Every KPI an objective may name
(simulator.scenario.vocabulary.KPI_NAMES) has a kind other than ``other``,
and every minutes KPI carries "(min)" / "(分钟)" in its label (a test keeps both).
The report (simulator.report.kpi_units, .tables, .plan_execution) and the
figures (simulator.viz) sit on either side of each other in the layers, so
the rule lives here.
"""

from __future__ import annotations

SHARE, COUNT, MINUTES, HOURS, PERSON_DAYS, OTHER = "share", "count", "minutes", "hours", "person_days", "other"
KINDS = (SHARE, COUNT, MINUTES, HOURS, PERSON_DAYS, OTHER)

SHARES = frozenset({"team_utilisation_mean", "supply_fill_rate", "truck_utilisation_mean"})
COUNTS = frozenset({
    "incidents_total", "incidents_unmet", "supply_stockouts", "calls_unanswered", "order_conflicts",
    "people_rescued_alive", "escalations", "mutual_aid_moves", "shelter_overflow_people", "people_turned_away",
    "hotline_calls_awaiting_release", "people_poisoned",
})
# censored means and 90th percentiles of times (simulator.metrics.censoring), all in minutes
MINUTES_KPIS = frozenset({
    "report_latency_mean", "report_latency_p90", "first_arrival_mean", "first_arrival_p90",
    "incident_duration_mean", "order_latency_mean", "queue_wait_mean", "supply_first_delivery_mean",
    "public_release_mean", "plan_action_minutes_mean", "release_contained_minutes",
})


def kind(name: object) -> str:
    """The kind of the KPI or column ``name`` (module docstring): share, count, minutes, hours, person_days or other."""
    label = str(name)
    if label in SHARES or label.startswith("share_") or label.endswith(("_share", "utilisation", "utilisation_mean", "fill_rate")):
        return SHARE
    if label in COUNTS:
        return COUNT
    if label in MINUTES_KPIS:
        return MINUTES
    if label.endswith("_hours"):
        return HOURS
    if label.endswith("person_days"):
        return PERSON_DAYS
    if "minutes" in label:
        return MINUTES
    if label.startswith("people_") or label.endswith("_people"):
        return COUNT
    return OTHER


def is_share(name: object) -> bool:
    """A KPI or table column that is a share (0..1), shown in percent."""
    return kind(name) == SHARE


def is_count(name: object) -> bool:
    """A KPI that counts things (incidents, calls, people): shown as a whole number."""
    return kind(name) == COUNT
