"""Bilingual (zh/en) message catalogue.

Every user-facing string goes through :func:`tr`. The function is deliberately
not called ``_`` so that it never clobbers IPython's ``_`` in notebooks.
"""

from __future__ import annotations

import os

from simulator.i18n.messages import MESSAGES

__all__ = ["LANGS", "MESSAGES", "has_key", "resolve_lang", "text", "tr"]

LANGS = ("en", "zh")
DEFAULT_LANG = "en"


def resolve_lang(lang: str | None = None) -> str:
    """The language to use: the one given, else ``DRILLSIM_LANG``, else English."""
    choice = (lang or os.environ.get("DRILLSIM_LANG") or DEFAULT_LANG).strip().lower()
    if choice.startswith("zh"):
        return "zh"
    return "en" if choice not in LANGS else choice


def has_key(key: str) -> bool:
    return key in MESSAGES


def tr(key: str, lang: str | None = None, /, **params: object) -> str:
    """Translate ``key`` into ``lang`` and fill ``{placeholders}`` from ``params``.

    An unknown key is returned as is, so a missing translation shows up plainly
    in the UI instead of crashing a drill.
    """
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry[resolve_lang(lang)]
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def text(bilingual: object, lang: str | None = None) -> str:
    """Pick one language from a scenario's bilingual text (anything with .zh/.en)."""
    return getattr(bilingual, resolve_lang(lang))
