"""The JSON Schema of scenario files, for editors (YAML language servers)."""

from __future__ import annotations

from simulator.scenario.models import Scenario


def scenario_json_schema() -> dict:
    schema = Scenario.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "drillsim scenario"
    # A plain number is accepted wherever a distribution is (it means "fixed"),
    # which pydantic's generated schema cannot know from the model alone.
    dist = schema.get("$defs", {}).get("Dist")
    if dist is not None:
        schema["$defs"]["Dist"] = {
            "description": "minutes: a number (fixed) or {dist: ..., parameters}",
            "anyOf": [{"type": "number", "minimum": 0}, dist],
        }
    return schema
