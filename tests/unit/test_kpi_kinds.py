"""One rule for what kind of number a KPI is (simulator.metrics.kpi_kinds), used by every view of it."""

from __future__ import annotations

import pytest

from simulator.experiments.compare import summarise
from simulator.i18n import tr
from simulator.metrics.kpi_kinds import COUNT, HOURS, MINUTES, OTHER, PERSON_DAYS, SHARE, is_count, is_share, kind
from simulator.report.comparison_answer import build_answer
from simulator.report.kpi_units import fmt, kpi_kind, kpi_noun
from simulator.report.tables import format_kpi, kpi_table
from simulator.scenario.vocabulary import KPI_NAMES
from tests.unit.test_comparison_answer import _frame, _meta


def test_every_kpi_an_objective_may_name_has_a_kind():
    assert {k: kind(k) for k in KPI_NAMES if kind(k) == OTHER} == {}


def test_the_label_says_minutes_exactly_when_the_kind_does():
    """A minutes KPI carries the unit in both labels (kpi_noun strips it, the value shows it); no other KPI does."""
    for k in KPI_NAMES:
        en, zh = tr(f"kpi.{k}", "en"), tr(f"kpi.{k}", "zh")
        assert (kind(k) == MINUTES) == en.endswith(" (min)") == zh.endswith("(分钟)"), (k, en, zh)


def test_kinds_by_hand():
    assert [kind(k) for k in ("supply_fill_rate", "team_utilisation_mean", "report_latency_completed_share", "share_arrival_within_30")] == [SHARE] * 4
    assert [kind(k) for k in ("incidents_total", "people_poisoned", "shelter_overflow_people")] == [COUNT] * 3
    assert [kind(k) for k in ("report_latency_p90", "plan_action_minutes_mean", "release_contained_minutes")] == [MINUTES] * 3
    assert (kind("unmet_demand_hours"), kind("unmet_person_days"), kind("seed")) == (HOURS, PERSON_DAYS, OTHER)
    # the predicates and the report's rule are the one rule
    assert all(is_share(k) == (kind(k) == SHARE) and is_count(k) == (kind(k) == COUNT) and kpi_kind(k) == kind(k) for k in KPI_NAMES)


def test_every_view_shows_the_same_unit():
    # the run report's table and the comparisons' fmt agree on every KPI (one rule, one formatter)
    for k in KPI_NAMES:
        assert format_kpi(k, 12.5, "en") == fmt(k, 12.5, "en")
    assert format_kpi("plan_action_minutes_mean", 32.4, "en") == "32.4 min"  # was a bare "32.4"
    assert format_kpi("plan_action_minutes_mean", 32.4, "zh") == "32.4 分钟"
    assert format_kpi("unmet_person_days", 12.5, "en") == "12.5 person-days"  # the tables called this a plain number
    assert format_kpi("unmet_demand_hours", 2.0, "zh") == "2 小时"
    assert format_kpi("people_poisoned", 3.0, "en") == "3"
    assert kpi_noun("plan_action_minutes_mean", "en") == "mean trigger-to-plan-action time"


def test_the_run_reports_kpi_table_names_the_kpi_once_and_gives_the_value_its_unit():
    html = kpi_table({"report_latency_mean": 26.47, "supply_fill_rate": 0.8241}, "en")
    assert "<td>mean report latency</td>" in html and "26.5 min" in html and "82.4%" in html
    assert "(min)" not in html


def test_the_comparison_answer_gives_plan_minutes_as_minutes():
    """Plan action minutes, routine 40 42 38 41 39 (mean 40), prepared 30 31 29 32 28 (mean 30):
    differences -10 -11 -9 -9 -11, mean -10, sd = sqrt((0+1+1+1+1)/4) = 1, half width
    2.776 / sqrt(5) = 1.24 -> whole minutes: [8.76, 11.24] -> [9, 11]."""
    results = _frame({"plan_action_minutes_mean": {"routine": [40, 42, 38, 41, 39], "prepared": [30, 31, 29, 32, 28]}}, ["routine", "prepared"])
    summary = summarise(results)
    meta = _meta({"routine": {"en": "Routine", "zh": "常规"}, "prepared": {"en": "Prepared", "zh": "预置"}})
    answer = build_answer(meta, summary, results, {"routine": "Routine", "prepared": "Prepared"}, "en")
    texts = [f.text for f in answer.others]
    assert any(t.startswith("Prepared cuts mean trigger-to-plan-action time by 10 min [9, 11] (40 min to 30 min)") for t in texts), texts


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_missing_values_read_no_data(lang):
    assert format_kpi("plan_action_minutes_mean", None, lang) == tr("report.no_data", lang)


def test_the_notebooks_kpi_table_reads_like_the_report():
    from simulator.report.frames import kpi_table as notebook_table

    frame = notebook_table({"report_latency_mean": 26.47, "supply_fill_rate": 0.5, "incidents_total": 3.0}, [], "zh").data
    assert frame.iloc[:, :2].values.tolist() == [["平均上报用时", "26.5 分钟"], ["物资满足率", "50.0%"], ["事件总数", "3"]]
