"""Self-contained, offline after-action report (one HTML file, plotly.js inline once).

The report proper comes first (:mod:`simulator.report.aar`: summary,
objectives and critical tasks, strengths, areas for improvement, the
improvement plan, injects and decisions); the measurements it draws on
follow as an annex (KPIs, score card, command tables, figures).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from simulator.i18n import resolve_lang, text, tr
from simulator.metrics.kpis import arrival_target
from simulator.report.aar import build_aar
from simulator.report.aar_html import AAR_CSS, aar_sections
from simulator.report.command_tables import command_section
from simulator.report.hazard_story import hazard_section
from simulator.report.scorecard import scorecard_section
from simulator.report.tables import kpi_table, meta_table, objectives_table, unmet_table
from simulator.viz.command import command_chain_graph_spec, unit_load
from simulator.viz.embed import figure_html
from simulator.viz.gantt import team_gantt_spec
from simulator.viz.geo_map import ZOOM_LABELS_JS, animated_map_spec, geo_map_spec
from simulator.viz.incidents import incident_timeline_spec, response_time_histogram_spec
from simulator.viz.messages import message_swimlanes_spec, warning_reach_chart_spec
from simulator.viz.people import has_people, people_by_state_chart_spec
from simulator.viz.supplies import (
    delivery_sankey_spec,
    has_supplies,
    stock_by_tier_chart_spec,
    supply_names,
    unmet_demand_chart_spec,
)
from simulator.viz.teams import team_utilisation_chart_spec

# No web fonts: a local CJK stack so Chinese renders offline on Linux, Windows, macOS.
_CSS = """
body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;
 max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
h1{margin-bottom:.2em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
.description{color:#444}
table{border-collapse:collapse;margin:.5em 0 1em}
th,td{border:1px solid #ccc;padding:.3em .7em;text-align:left;vertical-align:top}
th{background:#f3f5f7}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.met{color:#1a7f37;font-weight:600}.not-met{color:#c62828;font-weight:600}.no-data{color:#777}
.figure{margin:1em 0}
footer{margin-top:2em;border-top:1px solid #ddd;padding-top:.5em;color:#666;font-size:.9em}
"""


def report_figures(scenario, events: pd.DataFrame, meta: dict, lang: str) -> list[tuple[str, dict]]:
    """The report's figures as figure dicts (viz's ``*_spec``), each with its div id, in the page's order."""
    horizon = float(meta.get("horizon") or scenario.meta.horizon)
    team_names = {t.id: text(t.name, lang) for t in scenario.teams}
    figures = [
        ("incident-timeline", incident_timeline_spec(events, lang, scenario)),
        ("team-utilisation", team_utilisation_chart_spec(events, horizon, team_names, lang)),
        ("response-times", response_time_histogram_spec(events, lang, target=arrival_target(scenario))),
        ("command-chain", command_chain_graph_spec(scenario, unit_load(events), lang)),
        ("team-gantt", team_gantt_spec(events, team_names, lang, horizon=horizon)),
        ("map", geo_map_spec(scenario, events, lang)),
        ("map-over-time", animated_map_spec(scenario, events, lang)),
        ("message-swimlanes", message_swimlanes_spec(events, scenario, None, lang)),
    ]
    for warning_id in events.loc[events["kind"] == "warning_issued", "entity"]:
        figures.append((f"warning-{warning_id}", warning_reach_chart_spec(events, scenario, warning_id, lang)))
    if has_supplies(events):
        names = supply_names(scenario, lang)
        figures += [
            ("stock-by-tier", stock_by_tier_chart_spec(events, names, lang)),
            ("supply-deliveries", delivery_sankey_spec(events, names, lang)),
            ("unmet-demand", unmet_demand_chart_spec(events, names, lang)),
        ]
    if has_people(events):
        figures.append(("people-by-state", people_by_state_chart_spec(events, lang, horizon)))
    return figures


def _figures(scenario, events: pd.DataFrame, meta: dict, lang: str) -> str:
    figures = report_figures(scenario, events, meta, lang)
    # plotly.js goes in with the first figure only; fixed div ids keep the
    # output identical for identical input (plotly would pick random ones).
    parts = [figure_html(spec, div_id, include_plotlyjs=(i == 0), post_script=ZOOM_LABELS_JS) for i, (div_id, spec) in enumerate(figures)]
    return "".join(f'<div class="figure">{p}</div>' for p in parts)


def build_report_html(
    scenario,
    events: pd.DataFrame,
    kpis: dict[str, float | None],
    objectives: list[dict],
    meta: dict,
    lang: str | None = None,
    scorecard: list[dict] | None = None,
    drill: dict | None = None,
    *,
    aar_analysis: tuple[dict, list[dict]] | None = None,
) -> str:
    """The whole report as one HTML string; works without network access.

    ``scorecard``: the rows of a drill's score card, shown after the objectives;
    ``drill``: a drill's record from its store (observations, decisions, actions), None for a run;
    ``aar_analysis``: what :func:`simulator.report.aar.build_aar` would analyse, when the caller has it
    (a run's ``analyse(scenario, events)``: up to the log's end, as the report of a run measures).
    """
    lang = resolve_lang(lang)
    # a drill's report without its store's record (a score card only) still judges what injects expected of players
    aar = build_aar(scenario, events, meta, lang, drill if drill is not None else ({} if scorecard is not None else None), aar_analysis)
    title = tr("report.title", lang)
    scenario_title = text(scenario.meta.title, lang)

    def section(key: str, body: str) -> str:
        return f"<section><h2>{escape(tr(key, lang))}</h2>{body}</section>"

    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{"zh-CN" if lang == "zh" else "en"}">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)} - {escape(scenario_title)}</title>",
            f"<style>{_CSS}{AAR_CSS}</style></head>",
            "<body>",
            f"<header><h1>{escape(title)}</h1>",
            f"<p><strong>{escape(tr('report.scenario', lang))}:</strong> {escape(scenario_title)}</p>",
            f'<p class="description">{escape(text(scenario.meta.description, lang))}</p></header>',
            aar_sections(aar),
            f"<h2 class=\"annex\">{escape(tr('aar.section.annex', lang))}</h2>",
            section("report.run", meta_table(meta, lang)),
            section("report.kpis", kpi_table(kpis, lang)),
            section("report.objectives", objectives_table(objectives, lang)),
            section("report.scorecard", scorecard_section(scorecard, lang)) if scorecard is not None else "",
            section("report.cmd.section", command_section(scenario, events, lang)),
            section("report.hazard.section", hazard) if (hazard := hazard_section(scenario, events, lang)) else "",
            section("report.figures", _figures(scenario, events, meta, lang)),
            section("report.unmet_list", unmet_table(scenario, events, lang)),
            f"<footer>{escape(tr('report.generated', lang))}</footer>",
            "</body></html>",
        ]
    )


def write_report(
    path: str | Path,
    scenario,
    events: pd.DataFrame,
    kpis: dict[str, float | None],
    objectives: list[dict],
    meta: dict,
    lang: str | None = None,
    scorecard: list[dict] | None = None,
    drill: dict | None = None,
    *,
    aar_analysis: tuple[dict, list[dict]] | None = None,
) -> Path:
    """Write :func:`build_report_html` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_report_html(scenario, events, kpis, objectives, meta, lang, scorecard, drill, aar_analysis=aar_analysis), encoding="utf-8")
    return path
