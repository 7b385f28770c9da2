"""Figures of a plan comparison: a KPI's spread per plan, and paired differences.

Pure functions of the study's tables (``results``: one row per replication
and plan; ``differences``: one row per plan and KPI against the reference),
so a saved study can be re-plotted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from simulator.i18n import tr
from simulator.metrics.kpi_kinds import is_share
from simulator.viz.style import figure, styled_spec

if TYPE_CHECKING:
    import plotly.graph_objects as go

VERDICT_COLOURS = {"better": "#1a7f37", "worse": "#c62828"}
_NEUTRAL = "#607d8b"
_UNPAIRED = "rgba(96, 125, 139, 0.25)"
_PLAN_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")


def kpi_label(kpi: str, lang: str | None = None) -> str:
    return tr(f"kpi.{kpi}", lang)


def _names(plan_ids: list[str], plan_names: dict[str, str] | None) -> list[str]:
    names = plan_names or {}
    return [names.get(p, p) for p in plan_ids]


def kpi_distribution_spec(
    results: pd.DataFrame,
    kpi: str,
    plan_names: dict[str, str] | None = None,
    lang: str | None = None,
    kind: str = "box",
) -> dict:
    """One box (or violin) per plan of ``kpi`` over the successful replications.

    ``plan_names`` (id -> display name) also fixes the order; traces are keyed
    by plan id on the x axis, names are only tick labels.
    """
    ok = results[results["error"].fillna("") == ""] if "error" in results else results
    ids = list(plan_names) if plan_names else list(dict.fromkeys(results["plan"]))
    labels = _names(ids, plan_names)
    traces = []
    for i, (plan, label) in enumerate(zip(ids, labels)):
        values = ok.loc[ok["plan"] == plan, kpi].dropna().to_numpy() if kpi in ok else []
        common = {"x": [plan] * len(values), "y": values, "name": label, "marker": {"color": _PLAN_COLOURS[i % len(_PLAN_COLOURS)]}}
        if kind == "violin":
            traces.append({"type": "violin", **common, "box": {"visible": True}, "meanline": {"visible": True}, "points": "all", "pointpos": 0, "jitter": 0.3})
        else:
            traces.append({"type": "box", **common, "boxmean": True, "boxpoints": "all", "pointpos": 0, "jitter": 0.3})
    label = kpi_label(kpi, lang)
    return styled_spec({"data": traces}, "fig.exp.distribution", lang, height=380, showlegend=False,
                  title={"text": tr("fig.exp.distribution", lang, kpi=label)},
                  xaxis={"tickmode": "array", "tickvals": ids, "ticktext": labels},
                  yaxis={"title": {"text": label}, **({"tickformat": ".0%"} if is_share(kpi) else {})})


def kpi_distribution(
    results: pd.DataFrame,
    kpi: str,
    plan_names: dict[str, str] | None = None,
    lang: str | None = None,
    kind: str = "box",
) -> go.Figure:
    """:func:`kpi_distribution_spec` as a plotly figure."""
    return figure(kpi_distribution_spec(results, kpi, plan_names, lang, kind))


def paired_difference_chart_spec(
    differences: pd.DataFrame,
    kpi: str,
    plan_names: dict[str, str] | None = None,
    lang: str | None = None,
) -> dict:
    """Each plan minus the reference on ``kpi``: the mean paired difference with its interval.

    A bar not crossing zero is significant; green where the plan is better,
    red where it is worse, grey otherwise. Behind it, a wide pale bar: the
    interval the same runs would give as independent samples (Welch), i.e.
    what the comparison would look like without common random numbers.
    """
    rows = differences[differences["kpi"] == kpi]
    names = plan_names or {}
    labels = [tr("fig.exp.versus", lang, plan=names.get(r.plan, r.plan), reference=names.get(r.reference, r.reference)) for r in rows.itertuples()]
    colours = [VERDICT_COLOURS.get(v, _NEUTRAL) for v in rows["verdict"]]
    verdicts = [tr(f"experiment.verdict.{v}", lang) for v in rows["verdict"]]
    traces = []
    if "unpaired_half_width" in rows:
        traces.append({
            "type": "scatter", "x": rows["mean"].to_numpy(), "y": list(rows["plan"]), "mode": "markers",
            "marker": {"color": _UNPAIRED, "size": 1},
            "error_x": {"type": "data", "array": rows["unpaired_half_width"].to_numpy(), "thickness": 10, "width": 0, "color": _UNPAIRED},
            "name": tr("fig.exp.unpaired", lang),
            "customdata": rows["unpaired_half_width"].to_numpy(),
            "hovertemplate": tr("fig.exp.unpaired", lang) + ": ±%{customdata:.3g}<extra></extra>",
        })
    traces.append({
        "type": "scatter", "x": rows["mean"].to_numpy(), "y": list(rows["plan"]), "mode": "markers",
        "marker": {"color": colours, "size": 12},
        "name": tr("fig.exp.paired", lang),
        "error_x": {
            "type": "data",
            "symmetric": False,
            "array": (rows["high"] - rows["mean"]).to_numpy(),
            "arrayminus": (rows["mean"] - rows["low"]).to_numpy(),
            "thickness": 2,
        },
        "customdata": list(zip(labels, verdicts, rows["low"], rows["high"])),
        "hovertemplate": "%{customdata[0]}<br>%{x:.3g} [%{customdata[2]:.3g}, %{customdata[3]:.3g}]<br>%{customdata[1]}<extra></extra>",
    })
    zero = {"type": "line", "x0": 0, "x1": 0, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain", "line": {"color": "#333", "width": 1, "dash": "dash"}}  # add_vline's
    label = kpi_label(kpi, lang)
    return styled_spec({"data": traces, "layout": {"shapes": [zero]}}, "fig.exp.difference", lang, height=max(220, 120 + 60 * len(rows)), showlegend=len(traces) > 1,
                  title={"text": tr("fig.exp.difference", lang, kpi=label)},
                  xaxis={"title": {"text": tr("fig.exp.difference_axis", lang, kpi=label)}, "zeroline": False, **({"tickformat": ".1%"} if is_share(kpi) else {})},
                  yaxis={"tickmode": "array", "tickvals": list(rows["plan"]), "ticktext": labels, "autorange": "reversed", "automargin": True})

def paired_difference_chart(
    differences: pd.DataFrame,
    kpi: str,
    plan_names: dict[str, str] | None = None,
    lang: str | None = None,
) -> go.Figure:
    """:func:`paired_difference_chart_spec` as a plotly figure."""
    return figure(paired_difference_chart_spec(differences, kpi, plan_names, lang))
