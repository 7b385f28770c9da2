"""The command-chain section of the after-action report: timeliness, desks, calls, steps.

Times are censored at the end of the run (simulator.metrics.censoring): the
means count what was still under way with the time it had taken so far, and
a "completed" column says how much of each mean is finished work.
"""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from simulator.i18n import text, tr
from simulator.metrics.censoring import censor, observed_until
from simulator.metrics.command import (
    report_latency_by_level,
    roll_call_summary,
    step_durations,
    timeliness,
    unit_load,
    warning_summary,
)
from simulator.report.aar_names import Names, clock
from simulator.report.publicity_tables import publicity_section
from simulator.report.tables import table
from simulator.scenario.models import Scenario
from simulator.scenario.vocabulary import STEPS

BUSIEST_UNITS = 12


def _num(value: float, digits: int = 1) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def command_section(scenario: Scenario, events: pd.DataFrame, lang: str | None = None) -> str:
    """HTML tables of the command chain; parts with no data are left out."""
    names = {u.id: text(u.name, lang) for u in scenario.command.units}
    parts = []
    until = observed_until(events, scenario.meta.horizon)
    latency = report_latency_by_level(events, until)
    if len(latency):
        parts.append(_titled("report.cmd.latency", lang, table(
            [tr("report.col.level", lang), tr("report.cmd.count", lang), tr("report.cmd.mean", lang), tr("report.cmd.p90", lang), tr("report.cmd.completed", lang)],
            [[tr(f"response.{lvl}", lang), str(int(r["count"])), _num(r["mean"]), _num(r["p90"]), _share(r["completed_share"])] for lvl, r in latency.iterrows()],
        )))
    timely = timeliness(events, scenario, until)
    if len(timely):
        parts.append(_titled("report.cmd.timeliness", lang, table(
            [tr("report.cmd.message", lang), tr("report.col.level", lang), tr("report.met", lang), tr("report.not_met", lang), tr("report.cmd.censored", lang), tr("report.cmd.share", lang)],
            [[tr(f"message.{msg}", lang), tr(f"response.{lvl}", lang), str(int(r["met"])), str(int(r["missed"])), str(int(r["censored"])), _share(r["share_met"])] for (msg, lvl), r in timely.iterrows()],
        )))
    load = unit_load(events, scenario, until).sort_values("utilisation", ascending=False).head(BUSIEST_UNITS)
    parts.append(_titled("report.cmd.desks", lang, table(
        [tr("report.cmd.unit", lang), tr("report.cmd.staff", lang), tr("report.cmd.messages", lang), tr("report.cmd.wait_mean", lang), tr("report.cmd.wait_max", lang), tr("report.cmd.completed", lang), tr("report.cmd.utilisation", lang)],
        [[names[u], str(int(r["staff"])), str(int(r["messages"])), _num(r["wait_mean"]), _num(r["wait_max"]), _share(r["completed_share"]), f"{r['utilisation']:.0%}"] for u, r in load.iterrows()],
    )))
    warnings = warning_summary(events, scenario)
    # a warning by its colour, who issued it and when; a roll call by its caller and when: never their ids
    who, started = Names(scenario, events, lang), _first_times(events)
    said = {w: f"{who.warning(w)} · {clock(started.get(w))}" for w in warnings.index}
    if len(warnings):
        parts.append(_titled("report.cmd.warnings", lang, table(
            [tr("report.cmd.warning", lang), tr("report.cmd.answered", lang), tr("report.cmd.unanswered", lang), tr("report.cmd.to_last", lang), tr("report.cmd.population", lang)],
            [[said[w], str(int(r["answered"])), str(int(r["unanswered"])), _num(r["minutes_to_last"]), _num(100 * r["population_share"], 0) + "%"] for w, r in warnings.iterrows()],
        )))
    rolls = roll_call_summary(events)
    if len(rolls):
        parts.append(_titled("report.cmd.roll_calls", lang, table(
            [tr("report.cmd.roll_call", lang), tr("report.cmd.answered", lang), tr("report.cmd.missed_units", lang)],
            [[f"{who.roll_call_by(c)} · {clock(started.get(c))}", str(int(r["answered"])), ", ".join(names.get(u, u) for u in r["missed_units"].split(",") if u) or tr("report.none", lang)] for c, r in rolls.iterrows()],
        )))
    steps = step_durations(events)
    if len(steps):
        timed = {step: censor(part["start"], part["end"], until) for step, part in steps.groupby(level="step")}
        parts.append(_titled("report.cmd.steps", lang, table(
            [tr("report.cmd.step", lang), tr("report.cmd.mean", lang), tr("report.cmd.completed", lang)],
            [[tr(f"step.{s}", lang), _num(timed[s].mean), _share(timed[s].completed_share)] for s in STEPS if s in timed],
        )))
    parts.append(publicity_section(scenario, events, lang))  # "" without public_information
    return "".join(parts)


def _first_times(events: pd.DataFrame) -> dict[str, float]:
    """Minute each warning was issued and each roll call started, by its id."""
    rows = events[events["kind"].isin(["warning_issued", "roll_call_started"])]
    return rows.groupby("entity")["time"].min().to_dict()


def _share(value: float | None) -> str:
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.0%}"


def _titled(key: str, lang: str | None, body: str) -> str:
    return f"<h3>{escape(tr(key, lang))}</h3>{body}"
