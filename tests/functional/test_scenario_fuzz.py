"""Mutated bundled scenarios: ``validate`` then ``run`` either succeed or refuse cleanly, quickly.

Hypothesis (derandomized, so CI sees the same examples) takes one of the
three bundled scenarios and applies a few mutations: delete a key or list
entry, swap a value's type, put an extreme number, add an odd key, share a
subtree (the dumper writes an anchor and an alias) or make it contain
itself, write a YAML 1.1 form or a hostile text (alias bomb, 5,000-digit
number, .nan), and truncate the text. Each example runs the real commands
in-process; a clean refusal is exit status 2 with every stderr line naming
the file (or the problem count and hint lines the CLI adds after them), no
traceback. ``run`` gets a small run budget, so a valid example ends or stops
at the budget either way. An alarm fails an example that takes too long
instead of letting it hang the suite.
"""

from __future__ import annotations

import copy
import math
import signal
import time
from contextlib import contextmanager
from functools import cache

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from simulator.cli import app
from simulator.scenario.safe_yaml import load_value
from tests.conftest import SCENARIOS

BUNDLED = ("urban_rainstorm.yaml", "street_command.yaml", "mountain_landslide.yaml")
RUN_BUDGET = 2_500  # simulation events: a variant with less work finishes (and writes its report), the rest stop at it
SECONDS_PER_EXAMPLE = 15  # validate + run; a refusal takes well under one second

ODD_KEYS = ("", " ", "ü键", "1", "null", "<<x", "a" * 300, "id\n")
SWAPS = (None, True, False, "text", "", [], {}, 0, -1, 1.5, [1, "a"], {"k": "v"}, {"dist": "lognormal"})
FACTORS = (0, 0.001, 0.5, 2, 10, 1000, 1e6, 1e9)  # "scale": most keep the file valid, some ask for endless work
EXTREMES = (1e308, -1e308, 1e12, 10**30, 2**63, -(2**63), 1e-300, -0.0, 0, 1e9, math.inf, math.nan)
# raw tokens written into the text where a value was: YAML 1.1 forms and hostile values
RAW = (
    "yes", "no", "on", "1:30:00", "0b101", "0777", "1_000", "2024-07-20", ".nan", "-.inf", "~", "9" * 5000,
    "&x [1, *x]", "!!python/object/apply:os.system [ls]", "!!set {a}", "{[a]: 1}", "[" * 80 + "]" * 80,
)
ALIAS_BOMB = "&a [x,x,x,x,x,x,x,x,x]\n" + "".join(f"z{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefg", "bcdefgh"))


@cache
def bundled(name: str) -> dict:
    return load_value((SCENARIOS / name).read_text(encoding="utf-8"))


def _paths(node: object, prefix: tuple = ()) -> list[tuple]:
    """Every path into ``node`` (mapping keys and list positions), parents before children."""
    out = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        out.append((*prefix, key))
        out.extend(_paths(child, (*prefix, key)))
    return out


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _parent(data: object, path: tuple):
    for part in path[:-1]:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data if isinstance(data, (dict, list)) else None


class Case:
    """A mutated scenario; its repr lists the mutations, not 30 kB of YAML."""

    def __init__(self, name: str):
        self.name, self.text, self.steps = name, "", []

    def __repr__(self) -> str:
        return f"Case({self.name!r}, {len(self.text)} chars, {self.steps})"

    def _repr_pretty_(self, printer, cycle) -> None:  # what Hypothesis prints for a failing example
        printer.text(repr(self))


@st.composite
def mutated_scenarios(draw) -> Case:
    name = draw(st.sampled_from(BUNDLED))
    case = Case(name)
    data = copy.deepcopy(bundled(name))
    paths = _paths(data)
    numbers = [p for p in paths if _is_number(_parent(data, p)[p[-1]])]
    raw: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(("scale", "scale", "scale", "delete", "swap", "extreme", "odd_key", "share", "contain_itself", "raw")))
        path = draw(st.sampled_from(numbers if kind == "scale" else paths))
        parent, key = _parent(data, path), path[-1]
        if parent is None or (isinstance(parent, list) and key >= len(parent)) or (isinstance(parent, dict) and key not in parent):
            continue  # an earlier mutation removed it
        case.steps.append(f"{kind} {'.'.join(map(str, path))}")
        if kind == "scale":
            if _is_number(parent[key]):
                parent[key] = parent[key] * draw(st.sampled_from(FACTORS))
        elif kind == "delete":
            del parent[key]
        elif kind == "swap":
            parent[key] = copy.deepcopy(draw(st.sampled_from(SWAPS)))
        elif kind == "extreme":
            parent[key] = draw(st.sampled_from(EXTREMES))
        elif kind == "odd_key" and isinstance(parent, dict):
            parent[draw(st.sampled_from(ODD_KEYS))] = parent[key]
        elif kind == "share":  # the same object twice: the dumper writes &id001 ... *id001
            other = paths[draw(st.integers(0, len(paths) - 1))]
            source = _parent(data, other)
            if source is not None and other[-1] in (source if isinstance(source, dict) else range(len(source))):
                parent[key] = source[other[-1]]
        elif kind == "contain_itself" and isinstance(parent[key], (dict, list)):
            target = parent[key]
            target.append(target) if isinstance(target, list) else target.setdefault("self", target)
        elif kind == "raw":
            raw.append(draw(st.sampled_from(RAW)))
            parent[key] = f"RAWTOKEN{len(raw) - 1}END"
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for i, token in enumerate(raw):
        text = text.replace(f"RAWTOKEN{i}END", token)
    if draw(st.integers(0, 19)) == 0:
        text += "bomb: " + ALIAS_BOMB
        case.steps.append("alias bomb")
    if draw(st.integers(0, 5)) == 0:  # truncated, as by an editor that crashed
        text = text[: draw(st.integers(0, len(text)))]
        case.steps.append(f"truncated to {len(text)} chars")
    case.text = text
    return case


@contextmanager
def time_limit(seconds: int):
    def expired(signum, frame):
        raise TimeoutError(f"an example took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def assert_clean(result, path, command: str) -> None:
    """Success, or exit 2 with every message line naming the file; never another exception."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (command, repr(result.exception))
    assert result.exit_code in (0, 2), (command, result.exit_code, result.stderr)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert lines, command
        extra = ("problem(s) found", "--max-events")  # the CLI's summary line, the budget's hint line
        assert all(line.startswith(f"{path}:") or any(e in line for e in extra) for line in lines), (command, lines)


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="needs SIGALRM for the per-example time limit")
@settings(
    max_examples=60,
    deadline=None,  # timed by the alarm instead: a loaded CI machine must not make it flaky
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(case=mutated_scenarios())
def test_a_mutated_scenario_validates_and_runs_or_is_refused_cleanly(case, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / case.name
    path.write_text(case.text, encoding="utf-8")
    runner = CliRunner()
    started = time.perf_counter()
    with time_limit(SECONDS_PER_EXAMPLE):
        result = runner.invoke(app, ["validate", str(path), "--lang", "en"])
        assert_clean(result, path, "validate")
        event(f"validate exit {result.exit_code}")  # pytest --hypothesis-show-statistics shows the mix
        if result.exit_code == 0:
            result = runner.invoke(app, ["run", str(path), "--max-events", str(RUN_BUDGET), "--out", str(folder / "out"), "--lang", "zh"])
            assert_clean(result, path, "run")
            event(f"run exit {result.exit_code}")
    assert time.perf_counter() - started < SECONDS_PER_EXAMPLE
