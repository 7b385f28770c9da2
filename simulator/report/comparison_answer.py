"""The one-page answer of a plan comparison: what each plan does to the scenario's objectives.

For each objective (``meta["objectives"]``, from the scenario's
``objectives``): how often each plan met it (a Wilson interval on the runs
judged, ``experiments.objective_rates``), and the significant paired
differences of its KPI against the reference, in plain words ("Unified
command cuts mean order latency by 13 min [11, 16]"). Then the other KPIs
that differ significantly, and one line saying whether any objective gets
worse. Without objectives, the significant differences of every KPI, and
whether any gets worse.

An objective "gets worse" under a plan when the paired difference of its
KPI against the reference is significant in the direction its operator
rejects (a "<=" objective whose KPI rises). The differences are the
study's own (``experiments.compare.summarise``): one rule for significance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import pandas as pd

from simulator.experiments.compare import Summary
from simulator.experiments.kpis import LOWER
from simulator.experiments.objective_rates import met_rates, objective_direction
from simulator.i18n import tr
from simulator.report.kpi_units import (
    SHARE,
    bare,
    fmt,
    interval_decimals,
    kpi_kind,
    kpi_label,
    kpi_noun,
    number,
)
from simulator.report.tables import table

SIGNIFICANT = ("better", "worse", "higher", "lower")
_OPS = {"<=": "≤", ">=": "≥"}


@dataclass(frozen=True)
class Finding:
    """A significant paired difference of ``kpi`` under ``plan``, said in a sentence."""

    plan: str
    kpi: str
    verdict: str  # better, worse (the KPI or objective has a direction), higher, lower (it has none)
    text: str


@dataclass(frozen=True)
class ObjectiveAnswer:
    id: str
    name: str
    kpi: str
    target: str  # "≤ 15 min"
    rates: dict[str, str]  # plan id -> "60% [42%, 75%] 18/30"
    findings: list[Finding]


@dataclass(frozen=True)
class Answer:
    lead: str
    headline: str  # "No objective gets worse under any plan." or what gets worse
    worse: bool
    also_worse: str  # with objectives: the other KPIs that get worse ("" when none)
    objectives: list[ObjectiveAnswer]
    others: list[Finding]  # significant differences of KPIs no objective judges (every KPI without objectives)
    identical: list[str] = field(default_factory=list)  # KPIs identical in every pair of runs
    no_data: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def difference_sentence(summary: Summary, d, names: dict[str, str], lang: str, better: str | None = None) -> str:
    """``d`` (a row of ``summary.differences``) in words: direction, amount with its interval, before and after."""
    kpi = d.kpi
    decimals = interval_decimals(kpi, {"mean": d.mean, "low": d.low, "high": d.high})
    before = fmt(kpi, summary.estimate(d.reference, kpi)["mean"], lang, decimals)
    after = fmt(kpi, summary.estimate(d.plan, kpi)["mean"], lang, decimals)
    kind = kpi_kind(kpi)
    way = "raise" if d.mean > 0 else "cut"
    if kind == SHARE:  # "from 40% to 62% (+22 points [15, 29])": the signed change and its interval
        amount = fmt(kpi, d.mean, lang, decimals, difference=True)
        low, high = bare(kpi, d.low, decimals), bare(kpi, d.high, decimals)
        key = f"answer.{way}.share"
    else:  # "by 13 min [11, 16]": the size of the change and the interval of that size
        amount = fmt(kpi, abs(d.mean), lang, decimals)
        low, high = sorted((abs(d.low), abs(d.high)))
        low, high = number(low, decimals), number(high, decimals)
        key = f"answer.{way}.{kind if kind in ('minutes', 'count') else 'amount'}"
    sentence = tr(key, lang, plan=names.get(d.plan, d.plan), kpi=kpi_noun(kpi, lang), amount=amount, low=low, high=high, before=before, after=after)
    verdict = judged(d, better)
    return sentence + (tr(f"answer.tag.{verdict}", lang) if verdict in ("better", "worse") else "")


def judged(d, better: str | None = None) -> str:
    """The verdict of ``d``, against ``better`` (an objective's direction) when given, else the KPI's own."""
    if better is None or d.verdict not in SIGNIFICANT:
        return d.verdict
    return "better" if (d.mean < 0) == (better == LOWER) else "worse"


def _rate_text(row, lang: str) -> str:
    """"60% [42%, 75%] 18/30", and how many runs were not judged."""
    if row.judged == 0:
        return tr("answer.rate_none", lang)
    pct = lambda v: f"{number(v * 100, 0)}%"  # noqa: E731 - whole percent: 1 of 30 runs is 3.3 points
    text = tr("answer.rate", lang, rate=pct(row.rate), low=pct(row.low), high=pct(row.high), met=row.met, judged=row.judged)
    unjudged = int(row.not_judged) + int(row.failed)
    return text + (tr("cmp.clause_sep", lang) + tr("answer.unjudged", lang, count=unjudged) if unjudged else "")


def _target(obj: dict, lang: str) -> str:
    """"≤ 15 min", "≥ 90%": a target as written, without the decimals of a measured value."""
    kpi, target = obj["kpi"], float(obj["target"])
    scaled = target * (100 if kpi_kind(kpi) == SHARE else 1)
    decimals = 0 if float(scaled).is_integer() else 1 if float(scaled * 10).is_integer() else 2
    return f"{_OPS.get(obj['op'], obj['op'])} {fmt(kpi, target, lang, decimals)}"


def build_answer(meta: dict, summary: Summary, results: pd.DataFrame, names: dict[str, str], lang: str) -> Answer:
    """The answer for ``lang``; ``meta["objectives"]`` (may be absent or empty) as ``objective_records`` gives them."""
    objectives = list(meta.get("objectives") or [])
    diffs = summary.differences
    per_kpi: dict[str, list] = {}
    for d in diffs.itertuples():  # once: itertuples per KPI cost more than the rest of the answer
        per_kpi.setdefault(d.kpi, []).append(d)
    identical = [k for k, rows in per_kpi.items() if {d.verdict for d in rows} == {"identical"}]
    values = summary.plans.groupby("kpi")["n"].sum()
    no_data = [k for k in summary.kpis if values.get(k, 0) == 0]
    confidence = f"{summary.confidence:.0%}"
    several = len(summary.plan_ids) > 1
    lead = (
        tr("answer.lead", lang, plans=len(summary.plan_ids), replications=meta.get("replications", ""), reference=names.get(summary.reference, summary.reference), confidence=confidence)
        if several else tr("answer.lead_single", lang, replications=meta.get("replications", ""))
    )

    def findings(kpi: str, better: str | None = None) -> list[Finding]:
        rows = per_kpi.get(kpi)
        if rows is None:
            return []
        return [Finding(d.plan, kpi, judged(d, better), difference_sentence(summary, d, names, lang, better)) for d in rows if d.verdict in SIGNIFICANT]

    answers, worse_items = [], []
    rates = met_rates(results, objectives, list(summary.plan_ids), summary.confidence) if objectives else None
    for obj in objectives:
        mine = rates[rates["objective"] == obj["id"]]
        found = findings(obj["kpi"], objective_direction(obj))
        name = obj["name"][lang]
        answers.append(ObjectiveAnswer(
            obj["id"], name, obj["kpi"], _target(obj, lang),
            {r.plan: _rate_text(r, lang) for r in mine.itertuples()}, found,
        ))
        worse_items += [tr("answer.worse_item", lang, what=name, plan=names.get(f.plan, f.plan)) for f in found if f.verdict == "worse"]
    judged_kpis = {o["kpi"] for o in objectives}
    others = [f for kpi in summary.kpis if kpi not in judged_kpis for f in findings(kpi)]
    sep = tr("cmp.list_sep", lang)
    other_worse = [tr("answer.worse_item", lang, what=kpi_noun(f.kpi, lang), plan=names.get(f.plan, f.plan)) for f in others if f.verdict == "worse"]
    also_worse = tr("answer.also_worse", lang, items=sep.join(other_worse)) if objectives and other_worse else ""
    if not objectives:
        worse_items = other_worse
    if worse_items:
        headline = tr("answer.worse", lang, items=sep.join(worse_items))
    else:
        headline = tr("answer.none_worse" if objectives else "answer.nothing_worse", lang) if several else ""
    notes = [tr("answer.rate_note", lang, confidence=confidence)] if objectives else []
    return Answer(lead, headline, bool(worse_items), also_worse, answers, others, identical, no_data, notes)


def identical_line(answer: Answer, lang: str) -> list[str]:
    """The KPIs left out of the detail because nothing tells the plans apart, each said once."""
    sep = tr("cmp.list_sep", lang)
    lines = []
    if answer.identical:
        lines.append(tr("answer.identical", lang, kpis=sep.join(kpi_label(k, lang) for k in answer.identical)))
    if answer.no_data:
        lines.append(tr("answer.no_data", lang, kpis=sep.join(kpi_label(k, lang) for k in answer.no_data)))
    return lines


def answer_html(answer: Answer, plan_ids: list[str], names: dict[str, str], lang: str) -> str:
    """The answer as the first section of the report page (every text escaped)."""
    def items(found: list[Finding]) -> str:
        return "".join(f'<li class="{_CLASS.get(f.verdict, "neutral")}">{escape(f.text)}</li>' for f in found)

    parts = [f'<section class="answer"><h2>{escape(tr("answer.title", lang))}</h2>', f'<p class="description">{escape(answer.lead)}</p>']
    if answer.headline:
        parts.append(f'<p class="headline {"worse" if answer.worse else "better"}">{escape(answer.headline)}</p>')
    if answer.also_worse:
        parts.append(f'<p class="headline worse">{escape(answer.also_worse)}</p>')
    if answer.objectives:
        parts.append(f"<h3>{escape(tr('answer.objectives', lang))}</h3>")
        headers = [tr("answer.col.objective", lang), tr("answer.col.target", lang), *[names.get(p, p) for p in plan_ids]]
        rows = [[o.name, o.target, *[o.rates.get(p, "") for p in plan_ids]] for o in answer.objectives]
        parts.append(table(headers, rows, [["", "rate", *["rate"] * len(plan_ids)]] * len(rows)))
        if len(plan_ids) > 1:
            parts.append("<ul class=\"findings\">")
            for o in answer.objectives:
                said = f"<ul>{items(o.findings)}</ul>" if o.findings else f' <span class="neutral">{escape(tr("answer.objective_same", lang))}</span>'
                parts.append(f"<li><strong>{escape(o.name)}</strong>{said}</li>")
            parts.append("</ul>")
        parts += [f'<p class="neutral">{escape(n)}</p>' for n in answer.notes]
        if answer.others:
            parts.append(f"<h3>{escape(tr('answer.others', lang))}</h3>")
    elif len(plan_ids) > 1:
        parts.append(f"<p>{escape(tr('answer.no_objectives' if answer.others else 'answer.none_significant', lang))}</p>")
    if answer.others:
        parts.append(f'<ul class="findings">{items(answer.others)}</ul>')
    parts += [f'<p class="neutral">{escape(line)}</p>' for line in identical_line(answer, lang)]
    parts.append("</section>")
    return "".join(parts)


_CLASS = {"better": "better", "worse": "worse"}
ANSWER_CSS = ".answer .headline{font-size:1.1em;font-weight:600}.answer .headline.better{color:#1a7f37}.answer .headline.worse{color:#c62828}.findings li{margin:.2em 0}td.rate{text-align:right;white-space:nowrap}"
