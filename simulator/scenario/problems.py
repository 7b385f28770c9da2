"""Scenario problems: one per bad field, rendered as ``FILE:LINE: path: message``."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.i18n import has_key, resolve_lang, tr

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file.

    ``key`` names an i18n message (``scenario.<key>``); ``fallback`` is the
    English text used when no translation exists (an unusual pydantic error).
    """

    loc: Loc
    key: str
    params: dict = field(default_factory=dict)
    fallback: str = ""
    line: int | None = None

    def message(self, lang: str | None = None) -> str:
        full = f"scenario.{self.key}"
        if has_key(full):
            params = {k: _tidy(v) for k, v in self.params.items()}
            if resolve_lang(lang) == "zh" and isinstance(params.get("expected"), str):
                params["expected"] = _choices_zh(params["expected"])
            return tr(full, lang, **params)
        return self.fallback or self.key

    def render(self, file: str, lang: str | None = None) -> str:
        where = f"{file}:{self.line}" if self.line else file
        path = format_loc(self.loc)
        return f"{where}: {path}: {self.message(lang)}" if path else f"{where}: {self.message(lang)}"


def _choices_zh(expected: str) -> str:
    """pydantic lists the allowed values in English ("'a', 'b' or 'c'"): 'a'、'b' 或 'c'."""
    return expected.replace("', '", "'、'").replace("' or '", "' 或 '")


def _tidy(value: object) -> object:
    """Show 900.0 as 900 in messages, and 1e200 as 1e+200 (not as 201 digits)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, float) and abs(value) >= 1e15:
        return f"{value:.6g}"
    return value


def format_loc(loc: Loc) -> str:
    """``('teams', 3, 'base')`` -> ``teams[3].base``; an odd key is quoted: ``meta['id\\n']``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _plain(str(part)):
            out += ("." if out else "") + str(part)
        else:  # empty, spaces, a newline or a dot: quoted, so the message stays one readable line
            out += f"[{str(part)!r}]"
    return out


def _plain(key: str) -> bool:
    return bool(key) and key.isprintable() and not any(c.isspace() or c in ".[]'" for c in key)


class ScenarioError(Exception):
    """A scenario file could not be loaded; carries every problem found."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = sorted(problems, key=lambda p: (p.line or 0, format_loc(p.loc)))
        super().__init__(self.render())

    def render(self, lang: str | None = None) -> str:
        return "\n".join(p.render(self.file, lang) for p in self.problems)
