"""The comparison report's figures: for each KPI worth a look, its spread per plan and its paired differences.

A KPI gets a box plot per plan when an objective judges it or some plan
differs significantly on it; the others are named once (their numbers are
in the tables). The paired-difference chart (with the independent-seed
interval behind it) is drawn for the KPIs the objectives judge, or for every
plotted KPI when the scenario has no objectives: for the rest the verdict
table gives the same interval and the effect of common random numbers in
words, and each figure costs page size and time (figure dicts written
straight to the page: viz.embed.figure_html).
Each KPI's figures sit in a closed ``<details>`` so the page stays short,
and plotly.js is embedded once for the page. Figures in a closed
``<details>`` are drawn at a default size, so opening one resizes them.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import pandas as pd

from simulator.experiments.compare import Summary
from simulator.i18n import tr
from simulator.report.kpi_units import kpi_label
from simulator.viz.embed import figure_html, plotly_js_script
from simulator.viz.experiments import kpi_distribution_spec, paired_difference_chart_spec

# draw a figure again at its real width when its <details> opens
_RESIZE_JS = (
    "<script>document.querySelectorAll('details.kpi').forEach(function(d){d.addEventListener('toggle',function(){"
    "if(d.open){d.querySelectorAll('.plotly-graph-div').forEach(function(g){Plotly.Plots.resize(g);});}});});</script>"
)


def plotted_kpis(summary: Summary, results: pd.DataFrame, judged: set[str]) -> tuple[list[str], list[str]]:
    """KPIs to plot (judged by an objective, or better or worse under some plan) and the varying rest.

    A significant difference on a KPI with no better direction (a utilisation,
    a count of escalations) is said by the answer and the tables, not plotted.
    """
    shown, rest = [], []
    diffs = summary.differences
    for kpi in summary.kpis:
        verdicts = set(diffs.loc[diffs["kpi"] == kpi, "verdict"])
        has_data = kpi in results and bool(results[kpi].notna().any())
        if not has_data or (verdicts and verdicts <= {"identical", "no_data"}):
            continue  # said once by the answer (identical, no data)
        if kpi in judged or verdicts & {"better", "worse"} or len(summary.plan_ids) == 1:
            shown.append(kpi)
        else:
            rest.append(kpi)
    return shown, rest


def figures_html(
    results: pd.DataFrame, summary: Summary, kpis: list[str], names: dict[str, str], lang: str,
    step: Callable[[], None] = lambda: None, paired: set[str] | None = None,
) -> str:
    """One ``<details>`` per KPI with its figures; plotly.js once, inline (the page works offline); ``step`` after each KPI.

    ``paired``: the KPIs that also get a paired-difference chart (all of them when None).
    """
    blocks = [plotly_js_script()] if kpis else []
    n = 0
    for kpi in kpis:
        figures = [kpi_distribution_spec(results, kpi, names, lang)]
        if len(summary.plan_ids) > 1 and (paired is None or kpi in paired):
            figures.append(paired_difference_chart_spec(summary.differences, kpi, names, lang))
        divs = []
        for spec in figures:
            divs.append(f'<div class="figure">{figure_html(spec, f"cmp-fig-{n}")}</div>')
            n += 1
        blocks.append(f'<details class="kpi"><summary>{escape(kpi_label(kpi, lang))}</summary>{"".join(divs)}</details>')
        step()
    if kpis:
        blocks.append(_RESIZE_JS)
    return "".join(blocks)


def not_plotted_note(rest: list[str], lang: str) -> str:
    if not rest:
        return ""
    kpis = tr("cmp.list_sep", lang).join(kpi_label(k, lang) for k in rest)
    return f'<p class="neutral">{escape(tr("cmp.not_plotted", lang, kpis=kpis))}</p>'
