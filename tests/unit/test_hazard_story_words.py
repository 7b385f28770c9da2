"""Small wording of the hazards' stories: lists of units joined as each language joins them, one person or many."""

from __future__ import annotations

import pandas as pd

from simulator.eventlog import numbered_events_frame
from simulator.metrics.chemical_release import release_timeline
from simulator.metrics.typhoon import typhoon_timeline
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml
from tests.validation.test_hazard_typhoon import hand_case

FIELDS = ("time", "kind", "entity", "location", "incident", "team", "unit", "item", "quantity", "level", "detail")


def log(rows: list[dict]) -> pd.DataFrame:
    return numbered_events_frame([tuple(r.get(f, float("nan") if f == "quantity" else "") for f in FIELDS) for r in rows])


def test_a_channel_down_for_two_units_lists_them_with_the_languages_separator():
    sc = parse_scenario(to_yaml(hand_case()), "hand.yaml")
    events = log([{"time": 60, "kind": "channel_down", "entity": "mobile", "detail": "town_office,county_hq"}, {"time": 100, "kind": "run_ended"}])
    assert typhoon_timeline(events, sc, "en").iloc[0, 1] == "mobile fails for Town office, County HQ"
    assert typhoon_timeline(events, sc, "zh").iloc[0, 1] == "Town office、County HQ的mobile中断"  # 顿号, not ", "


def test_one_person_or_three_poisoned(tiny):
    sc = parse_scenario(to_yaml(tiny), "s.yaml")
    events = log([
        {"time": 30, "kind": "chemical_exposed", "entity": "v", "location": "v", "quantity": 1},
        {"time": 40, "kind": "chemical_exposed", "entity": "t", "location": "t", "quantity": 3},
    ])
    en = release_timeline(events, sc, "en").iloc[:, 1].tolist()
    assert en == ["1 poisoned at Village (sheltering indoors no longer protects)", "3 poisoned at Town (sheltering indoors no longer protects)"]
    assert release_timeline(events, sc, "zh").iloc[:, 1].tolist() == ["村有 1 人中毒(就地避险已不能防护)", "镇有 3 人中毒(就地避险已不能防护)"]
