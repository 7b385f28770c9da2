""""Did you mean": the field a misspelt key most likely stands for.

pydantic's ``extra="forbid"`` names the unknown key; the fields it could have
been are those of the model at that place, found by walking the scenario
models along the error's path. A misspelt required field also produces a
"missing" error for the real one; that error says nothing the suggestion
does not, so it is dropped (:func:`merge_typos`).
"""

from __future__ import annotations

import copy
import difflib
import typing

from pydantic import BaseModel

Loc = tuple[str | int, ...]


def field_names(model: type[BaseModel]) -> list[str]:
    """The keys a file may use for ``model``: aliases where set, else names."""
    return [f.alias or name for name, f in model.model_fields.items()]


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """Every model an annotation can hold (through Optional, unions, tuples, dicts, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out += _models_in(arg)
    return out


def models_at(root: type[BaseModel], loc: Loc) -> list[type[BaseModel]]:
    """The models that can sit at ``loc`` (several where a union allows)."""
    current = [root]
    for part in loc:
        if isinstance(part, int) or (isinstance(part, str) and part.isdigit()):
            continue  # a list index: the entries share the list's model
        nxt: list[type[BaseModel]] = []
        for model in current:
            for name, f in model.model_fields.items():
                if part in (name, f.alias):
                    nxt += _models_in(f.annotation)
        if not nxt:  # a union tag or a dict key: stay on the same models
            continue
        current = nxt
    return current


def suggest(root: type[BaseModel], loc: Loc, cutoff: float = 0.75) -> str | None:
    """The field meant by the unknown key at the end of ``loc``, or None if nothing is close."""
    if not loc or not isinstance(loc[-1], str):
        return None
    names: list[str] = []
    for model in models_at(root, loc[:-1]):
        names += [n for n in field_names(model) if n not in names]
    close = difflib.get_close_matches(loc[-1], names, n=1, cutoff=cutoff)
    return close[0] if close else None


def merge_typos(errors: list[dict], suggestions: dict[Loc, str]) -> list[dict]:
    """Drop "missing" errors for a field that a misspelt key beside it stands for."""
    meant = {(*loc[:-1], name) for loc, name in suggestions.items()}
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in meant)]


def repaired(data: object, suggestions: dict[Loc, str | None]) -> object:
    """A copy of ``data`` with each unknown key renamed to its suggestion (or removed).

    Used only to look further: if the repaired data validates, its
    cross-references can be checked and reported with the schema errors.
    """
    out = copy.deepcopy(data)
    for loc, meant in suggestions.items():
        parent = out
        try:
            for part in loc[:-1]:
                parent = parent[int(part) if isinstance(parent, list) else part]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
        if not isinstance(parent, dict) or loc[-1] not in parent:
            return None
        value = parent.pop(loc[-1])
        if meant is not None and meant not in parent:
            parent[meant] = value
    return out


__all__ = ["field_names", "merge_typos", "models_at", "repaired", "suggest"]
