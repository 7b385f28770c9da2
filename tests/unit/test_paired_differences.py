"""Paired differences say which pairs they used and why others were dropped, and what pairing bought."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy import stats

from simulator.experiments import summarise
from simulator.experiments.statistics import unpaired_half_width, variance_reduction
from simulator.report.comparison import build_comparison_html, pairs_text

NAMES = {"a": "Plan A", "b": "Plan B"}


@pytest.fixture
def results():
    """Seven replications of A; B: four paired values, one with no value, one failed, one never run."""
    return pd.DataFrame({
        "plan": ["a"] * 7 + ["b"] * 6,
        "replication": [0, 1, 2, 3, 4, 5, 6] + [0, 1, 2, 3, 4, 5],
        "seed": [11, 12, 13, 14, 15, 16, 17] + [11, 12, 13, 14, 15, 16],
        "error": [""] * 7 + ["", "", "", "", "", "RuntimeError: boom"],
        "report_latency_mean": [10.0, 12.0, 14.0, 16.0, 11.0, 13.0, 15.0] + [8.0, 11.0, 11.0, 15.0, None, None],
    })


def test_dropped_pairs_are_counted_by_reason(results):
    d = summarise(results).difference("b", "report_latency_mean")
    assert d["n"] == 4  # replications 0-3
    assert (d["dropped_not_run"], d["dropped_failed"]) == (1, 1)  # 6: B never ran; 5: B failed
    assert (d["no_value_reference"], d["no_value_plan"], d["no_value_both"]) == (0, 1, 0)  # 4: no value under B
    row = summarise(results).differences.iloc[0]
    assert pairs_text(row, NAMES, "en") == "4 of 7; 1 not run, 1 failed, 1 with no value under Plan B"
    assert pairs_text(row, NAMES, "zh") == "7 对中 4 对;1 对未运行、1 对运行失败、1 对在Plan B下无数值"


def test_variance_reduction_and_unpaired_half_width_by_hand(results):
    d = summarise(results).difference("b", "report_latency_mean")
    # pairs (10, 8), (12, 11), (14, 11), (16, 15): differences -2, -1, -3, -1, mean -1.75,
    # squared deviations 0.0625 + 0.5625 + 1.5625 + 0.5625 = 2.75 -> Var(d) = 2.75 / 3
    # Var(a) = (9 + 1 + 1 + 9) / 3 = 20 / 3; Var(b) = (10.5625 + 0.0625 + 0.0625 + 14.0625) / 3 = 8.25
    assert d["variance_reduction"] == pytest.approx(1 - (2.75 / 3) / (20 / 3 + 8.25))  # 0.93855
    # paired: t(0.975, 3) = 3.182446 * sqrt(2.75 / 3) / 2
    assert d["half_width"] == pytest.approx(3.182446 * math.sqrt(2.75 / 3) / 2, abs=1e-6)
    # Welch: va = (20/3)/4, vb = 8.25/4, df = (va + vb)^2 / ((va^2 + vb^2) / 3) = 5.9332
    va, vb = 20 / 3 / 4, 8.25 / 4
    df = (va + vb) ** 2 / ((va**2 + vb**2) / 3)
    assert df == pytest.approx(5.9332, abs=1e-4)
    assert d["unpaired_half_width"] == pytest.approx(stats.t.ppf(0.975, df) * math.sqrt(va + vb))
    assert d["unpaired_half_width"] > 3 * d["half_width"]  # what common random numbers bought here


def test_pairing_that_hurts_shows_a_negative_reduction_and_degenerate_cases_have_none():
    # b moves against a: Var(b - a) = Var(a) + Var(b) + 2 |Cov| -> reduction 1 - 4 = -1... exactly:
    # a = 1, 2, 3; b = 3, 2, 1: Var(a) = Var(b) = 1, b - a = 2, 0, -2, Var = 4 -> 1 - 4/2 = -1
    assert variance_reduction([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert math.isnan(variance_reduction([1.0], [2.0]))
    assert math.isnan(variance_reduction([5, 5, 5], [5, 5, 5]))  # nothing varies: nothing to reduce
    assert unpaired_half_width([5, 5, 5], [5, 5, 5]) == 0.0
    assert math.isnan(unpaired_half_width([1, None], [2, 3]))  # one pair only


def test_report_shows_the_pairs_and_the_effect_of_common_random_numbers(results):
    summary = summarise(results)
    meta = {
        "scenario_id": "tiny", "title": {"zh": "小场景", "en": "Tiny"}, "scenario_hash": "abc", "root_seed": 1,
        "replications": 7, "executor": "serial", "version": "0.1.0", "stop_reason": "interrupted", "time_limit": 600.0,
        "plans": [
            {"id": "a", "name": {"zh": "甲", "en": "Plan A"}, "source": "a.yaml", "changes": [], "scenario_hash": "abc"},
            {"id": "b", "name": {"zh": "乙", "en": "Plan B"}, "source": "b.yaml", "changes": [], "scenario_hash": "def"},
        ],
    }
    html = build_comparison_html(meta, summary, results, "en")
    d = summary.difference("b", "report_latency_mean")
    assert "4 of 7; 1 not run, 1 failed, 1 with no value under Plan B" in html
    assert f"±{d['half_width']:.2f} min paired, ±{d['unpaired_half_width']:.2f} min with independent seeds (94% of the variance removed)" in html
    assert "interrupted (Ctrl-C)" in html and "600 s" in html
    zh = build_comparison_html(meta, summary, results, "zh")
    assert "方差减少 94%" in zh and "已中断" in zh and "600 秒" in zh
