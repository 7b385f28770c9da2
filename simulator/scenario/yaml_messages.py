"""PyYAML's own syntax errors, recognised and put into words in zh and en.

PyYAML words its errors in English for parser authors ("did not find
expected key"). The common ones (an unclosed bracket or quote, bad
indentation, a tab) are matched here and given a catalogue key; anything
else keeps PyYAML's text inside the generic ``yaml_syntax`` message.
"""

from __future__ import annotations

import yaml

_CLOSERS = {"}": "{", "]": "["}


def _char_at(text: str, mark) -> str:
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if mark.column < len(line) else ""


def _word_at(text: str, mark) -> str:
    """The alias written at ``mark`` (``*name``), up to a space, comma or bracket."""
    lines = text.splitlines()
    rest = lines[mark.line][mark.column :] if mark is not None and mark.line < len(lines) else ""
    for stop in " ,]}":
        rest = rest.split(stop)[0]
    return rest


def _leading_tab(text: str, mark) -> bool:
    lines = text.splitlines()
    return mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: max(mark.column, 0) + 1]


def yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, dict, int | None]:
    """(catalogue key, params, 1-based line) for a PyYAML syntax error in ``text``."""
    problem = exc.problem or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    opened = exc.context_mark.line + 1 if exc.context_mark else line
    if "tab character" in problem or (_char_at(text, exc.problem_mark) == "\t") or (
        "cannot start any token" in problem and _leading_tab(text, exc.problem_mark)
    ):
        return "yaml_tab", {}, line
    if problem.startswith("did not find expected ',' or "):
        close = problem[-2]
        return "yaml_unclosed_bracket", {"open": _CLOSERS.get(close, close), "close": close, "opened": opened}, line
    if "quoted scalar" in context and "end of stream" in problem:
        return "yaml_unclosed_quote", {"opened": opened}, opened
    if "mapping values are not allowed" in problem:
        return "yaml_colon", {}, line
    if problem in ("did not find expected key", "did not find expected '-' indicator") or problem.startswith("expected <block end>"):
        return "yaml_indent", {}, line
    if problem.startswith("found undefined alias"):
        return "yaml_undefined_alias", {"alias": _word_at(text, exc.problem_mark)}, line
    if "cannot start any token" in problem:
        return "yaml_bad_start", {"char": _char_at(text, exc.problem_mark)}, line
    return "yaml_syntax", {"detail": problem or str(exc)}, line
