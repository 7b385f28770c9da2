"""Plan variants: a loaded scenario changed by a few overrides, never mutated.

A plan file (YAML) names a plan and says what differs from the scenario::

    id: township_staff_6plus1
    name: {zh: 乡镇应急办"6+1", en: 'Township offices "6+1"'}
    scenario: urban_rainstorm            # optional: the meta.id it is written for
    overrides:
      - command.units.wenhua_office.duty_staff=7
      - teams.city_rescue.size: 40       # the mapping form works too
    patch:                               # a deep merge, lists entered by id
      depots:
        city_reserve: {stock: {sandbag: 14000}}
        wenhua_store: {name: ..., tier: township, place: wenhua}   # a new entry

Paths are dot-separated; ``path+=n`` and ``path-=n`` add to or take from a
number (``depots.city_reserve.stock.sandbag-=6000``). A mapping is entered by its key, a list of entries
(teams, command.units, depots ...) by an entry's ``id``; a plain list
(``capabilities``) by its index. Values are read as YAML (``40``,
``[pumping]``, ``{dist: exponential, mean: 6}``). Setting an entry whose id
does not exist adds it. The result is dumped, changed, re-validated and
cross-checked like a scenario file; every problem names the plan file, the
line of the override and its path.
"""

from __future__ import annotations

import copy
import difflib
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError

from simulator.i18n import has_key, tr
from simulator.i18n import text as pick_text
from simulator.scenario.base import Frozen, Id, Text
from simulator.scenario.loader import read_source, validated_yaml
from simulator.scenario.models import Scenario
from simulator.scenario.problems import Loc, Problem, ScenarioError
from simulator.scenario.references import check_references
from simulator.scenario.safe_yaml import YamlRefusal, load_value
from simulator.scenario.suggest import suggest
from simulator.scenario.work import check_work

BASELINE_ID = "baseline"
CLI_SOURCE = "--set"
_MISSING = object()


@dataclass(frozen=True)
class Override:
    """Set the value at ``path`` (``("teams", "city_rescue", "size")``).

    ``op`` "+=" or "-=" adds to or takes from the number there instead, so a
    plan that moves stock keeps the total whatever the scenario holds.
    """

    path: tuple[str, ...]
    value: Any
    line: int | None = None
    op: str = "="

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    def __str__(self) -> str:
        return f"{self.dotted}{self.op}{yaml.safe_dump(self.value, default_flow_style=True, allow_unicode=True, sort_keys=False).strip().removesuffix('...').strip()}"


@dataclass(frozen=True, eq=False)
class Plan:
    """A named set of changes to a scenario (the baseline plan changes nothing)."""

    id: str
    name: Text
    overrides: tuple[Override, ...] = ()
    patch: Mapping[str, Any] = field(default_factory=dict)
    source: str = "<plan>"
    description: Text | None = None
    scenario_id: str | None = None
    lines: Mapping[Loc, int] = field(default_factory=dict, repr=False)

    def label(self, lang: str | None = None) -> str:
        return pick_text(self.name, lang)

    def describe(self, scenario: Scenario | None = None) -> list[str]:
        """The changes as ``path=value`` lines (a patch flattened as it applies to ``scenario``)."""
        data = scenario.model_dump(mode="json", by_alias=True) if scenario is not None else None
        return [str(o) for o in self.overrides] + [str(o) for o in _flatten_patch(self.patch, data, (), {})]


def bilingual(key: str, **params: object) -> Text:
    """A catalogue message as a bilingual scenario text."""
    return Text(zh=tr(key, "zh", **params), en=tr(key, "en", **params))


def baseline_plan() -> Plan:
    return Plan(BASELINE_ID, bilingual("experiment.baseline"))


# ---------------------------------------------------------------- parsing


class _PlanFile(Frozen):
    id: Id
    name: Text
    description: Text | None = None
    scenario: Id | None = None
    overrides: tuple[Any, ...] = ()
    patch: dict[str, Any] = Field(default_factory=dict)


def load_plan(path: str | Path) -> Plan:
    """Read and check a plan file or raise :class:`ScenarioError` (line-numbered)."""
    return parse_plan(*read_source(path))


def parse_plan(raw: bytes | str, name: str = "<plan>") -> Plan:
    spec, lines = validated_yaml(raw, _PlanFile, name)
    overrides: list[Override] = []
    problems: list[Problem] = []
    for i, entry in enumerate(spec.overrides):
        line = lines.get(("overrides", i))
        try:
            overrides.extend(_entry_overrides(entry, line))
        except _BadOverride as bad:
            problems.append(Problem(("overrides", i), bad.key, bad.params, line=line))
    if problems:
        raise ScenarioError(name, problems)
    return Plan(
        id=spec.id,
        name=spec.name,
        overrides=tuple(overrides),
        patch=spec.patch,
        source=name,
        description=spec.description,
        scenario_id=spec.scenario,
        lines=lines,
    )


class _BadOverride(Exception):
    def __init__(self, key: str, params: dict):
        super().__init__(key)
        self.key = key
        self.params = params


def _entry_overrides(entry: object, line: int | None) -> list[Override]:
    if isinstance(entry, str):
        return [_parse_text(entry, line)]
    if isinstance(entry, dict) and entry:
        if any("=" in str(k) for k in entry):
            # `- a.b={dist: x}` unquoted: YAML reads it as a mapping
            raise _BadOverride("override_needs_quotes", {"text": next(str(k) for k in entry if "=" in str(k))})
        return [Override(_split_path(str(k), str(entry)), v, line) for k, v in entry.items()]
    raise _BadOverride("override_syntax", {"text": str(entry)})


def _split_path(dotted: str, text: str) -> tuple[str, ...]:
    parts = tuple(p.strip() for p in dotted.strip().split("."))
    if not parts or any(not p for p in parts):
        raise _BadOverride("override_syntax", {"text": text})
    return parts


def _parse_text(text: str, line: int | None) -> Override:
    if "=" not in text:
        raise _BadOverride("override_syntax", {"text": text})
    dotted, value_text = text.split("=", 1)
    op = "="
    dotted = dotted.rstrip()
    if dotted.endswith(("+", "-")):
        op, dotted = dotted[-1] + "=", dotted[:-1]
    path = _split_path(dotted, text)
    try:
        value = load_value(value_text) if value_text.strip() else None  # YAML 1.2, as in scenario files
    except yaml.YAMLError as exc:
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise _BadOverride("override_value", {"text": text, "detail": detail}) from None
    except YamlRefusal as exc:
        raise _BadOverride(exc.key, exc.params) from None  # rendered later, in the user's language
    if op != "=" and not _is_number(value):
        raise _BadOverride("override_not_number", {"text": text})
    return Override(path, value, line, op)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_override(text: str, source: str = CLI_SOURCE) -> Override:
    """One ``path.to.field=value`` from the command line (errors name ``source``)."""
    try:
        return _parse_text(text, None)
    except _BadOverride as bad:
        raise ScenarioError(source, [Problem((), bad.key, bad.params)]) from None


def cli_plan(overrides: Iterable[str], plan_id: str = BASELINE_ID) -> Plan:
    """The ``--set`` options as a plan (errors are reported against ``--set``)."""
    parsed = tuple(parse_override(text) for text in overrides)
    return Plan(plan_id, bilingual("experiment.baseline"), parsed, source=CLI_SOURCE)


# ---------------------------------------------------------------- sweeps


def parse_sweep(text: str, source: str = CLI_SOURCE) -> tuple[tuple[str, ...], list]:
    """``path=[v1, v2, ...]`` -> (path, values)."""
    override = parse_override(text, source)
    if not isinstance(override.value, list) or not override.value:
        raise ScenarioError(source, [Problem(override.path, "sweep_needs_list", {"text": text})])
    return override.path, list(override.value)


def grid_plans(axes: Sequence[tuple[tuple[str, ...], Sequence]], prefix: str = "sweep") -> list[Plan]:
    """One plan per point of the cartesian product of the axes' values."""
    plans = []
    combos = list(itertools.product(*[values for _, values in axes]))
    width = len(str(len(combos)))
    for k, combo in enumerate(combos, 1):
        overrides = tuple(Override(path, value) for (path, _), value in zip(axes, combo))
        label = ", ".join(f"{o.path[-1]}={o.value}" for o in overrides)
        plans.append(Plan(f"{prefix}{k:0{width}d}", Text(zh=label, en=label), overrides, source=CLI_SOURCE))
    return plans


# ---------------------------------------------------------------- applying


def apply_plan(scenario: Scenario, plan: Plan) -> Scenario:
    """A new, fully checked scenario with ``plan``'s changes; ``scenario`` is untouched."""
    if plan.scenario_id is not None and plan.scenario_id != scenario.meta.id:
        params = {"expected": plan.scenario_id, "actual": scenario.meta.id}
        raise ScenarioError(plan.source, [Problem(("scenario",), "plan_wrong_scenario", params, line=plan.lines.get(("scenario",)))])
    problems: list[Problem] = []
    data = scenario.model_dump(mode="json", by_alias=True)
    operations = list(plan.overrides) + _flatten_patch(plan.patch, data, (), plan.lines)
    if not operations:
        return scenario
    applied: list[tuple[Override, Loc]] = []
    for op in operations:
        try:
            applied.append((op, _assign(data, op)))
        except _BadPath as bad:
            problems.append(Problem(op.path[: bad.depth + 1], bad.key, bad.params, line=op.line))
    if problems:
        raise ScenarioError(plan.source, problems)
    try:
        result = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(plan.source, [_attribute(data, err, applied) for err in exc.errors()]) from None
    refs = check_references(result) or check_work(result)
    if refs:
        raise ScenarioError(plan.source, [_reattribute(data, p, applied) for p in refs])
    return result


def _flatten_patch(patch: Mapping, data: object, path: tuple[str, ...], lines: Mapping[Loc, int]) -> list[Override]:
    """A deep-merge patch as the leaf assignments it makes.

    Without ``data`` (for display) every nested mapping is entered. A mapping
    with a ``dist`` key is one value (a distribution), never merged.
    """
    ops: list[Override] = []
    for key, value in patch.items():
        here = (*path, str(key))
        target = _peek(data, str(key)) if data is not None else _MISSING
        enter = isinstance(value, dict) and value and "dist" not in value
        if enter and (data is None or isinstance(target, dict) or (isinstance(target, list) and _has_ids(target))):
            ops.extend(_flatten_patch(value, None if data is None else target, here, lines))
        else:
            ops.append(Override(here, value, lines.get(("patch", *here))))
    return ops


class _BadPath(Exception):
    def __init__(self, depth: int, key: str, params: dict):
        super().__init__(key)
        self.depth = depth
        self.key = key
        self.params = params


def _has_ids(entries: list) -> bool:
    return bool(entries) and all(isinstance(e, dict) and "id" in e for e in entries)


def _find_id(entries: list, key: str) -> int | None:
    for i, entry in enumerate(entries):
        if isinstance(entry, dict) and entry.get("id") == key:
            return i
    return None


def _peek(node: object, key: str) -> object:
    if isinstance(node, dict):
        return node.get(key, _MISSING)
    if isinstance(node, list):
        i = _find_id(node, key)
        if i is not None:
            return node[i]
    return _MISSING


def _known(candidates: list[str], key: str, limit: int = 8) -> str:
    close = difflib.get_close_matches(key, candidates, n=3, cutoff=0.6)
    ordered = close + [c for c in candidates if c not in close]
    shown = ", ".join(ordered[:limit])
    return shown + (", ..." if len(ordered) > limit else "")


def _child(node: object, part: str, depth: int, path: tuple[str, ...]) -> tuple[object, str | int]:
    if isinstance(node, dict):
        if part in node:
            return node[part], part
        raise _BadPath(depth, "override_no_key", {"key": part, "known": _known(sorted(map(str, node)), part)})
    if isinstance(node, list):
        i = _find_id(node, part)
        if i is not None:
            return node[i], i
        if part.isdigit() and int(part) < len(node) and not _has_ids(node):
            return node[int(part)], int(part)
        if _has_ids(node):
            raise _BadPath(depth, "override_no_entry", {"key": part, "known": _known([e["id"] for e in node], part)})
        raise _BadPath(depth, "override_no_index", {"key": part, "count": len(node)})
    parent = ".".join(path[:depth]) or "."
    raise _BadPath(depth, "override_not_section", {"key": part, "parent": parent})


def _assign(data: dict, op: Override) -> Loc:
    """Apply one override in place; returns the location it set (indices, not ids)."""
    node: object = data
    loc: list[str | int] = []
    for depth, part in enumerate(op.path[:-1]):
        node, step = _child(node, part, depth, op.path)
        loc.append(step)
    last, depth = op.path[-1], len(op.path) - 1
    value = copy.deepcopy(op.value)
    if op.op != "=":
        current = node.get(last, _MISSING) if isinstance(node, dict) else _MISSING
        if not _is_number(current):
            raise _BadPath(depth, "override_not_number", {"text": str(op)})
        node[last] = current + value if op.op == "+=" else current - value
        return (*loc, last)
    if isinstance(node, dict):
        node[last] = value
        return (*loc, last)
    if isinstance(node, list):
        i = _find_id(node, last)
        if isinstance(value, dict):
            value = {"id": last, **value} if "id" not in value else value
        if i is not None:
            node[i] = value
            return (*loc, i)
        if (_has_ids(node) or not node) and isinstance(value, dict):
            node.append(value)
            return (*loc, len(node) - 1)
        if last.isdigit() and int(last) < len(node) and not _has_ids(node):
            node[int(last)] = value
            return (*loc, int(last))
        if _has_ids(node):
            raise _BadPath(depth, "override_no_entry", {"key": last, "known": _known([e["id"] for e in node], last)})
        raise _BadPath(depth, "override_no_index", {"key": last, "count": len(node)})
    parent = ".".join(op.path[:depth]) or "."
    raise _BadPath(depth, "override_not_section", {"key": last, "parent": parent})


def _real_loc(data: object, loc: Loc) -> Loc:
    """Drop the parts pydantic adds that are not in the data (union tags, validator names)."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            node = node[part]
            out.append(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            out.append(part)
        elif i == len(loc) - 1 and isinstance(part, str) and "[" not in part:
            out.append(part)  # a missing or unknown field: keep its name
    return tuple(out)


def _id_path(data: object, loc: Loc) -> Loc:
    """``("teams", 0, "size")`` -> ``("teams", "city_rescue", "size")``, as overrides write it."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            entry = node[part]
            out.append(str(entry["id"]) if isinstance(entry, dict) and "id" in entry else part)
            node = entry
        else:
            out.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    return tuple(out)


def _owner(loc: Loc, applied: list[tuple[Override, Loc]]) -> Override | None:
    """The last override whose location contains ``loc`` or lies inside it."""
    best: Override | None = None
    best_len = -1
    if not loc:
        return None
    for op, where in applied:
        n = min(len(where), len(loc))
        if tuple(where[:n]) == tuple(loc[:n]) and len(where) >= best_len:
            best, best_len = op, len(where)
    return best


def _attribute(data: dict, err: dict, applied: list[tuple[Override, Loc]]) -> Problem:
    loc = _real_loc(data, tuple(err["loc"]))
    params = {k: _short(v) for k, v in (err.get("ctx") or {}).items()}
    params["input"] = _short(err.get("input"))
    key = err["type"] if has_key(f"scenario.{err['type']}") else "pyd." + err["type"]
    if err["type"] == "extra_forbidden" and (meant := suggest(Scenario, tuple(err["loc"]))) is not None:
        key = "pyd.extra_forbidden_meant"
        params.update(field=_short(str(err["loc"][-1])), meant=meant)
    owner = _owner(loc, applied)
    return Problem(_id_path(data, loc), key, params, fallback=err["msg"], line=owner.line if owner else None)


def _reattribute(data: dict, problem: Problem, applied: list[tuple[Override, Loc]]) -> Problem:
    owner = _owner(problem.loc, applied)
    return Problem(_id_path(data, problem.loc), problem.key, problem.params, problem.fallback, owner.line if owner else None)


def _short(value: object, limit: int = 60) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 3] + "..."
