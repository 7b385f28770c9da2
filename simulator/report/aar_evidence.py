"""Sentences of evidence: each finding's and each critical task's facts in the report's language.

Every sentence names units, teams, places and incidents by their names
(:class:`~simulator.report.aar_names.Names`) and gives drill times as
``T+hh:mm`` and durations in minutes.
"""

from __future__ import annotations

from simulator.i18n import tr
from simulator.metrics.findings import Evidence, Finding
from simulator.metrics.tasks import TaskItem, TaskResult
from simulator.report.aar_names import Names, clock, duration, label

MAX_LINES = 12  # a task or finding with more evidence lists the first ones and says how many more


def _capped(lines: list[str], lang: str | None) -> list[str]:
    if len(lines) <= MAX_LINES:
        return lines
    return [*lines[:MAX_LINES], tr("aar.more", lang, count=len(lines) - MAX_LINES)]


# -- findings ---------------------------------------------------------------------------------


def finding_title(f: Finding, names: Names) -> str:
    return tr(f"finding.title.{f.rule}", names.lang, unit=names.unit(f.unit), count=len(f.evidence))


def finding_lines(f: Finding, names: Names) -> list[str]:
    return _capped([evidence_line(f.rule, e, names) for e in f.evidence], names.lang)


def evidence_line(rule: str, e: Evidence, n: Names) -> str:
    lang = n.lang
    common = dict(
        time=clock(e.time), incident=n.incident(e.incident), unit=n.unit(e.unit), team=n.team(e.team),
        minutes=duration(e.minutes, lang), limit=duration(e.limit, lang),
    )
    if rule == "late_report":
        return tr(f"finding.ev.late_report.{e.state}", lang, message=n.message(e.ref), level=label("response", e.other, lang), deadline=clock(e.time + (e.limit or 0)), **common)
    if rule == "unanswered_warning":
        below = [n.unit(u) for u in e.other.split(",") if u]
        key = "finding.ev.unanswered_warning" if below else "finding.ev.unanswered_warning_alone"
        return tr(key, lang, warning=n.warning(e.ref), calls=f"{e.minutes or 0:.0f}", below=tr("aar.list_sep", lang).join(below), **common)
    if rule == "missed_roll_call":
        return tr("finding.ev.missed_roll_call", lang, caller=n.roll_call_by(e.ref), **common)
    if rule == "need_waiting":
        return tr(f"finding.ev.need_waiting.{e.state}", lang, capability=label("capability", e.ref, lang), **common)
    if rule == "order_conflict":
        return tr("finding.ev.order_conflict" if e.minutes is not None else "finding.ev.order_conflict_open", lang, **common)
    if rule == "idle_team":
        return tr("finding.ev.idle_team", lang, capability=label("capability", e.ref, lang), **common)
    if rule == "desk_saturated":
        return tr("finding.ev.desk_saturated", lang, count=e.ref, share=f"{100 * float(e.other or 0):.0f}", **common)
    if rule == "late_decision":
        return tr(f"finding.ev.late_decision.{e.state}", lang, inject=n.inject(e.ref), action=n.action(e.other), **common)
    if rule == "reports_on_time":
        return tr("finding.ev.reports_on_time", lang, count=e.ref, **common)
    if rule == "calls_answered":
        return tr("finding.ev.calls_answered", lang, count=e.ref, **common)
    if rule == "decisions_on_time":
        return tr("finding.ev.decisions_on_time", lang, inject=n.inject(e.ref), action=n.action(e.other), **common)
    if rule == "needs_served":
        return tr("finding.ev.needs_served", lang, count=e.ref, **common)
    if rule == "orders_coordinated":
        return tr("finding.ev.orders_coordinated", lang, count=e.ref, **common)
    return f"{clock(e.time)} {rule}"


# -- critical tasks ---------------------------------------------------------------------------


def task_lines(result: TaskResult, n: Names) -> list[str]:
    return _capped([task_line(result.task.measure, item, n) for item in result.items], n.lang)


def _result(item: TaskItem, n: Names) -> str:
    lang = n.lang
    return tr(
        f"task.state.{item.state}", lang, minutes=duration(item.minutes, lang), limit=duration(item.limit, lang),
        over=duration((item.minutes or 0) - item.limit, lang), deadline=clock(item.start + item.limit),
    )


def task_line(measure: str, item: TaskItem, n: Names) -> str:
    lang = n.lang
    what = dict(
        incident=n.incident(item.incident), unit=n.unit(item.unit), team=n.team(item.team) if item.team else tr("aar.no_team", lang),
        message=n.message(item.ref), warning=n.warning(item.ref), inject=n.inject(item.ref), action=n.action(item.action),
        capability=label("capability", item.ref.split(".")[1] if item.ref.count(".") >= 2 else item.ref, lang),
    )
    return f"{clock(item.start)} " + tr(f"task.item.{measure}", lang, result=_result(item, n), **what)
