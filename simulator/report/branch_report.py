"""The what-if comparison of a branch: one offline HTML file (plotly.js inline once).

Built from the branch's saved tables (meta, summary, results, decision
ledger) and its scenario for names, so it can be written again without
re-simulating. The tables and figures are the plan comparison's
(:mod:`simulator.report.comparison`, :mod:`simulator.viz.experiments`);
what a branch adds: where it starts, what each alternative does, the
recorded run beside the futures' means, the fate of the decisions in the
futures, and the rules that played them.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pandas as pd

from simulator.drill.refusals import named, refusal_text
from simulator.experiments.compare import Summary
from simulator.i18n import has_key, resolve_lang, text, tr
from simulator.report.comparison import fmt, fmt_interval, page_start, verdict_frame
from simulator.report.tables import table
from simulator.scenario.models import Scenario
from simulator.viz.embed import figure_html
from simulator.viz.experiments import kpi_distribution_spec, kpi_label, paired_difference_chart_spec

_EXTRA_CSS = ".better{color:#1a7f37;font-weight:600}.worse{color:#c62828;font-weight:600}.neutral{color:#555}.rule{max-width:60em}"
COUNTS = ("decisions_played", "decisions_refused", "decisions_skipped", "decisions_unplayed", "procedure_dispatches")
STATUSES = ("played", "refused", "skipped", "not_arisen", "too_late")
# KPIs always shown first when present: the need in question, then needs and arrivals
_LEADING = ("focus_need_wait", "need_wait_mean", "first_arrival_mean", "incident_duration_mean", "incidents_unmet")
_MOST_FIGURES = 8


def alternative_names(meta: dict, lang: str) -> dict[str, str]:
    return {a["id"]: a["name"][lang] for a in meta["alternatives"]}


def incident_text(scenario: Scenario | None, incident_id: str, lang: str | None = None) -> str:
    """``Waterlogging #3`` for ``flood-003`` (its source's name and number); an inject's incident by the inject's id."""
    source, _, number = incident_id.rpartition("-")
    sources = {s.id: s.name for s in scenario.incidents} if scenario else {}
    if source in sources and number.isdigit():
        return tr("branch.incident", lang, source=text(sources[source], lang), n=int(number))
    return incident_id


def decision_text(scenario: Scenario | None, action: str, args: dict, lang: str | None = None) -> str:
    """A decision for a reader: its action and its arguments by their names (``Dispatch a team: City team → Waterlogging #1``)."""
    names = named(scenario, {k: v for k, v in args.items() if k in ("team", "unit", "capability")}, lang)
    parts = [names[k] for k in ("team", "unit") if k in names]
    if args.get("incident"):
        parts.append("→ " + incident_text(scenario, str(args["incident"]), lang))
    if "capability" in names:
        parts.append(f"({names['capability']})")
    for key in ("level", "mode", "item", "quantity", "seq"):
        if key in args:
            parts.append(f"{key}={args[key]}")
    word = tr(f"action.{action}", lang) if has_key(f"action.{action}") else action
    return f"{word}: {' '.join(str(p) for p in parts)}" if parts else word


def alternative_text(alt: dict, scenario: Scenario | None, meta: dict, lang: str) -> str:
    """What an alternative does after the branch, in words."""
    parts = [tr(f"branch.decisions.{alt['decisions']}", lang), tr(f"branch.policy.{alt['policy']}", lang)]
    if alt["fallback"] == "procedure" and alt.get("procedure_delay") is not None and alt["policy"] != "standard":
        parts.append(tr("branch.fallback.procedure", lang, minutes=f"{alt['procedure_delay']:.0f}"))
    for seq in alt["remove"]:
        parts.append(tr("branch.edit.remove", lang, seq=seq))
    for c in alt["change"]:
        if c.get("time") is not None:
            when = tr("branch.edit.at_minute", lang, minute=f"{c['time']:g}")
        elif c.get("shift"):
            when = tr("branch.edit.earlier" if c["shift"] < 0 else "branch.edit.later", lang, minutes=f"{abs(c['shift']):g}")
        else:
            when = ""
        changed = decision_text(scenario, "", c.get("args") or {}, lang).removeprefix(": ") if c.get("args") else ""
        parts.append(tr("branch.edit.change", lang, seq=c["seq"], what=" ".join(p for p in (when, changed) if p)))
    for a in alt["add"]:
        when = f"{a['time']:g}" if a.get("time") is not None else f"{meta['at'] + (a.get('after') or 0):g}"
        parts.append(tr("branch.edit.add", lang, decision=decision_text(scenario, a["action"], a.get("args") or {}, lang), minute=when))
    return tr("cmp.list_sep", lang).join(parts)


def _setup_table(meta: dict, lang: str) -> str:
    src = meta["source"]
    en, _, zh = src["name"].partition(" / ")  # a drill is named "English / 中文" unless its facilitator named it
    name = (zh if lang == "zh" and zh else en) or src["name"]
    what = tr("branch.source.drill", lang, name=name, ref=src["ref"]) if src["kind"] == "drill" else tr("branch.source.run", lang, ref=src["ref"])
    rows = [
        ("cmp.scenario", f"{meta['title'][lang]} ({meta['scenario_id']})"),
        ("branch.source", what),
        ("report.seed", str(src["seed"])),
        ("branch.at", tr("branch.minute", lang, minute=f"{meta['at']:g}")),
        ("branch.end", tr("branch.minute", lang, minute=f"{src['end']:g}")),
        ("branch.futures", str(meta["futures"])),
        ("cmp.executor", meta["executor"]),
        ("report.version", meta["version"]),
        ("cmp.stop_reason", tr(f"experiment.stop.{meta.get('stop_reason', 'done')}", lang)),
    ]
    return table([tr("report.col.name", lang), tr("report.col.value", lang)], [[tr(k, lang), v] for k, v in rows])


def _alternatives_table(meta: dict, scenario: Scenario | None, lang: str) -> str:
    rows = [[a["name"][lang], alternative_text(a, scenario, meta, lang)] for a in meta["alternatives"]]
    return table([tr("branch.col.alternative", lang), tr("branch.col.does", lang)], rows)


def _kpis(summary: Summary) -> list[str]:
    lead = [k for k in _LEADING if k in summary.kpis]
    return lead + [k for k in summary.kpis if k not in lead]


def _means_table(meta: dict, summary: Summary, names: dict[str, str], lang: str) -> str:
    actual = meta.get("actual") or {}
    rows, classes = [], []
    for kpi in _kpis(summary):
        rows.append([kpi_label(kpi, lang), fmt(kpi, actual.get(kpi), lang), *[fmt_interval(kpi, summary.estimate(p, kpi), lang) for p in summary.plan_ids]])
        classes.append(["", "num", *["num"] * len(summary.plan_ids)])
    headers = [tr("report.col.kpi", lang), tr("branch.col.as_recorded", lang), *[names.get(p, p) for p in summary.plan_ids]]
    return table(headers, rows, classes)


def _verdicts_table(summary: Summary, names: dict[str, str], lang: str) -> str:
    frame = verdict_frame(summary, names, lang)
    if frame.empty:
        return f"<p>{escape(tr('cmp.single_plan', lang))}</p>"
    order = {k: i for i, k in enumerate(_kpis(summary))}
    ranks = [order.get(k, len(order)) for k in summary.differences["kpi"]]
    frame = frame.assign(_rank=ranks).sort_values("_rank", kind="stable").drop(columns="_rank")
    verdict_col = tr("cmp.col.verdict", lang)
    good, bad = tr("experiment.verdict.better", lang), tr("experiment.verdict.worse", lang)
    def cls(column: str, value: object) -> str:
        if column != verdict_col:
            return ""
        return "better" if str(value).startswith(good) else "worse" if str(value).startswith(bad) else "neutral"

    classes = [[cls(c, v) for c, v in row.items()] for _, row in frame.iterrows()]
    return table(list(frame.columns), [[str(v) for v in row] for row in frame.itertuples(index=False)], classes)


def _counts_table(results: pd.DataFrame, ledger: pd.DataFrame, names: dict[str, str], plan_ids: tuple[str, ...], scenario: Scenario | None, lang: str) -> str:
    ok = results[results["error"].fillna("") == ""] if "error" in results else results
    rows = []
    for plan in plan_ids:
        mine = ok[ok["plan"] == plan]
        row = [names.get(plan, plan)]
        for col in COUNTS:
            row.append(f"{mine[col].mean():.1f}" if col in mine and len(mine) else tr("report.no_data", lang))
        rows.append(row)
    headers = [tr("branch.col.alternative", lang), *[tr(f"kpi.{c}", lang) for c in COUNTS]]
    reasons = _reasons(ledger, names, scenario, lang)
    return table(headers, rows, [["", *["num"] * len(COUNTS)]] * len(rows)) + reasons


def _reasons(ledger: pd.DataFrame, names: dict[str, str], scenario: Scenario | None, lang: str) -> str:
    """Why decisions were skipped, refused or not played, counted over the futures, per alternative."""
    if ledger is None or ledger.empty:
        return ""
    gone = ledger[ledger["status"].isin(["skipped", "refused", "not_arisen", "too_late"])]
    if gone.empty:
        return ""
    counts: dict[tuple[str, str], int] = {}
    for alt, status, reason, params in zip(gone["alternative"], gone["status"], gone["reason"].fillna(""), gone.get("params", pd.Series("", index=gone.index)).fillna("")):
        why = tr(f"branch.status.{status}", lang)
        if status == "refused" and reason:
            why += ": " + refusal_text(scenario, reason, json.loads(params) if params else {}, lang)
        elif reason:
            why += ": " + tr(f"branch.reason.{reason}", lang)
        counts[(alt, why)] = counts.get((alt, why), 0) + 1
    rows = [[names.get(alt, alt), why, str(n)] for (alt, why), n in counts.items()]
    return table([tr("branch.col.alternative", lang), tr("branch.col.why", lang), tr("branch.col.count", lang)], rows, [["", "", "num"]] * len(rows))


def _figures(results: pd.DataFrame, summary: Summary, names: dict[str, str], lang: str) -> str:
    shown = []
    for kpi in _kpis(summary):
        verdicts = set(summary.differences.loc[summary.differences["kpi"] == kpi, "verdict"])
        lead = kpi in _LEADING
        if kpi not in results or not results[kpi].notna().any() or verdicts <= {"identical", "no_data"} or not (lead or verdicts & {"better", "worse"}):
            continue
        shown.append(kpi_distribution_spec(results, kpi, names, lang))
        shown.append(paired_difference_chart_spec(summary.differences, kpi, names, lang))
        if len(shown) >= _MOST_FIGURES:
            break
    parts = [figure_html(spec, f"branch-fig-{i}", include_plotlyjs=(i == 0)) for i, spec in enumerate(shown)]
    return "".join(f'<div class="figure">{p}</div>' for p in parts) or f"<p class=\"neutral\">{escape(tr('branch.no_figures', lang))}</p>"


def _failures(results: pd.DataFrame, names: dict[str, str], lang: str) -> str:
    failed = results[results["error"].fillna("") != ""] if "error" in results else results.iloc[0:0]
    if failed.empty:
        return f"<p>{escape(tr('report.none', lang))}</p>"
    rows = [[names.get(r.plan, r.plan), str(r.replication), r.error] for r in failed.itertuples()]
    return table([tr("branch.col.alternative", lang), tr("branch.col.future", lang), tr("cmp.col.error", lang)], rows)


def build_branch_html(meta: dict, summary: Summary, results: pd.DataFrame, ledger: pd.DataFrame, scenario: Scenario | None = None, lang: str | None = None) -> str:
    """The whole what-if comparison as one HTML string; works without network access."""
    lang = resolve_lang(lang)
    names = alternative_names(meta, lang)
    title = tr("branch.title", lang)
    focus = meta.get("focus")

    def section(key: str, body: str) -> str:
        return f"<section><h2>{escape(tr(key, lang))}</h2>{body}</section>"

    method = [
        tr("branch.method", lang, at=f"{meta['at']:g}", futures=meta["futures"], confidence=f"{summary.confidence:.0%}"),
        tr("branch.rule", lang),
        tr("branch.fallback_rule", lang),
    ]
    if focus:
        method.append(tr("branch.focus", lang, incident=incident_text(scenario, focus[0], lang), capability=named(scenario, {"capability": focus[1]}, lang)["capability"]))
    return "\n".join([
        *page_start(title, meta["title"][lang], lang, _EXTRA_CSS),
        "".join(f'<p class="description rule">{escape(m)}</p>' for m in method),
        "</header>",
        section("branch.setup", _setup_table(meta, lang)),
        section("branch.alternatives", _alternatives_table(meta, scenario, lang)),
        section("cmp.means", _means_table(meta, summary, names, lang)),
        section("cmp.verdicts", _verdicts_table(summary, names, lang)),
        section("branch.decisions", _counts_table(results, ledger, names, summary.plan_ids, scenario, lang)),
        section("report.figures", _figures(results, summary, names, lang)),
        section("cmp.failures", _failures(results, names, lang)),
        f"<footer>{escape(tr('branch.generated', lang))}</footer>",
        "</body></html>",
    ])


def write_branch_report(path: str | Path, meta: dict, summary: Summary, results: pd.DataFrame, ledger: pd.DataFrame, scenario: Scenario | None = None, lang: str | None = None) -> Path:
    """Write :func:`build_branch_html` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_branch_html(meta, summary, results, ledger, scenario, lang), encoding="utf-8")
    return path
