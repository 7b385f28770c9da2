"""Injects the facilitator adds or edits during a drill: validation and plain data.

An inject comes as YAML, in the same form as a scenario's ``injects`` entry
(the inject form of :mod:`simulator.ui.inject_forms` writes it), and is
validated by the same pydantic models and reference checks, with
line-numbered problems in the facilitator's language. Once accepted it is
stored as plain data and replayed like a decision.
"""

from __future__ import annotations

import yaml

from simulator.scenario.drills import Inject
from simulator.scenario.loader import parse_fragment
from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem
from simulator.scenario.references import check_references

EFFECT_TYPES = ("note", "close_road", "open_road", "incident", "warning", "roll_call", "channel_down", "channel_up", "close_depot", "open_depot")


def validate_inject(text: str, scenario: Scenario, taken_ids: set[str], now: float, replacing: str | None = None) -> Inject:
    """The inject in ``text``, checked against the scenario; raises ScenarioError with every problem.

    ``taken_ids`` are the injects and incidents that exist already: an
    incident inject names its incident after itself, so ids must be new.
    ``replacing`` is the id of the inject being edited: the new version keeps
    that id and takes its place in the MSEL (the scenario's ``injects``), so
    conditions of the others that name it are checked against the new version.
    """

    def check(inject: Inject) -> list[Problem]:
        problems = []
        if replacing is not None and inject.id != replacing:
            problems.append(Problem(("id",), "inject_id_changed", {"id": replacing}))
        elif inject.id in taken_ids and inject.id != replacing:
            problems.append(Problem(("id",), "duplicate_id", {"id": inject.id}))
        # a conditional inject being edited may keep a window that has started: it is watched from now
        if inject.time < now and not (replacing is not None and inject.condition is not None):
            problems.append(Problem(("time",), "inject_in_past", {"time": inject.time, "now": round(now, 1)}))
        others = tuple(i for i in scenario.injects if i.id != inject.id)
        with_it = scenario.model_copy(update={"injects": (*others, inject)})
        prefix = ("injects", len(others))
        for p in check_references(with_it):
            if p.loc[:2] == prefix:
                problems.append(Problem(p.loc[2:], p.key, p.params, p.fallback))
        return problems

    return parse_fragment(text, Inject, "inject", check)


def inject_yaml(data: dict) -> str:
    """An inject's plain data as YAML text to validate: any text (colons, quotes, newlines) is quoted as needed."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)


def inject_data(inject: Inject, *, brief: bool = False) -> dict:
    """Plain data to store and replay (``from``/``to`` as in the file).

    ``brief`` is the form for a scenario file: no empty lists or mappings,
    a fixed duration as its number, whole minutes without ``.0``.
    """
    data = inject.model_dump(mode="json", by_alias=True, exclude_none=True)
    return _brief(data) if brief else data


def _brief(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        if value.get("dist") == "fixed" and set(value) == {"dist", "value"}:
            return _brief(value["value"])
        return {k: _brief(v) for k, v in value.items() if v not in ([], {}, ())}
    if isinstance(value, list):
        return [_brief(v) for v in value]
    return value
