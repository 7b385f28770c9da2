"""Save an MSEL back into a scenario file, keeping the rest of the file as it was.

Only the top-level ``injects:`` section is rewritten: every other line, its
comments included, stays byte for byte (comments inside the old injects
section go with it). That needs no YAML round-trip library: a block-style
scenario file's sections start at column 0, so the section is the lines
from ``injects:`` to the next top-level key. The new text is then loaded
as a whole scenario (the same checks as ``drillsim validate``) and must give
exactly the injects that were meant; otherwise nothing is written. The file
is replaced atomically (a temporary file renamed over it), so a failure
never leaves half a file.
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import yaml

from simulator.drill.injects import inject_data
from simulator.scenario.drills import Inject
from simulator.scenario.loader import parse_scenario
from simulator.scenario.problems import Problem, ScenarioError

_TOP_KEY = re.compile(r"^[^\s#\-][^:]*:")  # a key at column 0 (not a comment, not an indentless list item)


class _Text(str):
    """A text an author wrote (an inject's zh/en): always written in double quotes, whatever it holds."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)  # lists indented under their key, as the bundled files are


_Dumper.add_representer(_Text, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"'))


def _quoted_texts(data: dict) -> dict:
    data = dict(data)
    data["text"] = {lang: _Text(value) for lang, value in data["text"].items()}
    return data


def injects_block(injects) -> str:
    """The ``injects:`` section for ``injects``, in the style of the bundled files (short mappings on one line)."""
    if not injects:
        return "injects: []\n"
    data = [_quoted_texts(inject_data(i, brief=True)) for i in injects]
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=None, width=10**6)
    return "injects:\n" + "".join(f"  {line}\n" if line else "\n" for line in body.splitlines())


def with_injects(source: str, injects) -> str:
    """``source`` (a scenario file's text) with its injects section replaced by ``injects``."""
    lines = source.splitlines(keepends=True)
    start = next((k for k, line in enumerate(lines) if re.match(r"^injects\s*:", line)), None)
    block = injects_block(injects)
    if start is None:  # no section yet: add one at the end
        tail = "" if not source or source.endswith("\n") else "\n"
        return f"{source}{tail}\n{block}"
    end = next((k for k in range(start + 1, len(lines)) if _TOP_KEY.match(lines[k])), len(lines))
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # blank lines and column-0 comments before the next section belong to it
    gap = "\n" if end < len(lines) and lines[end].strip() else ""  # keep a blank line before the next section
    return "".join(lines[:start]) + block + gap + "".join(lines[end:])


def _same(a, b) -> bool:
    dump = lambda injects: [i.model_dump(mode="json") for i in injects]  # noqa: E731
    return dump(a) == dump(b)


def msel_text(source: str, injects, name: str = "<scenario>") -> str:
    """The scenario text with ``injects``, checked: it loads as a scenario and holds exactly those injects.

    Raises ScenarioError (every problem, FILE:LINE) when it does not.
    """
    injects = tuple(injects)
    text = with_injects(source, injects)
    scenario = parse_scenario(text, name)
    if not _same(scenario.injects, injects):
        raise ScenarioError(name, [Problem((), "msel_not_written")])
    return text


def save_msel(path: str | Path, source: str, injects: tuple[Inject, ...], *, overwrite: bool = True) -> Path:
    """Write ``source`` with ``injects`` to ``path`` (a new file, or over the scenario it came from).

    ``overwrite`` False refuses an existing file. Raises ScenarioError, saying
    where and what, when the result would not validate or cannot be written;
    the file at ``path`` is then as it was.
    """
    path = Path(path)
    text = msel_text(source, injects, str(path))
    if not overwrite and path.exists():
        raise ScenarioError(str(path), [Problem((), "msel_file_exists", {"path": path.name})])
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise ScenarioError(str(path), [Problem((), "msel_write_failed", {"path": path.name, "reason": exc.strerror or str(exc)})]) from None
    finally:
        tmp.unlink(missing_ok=True)
    return path
