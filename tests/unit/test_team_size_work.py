"""A team's size sets its time on scene; its type gives the defaults (simulator.models.team_work, scenario.team_types).

Hand-computed: a need of 120 person-hours takes a team of 30 people
120 x 60 / 30 = 240 minutes, and a team of 60 people 120 minutes. A need of
60 on-scene minutes holds for a team of the reference size (a comprehensive
team's nominal 20): 10 people take 60 x 20 / 10 = 120, 40 take 30, and 400
would take 3 but never less than the 15 minutes of set-up.
"""

from __future__ import annotations

import pytest

from simulator.engine.streams import RandomStreams
from simulator.models import simulate
from simulator.models.team_work import on_scene_minutes, reference_size
from simulator.scenario import parse_scenario
from simulator.scenario.distributions import Dist
from simulator.scenario.problems import ScenarioError
from simulator.scenario.response import Need, Team
from simulator.scenario.team_types import MOBILISATION_BY_TYPE, NOMINAL_SIZE_BY_TYPE, mobilisation_of
from simulator.scenario.team_work import TeamWork
from simulator.scenario.vocabulary import TEAM_TYPES
from tests.conftest import to_yaml

NAME = {"zh": "队", "en": "Team"}


def team(size: int, type_: str = "comprehensive", **more) -> Team:
    return Team(id="t", name=NAME, type=type_, size=size, base="b", capabilities=["pumping"], **more)


def minutes(need: Need, size: int, rule: TeamWork = TeamWork(), type_: str = "comprehensive") -> float:
    return on_scene_minutes(need, team(size, type_), rule, RandomStreams(1).get("x"))


WORK = Need(capability="pumping", work_person_hours=120)
STATED = Need(capability="pumping", on_scene_minutes=60)


@pytest.mark.parametrize("size, expected", [(30, 240), (60, 120), (1, 7200)])
def test_person_hours_are_shared_by_the_team(size, expected):
    assert minutes(WORK, size) == pytest.approx(expected)


@pytest.mark.parametrize("size, expected", [(20, 60), (10, 120), (40, 30), (400, 15), (1, 1200)])
def test_stated_minutes_hold_at_the_reference_size(size, expected):
    assert minutes(STATED, size) == pytest.approx(expected)


def test_the_set_up_floor_and_an_own_reference():
    short = Need(capability="pumping", on_scene_minutes=5)
    assert minutes(short, 400) == pytest.approx(5)  # shorter than the set-up already: stays 5
    assert minutes(STATED, 400, TeamWork(setup_minutes=0)) == pytest.approx(3)  # 60 x 20 / 400
    assert minutes(STATED, 60, TeamWork(reference_size=30)) == pytest.approx(30)  # 60 x 30 / 60, whatever the type
    assert minutes(STATED, 30, type_="shock") == pytest.approx(60)  # shock teams' nominal 30 (Nantong township minimum)
    assert minutes(STATED, 10, type_="medical") == pytest.approx(60)


def test_a_bigger_team_is_never_slower():
    for need in (WORK, STATED, Need(capability="pumping", on_scene_minutes={"dist": "exponential", "mean": 40})):
        times = [minutes(need, size) for size in (1, 2, 5, 10, 20, 21, 30, 60, 200, 1000)]
        assert times == sorted(times, reverse=True), times


def test_every_type_has_its_defaults_in_the_documented_order():
    assert set(MOBILISATION_BY_TYPE) == set(TEAM_TYPES) == set(NOMINAL_SIZE_BY_TYPE)
    mode = {t: d.mode for t, d in MOBILISATION_BY_TYPE.items()}
    # on duty, then part time, then volunteers
    assert mode["government_fire"] < mode["comprehensive"] < mode["enterprise"] < mode["shock"] < mode["volunteer"] <= mode["social"] < mode["militia"]
    assert reference_size(team(5, "volunteer"), TeamWork()) == 20  # Nantong village volunteer minimum


def test_a_team_keeps_its_own_mobilisation_else_takes_its_types():
    assert mobilisation_of(team(20, "militia")) == MOBILISATION_BY_TYPE["militia"]
    assert mobilisation_of(team(20, "militia", mobilisation_minutes=7)) == Dist(dist="fixed", value=7)


def run(data):
    return simulate(parse_scenario(to_yaml(data))).events


def times(events, kind: str) -> list[float]:
    return events.loc[events["kind"] == kind, "time"].tolist()


@pytest.mark.parametrize("size, on_scene", [(30, 240), (60, 120)])
def test_a_run_spends_the_hand_computed_time_on_scene(tiny, size, on_scene):
    tiny["teams"][0]["size"] = size
    tiny["incidents"][0]["needs"] = [{"capability": "pumping", "work_person_hours": 120}]
    events = run(tiny)
    # detected at 110, reported to the town at 118, ordered at 119, mobilised at 124, 15 minutes' drive: 139
    assert times(events, "team_arrived") == [139]
    assert times(events, "team_released") == [139 + on_scene]


def test_a_players_reinforcement_works_the_incidents_person_hours(tiny):
    from simulator.engine import SimContext, Stepper
    from simulator.models import World
    from simulator.models.teams import players_decide

    tiny["incidents"][0]["needs"] = [{"capability": "pumping", "work_person_hours": 120}]
    tiny["teams"][0]["size"] = 30
    tiny["teams"].append({**tiny["teams"][0], "id": "big_team", "size": 60})
    ctx = SimContext.create(parse_scenario(to_yaml(tiny)))
    world = World(ctx, players_decide).start()
    stepper = Stepper(ctx)
    stepper.run_until_decision()
    world.decisions.dispatch_team("city_team", "flood-001")  # the need's team
    world.decisions.dispatch_team("big_team", "flood-001", "pumping")  # a reinforcement, built from the need
    stepper.run_to_end()
    events = ctx.recorder.to_frame().set_index(["kind", "team"])["time"]
    assert events[("team_released", "city_team")] - events[("team_arrived", "city_team")] == pytest.approx(240)
    assert events[("team_released", "big_team")] - events[("team_arrived", "big_team")] == pytest.approx(120)


def test_an_unstated_mobilisation_is_the_types(tiny):
    del tiny["teams"][0]["mobilisation_minutes"]
    tiny["teams"][0]["type"] = "government_fire"
    fire = run(tiny)
    stated = {**tiny["teams"][0], "mobilisation_minutes": MOBILISATION_BY_TYPE["government_fire"].model_dump(exclude_none=True)}
    assert fire.equals(run({**tiny, "teams": [stated]}))  # the same draw from the same stream
    # the order reaches the team at 119: a fire crew turns out in 1-5 minutes, militia in 30-120
    assert 120 <= times(fire, "team_mobilised")[0] <= 124
    tiny["teams"][0]["type"] = "militia"
    assert 149 <= times(run(tiny), "team_mobilised")[0] <= 239


def test_a_need_with_both_measures_is_refused_in_both_languages(tiny):
    tiny["incidents"][0]["needs"] = [{"capability": "pumping", "on_scene_minutes": 60, "work_person_hours": 120}]
    text = to_yaml(tiny)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "work_person_hours" in row) - 2  # the need's first line
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "bad.yaml")
    en, zh = info.value.render("en"), info.value.render("zh")
    assert f"bad.yaml:{line}: incidents[0].needs[0]: give exactly one of 'on_scene_minutes'" in en, en
    assert f"bad.yaml:{line}: incidents[0].needs[0]: 'on_scene_minutes'(参考规模队伍的现场用时)与 'work_person_hours'" in zh


def test_the_editors_schema_asks_for_one_measure_of_work():
    from simulator.scenario.schema import scenario_json_schema

    need = scenario_json_schema()["$defs"]["Need"]
    assert need["oneOf"] == [{"required": ["on_scene_minutes"]}, {"required": ["work_person_hours"]}]
    assert "required" not in need or "on_scene_minutes" not in need["required"]
