"""A team's lifecycle table: which action is legal from which state, and the free set it keeps."""

from __future__ import annotations

import pytest

from simulator.drill.refusals import either, refusal_text
from simulator.models.team_state import DECIDED, MOVES, IllegalMove, TeamState, TeamStates, allowed_from
from simulator.scenario import parse_scenario
from tests.conftest import tiny_dict, to_yaml

S = TeamState


def test_the_decided_actions_are_legal_only_from_their_states():
    # the table of the issue: dispatch from base; recall while out (not once coming back);
    # redeploy as the team leaves a scene
    assert MOVES["dispatch"][0] == {S.AT_BASE}
    assert MOVES["recall"][0] == {S.ORDERED, S.MOBILISING, S.TRAVELLING, S.ON_SCENE}
    assert MOVES["redeploy"][0] == {S.RETURNING}
    states = TeamStates([("a", True)])
    expected = {
        S.AT_BASE: ["dispatch"], S.ORDERED: ["recall"], S.MOBILISING: ["recall"], S.TRAVELLING: ["recall"],
        S.ON_SCENE: ["recall"], S.RETURNING: ["redeploy"], S.RESTING: [], S.OFF_DUTY: [],
        S.PREPOSITIONING: [],  # a contingency plan moves it to a staging place; free (at base) there
    }
    for state, legal in expected.items():
        states._state["a"] = state
        assert states.legal("a") == legal, state
        assert [states.refusal("a", action) is None for action in DECIDED] == [action in legal for action in DECIDED]


def test_a_job_walks_the_lifecycle_and_keeps_the_free_set():
    states = TeamStates([("a", True), ("b", False)])
    assert states.free == {"a"} and states.of("b") is S.OFF_DUTY
    walk = ["dispatch", "mobilise", "set_off", "arrive", "release", "redeploy", "set_off", "arrive", "recall", "rest", "rested"]
    seen = []
    for action in walk:
        states.move("a", action)
        seen.append((states.of("a"), "a" in states.free))
    assert seen == [
        (S.ORDERED, False), (S.MOBILISING, False), (S.TRAVELLING, False), (S.ON_SCENE, False), (S.RETURNING, False),
        (S.ORDERED, False), (S.TRAVELLING, False), (S.ON_SCENE, False), (S.RETURNING, False), (S.RESTING, False), (S.AT_BASE, True),
    ]
    states.move("b", "come_on_duty")
    assert states.free == {"a", "b"}


def test_an_illegal_move_is_a_bug_and_says_so():
    states = TeamStates([("a", True)])
    states.move("a", "dispatch")
    states.move("a", "recall")
    with pytest.raises(IllegalMove, match="recall from returning"):
        states.move("a", "recall")
    assert states.of("a") is S.RETURNING  # unchanged by the refused move


def test_a_refusal_names_the_team_and_its_state_in_words():
    scenario = parse_scenario(to_yaml(tiny_dict()))
    states = TeamStates([("city_team", True)])
    states.move("city_team", "dispatch")
    states.move("city_team", "recall")
    refusal = states.refusal("city_team", "recall")
    assert refusal.key == "team_state"
    assert refusal.params == {"team": "city_team", "state": "returning", "action": "recall", "allowed": ["ordered", "mobilising", "travelling", "on_scene"]}
    assert refusal_text(scenario, refusal.key, refusal.params, "en") == (
        "City team is on the way back to base: it can be recalled only when it is ordered out, mobilising, on the way to an incident or working on scene"
    )
    assert refusal_text(scenario, refusal.key, refusal.params, "zh") == "市救援队当前状态为“返回途中”,只有处于已接令、集结中、赶赴途中或现场处置中状态时才能召回"
    # without the scenario (an archived drill whose file no longer loads) the id stays, the words do not
    assert refusal_text(None, refusal.key, refusal.params, "en").startswith("city_team is on the way back to base")


def test_lists_read_as_either_or():
    assert either(["a"], "en") == "a"
    assert either(["a", "b", "c"], "en") == "a, b or c"
    assert either(["甲", "乙", "丙"], "zh") == "甲、乙或丙"
    assert [str(s) for s in allowed_from("recall")] == ["ordered", "mobilising", "travelling", "on_scene"]
