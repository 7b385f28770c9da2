"""A run's KPIs and objectives together, and as a table people can read."""

from __future__ import annotations

import pandas as pd

from simulator.i18n import text, tr
from simulator.metrics.kpis import compute_kpis, evaluate_objectives
from simulator.scenario.models import Scenario


def analyse(scenario: Scenario, events: pd.DataFrame, until: float | None = None) -> tuple[dict, list[dict]]:
    """KPIs and objective results of one run, from its event log and scenario alone.

    ``until``: the time the log runs to (a drill under way: now); by default
    the end of the log (see ``compute_kpis``).
    """
    kpis = compute_kpis(events, scenario.meta.horizon, [t.id for t in scenario.teams], scenario, until)
    return kpis, evaluate_objectives(scenario.objectives, kpis)


def verdict(met: bool | None, lang: str | None = None) -> str:
    if met is None:
        return tr("report.no_data", lang)
    return tr("report.met" if met else "report.not_met", lang)


def kpi_frame(kpis: dict, objectives: list[dict], lang: str | None = None, fmt=None) -> pd.DataFrame:
    """One row per KPI: its label, value and the objectives on it with their verdicts.

    ``fmt(kpi, value, lang)`` words an objective's target (the report's
    ``format_kpi``: a share's 0.9 as 90.0%); without it, ``:g``.
    """
    rows = []
    for name, value in kpis.items():
        goals = [
            f"{text(o['name'], lang)}: {o['op']} {fmt(o['kpi'], o['target'], lang) if fmt else format(o['target'], 'g')} ({verdict(o['met'], lang)})"
            for o in objectives
            if o["kpi"] == name
        ]
        rows.append({
            tr("cli.kpi", lang): tr(f"kpi.{name}", lang),
            tr("cli.value", lang): value,
            tr("cli.objective", lang): "; ".join(goals),
        })
    return pd.DataFrame(rows)
