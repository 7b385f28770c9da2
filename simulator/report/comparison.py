"""Self-contained, offline plan-comparison report (one HTML file, plotly.js inline once).

Built from the study's recorded tables (meta, summary, results), so a saved
study can be reported again without re-simulating.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from html import escape
from pathlib import Path

import pandas as pd

from simulator.experiments.compare import Summary
from simulator.i18n import resolve_lang, tr
from simulator.report.comparison_answer import ANSWER_CSS, answer_html, build_answer
from simulator.report.comparison_figures import figures_html, not_plotted_note, plotted_kpis
from simulator.report.html import _CSS
from simulator.report.kpi_units import fmt, fmt_interval, fmt_width, kpi_label, missing
from simulator.report.tables import table

_EXTRA_CSS = ".better{color:#1a7f37;font-weight:600}.worse{color:#c62828;font-weight:600}.neutral{color:#555}.changes{font-family:monospace;font-size:.9em}details.kpi{margin:.3em 0}details.kpi summary{cursor:pointer;font-weight:600}" + ANSWER_CSS
_QUIET = ("identical", "no_data")
__all__ = ["build_comparison_html", "crn_text", "fmt", "fmt_interval", "means_frame", "page_start", "pairs_text", "report_parts", "verdict_frame", "write_comparison_report"]


def _plan_names(meta: dict, lang: str) -> dict[str, str]:
    return {p["id"]: p["name"][lang] for p in meta["plans"]}


def _study_table(meta: dict, summary: Summary, names: dict[str, str], lang: str) -> str:
    rows = [
        ("cmp.scenario", f"{meta['title'][lang]} ({meta['scenario_id']})"),
        ("report.scenario_hash", meta["scenario_hash"]),
        ("cmp.root_seed", str(meta["root_seed"])),
        ("cmp.replications", str(meta["replications"])),
        ("cmp.executor", meta["executor"]),
        ("report.version", meta["version"]),
        ("cmp.confidence", f"{summary.confidence:.0%}"),
        ("cmp.reference", names.get(summary.reference, summary.reference)),
        ("cmp.stop_reason", tr(f"experiment.stop.{meta.get('stop_reason', 'done')}", lang)),
        ("cmp.time_limit", tr("cmp.seconds", lang, value=f"{meta['time_limit']:g}") if meta.get("time_limit") else tr("cmp.no_time_limit", lang)),
    ]
    sequential = meta.get("sequential")
    if sequential:
        rows.append(("cmp.sequential_label", _sequential_text(sequential, lang)))
    return table([tr("report.col.name", lang), tr("report.col.value", lang)], [[tr(k, lang), v] for k, v in rows])


def _sequential_text(sequential: dict, lang: str) -> str:
    kpi = sequential["kpi"]
    return tr(
        "cmp.sequential", lang, pilot=sequential["pilot"], main=sequential["main"],
        needed=sequential["needed"] if sequential["needed"] is not None else tr("report.no_data", lang),
        kpi=kpi_label(kpi, lang), target=fmt(kpi, sequential["target_half_width"], lang), width=fmt(kpi, sequential["half_width"], lang),
    )


def pairs_text(d, names: dict[str, str], lang: str | None = None) -> str:
    """``17 of 20; 2 with no value under Plan B, 1 failed``: the pairs a difference used and why others were dropped."""
    dropped = {
        "not_run": d.dropped_not_run, "failed": d.dropped_failed, "no_value_reference": d.no_value_reference,
        "no_value_plan": d.no_value_plan, "no_value_both": d.no_value_both,
    }
    total = int(d.n) + sum(int(v) for v in dropped.values())
    text = tr("cmp.pairs_used", lang, used=int(d.n), total=total)
    side = {"no_value_reference": d.reference, "no_value_plan": d.plan}
    reasons = [tr(f"cmp.dropped.{k}", lang, count=int(v), plan=names.get(side.get(k, ""), side.get(k, ""))) for k, v in dropped.items() if v]
    return text + tr("cmp.clause_sep", lang) + tr("cmp.list_sep", lang).join(reasons) if reasons else text


def crn_text(d, lang: str | None = None) -> str:
    """Paired against independent-seed half width, and the variance removed; empty without an interval."""
    if missing(d.half_width) or missing(d.unpaired_half_width) or missing(d.variance_reduction):
        return ""
    return tr(
        "cmp.crn", lang, paired=fmt_width(d.kpi, d.half_width, lang), independent=fmt_width(d.kpi, d.unpaired_half_width, lang),
        reduction=f"{d.variance_reduction:.0%}",
    )


def _plans_table(meta: dict, summary: Summary, lang: str) -> str:
    failures = summary.plans.groupby("plan")["failures"].max().to_dict() if len(summary.plans) else {}
    rows = [
        [p["id"], p["name"][lang], "; ".join(p["changes"]) or tr("cmp.no_changes", lang), p["scenario_hash"], str(int(failures.get(p["id"], 0)))]
        for p in meta["plans"]
    ]
    headers = ["cmp.col.plan", "report.col.name", "cmp.col.changes", "report.scenario_hash", "cmp.col.failures"]
    return table([tr(h, lang) for h in headers], rows, [["", "", "changes", "", "num"]] * len(rows))


def _means_table(summary: Summary, names: dict[str, str], lang: str) -> str:
    rows, classes = [], []
    for kpi in summary.kpis:
        row = [kpi_label(kpi, lang)]
        for plan in summary.plan_ids:
            row.append(fmt_interval(kpi, summary.estimate(plan, kpi), lang))
        rows.append(row)
        classes.append(["", *["num"] * len(summary.plan_ids)])
    headers = [tr("report.col.kpi", lang), *[names.get(p, p) for p in summary.plan_ids]]
    return table(headers, rows, classes)


def _verdict_table(summary: Summary, names: dict[str, str], lang: str) -> str:
    rows, classes = [], []
    for d in summary.differences.itertuples():
        if d.verdict in _QUIET:
            continue  # said once, under the answer
        plan_row = summary.estimate(d.plan, d.kpi)
        ref_row = summary.estimate(d.reference, d.kpi)
        diff = {"mean": d.mean, "low": d.low, "high": d.high}
        verdict = tr(f"experiment.verdict.{d.verdict}", lang)
        if d.winner:
            verdict = f"{verdict}: {tr('cmp.wins', lang, plan=names.get(d.winner, d.winner))}"
        rows.append([
            kpi_label(d.kpi, lang),
            tr(f"experiment.better.{d.better or 'none'}", lang),
            fmt_interval(d.kpi, ref_row, lang),
            f"{names.get(d.plan, d.plan)}: {fmt_interval(d.kpi, plan_row, lang)}",
            fmt_interval(d.kpi, diff, lang, difference=True),
            pairs_text(d, names, lang),
            verdict,
            crn_text(d, lang),
        ])
        cls = "better" if d.verdict == "better" else "worse" if d.verdict == "worse" else "neutral"
        classes.append(["", "", "num", "num", "num", "", cls, ""])
    headers = [
        tr("report.col.kpi", lang),
        tr("cmp.col.better", lang),
        tr("cmp.col.reference", lang, plan=names.get(summary.reference, summary.reference)),
        tr("cmp.col.plan_mean", lang),
        tr("cmp.col.difference", lang),
        tr("cmp.col.pairs", lang),
        tr("cmp.col.verdict", lang),
        tr("cmp.col.crn", lang),
    ]
    return table(headers, rows, classes)


def _failures_table(results: pd.DataFrame, names: dict[str, str], lang: str) -> str:
    failed = results[results["error"].fillna("") != ""]
    if failed.empty:
        return f"<p>{escape(tr('report.none', lang))}</p>"
    fields = failed["error_field"] if "error_field" in failed else pd.Series("", index=failed.index)
    rows = [[names.get(r.plan, r.plan), str(r.replication), str(r.seed), r.error, field] for r, field in zip(failed.itertuples(), fields)]
    headers = ["cmp.col.plan", "cmp.col.replication", "report.seed", "cmp.col.error", "cmp.col.field"]
    return table([tr(h, lang) for h in headers], rows)


def page_start(title: str, scenario_title: str, lang: str, extra_css: str = "") -> list[str]:
    """The head of a self-contained report page and the start of its header: title and scenario."""
    return [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} - {escape(scenario_title)}</title>",
        f"<style>{_CSS}{extra_css}</style></head>",
        "<body>",
        f"<header><h1>{escape(title)}</h1>",
        f"<p><strong>{escape(tr('report.scenario', lang))}:</strong> {escape(scenario_title)}</p>",
    ]


def build_comparison_html(meta: dict, summary: Summary, results: pd.DataFrame, lang: str | None = None, step=lambda: None) -> str:
    """The whole comparison report as one HTML string; works without network access.

    The one-page answer first (comparison_answer.py), then the detail: plans,
    means, paired differences, figures (closed until clicked), failures and the
    study's settings. ``step`` is called after each part (a progress bar).
    """
    lang = resolve_lang(lang)
    names = _plan_names(meta, lang)
    title = tr("cmp.title", lang)

    def section(key: str, body: str) -> str:
        step()
        return f"<section><h2>{escape(tr(key, lang))}</h2>{body}</section>"

    answer = build_answer(meta, summary, results, names, lang)
    step()
    several = len(summary.plan_ids) > 1
    judged = {o["kpi"] for o in meta.get("objectives") or []}
    shown, rest = plotted_kpis(summary, results, judged)
    figures = figures_html(results, summary, shown, names, lang, step, paired=judged or None)
    method = tr("cmp.method", lang, confidence=f"{summary.confidence:.0%}") + " " + tr("cmp.method_pairs", lang)
    return "\n".join(
        [
            *page_start(title, meta["title"][lang], lang, _EXTRA_CSS),
            "</header>",
            answer_html(answer, list(summary.plan_ids), names, lang),
            f"<h2>{escape(tr('cmp.detail', lang))}</h2>",
            section("cmp.plans", _plans_table(meta, summary, lang)),
            section("cmp.means", _means_table(summary, names, lang)),
            section("cmp.verdicts", (_verdict_table(summary, names, lang) + f'<p class="description">{escape(method)}</p>') if several else f"<p>{escape(tr('cmp.single_plan', lang))}</p>"),
            section("report.figures", f'<p class="neutral">{escape(tr("cmp.figures_note", lang))}</p>' + figures + not_plotted_note(rest, lang)),
            section("cmp.failures", _failures_table(results, names, lang)),
            section("cmp.study", _study_table(meta, summary, names, lang)),
            f"<footer>{escape(tr('cmp.generated', lang))}</footer>",
            "</body></html>",
        ]
    )


def report_parts(summary: Summary, results: pd.DataFrame, meta: dict) -> int:
    """How many times :func:`build_comparison_html` calls ``step``: the answer, each plotted KPI, six sections."""
    shown, _ = plotted_kpis(summary, results, {o["kpi"] for o in meta.get("objectives") or []})
    return 1 + len(shown) + 6


def write_comparison_report(
    path: str | Path, meta: dict, summary: Summary, results: pd.DataFrame, lang: str | None = None, progress: bool = False,
) -> Path:
    """Write :func:`build_comparison_html` to ``path`` (UTF-8) and return the path.

    ``meta`` is ``Study.meta()`` (or the "study" part of a saved summary.json),
    with the scenario's objectives under "objectives" for the answer.
    ``progress``: a bar on stderr while it is written, only when stderr is a
    terminal (tqdm's ``disable=None``), so logs and pipes get no bar lines.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    bar = _progress(report_parts(summary, results, meta), lang) if progress else nullcontext(None)
    with bar as b:
        html = build_comparison_html(meta, summary, results, lang, step=b.update if b is not None else (lambda: None))
        path.write_text(html, encoding="utf-8")
    return path


def _progress(total: int, lang: str | None):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=tr("cmp.progress", lang), unit=tr("cmp.progress_unit", lang), file=sys.stderr, disable=None, leave=False)


def verdict_frame(summary: Summary, names: dict[str, str], lang: str | None = None) -> pd.DataFrame:
    """The verdicts as a small table for a terminal or a notebook (translated headers)."""
    lang = resolve_lang(lang)
    rows = []
    for d in summary.differences.itertuples():
        verdict = tr(f"experiment.verdict.{d.verdict}", lang)
        if d.winner:
            verdict = f"{verdict} ({tr('cmp.wins', lang, plan=names.get(d.winner, d.winner))})"
        rows.append({
            tr("report.col.kpi", lang): kpi_label(d.kpi, lang),
            tr("cmp.col.plan", lang): names.get(d.plan, d.plan),
            tr("cmp.col.plan_mean", lang): fmt(d.kpi, summary.estimate(d.plan, d.kpi)["mean"], lang),
            tr("cmp.col.reference", lang, plan=names.get(d.reference, d.reference)): fmt(d.kpi, summary.estimate(d.reference, d.kpi)["mean"], lang),
            tr("cmp.col.difference", lang): fmt_interval(d.kpi, {"mean": d.mean, "low": d.low, "high": d.high}, lang, difference=True),
            tr("cmp.col.pairs", lang): pairs_text(d, names, lang),
            tr("cmp.col.verdict", lang): verdict,
        })
    return pd.DataFrame(rows)


def means_frame(summary: Summary, names: dict[str, str], lang: str | None = None) -> pd.DataFrame:
    """Each plan's mean [interval] per KPI (translated headers)."""
    lang = resolve_lang(lang)
    rows = []
    for kpi in summary.kpis:
        row = {tr("report.col.kpi", lang): kpi_label(kpi, lang)}
        for plan in summary.plan_ids:
            row[names.get(plan, plan)] = fmt_interval(kpi, summary.estimate(plan, kpi), lang)
        rows.append(row)
    return pd.DataFrame(rows)
