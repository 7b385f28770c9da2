"""``drillsim import roads|resources`` and ``drillsim export --xlsx``: a district's own data in and out.

Registered on the main app in :mod:`simulator.cli`. Bad input prints every
problem (``FILE:row N: column: message``) in the chosen language and exits 2
without writing anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
import yaml

from simulator.i18n import tr

import_app = typer.Typer(no_args_is_help=True, help="read roads (OpenStreetMap) or resource lists (Excel/CSV/GeoJSON) / 导入路网或资源清单")
EXIT_BAD_INPUT = 2
LangOption = Annotated[Optional[str], typer.Option("--lang", help="zh or en (default: $DRILLSIM_LANG, else en) / 语言:zh 或 en(默认取 $DRILLSIM_LANG,否则 en)")]


def _lang(value):
    from simulator.cli import _lang as pick  # one rule for --lang across commands

    return pick(value)


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**6)


@import_app.command("roads")
def import_roads_cmd(
    file: Annotated[Path, typer.Argument(help=".osm, .osm.bz2, .osm.gz, .pbf or .graphml")],
    out: Annotated[Path, typer.Option("--out", help="YAML file with the scenario's places and roads")],
    speed: Annotated[list[str], typer.Option("--speed", help="CLASS=KMH, e.g. residential=20 (repeatable)")] = [],  # noqa: B006
    level: Annotated[str, typer.Option("--level", help="level of the junction places")] = "grid",
    parent: Annotated[Optional[str], typer.Option("--parent", help="place id of the area the junctions belong to (its unit covers them)")] = None,
    lang: LangOption = None,
) -> None:
    """Simplify an OpenStreetMap road network to junctions and roads with travel minutes (lon/lat places). / 把 OpenStreetMap 路网简化为路口和带行程分钟数的道路。"""
    from simulator.importers.osm import RoadFileError
    from simulator.importers.roads import import_roads, parse_speeds

    lang = _lang(lang)
    try:
        speeds = parse_speeds(speed)
    except ValueError as exc:
        typer.echo(tr("import.bad_speed", lang, pair=str(exc)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    try:
        result = import_roads(file, speeds, level=level, parent=parent)
    except RoadFileError as exc:
        typer.echo(tr(exc.key, lang, **exc.params), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if not result.roads:
        typer.echo(tr("import.no_roads", lang, file=str(file), classes=", ".join(speeds)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    out.write_text(_dump(result.fragment()), encoding="utf-8")
    typer.echo(tr("import.roads_done", lang, file=str(out), places=len(result.places), roads=len(result.roads), nodes=result.nodes_read, dropped=result.dropped_parts))


@import_app.command("resources")
def import_resources_cmd(
    files: Annotated[list[Path], typer.Argument(help=".xlsx (one sheet per list), or places.csv, teams.geojson ...")],
    into: Annotated[Path, typer.Option("--into", help="the scenario whose lists they replace")],
    out: Annotated[Path, typer.Option("--out", help="the scenario written with the imported lists")],
    warn_km: Annotated[float, typer.Option("--warn-km", help="warn when a place is farther than this from a road junction")] = 1.0,
    lang: LangOption = None,
) -> None:
    """Places, roads, units, teams, depots, stock and shelters from sheets into a scenario (validated; places snapped to roads). / 从表格导入场景的各类清单(经校验,地点吸附到道路)。"""
    from simulator.cli import _load
    from simulator.importers.assemble import assemble
    from simulator.importers.problems import ImportProblems
    from simulator.importers.sheets import read_tables

    lang = _lang(lang)
    base = _load(into, lang)
    try:
        tables = read_tables(files)
        result = assemble(base, tables, str(into), lang, warn_km)
    except ImportProblems as exc:
        typer.echo(exc.render(lang), err=True)
        typer.echo(tr("import.problems", lang, count=len(exc.problems)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    for warning in result.warnings:
        typer.echo(warning, err=True)
    data = result.scenario.model_dump(by_alias=True, exclude_defaults=True, mode="json")
    for place in data["places"]:  # x/y of a lon/lat place are derived on loading: writing them would only invite edits that are ignored
        if place.get("lon") is not None:
            place.pop("x", None), place.pop("y", None)
    data = {"schema_version": result.scenario.schema_version, **data}
    out.write_text(_dump(data), encoding="utf-8")
    typer.echo(tr("import.resources_done", lang, out=str(out), lists=", ".join(sorted({t.sheet for t in tables}))))


def export(
    scenario: Annotated[Path, typer.Argument(help="scenario file")],
    xlsx: Annotated[Path, typer.Option("--xlsx", help="the Excel workbook to write")],
    lang: LangOption = None,
) -> None:
    """Write the scenario's lists (places, roads, units, teams, depots, stock, shelters) to an Excel workbook. / 把场景的各类清单写入 Excel 工作簿。"""
    from simulator.cli import _load
    from simulator.importers.columns import SHEETS
    from simulator.importers.workbook import write_workbook

    lang = _lang(lang)
    write_workbook(_load(scenario, lang), xlsx)
    typer.echo(tr("export.done", lang, out=str(xlsx), lists=", ".join([s.name for s in SHEETS] + ["stock"])))
