"""Shared fixtures: the flagship scenario and a tiny hand-checkable one."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from simulator.scenario import load_scenario, parse_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


def tiny_dict() -> dict:
    """A one-township world small enough to compute by hand.

    city (c) -- 10 min -- township (t) -- 5 min -- village (v)
    Units: city office <- township office <- village station, all with
    fixed handling times, so latencies are exact sums.
    """
    return {
        "schema_version": 1,
        "meta": {
            "id": "tiny",
            "title": {"zh": "小场景", "en": "Tiny"},
            "description": {"zh": "测试用", "en": "for tests"},
            "seed": 7,
            "horizon": 600,
        },
        "places": [
            {"id": "c", "name": {"zh": "市", "en": "City"}, "level": "city", "x": 0, "y": 0},
            {"id": "t", "name": {"zh": "镇", "en": "Town"}, "level": "township", "parent": "c", "x": 5, "y": 0},
            {"id": "v", "name": {"zh": "村", "en": "Village"}, "level": "village", "parent": "t", "x": 7, "y": 0, "population": 1000},
        ],
        "roads": [
            {"from": "c", "to": "t", "minutes": 10},
            {"from": "t", "to": "v", "minutes": 5},
        ],
        "command": {
            "link_minutes": 1,
            "commanding_tier": {"IV": "township", "III": "city", "II": "city", "I": "city"},
            "units": [
                {"id": "city_office", "name": {"zh": "市应急局", "en": "City bureau"}, "level": "city", "place": "c", "duty_staff": 2, "handling_minutes": 3},
                {"id": "town_office", "name": {"zh": "镇应急办", "en": "Town office"}, "level": "township", "place": "t", "parent": "city_office", "duty_staff": 1, "handling_minutes": 4},
                {"id": "village_station", "name": {"zh": "村站", "en": "Village station"}, "level": "village", "place": "v", "parent": "town_office", "duty_staff": 1, "handling_minutes": 2},
            ],
        },
        "teams": [
            {"id": "city_team", "name": {"zh": "市救援队", "en": "City team"}, "type": "comprehensive", "size": 20, "base": "c", "capabilities": ["water_rescue", "pumping"], "mobilisation_minutes": 5},
        ],
        "items": [{"id": "sandbag", "name": {"zh": "沙袋", "en": "sandbags"}, "unit": {"zh": "条", "en": "bags"}}],
        "depots": [
            {"id": "town_store", "name": {"zh": "镇仓库", "en": "Town store"}, "tier": "township", "place": "t", "stock": {"sandbag": 100}, "loading_minutes": 10},
        ],
        "incidents": [
            {
                "id": "flood",
                "name": {"zh": "内涝", "en": "Waterlogging"},
                "hazard": "flood",
                "schedule": [100],
                "places": ["v"],
                "severity": {"IV": 1.0},
                "needs": [{"capability": "pumping", "teams": 1, "on_scene_minutes": 60}],
                "supplies": {"sandbag": 40},
                "detection_minutes": 10,
            }
        ],
        "injects": [],
        "objectives": [],
    }


def to_yaml(data: dict) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)


@pytest.fixture
def tiny() -> dict:
    return copy.deepcopy(tiny_dict())


@pytest.fixture
def tiny_scenario(tiny):
    return parse_scenario(to_yaml(tiny), "tiny.yaml")


@pytest.fixture(scope="session")
def street():
    return load_scenario(SCENARIOS / "street_command.yaml")


@pytest.fixture(scope="session")
def rainstorm():
    return load_scenario(SCENARIOS / "urban_rainstorm.yaml")
