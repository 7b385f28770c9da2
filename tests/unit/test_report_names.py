"""The report names an id by the kind of thing it is: ids are unique within a kind, not across kinds.

Here the town office's id is ``t`` (the town's) and a team's id is ``v``
(the village's), so a lookup that takes the first name found for an id
names the office "Town" or the team "Village".
"""

from __future__ import annotations

import pandas as pd

from simulator.models import simulate
from simulator.report.frames import readable
from simulator.report.plan_execution import TARGET_KINDS, plan_tables
from simulator.scenario import parse_scenario
from simulator.scenario.contingency import ACTION_KINDS
from tests.conftest import tiny_dict, to_yaml

RAIN = {"id": "rain", "name": {"zh": "市气象站雨量", "en": "Rainfall at the city station"}, "quantity": "rainfall_mm_per_hour", "place": "c", "points": [[0, 10], [60, 70]]}
TEAM_V = {"id": "v", "name": {"zh": "镇突击队", "en": "Town shock team"}, "type": "shock", "size": 30, "base": "t", "capabilities": ["pumping"], "mobilisation_minutes": 5}


def shared_ids() -> dict:
    d = tiny_dict()
    units = d["command"]["units"]
    units[1]["id"] = "t"  # the town office, id as the town's
    units[2]["parent"] = "t"
    d["teams"].append(TEAM_V)
    d["hazard_series"] = [RAIN]
    d["plans"] = [{
        "id": "town_plan", "name": {"zh": "镇防汛预案", "en": "Town flood plan"}, "scope": "township", "place": "t", "unit": "t",
        "triggers": [{"id": "rain50", "series": "rain", "above": 50, "level": "IV"}],
        "actions": [
            {"id": "pre", "level": "IV", "do": "preposition", "teams": ["v"], "place": "v"},
            {"id": "warn", "level": "IV", "do": "issue_warning", "colour": "blue"},
            {"id": "level", "level": "IV", "do": "set_response_level", "response_level": "III"},
        ],
    }]
    return d


def test_every_action_names_its_targets_by_their_kind():
    assert set(TARGET_KINDS) == set(ACTION_KINDS)


def test_the_plan_table_names_a_team_as_a_team_and_a_unit_as_a_unit():
    scenario = parse_scenario(to_yaml(shared_ids()), "s.yaml")
    events = simulate(scenario).events
    actions = plan_tables(scenario, events, 600, "en")[1]
    targets = {row[1]: row[3] for row in actions.rows}  # action (in words) -> target
    # preposition the team "v" (not the village), the warning by the unit "t" (not the town), the level of the place "t"
    assert sorted(targets.values()) == ["Town", "Town office", "Town shock team"]
    zh = {row[3] for row in plan_tables(scenario, events, 600, "zh")[1].rows}
    assert zh == {"镇", "镇应急办", "镇突击队"}


def test_a_frame_names_a_unit_column_as_units_and_a_place_column_as_places():
    scenario = parse_scenario(to_yaml(shared_ids()), "s.yaml")
    frame = pd.DataFrame({"unit": ["t", "city_office"], "location": ["t", "v"], "team": ["v", "city_team"], "entity": ["rain", "t"]})
    html = readable(frame, "en", scenario).to_html()
    cells = [c.split(">")[-1] for c in html.split("</td>")[:-1]]
    # row by row: unit t = Town office, place t = Town, team v = Town shock team; an entity of no known kind
    # is named by the first kind that has it (unit before place: "t" is the Town office)
    assert cells == ["Town office", "Town", "Town shock team", "Rainfall at the city station", "City bureau", "Village", "City team", "Town office"]
    indexed = readable(frame.set_index("location")[["unit"]], "en", scenario).to_html()
    assert ">Town</th>" in indexed and ">Village</th>" in indexed and ">Town office</td>" in indexed
