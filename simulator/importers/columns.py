"""How a scenario list becomes sheet columns and back (one row per entry).

Documented columns, per sheet (the model's fields, by the names of the scenario format):
- a bilingual text ``name`` is two columns, ``name_zh`` and ``name_en``;
- a list of words (``capabilities``, ``dispatch_levels``, ``leads``) is one cell, ``a;b``;
- a number or a word is one cell;
- anything nested (a distribution such as ``mobilisation_minutes``, ``approval``,
  ``arrivals`` ...) is one cell holding its JSON, e.g. ``{"dist": "fixed", "value": 15}``;
- a depot's ``stock`` is its own sheet ``stock`` with columns ``depot``, ``item``, ``quantity``.
A blank cell takes the format's default. Places give ``lon``/``lat`` or ``x``/``y``.
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel

from simulator.scenario.base import Text
from simulator.scenario.command import Unit
from simulator.scenario.geography import Place, Road
from simulator.scenario.response import Team
from simulator.scenario.shelters import Shelter
from simulator.scenario.supplies import Depot


@dataclass(frozen=True)
class Sheet:
    name: str
    model: type[BaseModel]
    path: tuple[str, ...]  # where the list lives in a scenario
    skip: tuple[str, ...] = ()  # fields kept elsewhere (a depot's stock)


SHEETS: tuple[Sheet, ...] = (
    Sheet("places", Place, ("places",)),
    Sheet("roads", Road, ("roads",)),
    Sheet("units", Unit, ("command", "units")),
    Sheet("teams", Team, ("teams",)),
    Sheet("depots", Depot, ("depots",), skip=("stock",)),
    Sheet("shelters", Shelter, ("shelters",)),
)
BY_NAME = {s.name: s for s in SHEETS}
STOCK_COLUMNS = ("depot", "item", "quantity")


def _strip_optional(annotation):
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _strip_optional(args[0])
    if typing.get_origin(annotation) is typing.Annotated:
        return _strip_optional(typing.get_args(annotation)[0])
    return annotation


def kind(model: type[BaseModel], field: str) -> str:
    """'text' (zh/en pair), 'words' (a;b), 'json' (nested), 'word' (an id or choice) or 'number'."""
    ann = _strip_optional(model.model_fields[field].annotation)
    if ann is Text:
        return "text"
    origin = typing.get_origin(ann)
    if origin is tuple:
        inner = _strip_optional(typing.get_args(ann)[0])
        return "words" if inner is str or typing.get_origin(inner) is typing.Literal else "json"
    if origin is typing.Literal or ann is str:
        return "word"
    if ann in (int, float):
        return "number"
    return "json"


def field_name(model: type[BaseModel], name: str) -> str:
    """The field's name in a file (``from`` for a road's ``source``)."""
    info = model.model_fields[name]
    return info.alias or name


def columns(sheet: Sheet) -> list[str]:
    """Every column a sheet may have, in the model's order."""
    out = []
    for name in sheet.model.model_fields:
        if name in sheet.skip:
            continue
        col = field_name(sheet.model, name)
        out.extend([f"{col}_zh", f"{col}_en"] if kind(sheet.model, name) == "text" else [col])
    return out


def to_row(sheet: Sheet, entry: BaseModel) -> dict[str, object]:
    """One entry as cells (only what differs from the defaults; a place in lon/lat without its derived x/y)."""
    data = entry.model_dump(by_alias=True, exclude_defaults=True, mode="json")
    if sheet.model is Place and data.get("lon") is not None:
        data.pop("x", None), data.pop("y", None)
    row: dict[str, object] = {}
    for name in sheet.model.model_fields:
        col = field_name(sheet.model, name)
        if name in sheet.skip or col not in data:
            continue
        value, k = data[col], kind(sheet.model, name)
        if k == "text":
            row[f"{col}_zh"], row[f"{col}_en"] = value["zh"], value["en"]
        elif k == "words":
            row[col] = ";".join(value)
        elif k == "json":
            row[col] = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        else:
            row[col] = value
    return row


class CellError(ValueError):
    def __init__(self, column: str, key: str, **params):
        self.column, self.key, self.params = column, key, params
        super().__init__(key)


def from_row(sheet: Sheet, cells: dict[str, object]) -> dict:
    """Cells (blank ones left out) as the raw dict of one entry; a cell that is not JSON raises CellError."""
    out: dict[str, object] = {}
    for name in sheet.model.model_fields:
        if name in sheet.skip:
            continue
        col, k = field_name(sheet.model, name), kind(sheet.model, name)
        if k == "text":
            pair = {lang: cells[f"{col}_{lang}"] for lang in ("zh", "en") if f"{col}_{lang}" in cells}
            if pair:
                out[col] = {lang: str(v) for lang, v in pair.items()}
            continue
        if col not in cells:
            continue
        value = cells[col]
        if k == "words":
            out[col] = [w.strip() for w in str(value).split(";") if w.strip()]
        elif k == "json":
            try:
                out[col] = json.loads(value) if isinstance(value, str) else value
            except json.JSONDecodeError:
                raise CellError(col, "import.not_json", value=str(value)[:60]) from None
        elif k == "word":
            out[col] = _as_word(value)
        else:
            out[col] = value
    return out


def _as_word(value: object) -> object:
    """Excel and CSV give an id such as 101 as a number; the format wants the text '101'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def column_of(sheet: Sheet, loc: tuple) -> str:
    """The column a pydantic location inside one entry points at (``('name', 'zh')`` -> ``name_zh``)."""
    if not loc:
        return ""
    head = str(loc[0])
    if head in ("name",) or (head in sheet.model.model_fields and kind(sheet.model, head) == "text"):
        return f"{head}_{loc[1]}" if len(loc) > 1 else f"{head}_zh"
    return head
