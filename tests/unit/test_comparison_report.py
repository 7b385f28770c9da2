"""Comparison figures by structure, and the offline comparison report, from recorded tables only."""

from __future__ import annotations

import pandas as pd
import pytest

from simulator.experiments import summarise
from simulator.report.comparison import build_comparison_html, fmt, report_parts, verdict_frame
from simulator.viz.experiments import VERDICT_COLOURS, kpi_distribution, paired_difference_chart


@pytest.fixture
def results():
    return pd.DataFrame({
        "plan": ["a"] * 4 + ["b"] * 4,
        "replication": [0, 1, 2, 3] * 2,
        "seed": [11, 12, 13, 14] * 2,
        "error": [""] * 7 + ["RuntimeError: boom"],
        "report_latency_mean": [10.0, 12.0, 14.0, 16.0, 8.0, 10.5, 12.0, None],
        "supply_fill_rate": [0.9, 0.8, 0.7, 0.6, 0.9, 0.8, 0.7, None],
    })


@pytest.fixture
def meta():
    return {
        "scenario_id": "tiny", "title": {"zh": "小场景", "en": "Tiny"}, "scenario_hash": "abc", "root_seed": 1,
        "replications": 4, "executor": "serial", "version": "0.1.0", "stop_reason": "done",
        "plans": [
            {"id": "a", "name": {"zh": "甲方案", "en": "Plan A"}, "source": "a.yaml", "changes": [], "scenario_hash": "abc"},
            {"id": "b", "name": {"zh": "乙方案", "en": "Plan B"}, "source": "b.yaml", "changes": ["teams.t.size=40"], "scenario_hash": "def"},
        ],
    }


def test_distribution_has_one_trace_per_plan_with_its_successful_values(results):
    fig = kpi_distribution(results, "report_latency_mean", {"a": "Plan A", "b": "Plan B"}, "en")
    assert [t.type for t in fig.data] == ["box", "box"]
    assert [t.name for t in fig.data] == ["Plan A", "Plan B"]
    assert list(fig.data[1].y) == [8.0, 10.5, 12.0]  # the failed replication is left out
    assert fig.layout.title.text == "mean report latency (min) per plan"
    violin = kpi_distribution(results, "report_latency_mean", lang="zh", kind="violin")
    assert [t.type for t in violin.data] == ["violin", "violin"]


def test_difference_chart_shows_each_interval_and_colours_the_verdict(results):
    summary = summarise(results)
    fig = paired_difference_chart(summary.differences, "report_latency_mean", {"a": "Plan A", "b": "Plan B"}, "en")
    unpaired, trace = fig.data
    row = summary.difference("b", "report_latency_mean")
    # behind the paired interval, the one the same runs give as independent samples
    assert list(unpaired.error_x.array) == [pytest.approx(row["unpaired_half_width"])]
    assert unpaired.name == "as independent seeds (Welch)" and trace.name == "paired (common random numbers)"
    assert list(trace.x) == [pytest.approx(row["mean"])]
    assert trace.error_x.array[0] == pytest.approx(row["high"] - row["mean"])
    assert trace.error_x.arrayminus[0] == pytest.approx(row["mean"] - row["low"])
    assert list(trace.marker.color) == [VERDICT_COLOURS["better"]]
    assert list(fig.layout.yaxis.ticktext) == ["Plan B - Plan A"]


def test_report_is_offline_bilingual_and_names_the_winner(results, meta):
    summary = summarise(results)
    html = build_comparison_html(meta, summary, results, "en")
    assert html.count("plotly.js v") == 1 and "<script src=" not in html
    assert "better: Plan B wins" in html and "Identical under every plan: supply fill rate." in html
    assert "RuntimeError: boom" in html and "teams.t.size=40" in html
    assert html == build_comparison_html(meta, summary, results, "en")  # same input, same bytes
    zh = build_comparison_html(meta, summary, results, "zh")
    assert "预案方案对比" in zh and "乙方案胜出" in zh and "失败的运行" in zh
    assert "各方案完全相同:物资满足率。" in zh


def test_report_opens_with_the_answer_and_folds_the_figures(results, meta):
    """The answer before any table or figure; each plotted KPI in a closed <details>; no -0.00."""
    summary = summarise(results)
    meta = {**meta, "objectives": [
        {"id": "fast", "name": {"en": "Reports within 12 minutes", "zh": "12分钟内上报"}, "kpi": "report_latency_mean", "op": "<=", "target": 12.0},
    ]}
    html = build_comparison_html(meta, summary, results, "en")
    answer, detail = html.index('<section class="answer">'), html.index("<h2>Detail</h2>")
    assert answer < detail < html.index("<table><thead><tr><th>Plan</th>") and html.index("plotly.js v") > detail
    # plan a: 10 12 14 16 -> 2 of 4 within 12 min; Wilson: p = .5, z^2/n = 3.841459/4 = .960365, centre .5,
    # half = 1.959964/1.960365 * sqrt(.25/4 + 3.841459/64) = .999795 * .350033 = .349961 -> [15%, 85%]
    assert ">Reports within 12 minutes</td><td class=\"rate\">≤ 12 min</td><td class=\"rate\">50% [15%, 85%] 2/4</td>" in html
    assert "No objective gets worse under any plan." in html
    # report latency: a figure pair in a closed <details>; supply fill rate is identical: no figure
    assert html.count('<details class="kpi">') == 1 and "<summary>mean report latency (min)</summary>" in html
    assert html.count('class="plotly-graph-div"') == 2
    assert "-0.0" not in html.replace("-0.0%", "")  # plotly.js itself has none of ours
    called = []
    build_comparison_html(meta, summary, results, "en", step=lambda: called.append(1))
    assert len(called) == report_parts(summary, results, meta)  # the progress bar's total is what is stepped


def test_verdict_frame_and_number_format(results):
    frame = verdict_frame(summarise(results), {"a": "Plan A", "b": "Plan B"}, "en")
    assert list(frame.columns) == ["KPI", "Plan", "Plan mean", "Plan A (reference)", "Difference (plan - reference)", "Pairs", "Verdict"]
    assert frame.iloc[0]["Verdict"] == "better (Plan B wins)"
    assert frame.iloc[0]["Pairs"] == "3 of 4; 1 failed"  # replication 3 of plan B failed
    assert fmt("supply_fill_rate", 0.953) == "95.3%" and fmt("report_latency_mean", 25.04) == "25.0 min"
    # b - a on report latency: 8-10, 10.5-12, 12-14 = -2, -1.5, -2 (mean -1.83); a share's difference in points
    assert frame.iloc[0]["Difference (plan - reference)"].startswith("-1.83 min [")
    assert fmt("incidents_unmet", 0.25) == "0.25" and fmt("x", None, "zh") == "无数据"
