"""Scoring a drill: each inject's expected actions against the decisions in the log."""

from __future__ import annotations

from simulator.drill import DrillSession, score
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml


def scenario_with_alarm(tiny, expected):
    tiny["injects"] = [{
        "id": "dam", "time": 20, "text": {"zh": "溃坝", "en": "dam breach"},
        "effect": {"type": "incident", "hazard": "flood", "place": "v", "needs": [{"capability": "pumping", "teams": 1, "on_scene_minutes": 30}]},
        "expected_actions": expected,
    }]
    tiny["incidents"] = []
    tiny["objectives"] = [{"id": "fast", "name": {"zh": "快", "en": "fast"}, "kpi": "first_arrival_mean", "op": "<=", "target": 30}]
    return parse_scenario(to_yaml(tiny))


def test_on_time_late_missed_and_pending(tiny):
    sc = scenario_with_alarm(tiny, [
        {"action": "dispatch_team", "within_minutes": 30},
        {"action": "issue_warning", "within_minutes": 10, "level": "red"},
        {"action": "set_response_level", "within_minutes": 60},
        {"action": "recall_team", "within_minutes": 500},
    ])
    session = DrillSession(sc)
    session.run_until(25)  # the inject's incident reaches the town office at 20 + 1 + 4 + ...
    session.step()
    assert session.decide("dispatch_team", team="city_team", incident="dam").accepted
    session.run_until(45)
    session.decide("issue_warning", unit="city_office", level="orange")  # wrong level: does not count
    session.decide("issue_warning", unit="city_office", level="red")  # right one, but late
    card = score(sc, session.events(), session.all_injects(), session.now)
    assert [r.status for r in card.expected] == ["on_time", "late", "pending", "pending"]
    assert card.expected[1].delay == 25
    session.run_until(600)
    card = score(sc, session.events(), session.all_injects(), session.now)
    assert [r.status for r in card.expected] == ["on_time", "late", "missed", "missed"]
    assert card.objectives[0]["met"] is True
    counts = card.counts()
    assert (counts["on_time"], counts["late"], counts["missed"], counts["objectives_met"]) == (1, 1, 2, 1)
    assert card.score() == (1 + 1 + 0.5) / 5
    kinds = [r["kind"] for r in card.rows()]
    assert kinds == ["objective"] + ["expected"] * 4


def test_an_unplanned_inject_is_scored_too(tiny):
    sc = scenario_with_alarm(tiny, [])
    session = DrillSession(sc)
    session.run_until(10)
    session.add_inject("id: extra_1\ntime: 12\ntext: {zh: 加, en: more}\nexpected_actions: [{action: issue_warning, within_minutes: 5}]\n")
    session.run_until(14)
    session.decide("issue_warning", unit="town_office", level="blue")
    card = score(sc, session.events(), session.all_injects(), session.now)
    assert [(r.inject.id, r.status) for r in card.expected] == [("extra_1", "on_time")]
