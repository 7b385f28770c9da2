"""Players' decisions on the tiny scenario: checked, then played out by the models."""

from __future__ import annotations

import pytest

from simulator.drill.refusals import refusal_text
from simulator.engine import SimContext, Stepper
from simulator.models import World
from simulator.models.decisions import DecisionRejected
from simulator.models.teams import players_decide
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml


def drill(data, audit_streams=False):
    ctx = SimContext.create(parse_scenario(to_yaml(data)), audit_streams=audit_streams)
    world = World(ctx, players_decide).start()
    return ctx, world, Stepper(ctx)


def kinds(ctx):
    return ctx.recorder.to_frame()["kind"].tolist()


def test_players_decide_the_dispatch(tiny):
    ctx, world, stepper = drill(tiny)
    points = stepper.run_until_decision()
    # the report reaches the town office at 118; the need waits for the players
    assert [(p.time, p.reason, p.ref) for p in points] == [(118, "dispatch", "flood-001")]
    assert "team_dispatched" not in kinds(ctx)
    world.decisions.dispatch_team("city_team", "flood-001")
    stepper.run_to_end()
    events = ctx.recorder.to_frame()
    assert events.loc[events["kind"] == "team_arrived", "time"].tolist() == [139]
    assert "incident_closed" in events["kind"].tolist()
    assert events.loc[events["kind"] == "decision", "entity"].tolist() == ["dispatch_team"]


def test_a_busy_team_cannot_be_dispatched(tiny):
    tiny["incidents"][0]["schedule"] = [100, 105]
    ctx, world, stepper = drill(tiny)
    stepper.run_until_decision()
    world.decisions.dispatch_team("city_team", "flood-001")
    stepper.run_until_decision()
    with pytest.raises(DecisionRejected) as info:
        world.decisions.dispatch_team("city_team", "flood-002")
    assert info.value.key == "team_state"  # ordered at 118, the order received at 119: mobilising at 123
    assert refusal_text(ctx.scenario, info.value.key, info.value.params, "zh") == "市救援队当前状态为“集结中”,只有处于驻地待命状态时才能派遣"


def test_recall_sends_the_team_back_and_the_need_waits_again(tiny):
    ctx, world, stepper = drill(tiny)
    stepper.run_until_decision()
    world.decisions.dispatch_team("city_team", "flood-001")  # at 118: order 119, mobilised 124, arrives 139
    stepper.run_until(130)
    world.decisions.recall_team("city_team")
    points = stepper.run_until_decision()
    assert [(p.reason, p.ref) for p in points] == [("dispatch", "flood-001")]
    stepper.run_until(200)
    events = ctx.recorder.to_frame()
    # six minutes on the road, six back
    assert events.loc[events["kind"] == "team_returned", "time"].tolist() == [136]
    assert "team_arrived" not in events["kind"].tolist()


def test_raising_the_level_hands_command_up(tiny):
    ctx, world, stepper = drill(tiny)
    stepper.run_until_decision()
    assert world.decisions.set_response_level("flood-001", "III") == "city_office"
    events = ctx.recorder.to_frame()
    assert events.loc[events["kind"] == "command_transferred", "unit"].tolist() == ["city_office"]
    with pytest.raises(DecisionRejected) as info:
        world.decisions.set_response_level("flood-001", "V")
    assert info.value.key == "unknown_level"


def test_switching_command_mode_changes_later_orders(tiny):
    tiny["command"]["units"][1]["leadership"] = {"mode": "multi_head", "leaders": 2, "coordination_minutes": 10}
    ctx, world, stepper = drill(tiny)
    stepper.run_until_decision()
    world.decisions.switch_command_mode("town_office", "unified")
    world.decisions.dispatch_team("city_team", "flood-001")
    stepper.run_to_end()
    events = ctx.recorder.to_frame()
    assert "order_coordinated" not in events["kind"].tolist()
    assert events.loc[events["kind"] == "order_received", "time"].tolist() == [119]


def test_warning_and_bad_inputs(tiny):
    ctx, world, stepper = drill(tiny)
    warning = world.decisions.issue_warning("city_office", "orange")
    stepper.run_until(60)
    assert "warning_answered" in kinds(ctx)
    assert warning.startswith("decision-warning-")
    for call, key in (
        (lambda: world.decisions.issue_warning("nobody"), "unknown_unit"),
        (lambda: world.decisions.issue_warning("city_office", "purple"), "unknown_warning_level"),
        (lambda: world.decisions.dispatch_team("ghost", "flood-001"), "unknown_team"),
        (lambda: world.decisions.recall_team("city_team"), "team_state"),  # at base: nothing to recall
        (lambda: world.decisions.request_military("city_team", "flood-001"), "not_military"),
        (lambda: world.decisions.switch_command_mode("city_office", "committee"), "unknown_mode"),
    ):
        with pytest.raises(DecisionRejected) as info:
            call()
        assert info.value.key == key


def test_each_reinforcement_is_a_job_of_its_own(tiny):
    """Players' reinforcements are numbered after the need's jobs, so each draws from its own stream."""
    tiny["teams"].append({**tiny["teams"][0], "id": "second_team"})
    tiny["teams"].append({**tiny["teams"][0], "id": "third_team"})
    ctx, world, stepper = drill(tiny, audit_streams=True)
    stepper.run_until_decision()
    world.decisions.dispatch_team("city_team", "flood-001")  # the need's one team: job 1
    world.decisions.dispatch_team("second_team", "flood-001", "pumping")  # reinforcements: jobs 2 and 3
    world.decisions.dispatch_team("third_team", "flood-001", "pumping")
    stepper.run_to_end()
    events = ctx.recorder.to_frame()
    assert sorted(events.loc[events["kind"] == "team_released", "team"]) == ["city_team", "second_team", "third_team"]
    names = {key.decode() for key in ctx.streams.audit}
    for job in (1, 2, 3):  # each job drew from its own stream (the on-scene work of each, for one)
        assert any(name.endswith(f"|incident.flood-001.job.pumping.{job}/on_scene") for name in names)
    assert ctx.streams.reused_names() == []
