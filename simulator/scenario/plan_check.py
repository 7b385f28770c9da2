"""Check a plan file against the scenario it names (``drillsim validate plan.yaml``).

A plan file has ``scenario:`` and ``overrides:`` / ``patch:`` at the top and
no ``meta:``. Its scenario is found by ``meta.id``: first ``<id>.yaml``, then
any scenario file, in the plan's folder, the folder above it and
``scenarios/``. Every problem of the changed scenario names the plan file
and the line of the change that caused it (:func:`apply_plan`).
"""

from __future__ import annotations

import re
from pathlib import Path

from simulator.scenario.loader import load_scenario, read_source
from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem, ScenarioError
from simulator.scenario.variants import Plan, apply_plan, load_plan

_TOP_KEY = re.compile(rb"^([A-Za-z_]+)\s*:", re.MULTILINE)


def looks_like_plan(path: str | Path) -> bool:
    """True for a plan file: top-level ``scenario:``/``overrides:``/``patch:`` and no ``meta:``."""
    try:
        raw, _ = read_source(path)
    except ScenarioError:
        return False  # validate reports it as a scenario file that cannot be read
    keys = {m.group(1).decode() for m in _TOP_KEY.finditer(raw)}
    return "meta" not in keys and bool(keys & {"scenario", "overrides", "patch"})


def search_dirs(plan_path: Path) -> list[Path]:
    folders = [plan_path.parent, plan_path.parent.parent, Path("scenarios")]
    out: list[Path] = []
    for folder in folders:
        if folder.is_dir() and folder.resolve() not in [f.resolve() for f in out]:
            out.append(folder)
    return out


def find_scenario(scenario_id: str, plan_path: Path) -> Scenario | None:
    """The scenario whose ``meta.id`` is ``scenario_id``, near the plan; None if there is none."""
    folders = search_dirs(plan_path)
    named = [folder / f"{scenario_id}.yaml" for folder in folders]
    others = [p for folder in folders for p in sorted(folder.glob("*.y*ml")) if p not in named]
    for candidate in [p for p in named if p.is_file()] + others:
        if candidate.resolve() == plan_path.resolve():
            continue
        try:
            scenario = load_scenario(candidate)
        except ScenarioError:
            continue  # a broken or foreign file is not the one the plan names
        if scenario.meta.id == scenario_id:
            return scenario
    return None


def check_plan_file(path: str | Path) -> tuple[Plan, Scenario]:
    """The plan and its scenario with the plan applied, or a ScenarioError at the plan file's lines."""
    path = Path(path)
    plan = load_plan(path)
    line = plan.lines.get(("scenario",)) or 1
    if plan.scenario_id is None:
        raise ScenarioError(str(path), [Problem((), "plan_names_no_scenario", line=1)])
    scenario = find_scenario(plan.scenario_id, path)
    if scenario is None:
        where = ", ".join(str(d) for d in search_dirs(path)) or "."
        raise ScenarioError(str(path), [Problem(("scenario",), "plan_scenario_not_found", {"ref": plan.scenario_id, "where": where}, line=line)])
    return plan, apply_plan(scenario, plan)
