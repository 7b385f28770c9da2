"""Imported lists put into a scenario: validated, cross-checked, places snapped to the road network.

A list read from a file replaces the scenario's list of that name (all rows
of all files given for it, in order); the scenario's other lists stay. Every
problem is said at its file, row and column; one that is not in an imported
row (say an incident at a place no longer listed) at the scenario's field.

Snapping: a place given by lon/lat that no road reaches gets a road to the
nearest junction (a place on a road), at ``ACCESS_KMH`` over the straight
distance; farther than ``warn_km`` it is still linked, with a warning, since
the place is probably mistyped or outside the road extract.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pydantic import ValidationError

from simulator.i18n import text, tr
from simulator.importers.columns import BY_NAME, CellError, column_of, from_row
from simulator.importers.problems import ImportProblems, SheetProblem
from simulator.importers.sheets import Table
from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem
from simulator.scenario.references import check_references

ACCESS_KMH = 20.0  # driving the last stretch off the mapped roads
WARN_KM = 1.0


@dataclass
class Imported:
    scenario: Scenario
    warnings: list[str] = field(default_factory=list)  # already in the user's language


def _set(data: dict, path: tuple[str, ...], value) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def assemble(base: Scenario, tables: list[Table], base_name: str = "<scenario>", lang: str | None = None, warn_km: float = WARN_KM) -> Imported:
    data = base.model_dump(by_alias=True, exclude_defaults=True, mode="json")
    problems: list[SheetProblem] = [p for t in tables for p in t.problems]
    rows_of: dict[str, list[tuple[Table, int]]] = {}  # list name -> the file row of each entry
    stock_rows: dict[tuple[int, str], tuple[Table, int]] = {}
    for name, sheet in BY_NAME.items():
        mine = [t for t in tables if t.sheet == name]
        if not mine:
            continue
        entries, where = [], []
        for table in mine:
            for n, cells in table.rows:
                try:
                    entries.append(from_row(sheet, cells))
                except CellError as err:
                    problems.append(SheetProblem(table.file, n, err.column, err.key, err.params, feature=table.feature))
                    entries.append({})
                where.append((table, n))
        if name == "depots":  # imported depots start with no stock unless a stock sheet gives it
            for entry in entries:
                entry.setdefault("stock", {})
        _set(data, sheet.path, entries)
        rows_of[name] = where
    stock = [t for t in tables if t.sheet == "stock"]
    if stock:
        _put_stock(data, stock, stock_rows, problems)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        from simulator.scenario.loader import _from_pydantic

        raise ImportProblems(problems + [_locate(_from_pydantic(e, {}), rows_of, stock_rows, base_name) for e in exc.errors()]) from None
    found = check_references(scenario)
    if found or problems:
        raise ImportProblems(problems + [_locate(p, rows_of, stock_rows, base_name) for p in found])
    return _snapped(scenario, lang, warn_km)


def _put_stock(data: dict, tables: list[Table], stock_rows: dict, problems: list[SheetProblem]) -> None:
    depots = data.get("depots", [])
    index = {d.get("id"): i for i, d in enumerate(depots)}
    for depot in depots:
        depot["stock"] = {}
    for table in tables:
        for n, cells in table.rows:
            missing = [c for c in ("depot", "item", "quantity") if c not in cells]
            if missing:
                problems.extend(SheetProblem(table.file, n, c, "import.cell_missing", feature=table.feature) for c in missing)
                continue
            depot, item = str(cells["depot"]), str(cells["item"])
            if depot not in index:
                problems.append(SheetProblem(table.file, n, "depot", "import.unknown_depot", {"ref": depot}, feature=table.feature))
                continue
            depots[index[depot]]["stock"][item] = cells["quantity"]
            stock_rows[(index[depot], item)] = (table, n)


def _locate(problem: Problem, rows_of: dict, stock_rows: dict, base_name: str) -> SheetProblem:
    """A scenario problem at the file row it came from, else at the scenario's field."""
    loc = problem.loc
    for name, sheet in BY_NAME.items():
        depth = len(sheet.path)
        if name in rows_of and tuple(loc[:depth]) == sheet.path and len(loc) > depth and isinstance(loc[depth], int):
            i, rest = loc[depth], tuple(loc[depth + 1 :])
            if name == "depots" and rest[:1] == ("stock",) and len(rest) > 1 and (i, rest[1]) in stock_rows:
                table, n = stock_rows[(i, rest[1])]
                return SheetProblem(table.file, n, "item" if problem.key.startswith("unknown") else "quantity", "", problem=problem, feature=table.feature)
            if i < len(rows_of[name]):
                table, n = rows_of[name][i]
                return SheetProblem(table.file, n, column_of(BY_NAME[name], rest), "", problem=problem, feature=table.feature)
    from simulator.scenario.problems import format_loc

    return SheetProblem(base_name, None, format_loc(loc), "", problem=problem)


def _snapped(scenario: Scenario, lang: str | None, warn_km: float) -> Imported:
    on_road = {r.source for r in scenario.roads} | {r.target for r in scenario.roads}
    junctions = [p for p in scenario.places if p.id in on_road]
    loose = [p for p in scenario.places if p.id not in on_road and p.lon is not None]
    if not junctions or not loose:
        return Imported(scenario)
    roads, warnings = list(scenario.roads), []
    for place in loose:
        near = min(junctions, key=lambda j: (math.dist((j.x, j.y), (place.x, place.y)), j.id))
        km = math.dist((near.x, near.y), (place.x, place.y))
        roads.append(type(roads[0])(**{"from": place.id, "to": near.id, "minutes": max(0.01, round(km / ACCESS_KMH * 60, 3))}))
        if km > warn_km:
            warnings.append(tr("import.snap_far", lang, place=text(place.name, lang), junction=text(near.name, lang), km=f"{km:.2f}"))
    return Imported(scenario.model_copy(update={"roads": tuple(roads)}), warnings)
