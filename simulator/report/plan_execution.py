"""The report's "contingency plans: as written and as executed" section (run report and AAR).

Three tables, by names in the reader's language: what each plan's triggers
did (activated, raised, taken over, ignored), every action as written with
what became of it (on time, late, impossible and why, not done by the end,
not called for), and the plan KPIs (simulator.metrics.plans).
"""

from __future__ import annotations

import math

import pandas as pd

from simulator.i18n import has_key, tr
from simulator.metrics.plans import activations, plan_execution, plan_kpis
from simulator.report.aar import Table
from simulator.report.aar_names import Names, clock, duration, label
from simulator.report.kpi_units import fmt, kpi_noun


# What an action's targets are, by what it does (simulator.scenario.contingency.action_targets):
# each is named as that kind of thing, so a team that shares a place's id is not read as the place.
TARGET_KINDS = {
    "activate_hq": "unit", "issue_warning": "unit", "set_response_level": "place", "preposition": "team",
    "request_military": "team", "evacuate": "place", "open_shelter": "shelter", "release_stock": "depot",
}


def _trigger(names: Names, plans: dict, plan_id: str, trigger_id: str) -> str:
    """A plan's trigger in words: "orange warning", "Rainfall at the city station reaches 50"..."""
    plan = plans.get(plan_id)
    trig = next((t for t in plan.triggers if t.id == trigger_id), None) if plan is not None else None
    if trig is None:
        return trigger_id
    lang, kind = names.lang, trig.kind
    if kind == "warning":
        return tr("plan.trigger.warning", lang, colour=label("warning_level", trig.warning, lang))
    if kind == "series":
        return tr("plan.trigger.series", lang, series=names.of("series", trig.series), above=f"{trig.above:g}")
    if kind == "incidents":
        what = label("hazard", trig.hazard, lang) if trig.hazard else ""
        return " ".join(tr("plan.trigger.incidents", lang, count=trig.incidents, hazard=what).split())  # no gap for no hazard
    if kind == "casualties":
        return tr("plan.trigger.casualties", lang, count=trig.casualties)
    return tr("plan.trigger.plan", lang, plan=names.of("plan", trig.plan))


def _reason(reason: str, lang: str | None) -> str:
    key = f"plan.reason.{reason}"
    return tr(key, lang) if has_key(key) else reason


def _status(row, lang: str | None) -> str:
    word = tr(f"plan.status.{row.status}", lang)
    if row.status == "impossible" and row.reason:
        word = f"{word}: {_reason(row.reason, lang)}"
    elif row.reason:  # done, and why it needed nothing (already in effect)
        word = f"{word} ({_reason(row.reason, lang)})"
    if row.waited and row.status in ("on_time", "late", "not_done"):
        word = f"{word} ({tr('plan.status.waited', lang)})"
    if row.short > 0:  # stock not found, or evacuees with no shelter room
        key = "plan.status.no_shelter" if row.do == "evacuate" else "plan.status.stock_short"
        word = f"{word}; {tr(key, lang, quantity=f'{row.short:,.0f}')}"
    return word


def plan_tables(scenario, events: pd.DataFrame, until: float, lang: str | None = None) -> list[Table]:
    """[activations, actions as written vs executed, KPIs]; empty when the scenario has no plans."""
    if not scenario.plans:
        return []
    names = Names(scenario, events, lang)
    plans = {p.id: p for p in scenario.plans}
    plan = lambda ref: names.of("plan", ref)  # noqa: E731
    acts = activations(events)
    what = {
        "plan_activated": "plan.event.activated", "plan_escalated": "plan.event.escalated",
        "plan_taken_over": "plan.event.taken_over", "plan_trigger_ignored": "plan.event.ignored",
    }
    activity = Table(
        [tr(f"plan.col.{c}", lang) for c in ("time", "plan", "event", "trigger", "level")],
        [
            [
                clock(r.time), plan(r.entity),
                tr(what[r.kind], lang, plan=plan(r.detail)) if r.kind == "plan_taken_over" else tr(what[r.kind], lang),
                "" if r.kind == "plan_taken_over" else _trigger(names, plans, r.entity, r.detail),
                label("response", r.level, lang) if r.level else "",
            ]
            for r in acts.itertuples()
        ],
    )
    table = plan_execution(scenario, events, until)
    actions = Table(
        [tr(f"plan.col.{c}", lang) for c in ("plan", "action", "level", "target", "trigger", "due", "done", "minutes", "status")],
        [
            [
                plan(r.plan), label("plan.do", r.do, lang), label("response", r.level, lang), names.of(TARGET_KINDS[r.do], r.target),
                _trigger(names, plans, r.plan, r.trigger) if r.trigger else "—", clock(None if math.isnan(r.due) else r.due),
                clock(None if math.isnan(r.done) else r.done),
                f"{duration(None if math.isnan(r.minutes) else r.minutes, lang)} / {duration(r.within, lang)}", _status(r, lang),
            ]
            for r in table.itertuples()
        ],
    )
    kpis = plan_kpis(scenario, events, until)
    shown = Table(
        [tr("plan.col.kpi", lang), tr("plan.col.value", lang)],
        [[kpi_noun(k, lang), "—" if v is None else fmt(k, v, lang)] for k, v in kpis.items()],  # shares in percent, times in minutes
    )
    return [activity, actions, shown]
