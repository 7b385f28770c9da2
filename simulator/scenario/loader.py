"""Load a scenario file: YAML -> pydantic models -> cross-reference checks.

Every failure, from a missing file to a dangling reference, becomes a
:class:`ScenarioError` whose problems carry the line of the offending field.
Line numbers come from PyYAML's node tree, composed once beside the data.
The text is read as YAML 1.2 with bounded aliases and nesting
(:mod:`simulator.scenario.safe_yaml`), and a valid scenario must also ask
for a bounded amount of work (:mod:`simulator.scenario.work`), so every
file either loads or is refused within seconds.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml
from pydantic import ValidationError

from simulator.i18n import has_key
from simulator.scenario.limits import MAX_FILE_BYTES
from simulator.scenario.models import Scenario
from simulator.scenario.problems import Loc, Problem, ScenarioError
from simulator.scenario.references import check_references
from simulator.scenario.safe_yaml import YamlRefusal, compose, yaml11_reading
from simulator.scenario.suggest import merge_typos, repaired, suggest
from simulator.scenario.work import check_work
from simulator.scenario.yaml_messages import yaml_problem

LineMap = dict[Loc, int]


def read_source(path: str | Path) -> tuple[bytes, str]:
    """The bytes of a scenario or plan file and its name, or a :class:`ScenarioError`."""
    name = str(path)
    try:
        with Path(path).open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # bounded: /dev/zero or a pipe would never end
    except FileNotFoundError:
        raise ScenarioError(name, [Problem((), "file_missing")]) from None
    except IsADirectoryError:
        raise ScenarioError(name, [Problem((), "file_is_directory")]) from None
    except OSError as exc:
        raise ScenarioError(name, [Problem((), "file_unreadable", {"reason": exc.strerror or str(exc)})]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(name, [Problem((), "file_too_big", {"limit": MAX_FILE_BYTES // 2**20})])
    return raw, name


def load_scenario(path: str | Path) -> Scenario:
    """Load and fully validate the scenario at ``path`` or raise :class:`ScenarioError`."""
    return parse_scenario(*read_source(path))


def parse_scenario(raw: bytes | str, name: str = "<scenario>") -> Scenario:
    """Validate scenario text (bytes are decoded as UTF-8)."""
    scenario, lines = validated_yaml(raw, Scenario, name, check=check_references)
    problems = [_with_line(p, lines) for p in check_references(scenario)]
    if not problems:  # the work estimate trusts the references (units, items, depots exist)
        problems = [_with_line(p, lines) for p in check_work(scenario)]
    if problems:
        raise ScenarioError(name, problems)
    return scenario


def parse_fragment(raw: str, model, name: str = "<text>", check=None):
    """Validate YAML text as one ``model`` (an inject typed in during a drill).

    ``check(value)`` may return more problems, located inside the fragment;
    every problem gets its line in ``raw``, as for a whole scenario file.
    """
    value, lines = validated_yaml(raw, model, name)
    problems = [_with_line(p, lines) for p in (check(value) if check else ())]
    if problems:
        raise ScenarioError(name, problems)
    return value


def validated_yaml(raw: bytes | str, model, name: str, check=None):
    """``raw`` decoded, parsed and validated as ``model``: (value, line map), or a line-numbered ScenarioError.

    An unknown key gets the field it probably stands for. When unknown keys
    are all that is wrong, the file is validated again without them and
    ``check(value)`` (cross-references) runs too, so one pass reports both.
    """
    data, lines = _parse_yaml(_decode(raw, name), name)
    try:
        return model.model_validate(data), lines
    except ValidationError as exc:
        errors = _without_echoes(exc.errors())
    unknown = {tuple(e["loc"]): suggest(model, tuple(e["loc"])) for e in errors if e["type"] == "extra_forbidden"}
    kept = merge_typos(errors, {loc: meant for loc, meant in unknown.items() if meant})
    problems = [_from_pydantic(err, lines, unknown.get(tuple(err["loc"]))) for err in kept]
    if check is not None and all(e["type"] == "extra_forbidden" for e in kept):
        problems += _checked_anyway(data, unknown, model, check, lines)
    raise ScenarioError(name, problems)


def _without_echoes(errors: list[dict]) -> list[dict]:
    """Drop a list's "too short" that only echoes an invalid item.

    pydantic counts a tuple's length after dropping the items that failed, so
    one unit with a misspelt key also reads "command.units: needs at least 1
    entries" although the file lists one: the item's own error says it all.
    """
    def echo(err: dict) -> bool:
        if err["type"] != "too_short" or not isinstance(err.get("input"), (list, tuple)):
            return False
        wanted = (err.get("ctx") or {}).get("min_length", 0)
        loc = tuple(err["loc"])
        inside = any(tuple(e["loc"])[: len(loc)] == loc and len(e["loc"]) > len(loc) for e in errors)
        return inside and len(err["input"]) >= wanted

    return [e for e in errors if not echo(e)]


def _checked_anyway(data: object, unknown: dict, model, check, lines: LineMap) -> list[Problem]:
    """``check``'s problems for the data with its unknown keys read as meant; none if that does not validate."""
    fixed = repaired(data, unknown)
    if fixed is None:
        return []
    try:
        value = model.model_validate(fixed)
    except ValidationError:
        return []
    return [_with_line(p, lines) for p in check(value)]


def scenario_hash(scenario: Scenario) -> str:
    """A short digest of a scenario's content, stored with every run's results."""
    return hashlib.sha256(scenario.model_dump_json(by_alias=True).encode()).hexdigest()[:16]


def _decode(raw: bytes | str, name: str) -> str:
    if isinstance(raw, str):
        text = raw
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ScenarioError(name, [Problem((), "not_utf8", {"offset": exc.start}, line=line)]) from None
    if not text.strip():
        raise ScenarioError(name, [Problem((), "empty_file", line=1)])
    return text


def _parse_yaml(text: str, name: str) -> tuple[object, LineMap]:
    if len(text) > MAX_FILE_BYTES:  # text typed or pasted, not read from a file
        raise ScenarioError(name, [Problem((), "file_too_big", {"limit": MAX_FILE_BYTES // 2**20})])
    lines: LineMap = {}
    duplicates: list[Problem] = []
    loader = node = None
    try:
        loader, node = compose(text)  # aliases, nesting and keys checked before any node is built
        if node is not None:
            # walk before constructing: construction flattens merge keys (<<) in place
            lines[()] = node.start_mark.line + 1
            _walk(node, (), lines, duplicates)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        key, params, line = yaml_problem(exc, text)
        raise ScenarioError(name, [Problem((), key, params, line=line)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(name, [Problem((), "yaml_syntax", {"detail": str(exc)})]) from None
    except YamlRefusal as exc:
        loc = _path_of(node, exc.node) if exc.node is not None else ()
        raise ScenarioError(name, [Problem(loc, exc.key, exc.params, line=exc.line)]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None or data is None:
        raise ScenarioError(name, [Problem((), "empty_file", line=1)])
    if not isinstance(data, dict):
        raise ScenarioError(name, [Problem((), "not_mapping", line=node.start_mark.line + 1)])
    if duplicates:
        raise ScenarioError(name, duplicates)
    return data, lines


def _walk(node: yaml.Node, loc: Loc, lines: LineMap, duplicates: list[Problem]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key == "<<":  # a merge key: its fields belong to the anchor it names
                continue
            here = (*loc, key)
            if key in seen:
                duplicates.append(Problem(here, "duplicate_key", {"key": key}, line=key_node.start_mark.line + 1))
            seen.add(key)
            lines[here] = key_node.start_mark.line + 1
            _walk(value_node, here, lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[(*loc, i)] = item.start_mark.line + 1
            _walk(item, (*loc, i), lines, duplicates)


def _path_of(root: yaml.Node | None, target: yaml.Node) -> Loc:
    """The path of ``target`` in the tree (first found), for a value refused while constructing."""
    todo: list[tuple[yaml.Node, Loc]] = [(root, ())] if root is not None else []
    while todo:
        node, loc = todo.pop()
        if node is target:
            return loc
        if isinstance(node, yaml.MappingNode):
            todo += [(v, (*loc, k.value)) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value != "<<"]
        elif isinstance(node, yaml.SequenceNode):
            todo += [(item, (*loc, i)) for i, item in enumerate(node.value)]
    return ()


def _line_for(loc: Loc, lines: LineMap) -> int | None:
    """The line of the deepest part of ``loc`` present in the file.

    Parts absent from the file (a missing field, a union tag that pydantic
    adds to the path) are skipped, so a missing field points at its parent.
    """
    path: Loc = ()
    for part in loc:
        candidate = (*path, part)
        if candidate in lines:
            path = candidate
        elif isinstance(part, str) and part.isdigit() and (*path, int(part)) in lines:
            path = (*path, int(part))
    return lines.get(path)


def _clean_loc(loc: Loc, lines: LineMap) -> Loc:
    """Drop the parts pydantic adds that are not in the file.

    A discriminated union puts its tag in the path (``effect.close_road.from``);
    a validator may add ``function-after[...]``. A part is dropped when it is
    absent from the file but the part after it is present, or when it is such
    a bracketed validator name.
    """
    out: Loc = ()
    for i, part in enumerate(loc):
        here = (*out, part)
        if here not in lines and isinstance(part, str):
            following = loc[i + 1] if i + 1 < len(loc) else None
            if "[" in part or (following is not None and (*out, following) in lines):
                continue
        out = here
    return out


def _from_pydantic(err: dict, lines: LineMap, meant: str | None = None) -> Problem:
    loc = _clean_loc(tuple(err["loc"]), lines)
    params = {k: _short(v) for k, v in (err.get("ctx") or {}).items()}
    params["input"] = _short(err.get("input"))
    # our own validators raise PydanticCustomError with a catalogue key as type
    key = err["type"] if has_key(f"scenario.{err['type']}") else "pyd." + err["type"]
    if err["type"] == "extra_forbidden" and meant is not None:
        key = "pyd.extra_forbidden_meant"
        params.update(field=_short(str(err["loc"][-1])), meant=meant)
    elif err["type"] == "extra_forbidden" and err.get("input") is None:
        key = "pyd.extra_forbidden_unquoted"  # a key with no value: often a comma inside {...}
    if _number_wanted(err) and (hint := _yaml11_hint(err.get("input"))) is not None:
        key, extra = hint
        params.update(extra)
    return Problem(loc, key, params, fallback=err["msg"], line=_line_for(loc, lines))


_NUMBER_ERRORS = {"int_parsing", "int_type", "float_parsing", "float_type", "bool_parsing", "bool_type"}


def _number_wanted(err: dict) -> bool:
    """A number was wanted: a number field, or a duration (a number or a distribution, the Dist model)."""
    if err["type"] in ("model_type", "model_attributes_type"):
        return (err.get("ctx") or {}).get("class_name") == "Dist"
    return err["type"] in _NUMBER_ERRORS


def _yaml11_hint(value: object) -> tuple[str, dict] | None:
    """Text that YAML 1.1 read as a number or boolean: the message saying what it was and what to write."""
    old = yaml11_reading(value)
    if old is None:
        return None
    if isinstance(old, bool):
        return "yaml11_bool", {"old": str(old).lower()}
    parts = value.lstrip("+-").split(":")
    if len(parts) in (2, 3) and all(p.replace(".", "", 1).isdigit() for p in parts):
        # base 60: the author most likely meant hours:minutes[:seconds]
        nums = [float(p) for p in parts] + [0.0]
        minutes = nums[0] * 60 + nums[1] + nums[2] / 60
        key = "yaml11_base60_hm" if len(parts) == 2 else "yaml11_base60_hms"
        return key, {"old": _short(old), "minutes": _short(minutes)}
    return "yaml11_number", {"old": _short(old)}


def _with_line(problem: Problem, lines: LineMap) -> Problem:
    return Problem(problem.loc, problem.key, problem.params, problem.fallback, _line_for(problem.loc, lines))


def _short(value: object, limit: int = 60) -> object:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)  # "at least 0", not "at least 0.0"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 3] + "..."
