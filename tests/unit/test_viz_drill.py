"""Drill figures by structure: the map, the team Gantt and the message flows."""

from __future__ import annotations

from simulator.drill import DrillSession
from simulator.viz.drill_map import drill_map, team_states
from simulator.viz.flows import command_flow_graph, message_flows
from simulator.viz.gantt import team_gantt, team_segments


def played(tiny_scenario, until):
    session = DrillSession(tiny_scenario)
    session.step()
    session.decide("dispatch_team", team="city_team", incident="flood-001")
    if until is not None:
        session.run_until(until)
    return session


def test_the_map_follows_the_team_from_the_log(tiny_scenario):
    at = {}
    for minute in (None, 118, 130, 150, 300):
        s = played(tiny_scenario, minute)
        fig = drill_map(tiny_scenario, s.events(), "en")
        assert len(fig.data) == 6
        team = fig.data[5]
        at[minute] = (team.customdata[0][1], team.x[0], team.y[0])
    assert at[None] == ("ordered", 0, 0)  # the decision is taken: still at its base in the city
    assert at[118] == ("mobilising", 0, 0)
    assert at[130] == ("en_route", 3.5, 0)  # halfway to the village at x=7
    assert at[150] == ("on_scene", 7, 0)
    assert at[300][0] == "at_base"
    incidents = drill_map(tiny_scenario, played(tiny_scenario, 300).events(), "zh").data[3]
    assert list(incidents.customdata) == ["flood-001"] and incidents.marker.color == ("#9e9e9e",)


def test_closed_roads_are_drawn_apart(tiny):
    from simulator.scenario import parse_scenario
    from tests.conftest import to_yaml

    tiny["injects"] = [{"id": "cut", "time": 5, "text": {"zh": "断", "en": "cut"}, "effect": {"type": "close_road", "from": "t", "to": "v"}}]
    sc = parse_scenario(to_yaml(tiny))
    s = DrillSession(sc)
    s.run_until(10)
    fig = drill_map(sc, s.events(), "en")
    assert fig.data[1].x == (5, 7, None) and fig.data[0].x == (0, 5, None)


def test_gantt_has_a_bar_per_phase_and_grows_with_the_clock(tiny_scenario):
    s = played(tiny_scenario, 145)
    segments = team_segments(s.events(), now=145)
    assert segments["phase"].tolist() == ["mobilising", "travelling", "on_scene"]
    assert segments["end"].iloc[-1] == 145  # still on scene: drawn up to now
    fig = team_gantt(s.events(), {"city_team": "City team"}, "en", now=145, horizon=600)
    assert len(fig.data) == 4 and fig.layout.shapes[0].x0 == 145
    assert list(team_states(s.events(), ["city_team"]).values()) == [("on_scene", "flood-001")]


def test_message_flows_between_units(tiny_scenario):
    s = played(tiny_scenario, 600)
    flows = message_flows(s.events(), {"city_office", "town_office", "village_station"})
    assert flows and all(a < b for a, b in flows)
    fig = command_flow_graph(tiny_scenario, s.events(), "zh")
    assert len(fig.data) == 4 and len(fig.data[2].x) == len(flows)


def test_the_map_over_time_folds_each_frames_rows_into_the_state_before(tiny_scenario):
    """states_at (one pass over the log) gives what a state folded from each prefix of the log gives."""
    from simulator.viz.drill_map import MapState, states_at

    s = played(tiny_scenario, 240)
    events, teams = s.events(), [t.id for t in tiny_scenario.teams]
    times = [0.0, 30.0, 61.5, 120.0, 240.0]

    def seen(state):
        return state.roads, state.incidents, state.closed, state.teams

    expected = [seen(MapState(teams).fold(events[events["time"] <= t])) for t in times]
    assert [seen(state) for state in states_at(events, teams, times)] == expected
    shuffled = events.sample(frac=1.0, random_state=1)  # out of time order: from the start each time
    assert [seen(state) for state in states_at(shuffled, teams, times)] == [seen(MapState(teams).fold(shuffled[shuffled["time"] <= t])) for t in times]
