"""A plan comparison on a terminal: the one-page answer, then a table that fits 100 columns.

Display width counts East Asian wide and fullwidth characters as two columns
(``unicodedata.east_asian_width`` "W"/"F"), as terminals draw them. Plans are
letters (A is the reference) with a legend; each KPI is a row whose plan cells
hold the mean and, below it, the paired difference from A with its interval
and "better"/"worse" when significant. KPIs identical under every plan, or
with no data, are named once below the table instead of filling it with
"0 [0, 0]". Text is wrapped, never cut; when the plans do not fit side by
side, the table is printed again for the next plans (A repeated in each).
"""

from __future__ import annotations

import re
import string
import unicodedata

import pandas as pd

from simulator.experiments.compare import Summary
from simulator.i18n import resolve_lang, tr
from simulator.report.comparison_answer import SIGNIFICANT, Answer, build_answer, identical_line
from simulator.report.kpi_units import fmt, fmt_interval, interval_decimals, kpi_noun

WIDTH = 100
_GAP = "  "
_MIN_LABEL = 16


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _words(text: str) -> list[tuple[str, str]]:
    """(separator, word) pairs: runs of narrow characters are words, each wide character one word
    (Chinese breaks between any two characters); the separator is " " where the text had space."""
    out = []
    for space, chunk in re.findall(r"(\s*)(\S+)", text):
        sep, word = (" " if space else ""), ""
        for ch in chunk:
            if display_width(ch) < 2:
                word += ch
                continue
            if word:
                out.append((sep, word))
                sep, word = "", ""
            out.append((sep, ch))
            sep = ""
        if word:
            out.append((sep, word))
    return out


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` display columns; later lines start with ``indent``."""
    lead = text[: len(text) - len(text.lstrip())]
    lines, line = [], lead
    for sep, word in _words(text):
        candidate = f"{line}{sep}{word}" if line.strip() else line + word
        if display_width(candidate) <= width:
            line = candidate
            continue
        if line.strip():
            lines.append(line)
        line = indent + word
        while display_width(line) > width:  # a word longer than a line (a path): cut it
            cut = _fit(line, width)
            lines.append(line[:cut])
            line = indent + line[cut:]
    if line.strip():
        lines.append(line)
    return lines or [""]


def _fit(text: str, width: int) -> int:
    used = 0
    for i, ch in enumerate(text):
        used += display_width(ch)
        if used > width:
            return max(i, 1)
    return len(text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def letters(plan_ids: list[str]) -> dict[str, str]:
    """A, B, C ... (A the reference, first); past Z: P27, P28 ..."""
    return {p: string.ascii_uppercase[i] if i < 26 else f"P{i + 1}" for i, p in enumerate(plan_ids)}


def answer_lines(answer: Answer, plan_ids: list[str], mark: dict[str, str], lang: str, width: int = WIDTH) -> list[str]:
    """The answer as wrapped text: lead, headline, each objective with its rates (plans by letter) and findings, other findings."""
    lines = wrap(f"== {tr('answer.title', lang)} ==", width) + wrap(answer.lead, width)
    for line in (answer.headline, answer.also_worse):
        lines += wrap(line, width) if line else []
    if answer.objectives:
        lines += [""] + wrap(tr("answer.objectives", lang), width)
        for o in answer.objectives:
            lines += wrap(f"* {o.name} ({o.target})", width, "  ")
            rates = " | ".join(f"{mark[p]} {o.rates.get(p, '')}" for p in plan_ids)
            lines += wrap(f"    {tr('answer.met', lang)}: {rates}", width, "      ")
            if len(plan_ids) > 1:
                found = [f.text for f in o.findings] or [tr("answer.objective_same", lang)]
                for text in found:
                    lines += wrap(f"  -> {text}", width, "     ")
        for note in answer.notes:
            lines += wrap(note, width)
        if answer.others:
            lines += [""] + wrap(tr("answer.others", lang), width)
    elif len(plan_ids) > 1:
        lines += wrap(tr("answer.no_objectives" if answer.others else "answer.none_significant", lang), width)
    for f in answer.others:
        lines += wrap(f"  -> {f.text}", width, "     ")
    return lines


def _cells(summary: Summary, kpi: str, plan_ids: list[str], lang: str) -> list[list[str]]:
    """Per plan: [mean (and verdict)] and, for a plan other than the reference, [difference [interval]]."""
    cells = []
    for plan in plan_ids:
        mean = fmt(kpi, summary.estimate(plan, kpi)["mean"], lang)
        if plan == summary.reference:
            cells.append([mean])
            continue
        d = summary.difference(plan, kpi)
        row = {"mean": d["mean"], "low": d["low"], "high": d["high"]}
        word = tr(f"cmptable.verdict.{d['verdict']}", lang) if d["verdict"] in SIGNIFICANT else ""
        if d["verdict"] in ("identical", "no_data"):  # not "0 [0, 0]"
            change = tr(f"experiment.verdict.{d['verdict']}", lang)
        else:
            change = fmt_interval(kpi, row, lang, difference=True, decimals=interval_decimals(kpi, row))
        cells.append([f"{mean} {word}".rstrip(), change])
    return cells


def plan_order(summary: Summary) -> list[str]:
    """The reference first (plan A), then the others in the study's order."""
    return [summary.reference] + [p for p in summary.plan_ids if p != summary.reference]


def legend_lines(summary: Summary, names: dict[str, str], lang: str, width: int = WIDTH) -> list[str]:
    """Plans: A  name (reference), B  name ..., each on its own line."""
    ordered = plan_order(summary)
    mark = letters(ordered)
    lines = wrap(tr("cmptable.plans", lang), width)
    for p in ordered:
        ref = f" {tr('cmptable.reference', lang)}" if p == summary.reference and len(ordered) > 1 else ""
        lines += wrap(f"  {mark[p]}  {names.get(p, p)}{ref}", width, "     ")
    return lines


def table_lines(summary: Summary, answer: Answer, lang: str, width: int = WIDTH) -> list[str]:
    """The KPI table (how to read it, header, rows), then the KPIs said once; every line within ``width`` columns."""
    ordered = plan_order(summary)
    mark = letters(ordered)
    quiet = set(answer.identical) | set(answer.no_data)
    kpis = [k for k in summary.kpis if k not in quiet]
    lines = wrap(tr("cmptable.legend", lang, reference=mark[summary.reference], confidence=f"{summary.confidence:.0%}"), width) if len(ordered) > 1 else []
    cells = {k: _cells(summary, k, ordered, lang) for k in kpis}
    widths = [max([display_width(mark[p])] + [display_width(t) for k in kpis for t in cells[k][i]]) for i, p in enumerate(ordered)]
    for group in _groups(widths, width):
        lines.append("")
        lines += _block(kpis, cells, group, widths, [mark[p] for p in ordered], lang, width)
    lines.append("")
    for text in identical_line(answer, lang):
        lines += wrap(text, width)
    return lines


def _groups(widths: list[int], width: int) -> list[list[int]]:
    """Column indices per printed block: the reference (0) and as many plans as fit beside a label column."""
    groups, current = [], [0]
    used = _MIN_LABEL + len(_GAP) + widths[0]
    for i in range(1, len(widths)):
        need = len(_GAP) + widths[i]
        if len(current) > 1 and used + need > width:
            groups.append(current)
            current, used = [0], _MIN_LABEL + len(_GAP) + widths[0]
        current.append(i)
        used += need
    groups.append(current)
    return groups


def _block(kpis: list[str], cells: dict, group: list[int], widths: list[int], marks: list[str], lang: str, width: int) -> list[str]:
    rest = sum(len(_GAP) + min(widths[i], width - _MIN_LABEL - len(_GAP)) for i in group)
    label_width = max(_MIN_LABEL, min(width - rest, max([display_width(tr("cmptable.kpi", lang))] + [display_width(kpi_noun(k, lang)) for k in kpis])))
    col = [min(widths[i], width - label_width - len(_GAP)) for i in group]
    header = _pad(tr("cmptable.kpi", lang), label_width) + "".join(_GAP + _pad(marks[i], w) for i, w in zip(group, col))
    lines = [header.rstrip(), "-" * min(width, display_width(header.rstrip()))]
    for kpi in kpis:
        label = wrap(kpi_noun(kpi, lang), label_width, " ")
        parts = [[line for t in cells[kpi][i] for line in wrap(t, w, " ")] for i, w in zip(group, col)]
        for r in range(max(len(label), *(len(p) for p in parts))):
            text = _pad(label[r] if r < len(label) else "", label_width)
            text += "".join(_GAP + _pad(p[r] if r < len(p) else "", w) for p, w in zip(parts, col))
            lines.append(text.rstrip())
    return lines


def console_report(meta: dict, summary: Summary, results: pd.DataFrame, lang: str | None = None, width: int = WIDTH) -> str:
    """What ``drillsim experiment`` prints after the runs: the answer, then the table."""
    lang = resolve_lang(lang)
    names = {p["id"]: p["name"][lang] for p in meta["plans"]}
    answer = build_answer(meta, summary, results, names, lang)
    mark = letters(plan_order(summary))
    text = "\n".join([
        *legend_lines(summary, names, lang, width), "",
        *answer_lines(answer, list(summary.plan_ids), mark, lang, width), "",
        *table_lines(summary, answer, lang, width),
    ])
    return re.sub(r"\n{3,}", "\n\n", text).rstrip()
