"""The one-page answer of a plan comparison and its terminal table, on hand-made results."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from simulator.experiments import summarise
from simulator.experiments.objective_rates import met_rates
from simulator.experiments.statistics import wilson_interval
from simulator.report.comparison_answer import build_answer
from simulator.report.comparison_console import console_report, display_width, wrap
from simulator.report.kpi_units import fmt, fmt_interval, number

# Student's t, 0.975 quantile, 4 degrees of freedom: 2.776 (any t table, e.g. NIST/SEMATECH
# e-Handbook of Statistical Methods, table 1.3.6.7.2); to more places 2.7764451.
T_975_4 = 2.7764451
# standard normal 0.975 quantile: 1.959964 (NIST/SEMATECH table 1.3.6.7.1)
Z_975 = 1.959964

NAMES = {"status_quo": "Multi-head", "unified": "Unified command"}


def _frame(columns: dict[str, dict[str, list[float]]], plans: list[str]) -> pd.DataFrame:
    """Results rows for ``plans`` with per-replication KPI values ``columns[kpi][plan]``."""
    n = len(next(iter(columns.values()))[plans[0]])
    rows = []
    for plan in plans:
        for r in range(n):
            rows.append({"plan": plan, "replication": r, "seed": 100 + r, "error": "", **{k: v[plan][r] for k, v in columns.items()}})
    return pd.DataFrame(rows)


def _meta(plans: dict[str, dict[str, str]], objectives: list[dict] | None = None, replications: int = 5) -> dict:
    return {
        "scenario_id": "hand", "title": {"zh": "手算", "en": "By hand"}, "scenario_hash": "h", "root_seed": 1,
        "replications": replications, "executor": "serial", "version": "0", "stop_reason": "done",
        "plans": [{"id": p, "name": n, "source": "", "changes": [], "scenario_hash": p} for p, n in plans.items()],
        "objectives": objectives or [],
    }


@pytest.fixture
def two_plans():
    """Five paired replications.

    order latency, status quo 30 28 32 29 31 (mean 30), unified 17 16 18 15 19 (mean 17);
    share within 30 min, status quo .40 .38 .42 .41 .39 (40%), unified .62 .61 .63 .60 .64 (62%);
    incidents identical under both plans.
    """
    return _frame({
        "order_latency_mean": {"status_quo": [30, 28, 32, 29, 31], "unified": [17, 16, 18, 15, 19]},
        "share_arrival_within_30": {"status_quo": [0.40, 0.38, 0.42, 0.41, 0.39], "unified": [0.62, 0.61, 0.63, 0.60, 0.64]},
        "incidents_total": {"status_quo": [7, 9, 8, 8, 6], "unified": [7, 9, 8, 8, 6]},
    }, ["status_quo", "unified"])


def test_the_sentences_state_the_paired_difference_computed_by_hand(two_plans):
    summary = summarise(two_plans)
    meta = _meta({"status_quo": {"en": "Multi-head", "zh": "多头"}, "unified": {"en": "Unified command", "zh": "统一指挥"}})
    # unified - status quo per replication: -13 -12 -14 -14 -12; mean -13, deviations 0 1 -1 -1 1,
    # sd = sqrt(4/4) = 1; half width = t(.975, 4) * 1 / sqrt(5) = 2.7764451 / 2.2360680 = 1.24166
    d = summary.difference("unified", "order_latency_mean")
    half = T_975_4 * 1.0 / math.sqrt(5)
    assert d["mean"] == pytest.approx(-13.0) and d["low"] == pytest.approx(-13 - half, abs=1e-5) and d["high"] == pytest.approx(-13 + half, abs=1e-5)
    # shares: differences .22 .23 .21 .19 .25, mean .22, squared deviations sum 0+1+1+9+9 = 20e-4,
    # sd = sqrt(20e-4 / 4) = 0.0223607; half = 2.7764451 * 0.0223607 / 2.2360680 = 0.0277645 (2.8 points)
    s = summary.difference("unified", "share_arrival_within_30")
    assert s["high"] - s["mean"] == pytest.approx(T_975_4 * math.sqrt(20e-4 / 4) / math.sqrt(5), abs=1e-6)

    answer = build_answer(meta, summary, two_plans, NAMES, "en")
    texts = [f.text for f in answer.others]
    # one significant digit of the half width (1.24 min -> whole minutes): [11.76, 14.24] -> [12, 14]
    assert "Unified command cuts mean order latency by 13 min [12, 14] (30 min to 17 min) (better)" in texts
    # 2.8 points -> whole points: [19.2, 24.8] -> [19, 25]
    assert "Unified command raises share reached within 30 min from 40% to 62% (+22 points [19, 25]) (better)" in texts
    assert answer.headline == "No KPI gets worse under any plan." and not answer.worse
    assert answer.identical == ["incidents_total"]  # the same in every pair: said once, not as "0 [0, 0]"

    zh = build_answer(meta, summary, two_plans, {"status_quo": "多头", "unified": "统一指挥"}, "zh")
    assert "统一指挥使指令平均下达用时缩短 13 分钟 [12, 14](30 分钟 → 17 分钟)(更优)" in [f.text for f in zh.others]


def test_a_kpi_that_gets_worse_is_named_in_the_headline(two_plans):
    worse = two_plans.assign(order_latency_mean=[17, 16, 18, 15, 19, 30, 28, 32, 29, 31])  # the unified plan now 13 min slower
    answer = build_answer(_meta({"status_quo": {"en": "Multi-head"}, "unified": {"en": "Unified command"}}), summarise(worse), worse, NAMES, "en")
    assert answer.worse and answer.headline == "Gets worse: mean order latency under Unified command."
    assert "Unified command lengthens mean order latency by 13 min [12, 14] (17 min to 30 min) (worse)" in [f.text for f in answer.others]


def _objective_results() -> pd.DataFrame:
    """30 replications; an objective "order latency <= 15 min": met 18/30 under the status quo, 27/30 unified."""
    quo = [10.0] * 18 + [20.0] * 12
    unified = [10.0] * 18 + [9.0] * 9 + [16.0] * 3  # same or faster in every replication
    return _frame({"order_latency_mean": {"status_quo": quo, "unified": unified}}, ["status_quo", "unified"])


ORDERS_FAST = {"id": "orders_fast", "name": {"en": "Orders within 15 minutes", "zh": "指令15分钟内下达"}, "kpi": "order_latency_mean", "op": "<=", "target": 15.0}


def _wilson_by_hand(k: int, n: int) -> tuple[float, float]:
    """(p + z^2/2n -/+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), Wilson (1927)."""
    p, z2 = k / n, Z_975**2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z_975 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return centre - half, centre + half


def test_objective_met_rates_carry_wilson_intervals_computed_by_hand():
    results = _objective_results()
    # 18/30: p = .6, z^2/n = 3.841459/30 = .128049; centre = (.6 + .064024)/1.128049 = .588648;
    # half = 1.959964/1.128049 * sqrt(.24/30 + 3.841459/3600) = 1.737482 * .095219 = .165445 -> [.4232, .7541]
    low, high = _wilson_by_hand(18, 30)
    assert (low, high) == pytest.approx((0.4232, 0.7541), abs=1e-4)
    # 27/30: p = .9; centre = (.9 + .064024)/1.128049 = .854594; half = 1.737482 * sqrt(.09/30 + .001067) = .110806
    low27, high27 = _wilson_by_hand(27, 30)
    assert (low27, high27) == pytest.approx((0.7438, 0.9654), abs=1e-4)
    assert wilson_interval(18, 30).low == pytest.approx(low, abs=1e-6) and wilson_interval(27, 30).high == pytest.approx(high27, abs=1e-6)
    assert (wilson_interval(0, 30).low, wilson_interval(30, 30).high) == (0.0, 1.0)

    rates = met_rates(results, [ORDERS_FAST], ["status_quo", "unified"]).set_index("plan")
    assert list(rates["met"]) == [18, 27] and list(rates["judged"]) == [30, 30]
    assert rates.loc["unified", "low"] == pytest.approx(low27, abs=1e-6)

    meta = _meta({"status_quo": {"en": "Multi-head", "zh": "多头"}, "unified": {"en": "Unified command", "zh": "统一指挥"}}, [ORDERS_FAST], 30)
    answer = build_answer(meta, summarise(results), results, NAMES, "en")
    (objective,) = answer.objectives
    assert objective.target == "≤ 15 min"
    assert objective.rates == {"status_quo": "60% [42%, 75%] 18/30", "unified": "90% [74%, 97%] 27/30"}
    assert answer.headline == "No objective gets worse under any plan."
    # unified - status quo: 0 in 18 replications, 9 - 20 = -11 in 9, 16 - 20 = -4 in 3: mean -111/30 = -3.7;
    # squared deviations 18 * 3.7^2 + 9 * 7.3^2 + 3 * 0.3^2 = 726.3, sd = sqrt(726.3 / 29) = 5.00448;
    # half width t(.975, 29) = 2.045 (t table) * 5.00448 / sqrt(30) = 1.869 -> whole minutes: [1.83, 5.57] -> [2, 6];
    # means 420/30 = 14 and 309/30 = 10.3 min
    assert objective.findings[0].text == "Unified command cuts mean order latency by 4 min [2, 6] (14 min to 10 min) (better)"


def test_an_objective_that_gets_worse_is_listed():
    results = _objective_results()
    swapped = results.assign(plan=results["plan"].map({"status_quo": "unified", "unified": "status_quo"}))
    meta = _meta({"status_quo": {"en": "Multi-head"}, "unified": {"en": "Unified command"}}, [ORDERS_FAST], 30)
    answer = build_answer(meta, summarise(swapped, ["status_quo", "unified"]), swapped, NAMES, "en")
    assert answer.worse and answer.headline == "Gets worse: Orders within 15 minutes under Unified command."


def test_a_run_without_a_value_is_not_judged():
    results = _objective_results()
    results.loc[(results["plan"] == "unified") & (results["replication"] == 0), "order_latency_mean"] = None
    results.loc[(results["plan"] == "unified") & (results["replication"] == 1), "error"] = "RuntimeError: boom"
    rates = met_rates(results, [ORDERS_FAST], ["status_quo", "unified"]).set_index("plan")
    # replications 0 and 1 were met (10 min); 16 of the other 28 are 10 min, 9 are 9 min: 25 met of 28 judged
    assert rates.loc["unified", ["met", "judged", "not_judged", "failed"]].tolist() == [25, 28, 1, 1]


THREE = {
    "status_quo": {"en": "Multi-head street leadership (status quo)", "zh": "街道多头领导(现状)"},
    "unified": {"en": "Unified street command centre", "zh": "街道统一指挥中心"},
    "ab_roles": {"en": "AB roles at the street duty desk", "zh": "街道值班AB角"},
}


def _three_plans() -> pd.DataFrame:
    values = {
        "supply_first_delivery_mean": {  # the same sums taken in another order: 1e-15 apart, identical
            "status_quo": [31.7, 31.7, 31.7, 31.7, 31.7],
            "unified": [31.7 + 1e-14, 31.7, 31.7 - 1e-14, 31.7, 31.7],
            "ab_roles": [31.7] * 5,
        },
        "incidents_total": {p: [7, 9, 8, 8, 6] for p in THREE},
        "unmet_person_days": {p: [None] * 5 for p in THREE},
        "supply_fill_rate": {"status_quo": [0.95, 0.97, 0.96, 0.94, 0.98], "unified": [0.95, 0.97, 0.96, 0.94, 0.98], "ab_roles": [0.951, 0.969, 0.962, 0.941, 0.975]},
        "order_latency_mean": {"status_quo": [30, 28, 32, 29, 31], "unified": [17, 16, 18, 15, 19], "ab_roles": [29.9, 28.2, 31.7, 29.1, 30.8]},
        "calls_unanswered": {"status_quo": [2, 1, 3, 2, 2], "unified": [2, 1, 3, 2, 2], "ab_roles": [1, 1, 2, 1, 1]},
        "supply_first_delivery_completed_share": {"status_quo": [1, 1, 1, 1, 0.5], "unified": [1, 1, 1, 1, 0.5], "ab_roles": [1, 1, 1, 0.75, 0.5]},
    }
    return _frame(values, list(THREE))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_terminal_report_fits_100_columns_and_says_identical_kpis_once(lang):
    results = _three_plans()
    summary = summarise(results, list(THREE))
    assert summary.difference("unified", "supply_first_delivery_mean")["verdict"] == "identical"  # not "not significant [-0.00, 0.00]"
    meta = _meta(THREE, [ORDERS_FAST])
    text = console_report(meta, summary, results, lang)
    lines = text.splitlines()
    assert max(display_width(line) for line in lines) <= 100
    assert "-0.0" not in text and "[0, 0]" not in text and "0.00 [" not in text
    names = {"en": ("mean request-to-first-delivery per site (min)", "incidents", "Identical under every plan: "),
             "zh": ("各需求点从申请到首批物资送达平均用时(分钟)", "事件总数", "各方案完全相同:")}[lang]
    identical_lines = [line for line in lines if line.startswith(names[2])]
    assert len(identical_lines) == 1
    said = "".join(lines[lines.index(identical_lines[0]):])  # the line may wrap
    assert names[0] in said and names[1] in said
    # each KPI of the table once: no row for the identical ones
    assert sum(names[1] in line for line in lines) == 1
    # plans as letters, each named once in the legend
    assert sum(line.strip().startswith("A ") for line in lines) == 1 and THREE["ab_roles"][lang] in text


def test_wrap_counts_wide_characters_as_two_columns():
    text = "街道统一指挥中心使指令平均下达用时缩短 13 分钟 [12, 14](30 分钟 → 17 分钟)(更优)"
    lines = wrap(text, 20, "  ")
    assert all(display_width(line) <= 20 for line in lines) and "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")
    assert wrap("a path/that/is/much/longer/than/the/line", 10)[0] == "a"


def test_numbers_never_read_minus_zero_and_carry_units():
    assert number(-0.004, 2) == "0.00" and number(-0.04, 1) == "0.0" and number(0.3, 1, signed=True) == "+0.3"
    assert fmt("order_latency_mean", 28.04, "en") == "28.0 min" and fmt("order_latency_mean", 28.04, "zh") == "28.0 分钟"
    assert fmt("supply_fill_rate", 0.953) == "95.3%" and fmt("calls_unanswered", 2.0) == "2" and fmt("calls_unanswered", 1.8) == "1.8"
    assert fmt("unmet_demand_hours", 2.85, "en") == "2.85 h"
    row = {"mean": -0.00001, "low": -0.002, "high": 0.002}
    assert fmt_interval("supply_fill_rate", row, "en", difference=True, decimals=1) == "0.0 points [-0.2, +0.2]"
