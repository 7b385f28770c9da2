"""Censored KPIs and three metrics defects, on hand-made event logs (issue 12, parts 1 and 3).

Each log is written row by row here, so every expected number is a sum
done by hand in the comment beside it. Logs end with ``run_ended`` at 600
(the horizon), the time everything unfinished is censored at.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.eventlog import COLUMNS, numbered_events_frame
from simulator.metrics import compute_kpis
from simulator.metrics.censoring import censor, observed_until
from simulator.metrics.command import hop_latency, timeliness
from simulator.metrics.kpis import arrival_target, team_utilisation
from simulator.metrics.teams import unmet_demand_hours
from simulator.scenario import parse_scenario
from simulator.scenario.problems import ScenarioError
from tests.conftest import to_yaml

HORIZON = 600.0


def log(*rows: dict):
    """An event log from rows given as {column: value}; unnamed columns empty, seq in the order given."""
    blank = {c: "" for c in COLUMNS[1:]} | {"quantity": float("nan")}
    return numbered_events_frame([tuple((blank | r)[c] for c in COLUMNS[1:]) for r in rows])


def incident(name: str, occurred: float, detected: float | None = None, level: str = "IV") -> list[dict]:
    rows = [{"time": occurred, "kind": "incident_occurred", "incident": name, "level": level, "location": "v", "detail": "flood"}]
    if detected is not None:
        rows.append({"time": detected, "kind": "incident_detected", "incident": name, "level": level, "entity": "grid:v"})
    return rows


def ended(time: float = HORIZON) -> dict:
    return {"time": time, "kind": "run_ended"}


# -- the one mechanism ----------------------------------------------------------


def test_censor_counts_the_unfinished_to_the_end():
    # starts 0, 10, 20; ends 5, never, 70 (after the end at 50: not yet happened)
    # minutes: 5, 50 - 10 = 40, 50 - 20 = 30
    times = censor([0, 10, 20], [5, np.nan, 70], until=50)
    assert times.minutes.tolist() == [5, 40, 30]
    assert times.mean == pytest.approx(25)  # (5 + 40 + 30) / 3
    assert times.completed_share == pytest.approx(1 / 3)
    assert times.share_within(10) == pytest.approx(1 / 3)  # 40 and 30 are unfinished: not within
    assert times.quantile(0.5) == 30
    assert censor([], [], until=50).mean is None
    with pytest.raises(ValueError):
        censor([np.nan], [1.0], until=50)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 500), st.one_of(st.none(), st.floats(0, 200)), st.floats(0, 1)), min_size=1, max_size=12))
def test_finishing_any_item_sooner_never_reads_worse(items):
    # plan B finishes each item no later than plan A (or finishes one A never did)
    start = np.array([s for s, _, _ in items])
    end_a = np.array([np.nan if d is None else s + d for s, d, _ in items])
    end_b = np.where(np.isnan(end_a), start + 50.0, start + np.nan_to_num(end_a - start) * np.array([f for _, _, f in items]))
    a, b = censor(start, end_a, HORIZON), censor(start, end_b, HORIZON)
    assert b.mean <= a.mean + 1e-9
    assert b.quantile(0.9) <= a.quantile(0.9) + 1e-9
    assert b.share_within(30) >= a.share_within(30)
    assert b.completed_share >= a.completed_share


def test_the_log_runs_to_its_end_row_or_its_last_event():
    assert observed_until(log(*incident("a", 100, 110), ended(600)), 600) == 600
    assert observed_until(log(*incident("a", 100, 110)), 600) == 110  # a drill under way
    assert observed_until(log(*incident("a", 100, 110), ended(700)), 600) == 600


# -- incident KPIs ----------------------------------------------------------------


def _reviewer_log(second_team: bool):
    # incident a detected 110, reached 139 (29 min) by the only team, which stays to the end;
    # incident b detected 160: never reached with one team, reached at 204 (44 min) by a second team
    rows = [*incident("a", 100, 110), *incident("b", 150, 160)]
    rows.append({"time": 139, "kind": "team_arrived", "incident": "a", "team": "t1"})
    if second_team:
        rows.append({"time": 204, "kind": "team_arrived", "incident": "b", "team": "t2"})
    return log(*rows, ended())


def test_reviewer_case_the_better_plan_reads_better():
    one, two = (compute_kpis(_reviewer_log(k), HORIZON) for k in (False, True))
    # one team: b censored at 600 - 160 = 440 -> mean (29 + 440) / 2; within 30: a only
    assert one["first_arrival_mean"] == pytest.approx((29 + 440) / 2)
    assert one["first_arrival_completed_share"] == 0.5
    assert one["share_arrival_within_30"] == 0.5
    # two teams: (29 + 44) / 2 = 36.5, all reached; within 30: still a only
    assert two["first_arrival_mean"] == pytest.approx(36.5)
    assert two["first_arrival_completed_share"] == 1.0
    assert two["share_arrival_within_30"] == 0.5
    assert two["first_arrival_mean"] < one["first_arrival_mean"]
    assert two["first_arrival_p90"] < one["first_arrival_p90"]  # 29 + 0.9 * 15 = 42.5 < 29 + 0.9 * 411 = 398.9
    assert two["first_arrival_p90"] == pytest.approx(42.5)


def test_an_incident_never_detected_is_censored_from_its_occurrence():
    # a: detected 110, commanded 118, reached 139, closed 199; c occurred at 590, not detected by 600
    events = log(
        *incident("a", 100, 110),
        {"time": 118, "kind": "command_assumed", "incident": "a", "unit": "town", "level": "IV"},
        {"time": 139, "kind": "team_arrived", "incident": "a", "team": "t1"},
        {"time": 199, "kind": "incident_closed", "incident": "a"},
        *incident("c", 590),
        ended(),
    )
    kpis = compute_kpis(events, HORIZON)
    assert kpis["report_latency_mean"] == pytest.approx((8 + 10) / 2)  # c: 600 - 590
    assert kpis["report_latency_completed_share"] == 0.5
    assert kpis["first_arrival_mean"] == pytest.approx((29 + 10) / 2)
    assert kpis["incident_duration_mean"] == pytest.approx((99 + 10) / 2)  # a: 199 - 100
    assert kpis["incident_duration_completed_share"] == 0.5
    assert kpis["share_arrival_within_30"] == 0.5  # c is not within, though only 10 minutes old


# -- T from the scenario -------------------------------------------------------------


def _scenario(tiny, **changes):
    for key, value in changes.items():
        tiny[key] = value
    return parse_scenario(to_yaml(tiny), "tiny.yaml")


def _objective(kpi: str, op: str, target: float) -> dict:
    return {"id": f"o_{kpi}", "name": {"zh": "目标", "en": "goal"}, "kpi": kpi, "op": op, "target": target}


def test_the_arrival_target_comes_from_the_scenario(tiny):
    assert arrival_target(None) == 30
    assert arrival_target(_scenario(tiny)) == 30  # nothing said: the documented default
    p90 = _objective("first_arrival_p90", "<=", 60)
    assert arrival_target(_scenario(tiny, objectives=[_objective("first_arrival_mean", ">=", 5), p90])) == 60  # ">=" names no limit
    assert arrival_target(_scenario(tiny, objectives=[p90], kpis={"arrival_target_minutes": 45})) == 45  # set on purpose: wins


def test_share_within_target_uses_the_scenario_t(tiny):
    # b is reached at 44 minutes: within a target of 60, not of 30
    scenario = _scenario(tiny, objectives=[_objective("first_arrival_p90", "<=", 60)])
    kpis = compute_kpis(_reviewer_log(True), HORIZON, scenario=scenario)
    assert kpis["share_arrival_within_target"] == 1.0
    assert kpis["share_arrival_within_30"] == 0.5


@pytest.mark.parametrize("value", [0, -5, "soon"])
def test_a_bad_arrival_target_is_refused_with_its_path(tiny, value):
    tiny["kpis"] = {"arrival_target_minutes": value}
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(to_yaml(tiny), "tiny.yaml")
    assert "kpis.arrival_target_minutes" in caught.value.render("en")
    assert "tiny.yaml:" in caught.value.render("en")


def test_an_unknown_kpis_key_is_refused(tiny):
    tiny["kpis"] = {"arrival_target": 30}
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(to_yaml(tiny), "tiny.yaml")
    assert "kpis.arrival_target" in caught.value.render("en")


# -- reports against their limits at the end -------------------------------------------------


def _reports_log():
    # level IV, phone limit 60 (scenario below). a: reached its commander in 8 (met);
    # b: detected 110, still on its way at 600: 490 > 60 -> missed;
    # c: detected 580, 20 <= 60 at the end -> censored (neither met nor missed)
    return log(
        *incident("a", 100, 110),
        {"time": 118, "kind": "report_timeliness", "entity": "met", "incident": "a", "unit": "town", "level": "IV", "quantity": 8, "detail": "initial"},
        *incident("b", 100, 110),
        *incident("c", 570, 580),
        ended(),
    )


def test_a_report_still_on_its_way_is_missed_past_its_limit_and_censored_within(tiny):
    tiny["command"].update(reporting_limits={"IV": {"phone_minutes": 60}}, reports=["initial"])
    scenario = _scenario(tiny)
    events = _reports_log()
    assert compute_kpis(events, HORIZON, scenario=scenario)["report_within_limit_share"] == pytest.approx(1 / 3)
    table = timeliness(events, scenario)
    assert table.loc[("initial", "IV"), ["met", "missed", "censored"]].tolist() == [1, 1, 1]
    assert table.loc[("initial", "IV"), "share_met"] == pytest.approx(1 / 3)


def test_a_written_report_due_is_judged_too(tiny):
    # written limit 120 from detection: a (110) has none recorded and 490 > 120 -> missed;
    # b likewise; c (580): 20 <= 120 -> censored. Phone as above: 1 met, 1 missed, 1 censored.
    tiny["command"].update(reporting_limits={"IV": {"phone_minutes": 60, "written_minutes": 120}}, reports=["initial", "written"])
    table = timeliness(_reports_log(), _scenario(tiny))
    assert table.loc[("written", "IV"), ["met", "missed", "censored"]].tolist() == [0, 2, 1]
    assert compute_kpis(_reports_log(), HORIZON, scenario=_scenario(tiny))["report_within_limit_share"] == pytest.approx(1 / 6)


# -- desks, orders, supplies -------------------------------------------------------------


def _orders_log():
    # incident a sends two orders through the town desk, then a third that is still queued at the end:
    #   order 1: sent 120, queued 121, started 121 (waited 0), handled 125
    #   order 2: sent 122, queued 123, started 125 (waited 2), handled 129
    #   order 3: sent 590, queued 591, not started by 600 (waited 9 so far)
    # each then goes to its team (a team has no desk); team t2's order never arrives.
    order = {"incident": "a", "detail": "order"}
    return log(
        *incident("a", 100, 110),
        {"time": 118, "kind": "team_dispatched", "team": "t1", "incident": "a", "detail": "pumping"},
        {"time": 120, "kind": "message_sent", "unit": "town", **order},
        {"time": 121, "kind": "message_queued", "unit": "town", **order},
        {"time": 121, "kind": "message_started", "unit": "town", "quantity": 0, **order},
        {"time": 122, "kind": "message_sent", "unit": "town", **order},
        {"time": 123, "kind": "message_queued", "unit": "town", **order},
        {"time": 125, "kind": "message_handled", "unit": "town", "quantity": 4, **order},
        {"time": 125, "kind": "message_started", "unit": "town", "quantity": 2, **order},
        {"time": 125, "kind": "message_sent", "unit": "t1", **order},
        {"time": 126, "kind": "order_received", "team": "t1", "incident": "a", "quantity": 8},  # 126 - 118
        {"time": 129, "kind": "message_handled", "unit": "town", "quantity": 4, **order},
        {"time": 580, "kind": "team_dispatched", "team": "t2", "incident": "a", "detail": "pumping"},
        {"time": 590, "kind": "message_sent", "unit": "town", **order},
        {"time": 591, "kind": "message_queued", "unit": "town", **order},
        ended(),
    )


def test_hop_latency_takes_several_orders_through_one_unit():
    table = hop_latency(_orders_log(), "order")
    assert list(table.index) == ["town"]  # not the teams the orders go on to
    town = table.loc["town"]
    assert town["transmission"] == pytest.approx(1)  # 1, 1, 1
    assert town["wait"] == pytest.approx((0 + 2 + 9) / 3)  # the third waited 600 - 591 so far
    assert town["handling"] == pytest.approx(4)  # the two that began
    assert town["count"] == 3
    assert town["completed_share"] == pytest.approx(2 / 3)


def test_desk_waits_and_orders_count_what_is_still_waiting():
    kpis = compute_kpis(_orders_log(), HORIZON)
    assert kpis["queue_wait_mean"] == pytest.approx((0 + 2 + 9) / 3)
    assert kpis["queue_wait_completed_share"] == pytest.approx(2 / 3)
    assert kpis["order_latency_mean"] == pytest.approx((8 + 20) / 2)  # t2: 600 - 580
    assert kpis["order_latency_completed_share"] == 0.5


def test_a_site_still_waiting_for_supplies_counts():
    # site s1 asked at 100, got its first delivery at 150 (50); s2 asked at 500, nothing by 600 (100)
    ask = {"kind": "supply_requested", "item": "water", "quantity": 10, "detail": "shelter"}
    events = log(
        {"time": 100, "entity": "s1", "location": "v", **ask},
        {"time": 150, "kind": "supply_delivered", "entity": "depot", "item": "water", "quantity": 10, "detail": "s1"},
        {"time": 500, "entity": "s2", "location": "v", **ask},
        ended(),
    )
    kpis = compute_kpis(events, HORIZON)
    assert kpis["supply_first_delivery_mean"] == pytest.approx((50 + 100) / 2)
    assert kpis["supply_first_delivery_completed_share"] == 0.5


# -- the three defects ----------------------------------------------------------------------


def test_a_redeployed_team_is_busy_from_its_first_dispatch():
    # out at 118 to a, redeployed at 199 straight to b, back at base 275: busy 275 - 118 = 157 of 600
    events = log(
        {"time": 118, "kind": "team_dispatched", "team": "t1", "incident": "a", "detail": "pumping"},
        {"time": 199, "kind": "team_redeployed", "team": "t1", "incident": "b"},
        {"time": 199, "kind": "team_dispatched", "team": "t1", "incident": "b", "detail": "pumping"},
        {"time": 275, "kind": "team_returned", "team": "t1"},
        ended(),
    )
    assert team_utilisation(events, HORIZON)["t1"] == pytest.approx(157 / 600)  # 0.262, not 76 / 600


def _need_log(named: bool, recalled: bool = False):
    # incident a needs two pumping teams at 118: t1 goes (job 1); job 2 waits until t2 is sent at 199
    job = (lambda n: {"entity": f"job.pumping.{n}"}) if named else (lambda n: {})
    rows = [
        {"time": 118, "kind": "need_queued", "incident": "a", "unit": "town", "detail": "pumping", **job(2)},
        {"time": 118, "kind": "team_dispatched", "team": "t1", "incident": "a", "detail": "pumping", **job(1)},
        {"time": 199, "kind": "team_dispatched", "team": "t2", "incident": "a", "detail": "pumping", **job(2)},
    ]
    if recalled:  # t2 recalled at 250: job 2 waits again until t3 goes at 300
        rows += [
            {"time": 250, "kind": "team_recalled", "team": "t2", "incident": "a"},
            {"time": 250, "kind": "need_queued", "incident": "a", "unit": "town", "detail": "pumping", **job(2)},
            {"time": 300, "kind": "team_dispatched", "team": "t3", "incident": "a", "detail": "pumping", **job(2)},
        ]
    return log(*rows, ended())


@pytest.mark.parametrize("named", [True, False])
def test_a_waiting_need_is_not_met_by_another_jobs_dispatch_of_the_same_minute(named):
    # waited 199 - 118 = 81 min = 1.35 h (the same-minute dispatch of t1 was job 1's)
    assert unmet_demand_hours(_need_log(named), HORIZON) == pytest.approx(81 / 60)


def test_a_need_queued_again_after_a_recall_waits_again():
    # 81 min, then 300 - 250 = 50 more
    assert unmet_demand_hours(_need_log(named=True, recalled=True), HORIZON) == pytest.approx((81 + 50) / 60)


def test_a_need_never_served_waits_to_the_end():
    events = log({"time": 118, "kind": "need_queued", "incident": "a", "unit": "town", "detail": "pumping", "entity": "job.pumping.1"}, ended())
    assert unmet_demand_hours(events, HORIZON) == pytest.approx((600 - 118) / 60)


def test_no_time_kpi_is_nan():
    # every KPI is a number or None (no data), never NaN
    for events in (_reviewer_log(False), _orders_log(), _reports_log(), log(ended())):
        assert not any(isinstance(v, float) and math.isnan(v) for v in compute_kpis(events, HORIZON).values())
