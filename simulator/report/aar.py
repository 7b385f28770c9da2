"""The after-action report (AAR) with its improvement plan (IP), as plain texts in one language.

Built from recorded data only: the scenario, the event log and, for a
drill, what its store holds (a plain ``drill`` record, see
:func:`simulator.drill.evaluation.drill_record`: observations, decisions,
injects, corrective actions). A batch run has no record and still gets the
same report: the rule-drafted findings, critical tasks rated from the log,
and an improvement plan drafted from the areas for improvement.

The HTML (:mod:`aar_html`) and Word (:mod:`aar_docx`) writers render this
one model, so the two formats say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from simulator.i18n import has_key, resolve_lang, text, tr
from simulator.metrics import analyse
from simulator.metrics.censoring import observed_until
from simulator.metrics.expected import expected_results
from simulator.metrics.findings import IMPROVEMENT, STRENGTH, draft_findings
from simulator.metrics.tasks import RATINGS, final_rating, measure_tasks
from simulator.report.aar_evidence import finding_lines, finding_title, task_lines
from simulator.report.aar_names import Names, clock, duration, label
from simulator.report.tables import format_kpi

_OPS = {"<=": "≤", ">=": "≥"}


@dataclass
class TaskBlock:
    name: str
    by: str
    standard: str
    rating: str  # P/S/M/U or "—"
    source: str  # who rated it, in words
    counts: str
    evidence: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ObjectiveBlock:
    name: str
    step: str
    measure: str  # the KPI line: target, value, verdict
    verdict: str
    met: bool | None
    tasks: list[TaskBlock] = field(default_factory=list)


@dataclass
class FindingBlock:
    key: str
    title: str
    unit: str
    capability: str
    lines: list[str]


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass
class AfterActionReport:
    lang: str
    title: str
    scenario_title: str
    description: str
    summary: list[tuple[str, str]]
    objectives: list[ObjectiveBlock]
    strengths: list[FindingBlock]
    improvements: list[FindingBlock]
    plan: Table
    carried: Table
    injects: Table
    decisions: Table
    notes: list[str]  # evaluators' notes not about one task
    luck: list[str] = field(default_factory=list)  # where the room's outcome falls among other futures (drills only)
    plan_tables: list[Table] = field(default_factory=list)  # contingency plans as written and as executed (report.plan_execution)

    def heading(self, key: str) -> str:
        return tr(f"aar.section.{key}", self.lang)


def build_aar(
    scenario, events: pd.DataFrame, meta: dict, lang: str | None = None, drill: dict | None = None, analysis: tuple[dict, list[dict]] | None = None,
) -> AfterActionReport:
    """The report of a run (``drill`` None) or of a drill (its store's record; ``{}`` when it has none to give).

    ``analysis``: ``analyse(scenario, events, until)`` for the ``until`` used here when the caller has it (not free: 0.08 s for the flagship).
    """
    lang = resolve_lang(lang)
    players = drill is not None  # a batch run has nobody answering the injects: their expectations are not judged
    drill = drill or {}
    extra = list(drill.get("extra_injects", ()))
    injects = [*scenario.injects, *extra]
    until = float(drill["clock"]) if "clock" in drill else observed_until(events, scenario.meta.horizon)
    names = Names(scenario, events, lang, extra)
    kpis, objectives = analysis if analysis is not None else analyse(scenario, events, until)
    verdicts = {o["id"]: o for o in objectives}
    findings = draft_findings(scenario, events, injects, until, players)
    observations = list(drill.get("observations", ()))
    results = measure_tasks(scenario, events, until, injects, players)

    blocks = []
    for objective in scenario.objectives:
        tasks = [_task_block(r, observations, names) for r in results if r.objective.id == objective.id]
        blocks.append(_objective_block(objective, verdicts[objective.id], tasks, lang))
    strengths = [_finding_block(f, names) for f in findings if f.kind == STRENGTH]
    improvements = [_finding_block(f, names) for f in findings if f.kind == IMPROVEMENT]
    plan = _plan(findings, drill, names)
    notes = [_note(o, names) for o in observations if not o["task"]]
    return AfterActionReport(
        lang=lang,
        title=tr("aar.title", lang),
        scenario_title=text(scenario.meta.title, lang),
        description=text(scenario.meta.description, lang),
        summary=_summary(scenario, meta, drill, until, blocks, findings, plan, names),
        objectives=blocks,
        strengths=strengths,
        improvements=improvements,
        plan=plan,
        carried=_carried(drill, names),
        injects=_injects(events, injects, until, drill, names, players),
        decisions=_decisions(events, drill, names),
        notes=notes,
        luck=list(drill.get("luck", ())),
        plan_tables=_plan_tables(scenario, events, until, lang),
    )


def _plan_tables(scenario, events: pd.DataFrame, until: float, lang: str) -> list[Table]:
    from simulator.report.plan_execution import plan_tables  # it builds this module's Table

    return plan_tables(scenario, events, until, lang)


def _objective_block(objective, verdict: dict, tasks: list[TaskBlock], lang: str) -> ObjectiveBlock:
    kpi_met = verdict["met"]
    weak = any(t.rating in ("M", "U") for t in tasks)
    rated = any(t.rating in RATINGS for t in tasks)
    met = None if kpi_met is None and not rated else bool(kpi_met is not False and not weak)
    measure = tr(
        "aar.objective_kpi", lang, kpi=tr(f"kpi.{verdict['kpi']}", lang),
        target=f"{_OPS.get(verdict['op'], verdict['op'])} {format_kpi(verdict['kpi'], verdict['target'], lang)}",
        value=format_kpi(verdict["kpi"], verdict["value"], lang),
        verdict=tr("report.no_data" if kpi_met is None else "report.met" if kpi_met else "report.not_met", lang),
    )
    if met is False and kpi_met:  # the measure is met, yet a critical task was not performed well: say why it fails
        word = tr("aar.objective.not_met_tasks", lang)
    else:
        word = tr("aar.objective.no_data" if met is None else "aar.objective.met" if met else "aar.objective.not_met", lang)
    return ObjectiveBlock(text(objective.name, lang), label("step", objective.step or "", lang), measure, word, met, tasks)


def _task_block(result, observations: list[dict], names: Names) -> TaskBlock:
    lang, task = names.lang, result.task
    mine = [o for o in observations if o["task"] == task.id]
    rating, source = final_rating(result.drafted_rating, [o["rating"] for o in mine if o["rating"]])
    counts = result.counts()
    standard = text(task.standard, lang) if task.standard is not None else tr("aar.standard_scenario", lang)
    if task.within_minutes is not None:
        standard = tr("aar.standard_within", lang, minutes=duration(task.within_minutes, lang), source=standard)
    return TaskBlock(
        name=text(task.name, lang),
        by=names.doer(task.by),
        standard=standard,
        rating=rating or "—",
        source=tr(f"aar.rating_source.{source}", lang),
        counts=tr("aar.task_counts", lang, **counts),
        evidence=task_lines(result, names),
        notes=[_note(o, names) for o in mine],
    )


def _note(o: dict, names: Names) -> str:
    rating = f"[{o['rating']}] " if o["rating"] else ""
    who = o["evaluator"] or tr("aar.evaluator", names.lang)
    return f"{clock(o['time'])} {who}: {rating}{o['text']}".rstrip()


def _finding_block(f, names: Names) -> FindingBlock:
    return FindingBlock(f.key, finding_title(f, names), names.unit(f.unit) if f.unit else "", names.capability(f.step), finding_lines(f, names))


def _plan(findings, drill: dict, names: Names) -> Table:
    """This drill's stored actions, and a drafted one for each area for improvement that has none."""
    lang = names.lang
    headers = [tr(f"aar.plan.col.{c}", lang) for c in ("capability", "finding", "action", "unit", "due", "status")]
    titles = {f.key: finding_title(f, names) for f in findings if f.kind == IMPROVEMENT}
    rows, covered = [], set()
    for a in drill.get("actions", ()):
        covered.add(a["finding"])
        rows.append([names.capability(a["capability"]), titles.get(a["finding"], a["finding"]), a["description"], names.unit(a["unit"]) if a["unit"] else a["unit_name"] or tr("eval.no_unit", lang), a["due"] or tr("aar.plan.due_unset", lang), tr(f"eval.status.{a['status']}", lang)])
    for f in findings:
        if f.kind == IMPROVEMENT and f.key not in covered:
            unit = names.unit(f.unit) if f.unit else tr("eval.no_unit", lang)
            rows.append([names.capability(f.step), titles[f.key], tr(f"finding.action.{f.rule}", lang, unit=unit), unit, tr("aar.plan.due_unset", lang), tr("aar.plan.drafted", lang)])
    return Table(headers, rows)


def _carried(drill: dict, names: Names) -> Table:
    lang = names.lang
    headers = [tr(f"aar.carried.col.{c}", lang) for c in ("capability", "action", "unit", "due", "status")]
    rows = []
    for key, items in (("closed_here", drill.get("closed", ())), ("still_open", drill.get("carried", ()))):
        for a in items:
            unit = names.unit(a["unit"]) if a["unit"] else a["unit_name"]
            rows.append([names.capability(a["capability"]), a["description"], unit, a["due"], tr(f"aar.carried.{key}", lang)])
    return Table(headers, rows)


def _injects(events: pd.DataFrame, injects: list, until: float, drill: dict, names: Names, players: bool) -> Table:
    lang = names.lang
    origin = {r["inject_id"]: r["origin"] for r in drill.get("injects", ())}
    responses: dict[str, list[str]] = {}
    for r in expected_results(injects, events, until) if players else ():
        outcome = tr(f"score.{r.status}", lang) + (f" ({duration(r.delay, lang)})" if r.delay is not None else "")
        responses.setdefault(r.inject.id, []).append(f"{names.action(r.expected.action)} ≤ {duration(r.expected.within_minutes, lang)}: {outcome}")
    played = events[events["kind"] == "inject"]
    rows = [
        [clock(t), names.inject(i), names.inject_target(i), label("effect", d, lang), tr(f"aar.origin.{origin.get(i, 'scenario')}", lang), "; ".join(responses.get(i, [])) or "—"]
        for t, i, d in zip(played["time"], played["entity"], played["detail"])
    ]
    headers = [tr(f"aar.inject.col.{c}", lang) for c in ("time", "inject", "target", "effect", "origin", "response")]
    return Table(headers, rows)


def _decision_text(action: str, args: dict, names: Names) -> str:
    parts = [names.action(action)]
    if args.get("team"):
        parts.append(names.team(args["team"]))
    if args.get("incident"):
        parts.append("→ " + names.incident(args["incident"]))
    if args.get("unit"):
        parts.append(names.unit(args["unit"]))
    if args.get("level"):
        parts.append(label("response", args["level"], names.lang) if args["level"] in ("I", "II", "III", "IV") else label("warning_level", args["level"], names.lang))
    if args.get("item"):
        parts.append(f"{args['item']} × {args.get('quantity')}")
    if args.get("mode"):
        parts.append(str(args["mode"]))
    return " ".join(parts)


def _actor(actor: str, names: Names) -> str:
    """Who decided, by name: a seat (``seat:<id>``), the room's facilitator, the players at the console, a script."""
    if actor.startswith("seat:"):
        return names.doer(actor[len("seat:"):])
    key = f"aar.actor.{actor}"
    return tr(key, names.lang) if has_key(key) else actor


def _decisions(events: pd.DataFrame, drill: dict, names: Names) -> Table:
    lang = names.lang
    headers = [tr(f"aar.decision.col.{c}", lang) for c in ("time", "seat", "decision", "outcome")]
    if "decisions" in drill:
        rows = [
            [clock(d["time"]), _actor(d["actor"], names), _decision_text(d["action"], d["args"], names), tr("aar.accepted", lang) if d["accepted"] else tr("aar.rejected", lang, reason=d["message"])]
            for d in drill["decisions"] if d["action"] != "add_inject"
        ]
    else:  # a batch run: the decisions a policy took, from the log
        rows = [
            [clock(r.time), tr("aar.policy", lang), _decision_text(r.entity, {"team": r.team, "incident": r.incident, "unit": r.unit, "level": r.level}, names), tr("aar.accepted", lang)]
            for r in events[events["kind"] == "decision"].itertuples()
        ]
    return Table(headers, rows)


def _summary(scenario, meta: dict, drill: dict, until: float, blocks, findings, plan: Table, names: Names) -> list[tuple[str, str]]:
    lang = names.lang
    seats = sorted({_actor(d["actor"], names) for d in drill.get("decisions", ())} | {o["evaluator"] for o in drill.get("observations", ()) if o["evaluator"]})
    ratings = [t.rating for b in blocks for t in b.tasks]
    met = sum(1 for b in blocks if b.met)
    rows = [
        (tr("aar.summary.scenario", lang), text(scenario.meta.title, lang)),
        (tr("aar.summary.exercise", lang), tr("aar.summary.drill", lang, name=drill["name"], created=drill.get("created", "")[:16].replace("T", " ")) if drill.get("name") else tr("aar.summary.run", lang, seed=meta.get("seed", "—"))),
        (tr("aar.summary.seats", lang), tr("aar.list_sep", lang).join(seats) if seats else "—"),
        (tr("aar.summary.duration", lang), tr("aar.summary.duration_value", lang, until=clock(until), horizon=clock(scenario.meta.horizon))),
        (tr("aar.summary.objectives", lang), tr("aar.summary.objectives_value", lang, met=met, total=len(blocks))),
        (tr("aar.summary.tasks", lang), tr("aar.summary.tasks_value", lang, P=ratings.count("P"), S=ratings.count("S"), M=ratings.count("M"), U=ratings.count("U"), none=ratings.count("—"))),
        (tr("aar.summary.findings", lang), tr("aar.summary.findings_value", lang, strengths=sum(f.kind == STRENGTH for f in findings), areas=sum(f.kind == IMPROVEMENT for f in findings))),
        (tr("aar.summary.plan", lang), tr("aar.summary.plan_value", lang, actions=len(plan.rows), closed=len(drill.get("closed", ())), open=len(drill.get("carried", ())))),
    ]
    return rows


FORMATS = ("html", "docx", "xlsx")  # the offline page, the Word file, the improvement plan workbook


def write_exercise_report(path, fmt: str, scenario, events: pd.DataFrame, meta: dict, lang: str | None = None, drill: dict | None = None, scorecard: list[dict] | None = None):
    """Write the report of a run or a drill as ``fmt`` (one of :data:`FORMATS`) to ``path``; returns the path."""
    from simulator.report.aar_docx import write_aar_docx
    from simulator.report.html import write_report
    from simulator.report.improvement_plan import write_plan_xlsx

    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {FORMATS}")
    if fmt == "html":
        until = float(drill["clock"]) if drill and "clock" in drill else None
        kpis, objectives = analyse(scenario, events, until)
        return write_report(path, scenario, events, kpis, objectives, meta, lang, scorecard, drill)
    aar = build_aar(scenario, events, meta, lang, drill)
    return write_aar_docx(path, aar) if fmt == "docx" else write_plan_xlsx(path, aar)
