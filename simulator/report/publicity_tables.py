"""The public information part of the report: each major incident's first release and press conference.

Incidents, units and levels by their names. Times are minutes from detection
(simulator.metrics.publicity); a release not out by the end of the run is
said as such, late once its target has passed, with the time so far.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from simulator.i18n import text, tr
from simulator.metrics.censoring import observed_until
from simulator.metrics.naming import incident_name
from simulator.metrics.publicity import publicity_table
from simulator.report.tables import table
from simulator.scenario.models import Scenario


def publicity_section(scenario: Scenario, events: pd.DataFrame, lang: str | None = None) -> str:
    """A heading, the targets and one row per incident that needed a release; "" without the section."""
    spec = scenario.public_information
    if spec is None:
        return ""
    until = observed_until(events, scenario.meta.horizon)
    rows_in = publicity_table(events, scenario, until)
    intro = tr(
        "report.pub.intro", lang,
        unit=text(scenario.unit(spec.unit).name, lang),
        levels="/".join(spec.levels),
        release=f"{spec.release_target_minutes:g}",
        conference=f"{spec.press_conference_target_minutes:g}",
    )
    head = f"<h3>{escape(tr('report.pub.section', lang))}</h3><p>{escape(intro)}</p>"
    if rows_in.empty:
        return head + f"<p>{escape(tr('report.pub.none', lang))}</p>"
    rows, classes = [], []
    for incident, r in rows_in.iterrows():
        release, release_cls = _cell(r["start"], r["released"], spec.release_target_minutes, until, lang)
        conference, conference_cls = _cell(r["start"], r["conference"], spec.press_conference_target_minutes, until, lang)
        rows.append([
            incident_name(scenario, str(incident), r["place"], r["hazard"], lang),
            tr(f"response.{r['level']}", lang),
            release,
            conference,
            str(int(r["gap_calls"])),
        ])
        classes.append(["", "", release_cls, conference_cls, "num"])
    headers = [tr("report.pub.incident", lang), tr("report.col.level", lang), tr("report.pub.release", lang), tr("report.pub.conference", lang), tr("report.pub.calls", lang)]
    return head + table(headers, rows, classes)


def _cell(start: float, end: float, target: float, until: float, lang: str | None) -> tuple[str, str]:
    """The minutes with met / not met, or "not yet" (late or pending) when it had not happened by ``until``."""
    if end == end and end <= until:
        minutes = end - start
        met = minutes <= target
        verdict = tr("report.met" if met else "report.not_met", lang)
        return f"{minutes:.0f} ({verdict})", "met" if met else "not-met"
    so_far = max(until - start, 0.0)
    key = "report.pub.late" if so_far > target else "report.pub.pending"
    return tr(key, lang, minutes=f"{so_far:.0f}"), "not-met" if so_far > target else "no-data"
