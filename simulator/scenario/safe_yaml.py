"""Scenario YAML, read safely: YAML 1.2 core values, bounded aliases and nesting.

PyYAML reads YAML 1.1, where ``1:30:00`` is 5400 (base 60), ``yes`` and
``on`` are true and ``0777`` is octal. Scenario files follow the YAML 1.2
core schema instead: only ``true``/``false`` are booleans, numbers are
decimal (or ``0o``/``0x``), and anything else is text, which the models
then refuse where a number is wanted (the loader says what YAML 1.1 would
have read, see :func:`yaml11_reading`).

Aliases stay allowed (urban_rainstorm shares a depot and a shelter with
``<<: *name``), but before any node is built one pass over the parser's
events counts what they expand to, and refuses an alias bomb, an alias
inside its own anchor, a list or mapping used as a key, an unknown tag and
nesting deeper than any scenario needs. The pass streams, so a hostile file
is refused as soon as it crosses a limit, before its end is even parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor

from simulator.scenario.limits import MAX_ALIAS_NODES, MAX_DEPTH, MAX_DIGITS

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {None, "!", *(_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq"))}
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class YamlRefusal(Exception):
    """A text the reader will not build: ``key`` names a ``scenario.<key>`` message, ``line`` is 1-based.

    ``node`` is the value refused, when the node tree was already built (to find its path).
    """

    def __init__(self, key: str, params: dict, line: int | None, node: yaml.Node | None = None):
        super().__init__(key)
        self.key, self.params, self.line, self.node = key, params, line, node


class ScenarioLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when built with it: same marks, ten times faster
    """PyYAML's safe loader with YAML 1.2 core implicit types (and ``<<`` merge keys)."""

    yaml_implicit_resolvers: dict = {}


for _tag, _pattern, _first in (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", _INT.pattern, "-+0123456789"),
    ("float", rf"{_FLOAT.pattern}|{_INF.pattern}|{_NAN.pattern}", "-+.0123456789"),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    ("merge", r"<<", "<"),
):
    ScenarioLoader.add_implicit_resolver(_CORE + _tag, re.compile(rf"^(?:{_pattern})$"), list(_first))


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _construct_int(loader: SafeConstructor, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if not _INT.fullmatch(text):
        raise YamlRefusal("yaml_bad_scalar", {"text": _clip(text), "kind": "int"}, _line(node), node)
    digits = text.lstrip("+-")
    base = {"0o": 8, "0x": 16}.get(digits[:2], 10)
    if base != 10:
        digits = digits[2:]
    if len(digits) > MAX_DIGITS:  # int() itself refuses past 4,300 digits, with a traceback
        raise YamlRefusal("yaml_too_many_digits", {"digits": len(digits), "limit": MAX_DIGITS}, _line(node), node)
    value = int(digits, base)
    return -value if text.startswith("-") else value


def _construct_float(loader: SafeConstructor, node: yaml.ScalarNode) -> float:
    text = loader.construct_scalar(node)
    if _NAN.fullmatch(text):
        return float("nan")
    if _INF.fullmatch(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if not _FLOAT.fullmatch(text):
        raise YamlRefusal("yaml_bad_scalar", {"text": _clip(text), "kind": "float"}, _line(node), node)
    return float(text)  # too large a number becomes inf, which the models refuse as not finite


def _construct_bool(loader: SafeConstructor, node: yaml.ScalarNode) -> bool:
    text = loader.construct_scalar(node)
    if text not in _BOOL:
        raise YamlRefusal("yaml_bad_scalar", {"text": _clip(text), "kind": "bool"}, _line(node), node)
    return _BOOL[text]


ScenarioLoader.add_constructor(_CORE + "int", _construct_int)
ScenarioLoader.add_constructor(_CORE + "float", _construct_float)
ScenarioLoader.add_constructor(_CORE + "bool", _construct_bool)


@dataclass
class _Open:
    """A mapping or list being read: its size so far, counting what aliases in it expand to."""

    anchor: str | None
    mapping: bool
    size: int = 1
    at_key: bool = True  # in a mapping: the next node is a key
    line: int = 0


@dataclass
class _Tally:
    sizes: dict[str, int] = field(default_factory=dict)  # anchor -> values it stands for
    open: list[_Open] = field(default_factory=list)
    added: int = 0  # values added by aliases


def check_events(text: str) -> None:
    """Refuse what would blow up composing or walking ``text``; raises :class:`YamlRefusal`.

    Syntax errors are left to the composer, which reports them with their line.
    """
    tally = _Tally()
    loader = ScenarioLoader(text)
    try:
        while loader.check_event():
            _count(loader.get_event(), tally)
    finally:
        loader.dispose()


def _count(event: yaml.Event, tally: _Tally) -> None:
    line = event.start_mark.line + 1 if event.start_mark else None
    if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
        done = tally.open.pop()
        if done.anchor is not None:
            tally.sizes[done.anchor] = done.size
        if tally.open:
            tally.open[-1].size += done.size
        return
    if not isinstance(event, yaml.NodeEvent):
        return  # stream and document boundaries
    parent = tally.open[-1] if tally.open else None
    is_key = parent is not None and parent.mapping and parent.at_key
    if parent is not None and parent.mapping:
        parent.at_key = not parent.at_key
    tag = getattr(event, "tag", None)
    if tag not in _ALLOWED_TAGS:
        raise YamlRefusal("yaml_tag", {"tag": _clip(tag.replace(_CORE, "!!"))}, line)
    if isinstance(event, yaml.AliasEvent):
        size = _alias_size(event.anchor, tally, line)
        if is_key and size > 1:
            raise YamlRefusal("yaml_key_not_text", {}, line)
        tally.added += size
        if tally.added > MAX_ALIAS_NODES:
            raise YamlRefusal("yaml_alias_bomb", {"limit": MAX_ALIAS_NODES}, line)
        if parent is not None:
            parent.size += size
    elif isinstance(event, yaml.ScalarEvent):
        if event.anchor is not None:
            tally.sizes[event.anchor] = 1
        if parent is not None:
            parent.size += 1
    else:  # the start of a mapping or a list
        if is_key:
            raise YamlRefusal("yaml_key_not_text", {}, line)
        tally.open.append(_Open(event.anchor, isinstance(event, yaml.MappingStartEvent), line=line or 0))
        if len(tally.open) > MAX_DEPTH:
            raise YamlRefusal("yaml_too_deep", {"limit": MAX_DEPTH}, line)


def _alias_size(anchor: str, tally: _Tally, line: int | None) -> int:
    if any(o.anchor == anchor for o in tally.open):
        raise YamlRefusal("yaml_alias_loop", {"anchor": anchor}, line)
    return tally.sizes.get(anchor, 1)  # an unknown anchor: the composer reports it with its line


def compose(text: str) -> tuple[ScenarioLoader, yaml.Node | None]:
    """The checked node tree of ``text`` and the loader that will construct it (dispose it after)."""
    check_events(text)
    loader = ScenarioLoader(text)
    try:
        return loader, loader.get_single_node()
    except BaseException:
        loader.dispose()
        raise


def load_value(text: str) -> object:
    """One YAML value (an override on the command line) read as scenario files are."""
    loader, node = compose(text)
    try:
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def yaml11_reading(text: str) -> object | None:
    """What YAML 1.1 read a plain scalar as, when that was a number or boolean and YAML 1.2 reads text.

    ``'1:30:00'`` -> 5400, ``'yes'`` -> True, ``'0b101'`` -> 5; else None.
    """
    if not isinstance(text, str) or len(text) > 40:
        return None
    plain = (True, False)
    old = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, plain)
    if old not in (_CORE + "bool", _CORE + "int", _CORE + "float"):
        return None
    if core_tag(text) != _CORE + "str":
        return None
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):
        return None


def core_tag(text: str) -> str:
    """The tag YAML 1.2 core gives a plain scalar ``text``."""
    for tag, pattern in ScenarioLoader.yaml_implicit_resolvers.get(text[:1], []):
        if pattern.match(text):
            return tag
    return _CORE + "str"


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
