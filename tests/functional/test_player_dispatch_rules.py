"""Players' decisions about teams pass the lifecycle and the rules the automatic dispatcher applies.

Timings of the tiny scenario (tests/conftest.py tiny_dict), all fixed: the
town office commands flood-001 at 118; an order takes one link (1 minute),
the city team mobilises in 5, drives c->t (10) and t->v (5), works 60 on
scene and drives back 15. Each expected time below is that sum.
"""

from __future__ import annotations

import copy

import pytest

from simulator.drill import DrillSession
from simulator.drill.refusals import refusal_text
from simulator.engine import SimContext, Stepper
from simulator.models import World
from simulator.models.decisions import DecisionRejected
from simulator.models.teams import nearest_team, players_decide
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml

T = {"zh": "注入", "en": "inject"}


def drill(data, policy=players_decide):
    ctx = SimContext.create(parse_scenario(to_yaml(data)))
    world = World(ctx, policy).start()
    return ctx, world, Stepper(ctx)


def at(ctx, kind, **where):
    events = ctx.recorder.to_frame()
    rows = events[events["kind"] == kind]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return rows["time"].tolist()


def refused(call) -> DecisionRejected:
    with pytest.raises(DecisionRejected) as info:
        call()
    return info.value


def words(ctx, exc: DecisionRejected, lang: str) -> str:
    return refusal_text(ctx.scenario, exc.key, exc.params, lang)


def same_as_automatic(world, team_ids) -> None:
    """For each need waiting, the teams players may send are the automatic dispatcher's candidates."""
    pool = world.teams
    for a in pool.waiting:
        automatic = {team.id for team, _ in pool._candidates(a)}
        players = {t for t in team_ids if world.decisions.dispatch_refusal(t, a.incident.id, a.need.capability) is None}
        assert players == automatic, a.incident.id


# -- the lifecycle -----------------------------------------------------------------------


def test_a_second_recall_while_the_team_drives_back_is_refused_and_the_drill_goes_on(tiny_scenario):
    session = DrillSession(tiny_scenario)
    session.step()  # the dispatch point at 118
    assert session.decide("dispatch_team", team="city_team", incident="flood-001").accepted
    session.run_until(130)  # order 119, mobilised 124, 6 minutes along the 10-minute road c->t
    assert session.decide("recall_team", team="city_team").accepted
    session.run_until(132)  # turned round at 130: drives the 6 minutes back, at base at 136
    again = session.decide("recall_team", team="city_team")
    assert not again.accepted and again.reason == "team_state" and again.params["state"] == "returning"
    assert refusal_text(session.scenario, again.reason, again.params, "en") == (
        "City team is on the way back to base: it can be recalled only when it is ordered out, mobilising, on the way to an incident or working on scene"
    )
    session.run_until(140)
    events = session.events()
    assert events.loc[events["kind"] == "team_returned", "time"].tolist() == [136]
    assert session.world.teams.states.of("city_team") == "at_base"
    # the need waits again and the team can go again: order 141, mobilised 146, on scene 161
    assert session.decide("dispatch_team", team="city_team", incident="flood-001").accepted
    session.run_until(session.horizon)
    events = session.events()
    assert events.loc[events["kind"] == "team_arrived", "time"].tolist() == [161]
    assert session.ended and events["kind"].iloc[-1] == "run_ended"


def test_two_recalls_in_one_step_are_one_recall(tiny):
    # the state turns at the decision, before the team's process wakes to the first interrupt
    ctx, world, stepper = drill(tiny)
    stepper.run_until_decision()
    world.decisions.dispatch_team("city_team", "flood-001")
    stepper.run_until(130)
    world.decisions.recall_team("city_team")
    assert refused(lambda: world.decisions.recall_team("city_team")).key == "team_state"
    stepper.run_to_end()
    assert at(ctx, "team_recalled") == [130] and at(ctx, "team_returned") == [136]


@pytest.mark.parametrize(
    ("when", "state", "back"),
    [
        (118, "ordered", 118),  # same step as the dispatch: never left
        (121, "mobilising", 121),  # still at base
        (130, "travelling", 136),  # 6 minutes out, 6 back
        (150, "on_scene", 165),  # on scene at 139; v->c is 15
    ],
)
def test_a_team_out_can_be_recalled_from_each_state(tiny, when, state, back):
    ctx, world, stepper = drill(tiny)
    stepper.run_until_decision()
    world.decisions.dispatch_team("city_team", "flood-001")
    stepper.run_until(when)
    assert world.teams.states.of("city_team") == state
    assert world.decisions.team_actions("city_team") == ["recall_team"]
    world.decisions.recall_team("city_team")
    assert world.teams.states.of("city_team") == "returning"
    assert world.decisions.team_actions("city_team") == []
    stepper.run_until(200)
    assert at(ctx, "team_returned") == [back]
    assert world.teams.states.of("city_team") == "at_base"
    assert world.decisions.team_actions("city_team") == ["dispatch_team"]  # not an army unit: no request_military
    assert [a.incident.id for a in world.teams.waiting] == ["flood-001"]  # the need waits again


def test_a_released_team_is_neither_recalled_nor_dispatched_until_back(tiny):
    tiny["incidents"][0]["schedule"] = [100, 105]  # flood-002 waits for the players too
    ctx, world, stepper = drill(tiny)
    stepper.run_until_decision()
    world.decisions.dispatch_team("city_team", "flood-001")
    stepper.run_until(205)  # released at 139 + 60 = 199, back at 214
    recall = refused(lambda: world.decisions.recall_team("city_team"))
    dispatch = refused(lambda: world.decisions.dispatch_team("city_team", "flood-002"))
    assert (recall.params["state"], dispatch.params["state"]) == ("returning", "returning")
    assert words(ctx, dispatch, "zh") == "市救援队当前状态为“返回途中”,只有处于驻地待命状态时才能派遣"
    assert words(ctx, dispatch, "en") == "City team is on the way back to base: it can be dispatched only when it is at base and free"
    stepper.run_until(215)
    world.decisions.dispatch_team("city_team", "flood-002")  # back at base: order 216, mobilised 221, on scene 236
    stepper.run_to_end()
    assert at(ctx, "team_arrived") == [139, 236]


def test_the_automatic_dispatcher_moves_the_team_through_its_states(tiny):
    # two floods at v: the second waits; the team released at 199 is redeployed to it straight from v
    # (order 200, no mobilisation, already there), works 60 to 260 and is back at c at 275
    tiny["incidents"][0]["schedule"] = [100, 105]
    ctx, world, stepper = drill(tiny, nearest_team)
    seen = []
    for time in (110, 120, 130, 150, 199.5, 230, 265, 280):
        stepper.run_until(time)
        seen.append(str(world.teams.states.of("city_team")))
    assert seen == ["at_base", "mobilising", "travelling", "on_scene", "ordered", "on_scene", "returning", "at_base"]
    assert at(ctx, "team_redeployed") == [199] and at(ctx, "team_returned") == [275]


# -- the dispatch rules ------------------------------------------------------------------


def test_a_grounded_helicopter_is_refused_with_the_reason(tiny):
    tiny["teams"][0].update(name={"zh": "救援直升机", "en": "Rescue helicopter"}, air={"speed_kmh": 60, "takeoff_landing_minutes": 10})
    tiny["injects"] += [
        {"id": "fog", "time": 50, "text": T, "effect": {"type": "weather", "flyable": False}},
        {"id": "clear", "time": 300, "text": T, "effect": {"type": "weather", "flyable": True}},
    ]
    ctx, world, stepper = drill(tiny)
    stepper.run_until(120)
    exc = refused(lambda: world.decisions.dispatch_team("city_team", "flood-001"))
    assert exc.key == "grounded"
    assert words(ctx, exc, "en") == "Rescue helicopter is an aircraft and the weather grounds aviation now"
    assert words(ctx, exc, "zh") == "救援直升机为航空力量,当前天气不适航,无法起飞"
    same_as_automatic(world, ["city_team"])  # the automatic dispatcher has no candidate either
    assert "team_dispatched" not in ctx.recorder.to_frame()["kind"].tolist()
    stepper.run_until(301)
    # flyable again: order 302, mobilised 307, 7 km at 60 km/h plus 10 minutes take-off and landing
    world.decisions.dispatch_team("city_team", "flood-001")
    stepper.run_to_end()
    assert at(ctx, "team_arrived") == [307 + 7 + 10]


def test_a_dispatch_outside_dispatch_levels_is_refused_until_the_city_commands(tiny):
    tiny["teams"][0]["dispatch_levels"] = ["city"]
    ctx, world, stepper = drill(tiny)
    stepper.run_until(120)
    exc = refused(lambda: world.decisions.dispatch_team("city_team", "flood-001"))
    assert exc.key == "dispatch_level"
    assert words(ctx, exc, "en") == "City team can be sent only by a city unit; Town office is a township / street unit"
    assert words(ctx, exc, "zh") == "市救援队只能由市级单位派遣,镇应急办是乡镇/街道级单位"
    same_as_automatic(world, ["city_team"])
    # raising the level hands command, and the waiting request, to the city bureau, which may send it
    world.decisions.set_response_level("flood-001", "III")
    assert [a.dispatcher.id for a in world.teams.waiting] == ["city_office"]
    same_as_automatic(world, ["city_team"])
    world.decisions.dispatch_team("city_team", "flood-001")  # at 120: order 121, mobilised 126, on scene 141
    stepper.run_to_end()
    assert at(ctx, "team_arrived") == [141]


def _two_townships(tiny, dispatch="territory_first"):
    """A second township t2 whose team is nearer v (2 minutes) than the town team at t (5)."""
    tiny["command"]["dispatch"] = dispatch
    tiny["places"].append({"id": "t2", "name": {"zh": "二镇", "en": "Town two"}, "level": "township", "parent": "c", "x": 8, "y": 3})
    tiny["roads"] += [{"from": "c", "to": "t2", "minutes": 10}, {"from": "t2", "to": "v", "minutes": 2}]
    tiny["command"]["units"].append(
        {"id": "town2_office", "name": {"zh": "二镇应急办", "en": "Town two office"}, "level": "township", "place": "t2", "parent": "city_office", "duty_staff": 1, "handling_minutes": 4}
    )
    base = tiny["teams"][0]
    tiny["teams"] = [
        {**base, "id": "town_team", "name": {"zh": "镇救援队", "en": "Town team"}, "base": "t"},
        {**base, "id": "town2_team", "name": {"zh": "二镇救援队", "en": "Town two team"}, "base": "t2"},
    ]
    return tiny


def test_territory_first_holds_for_players_as_for_the_dispatcher(tiny):
    data = _two_townships(tiny)
    ctx, world, stepper = drill(copy.deepcopy(data), nearest_team)
    stepper.run_to_end()
    # the town office sends its own team although the other township's is nearer:
    # order 119, mobilised 124, t->v 5: on scene 129
    assert ctx.recorder.to_frame().query("kind == 'team_dispatched'")["team"].tolist() == ["town_team"]
    assert at(ctx, "team_arrived") == [129]

    ctx, world, stepper = drill(data)
    stepper.run_until(120)
    same_as_automatic(world, ["town_team", "town2_team"])
    exc = refused(lambda: world.decisions.dispatch_team("town2_team", "flood-001"))
    assert exc.key == "outside_territory"
    assert words(ctx, exc, "en") == (
        "Town two team belongs to Town two office, outside the territory of Town office: territory first, Town office sends its own teams or asks the level above"
    )
    assert words(ctx, exc, "zh") == "二镇救援队隶属二镇应急办,不在镇应急办的属地范围内:属地为主,镇应急办只能派遣本辖区队伍或请求上级支援"
    world.decisions.dispatch_team("town_team", "flood-001")  # order 121, mobilised 126, on scene 131
    stepper.run_to_end()
    assert at(ctx, "team_arrived") == [131]


def test_under_nearest_dispatch_territory_does_not_bind_players(tiny):
    ctx, world, stepper = drill(_two_townships(tiny, "nearest"))
    stepper.run_until(120)
    same_as_automatic(world, ["town_team", "town2_team"])
    world.decisions.dispatch_team("town2_team", "flood-001")  # order 121, mobilised 126, t2->v 2: on scene 128
    stepper.run_to_end()
    assert at(ctx, "team_arrived") == [128]
