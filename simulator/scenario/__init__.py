"""Scenario files: pydantic models, YAML loading with line-numbered errors."""

from simulator.scenario.loader import load_scenario, parse_scenario, scenario_hash
from simulator.scenario.models import SCHEMA_VERSION, Scenario
from simulator.scenario.problems import Problem, ScenarioError

__all__ = [
    "SCHEMA_VERSION",
    "Problem",
    "Scenario",
    "ScenarioError",
    "load_scenario",
    "parse_scenario",
    "scenario_hash",
]
