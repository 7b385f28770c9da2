"""Each command-chain mechanism on the tiny scenario, against hand-computed times.

Base timings (tests/conftest.py tiny_dict, all durations fixed): incident at
100 in village v, detected 110; village station 111-113; town office
114-118 (commands level IV); one-hop links take 1 minute; the city team
mobilises in 5 and drives 15 to the village.
"""

from __future__ import annotations

import pytest

from simulator.metrics import compute_kpis
from simulator.metrics.command import step_durations
from simulator.models import simulate
from simulator.scenario import ScenarioError, parse_scenario
from simulator.scenario.vocabulary import STEPS
from tests.conftest import tiny_dict, to_yaml


def run(data):
    return simulate(parse_scenario(to_yaml(data))).events


def times(events, kind, **where):
    rows = events[events["kind"] == kind]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return rows["time"].tolist()


def unit(data, unit_id):
    return next(u for u in data["command"]["units"] if u["id"] == unit_id)


def inject(data, time, effect):
    data["injects"].append({"id": f"inj{len(data['injects'])}", "time": time, "text": {"zh": "注入", "en": "inject"}, "effect": effect})


def test_unified_command_sends_the_order_at_once(tiny):
    events = run(tiny)
    assert events.loc[events["kind"] == "order_received", ["time", "quantity"]].values.tolist() == [[119, 1]]


def test_multi_head_leaders_coordinate_before_an_order(tiny):
    # three leaders: two coordination delays of 10 -> the order leaves at 138, arrives 139
    unit(tiny, "town_office")["leadership"] = {"mode": "multi_head", "leaders": 3, "coordination_minutes": 10}
    events = run(tiny)
    assert times(events, "order_received") == [139]
    assert times(events, "team_arrived") == [159]
    assert "order_conflict" not in events["kind"].tolist()


def test_conflicting_orders_cost_their_resolution(tiny):
    unit(tiny, "town_office")["leadership"] = {
        "mode": "multi_head", "leaders": 2, "coordination_minutes": 10,
        "conflict_probability": 1.0, "conflict_resolution_minutes": 30,
    }
    events = run(tiny)
    # 118 + 10 coordination + 30 resolution + 1 link
    assert times(events, "order_received") == [159]
    assert times(events, "order_conflict") == [128]
    assert compute_kpis(events, 600)["order_conflicts"] == 1


def test_territory_first_asks_the_level_above(tiny):
    # the town office owns no team: support request to the city (link 1, handling 3) -> city sends at 122
    tiny["command"]["dispatch"] = "territory_first"
    events = run(tiny)
    assert events.loc[events["kind"] == "escalated", ["time", "unit", "entity"]].values.tolist() == [[118, "town_office", "city_office"]]
    assert events.loc[events["kind"] == "team_dispatched", ["time", "unit"]].values.tolist() == [[122, "city_office"]]
    assert times(events, "team_arrived") == [143]


def test_military_support_waits_for_approval(tiny):
    # request to the city (1 + 3), approval 60 -> 182, order hop 1 -> 183, +5 +15 -> arrives 203
    tiny["teams"][0].update(type="army", approval={"authority": "city_office", "minutes": 60})
    events = run(tiny)
    assert times(events, "military_requested") == [118]
    assert times(events, "military_approved") == [182]
    assert times(events, "order_received") == [183]
    assert times(events, "team_arrived") == [203]


def test_cut_channel_falls_back_to_the_backup(tiny):
    tiny["command"]["channels"] = [
        {"id": "phone", "name": {"zh": "电话", "en": "phone"}, "delay_minutes": 1},
        {"id": "radio", "name": {"zh": "电台", "en": "radio"}, "delay_minutes": 3},
    ]
    tiny["command"]["channel_timeout_minutes"] = 2
    inject(tiny, 50, {"type": "channel_down", "channel": "phone", "units": ["village_station"]})
    events = run(tiny)
    # both hops touch the village station: 2 lost + 3 by radio each time
    assert times(events, "message_queued", detail="initial") == [115, 122]
    assert times(events, "command_assumed") == [126]
    assert events.loc[events["kind"] == "channel_failed", "detail"].tolist()[:2] == ["phone", "phone"]


def test_absent_officer_without_ab_roles_leaves_the_post_empty(tiny):
    # the town office's only officer is absent from 0; cover arrives at 120
    office = unit(tiny, "town_office")
    office["absence_probability"] = 1.0
    events = run(tiny)
    assert times(events, "message_started", unit="town_office", detail="initial") == [120]
    assert times(events, "command_assumed") == [124]
    office["ab_roles"] = True  # the backup takes over after 10 minutes: no effect at 114
    assert times(run(tiny), "command_assumed") == [118]


def test_warning_is_called_down_and_answered(tiny):
    tiny["command"]["public_channels"] = [
        {"id": "sms", "name": {"zh": "短信", "en": "SMS"}, "via": "broadcast", "coverage": 0.5, "delay_minutes": 10},
        {"id": "officers", "name": {"zh": "信息员", "en": "officers"}, "via": "officers", "coverage": 0.8, "delay_minutes": 5},
    ]
    inject(tiny, 20, {"type": "warning", "by": "city_office", "level": "red"})
    events = run(tiny)
    answered = events[events["kind"] == "warning_answered"]
    # town: call 20, link 1, handling 4, answer link 1 -> 26; village: 26 + 1 + 2 + 1 -> 30
    assert answered[["time", "unit", "quantity"]].values.tolist() == [[26, "town_office", 6], [30, "village_station", 4]]
    warned = events[events["kind"] == "public_warned"]
    # SMS reaches half of the 1,000 villagers at 30; officers 80% of the rest at 35
    assert warned[["time", "detail", "quantity"]].values.tolist() == [[30, "sms", 500], [35, "officers", 400]]


def test_silent_unit_is_called_again_then_gone_around(tiny):
    unit(tiny, "town_office")["silent_probability"] = 1.0
    inject(tiny, 20, {"type": "warning", "by": "city_office"})
    events = run(tiny)
    assert times(events, "warning_called", unit="town_office") == [20, 30]
    assert times(events, "warning_unanswered") == [40]
    assert times(events, "warning_bypassed") == [40]
    # the city calls the village station directly at 40: 1 + 2 + 1
    answered = events[events["kind"] == "warning_answered"]
    assert answered[["time", "unit", "detail"]].values.tolist() == [[44, "village_station", "city_office"]]
    assert compute_kpis(events, 600)["calls_unanswered"] == 1


def test_roll_call_records_who_did_not_answer(tiny):
    unit(tiny, "village_station")["silent_probability"] = 1.0
    inject(tiny, 20, {"type": "roll_call", "by": "city_office", "answer_minutes": 10})
    events = run(tiny)
    assert events.loc[events["kind"] == "roll_call_answered", ["time", "unit"]].values.tolist() == [[26, "town_office"]]
    assert events.loc[events["kind"] == "roll_call_missed", ["time", "unit"]].values.tolist() == [[30, "village_station"]]


def test_reports_are_timed_against_the_limits(tiny):
    # level II commands at the city: phone report there at 122 (12 min after detection, limit 15).
    # The written report is drafted at the village station from 113, when it has the
    # incident, in parallel with the phone relay (Henan's rule): drafted by 133, town
    # 134-138, city 139-142 -> 32 min, within the limit of 35
    tiny["incidents"][0]["severity"] = {"II": 1.0}
    tiny["command"]["commanding_tier"] = {"II": "city", "IV": "township"}
    events = run(tiny)
    timely = events[events["kind"] == "report_timeliness"]
    assert timely[["detail", "entity", "quantity"]].values.tolist() == [["initial", "met", 12], ["written", "met", 32]]
    assert compute_kpis(events, 600)["report_within_limit_share"] == 1.0
    # drafting 30 instead of 20: drafted by 143, town 144-148, city 149-152 -> 42 min, missed
    tiny["command"]["written_report_minutes"] = 30
    events = run(tiny)
    timely = events[events["kind"] == "report_timeliness"]
    assert timely[["detail", "entity", "quantity"]].values.tolist() == [["initial", "met", 12], ["written", "missed", 42]]
    assert compute_kpis(events, 600)["report_within_limit_share"] == 0.5


def test_hop_limit_compliance_per_unit(tiny):
    unit(tiny, "village_station")["hop_limit_minutes"] = 1  # it takes 2
    events = run(tiny)
    hop = events[events["kind"] == "hop_timeliness"]
    assert hop[["unit", "entity", "quantity"]].values.tolist() == [["village_station", "missed", 2]]


def test_the_eight_steps_in_order_with_their_durations(tiny):
    tiny["command"]["steps"] = {"command_post_minutes": 10, "assessment_minutes": 30, "relief_minutes": 60}
    events = run(tiny)
    steps = step_durations(events).loc["flood-001"]
    assert set(steps.index) == set(STEPS)
    expected = {
        "screening_monitoring": (100, 110), "analysis_warning": (110, 113), "information_receipt": (113, 118),
        "force_mobilisation": (118, 139), "command_post": (139, 149), "onsite_handling": (139, 199),
        "investigation_assessment": (199, 229), "relief": (229, 289),
    }
    assert {s: (r["start"], r["end"]) for s, r in steps.iterrows()} == expected
    assert times(events, "incident_closed") == [289]


def test_public_calls_load_the_desk(tiny):
    unit(tiny, "town_office")["public_calls_per_hour"] = 30
    events = run(tiny)
    calls = events[(events["kind"] == "message_queued") & (events["detail"] == "public_call")]
    # 30 an hour for 600 minutes: about 300; a Poisson count this far from 300 has odds below 1e-6
    assert 200 < len(calls) < 400
    assert calls["unit"].unique().tolist() == ["town_office"]
    # two hours of work arrive per hour for one officer: the report now queues behind calls
    assert times(events, "command_assumed")[0] > 118


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["teams"][0].update(owner="ghost"), "teams[0].owner: unknown command unit 'ghost'"),
        (lambda d: inject(d, 5, {"type": "channel_down", "channel": "pigeon"}), "injects[0].effect.channel: unknown channel 'pigeon'"),
        (lambda d: inject(d, 5, {"type": "warning", "by": "nobody"}), "injects[0].effect.by: unknown command unit 'nobody'"),
        (lambda d: unit(d, "town_office").update(leadership={"mode": "multi_head", "leaders": 1}), "leadership: multi-head leadership needs at least 2 leaders"),
        (lambda d: d["command"].update(reports=["written", "final"]), "command: reports must include the phone report 'initial'"),
        (lambda d: d["command"].update(reports=["initial", "telegram"]), "command.reports[1]"),
    ],
)
def test_bad_command_settings_are_rejected(tiny, change, message):
    change(tiny)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(to_yaml(tiny), "s.yaml")
    assert message in info.value.render("en")


def test_reports_left_out_are_not_sent_and_the_phone_report_keeps_its_times(tiny):
    full = run(tiny)
    tiny["command"]["reports"] = ["initial"]
    lean = run(tiny)
    assert set(full["detail"][full["kind"] == "message_sent"]) >= {"initial", "written", "final"}
    assert set(lean["detail"][lean["kind"] == "message_sent"]) == {"initial", "order"}
    assert lean["detail"][lean["kind"] == "report_timeliness"].tolist() == ["initial"]
    # the phone report meets the same desks at the same times (module docstring: town office 114-118)
    assert times(lean, "command_assumed") == times(full, "command_assumed") == [118]


def test_step_markers_can_be_left_out_of_the_log(tiny):
    tiny["command"]["steps"] = {"markers": False}
    events = run(tiny)
    assert not events["kind"].isin(["step_started", "step_ended"]).any()
    assert times(events, "incident_closed") == times(run(tiny_dict()), "incident_closed")
