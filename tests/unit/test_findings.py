"""Rule-drafted findings: a scripted drill with a known late report, an unanswered warning and a late dispatch."""

from __future__ import annotations

import pytest

from simulator.drill import DrillSession, Script
from simulator.drill.actions import Decision
from simulator.metrics.findings import IMPROVEMENT, STRENGTH, draft_findings
from simulator.report.aar import build_aar
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml


def evaluated_tiny(tiny: dict) -> dict:
    """The tiny world with one inject-made level II incident, one warning and nothing else going on.

    - the phone report of a level II incident must reach the city bureau
      within 5 minutes (a tightened limit): village 2 + town 4 + city 3 minutes
      of handling and three 1-minute hops make it 10 minutes late;
    - the village station never picks up (silent), so the city's warning
      goes unanswered there after two calls of 10 minutes;
    - the dam inject expects a team sent within 10 minutes; the script sends
      it 25 minutes after the inject.
    """
    tiny["incidents"] = []
    tiny["command"]["reports"] = ["initial"]
    tiny["command"]["reporting_limits"] = {"II": {"phone_minutes": 5}}
    tiny["command"]["units"][2]["silent_probability"] = 1.0
    tiny["injects"] = [
        {"id": "red_warning", "time": 5, "text": {"zh": "红色预警", "en": "red warning"}, "effect": {"type": "warning", "by": "city_office", "level": "red"}},
        {
            "id": "dam", "time": 20, "text": {"zh": "溃坝", "en": "dam breach"}, "target": "city_office",
            "effect": {"type": "incident", "hazard": "flood", "place": "v", "level": "II", "needs": [{"capability": "pumping", "teams": 1, "on_scene_minutes": 30}]},
            "expected_actions": [{"action": "dispatch_team", "within_minutes": 10}],
        },
    ]
    return tiny


def play(tiny: dict) -> tuple:
    sc = parse_scenario(to_yaml(evaluated_tiny(tiny)))
    script = Script([Decision(45, "dispatch_team", {"team": "city_team", "incident": "dam"})])
    session = DrillSession(sc, deciders=(script,))
    session.run_until(sc.meta.horizon)
    assert [o.accepted for o in session.outcomes] == [True]
    return sc, session.events()


def test_exactly_the_late_report_the_unanswered_warning_and_the_late_dispatch(tiny):
    sc, events = play(tiny)
    areas = [f for f in draft_findings(sc, events) if f.kind == IMPROVEMENT]
    assert [(f.rule, f.unit) for f in areas] == [("late_report", "city_office"), ("unanswered_warning", "village_station"), ("late_decision", "city_office")]
    late, silent, dispatch = (f.evidence for f in areas)
    # the phone report: inject at 20, detected at once, 1+2+1+4+1+3 minutes up the chain
    assert len(late) == 1 and late[0].incident == "dam" and late[0].ref == "initial"
    assert (late[0].time, late[0].minutes, late[0].limit) == (20, 12, 5)
    # the warning: called at the village from 5 + 1 + 4 (town handles it) + 1 = 11, twice 10 minutes
    assert len(silent) == 1 and silent[0].ref == "red_warning" and silent[0].other == ""
    assert silent[0].time == pytest.approx(31)
    # the dispatch: 25 minutes after the inject, 10 allowed
    assert len(dispatch) == 1 and (dispatch[0].time, dispatch[0].minutes, dispatch[0].limit, dispatch[0].other) == (20, 25, 10, "dispatch_team")
    assert dispatch[0].team == "city_team"
    assert {f.rule for f in draft_findings(sc, events) if f.kind == STRENGTH} == set()


def test_the_report_names_them_with_times_in_both_languages(tiny):
    sc, events = play(tiny)
    drill = {"name": "scripted", "clock": sc.meta.horizon, "decisions": [{"time": 45, "actor": "script", "action": "dispatch_team", "args": {"team": "city_team", "incident": "dam"}, "accepted": True, "message": ""}]}
    en = build_aar(sc, events, {"seed": 7}, "en", drill)
    lines = [line for f in en.improvements for line in f.lines]
    assert lines[0] == "T+00:20: the initial report (phone) on dam breach (Level II (major)) reached City bureau after 12 min; limit 5 min"
    assert "Village station did not answer the call of the red warning of City bureau after 2 calls" in lines[1]
    assert lines[2].startswith("T+00:20: after “dam breach”, Dispatch a team came 25 min later; expected within 10 min")
    assert [f.title for f in en.improvements] == [
        "Reports late against their limits: City bureau (1)", "Warning calls not answered: Village station (1)",
        "Decisions late against the injects' expectations: City bureau (1)",
    ]
    zh = build_aar(sc, events, {"seed": 7}, "zh", drill)
    assert [f.title for f in zh.improvements][0] == "信息报送超时:市应急局(1次)"
    assert "村站经2次叫应仍未应答市应急局红色预警" in zh.improvements[1].lines[0]
    for text in [*lines, *(r for row in en.plan.rows for r in row)]:
        for ident in ("city_office", "village_station", "city_team", "red_warning"):
            assert ident not in text  # names, never ids


def test_a_report_still_on_its_way_at_the_end_is_late_not_dropped(tiny):
    sc = parse_scenario(to_yaml(evaluated_tiny(tiny)))
    session = DrillSession(sc)
    session.run_until(26)  # the phone report is still climbing (it arrives at 32), its 5 minutes passed at 25
    findings = draft_findings(sc, session.events(), until=session.now)
    late = next(f for f in findings if f.rule == "late_report")
    assert late.evidence[0].state == "missed" and late.evidence[0].minutes is None and late.evidence[0].limit == 5
    early = draft_findings(sc, session.events(), until=24.0)
    assert all(f.rule != "late_report" for f in early)  # within its limit at that moment: not judged yet


def test_a_batch_run_is_not_judged_on_what_injects_expected_of_players(tiny):
    sc, events = play(tiny)
    run = build_aar(sc, events, {"seed": 7}, "en", None)  # nobody sat at the table: the dispatch rules decided
    drill = build_aar(sc, events, {"seed": 7}, "en", {})  # a drill whose store record is not at hand
    assert [f.key for f in run.improvements] == ["late_report:city_office", "unanswered_warning:village_station"]
    assert [f.key for f in drill.improvements][-1] == "late_decision:city_office"
    assert run.injects.rows[1][-1] == "—" and drill.injects.rows[1][-1].startswith("Dispatch a team ≤ 10 min: late (25 min)")


def test_the_decision_log_names_seats_and_the_facilitator(tiny):
    sc, events = play(tiny)
    decisions = [
        {"time": 45, "actor": actor, "action": "dispatch_team", "args": {"team": "city_team", "incident": "dam"}, "accepted": True, "message": ""}
        for actor in ("seat:city_office", "player")
    ]
    aar = build_aar(sc, events, {"seed": 7}, "zh", {"decisions": decisions})
    assert [row[1] for row in aar.decisions.rows] == ["市应急局", "导调台参演人员"]
    assert aar.decisions.rows[0][2] == "派遣队伍 市救援队 → 溃坝"
    assert dict(aar.summary)["参演席位与评估员"] == "导调台参演人员、市应急局"
