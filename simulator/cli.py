"""The ``drillsim`` command line: a thin shell over the layers.

Bad input never produces a traceback: scenario problems print as
``FILE:LINE: path.to.field: message`` in the chosen language, exit status 2.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Annotated, Optional

import typer

from simulator.i18n import resolve_lang, text, tr
from simulator.scenario import ScenarioError, load_scenario
from simulator.scenario.models import Scenario

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="drillsim: emergency-management drill simulator / 应急演练模拟器",
)

LangOption = Annotated[
    Optional[str],
    typer.Option("--lang", help="zh or en (default: $DRILLSIM_LANG, else en)"),
]
EXIT_BAD_INPUT = 2


def _lang(value: str | None) -> str:
    if value is not None and value.strip().lower() not in ("zh", "en", "zh-cn", "zh_cn"):
        typer.echo(tr("cli.bad_lang", resolve_lang(None), lang=value), err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    return resolve_lang(value)


def _load(path: Path, lang: str) -> Scenario:
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        typer.echo(exc.render(lang), err=True)
        typer.echo(tr("cli.invalid_count", lang, count=len(exc.problems)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="scenario files")],
    lang: LangOption = None,
) -> None:
    """Check scenario files; print every problem with its line and field."""
    lang = _lang(lang)
    failed = False
    for path in files:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            failed = True
            typer.echo(exc.render(lang), err=True)
            continue
        typer.echo(tr("cli.valid", lang, file=str(path), title=text(scenario.meta.title, lang)))
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files (for editor completion and checking)."""
    from simulator.scenario.schema import scenario_json_schema

    typer.echo(json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False))


@app.command()
def run(
    file: Annotated[Path, typer.Argument(help="scenario file")],
    seed: Annotated[Optional[int], typer.Option(help="random seed (default: the scenario's)")] = None,
    out: Annotated[Path, typer.Option(help="output directory")] = Path("out/run"),
    lang: LangOption = None,
) -> None:
    """Run a scenario headless; write the event log, kpis.json and report.html."""
    from simulator.metrics import analyse
    from simulator.models import simulate
    from simulator.report.outputs import save_run

    lang = _lang(lang)
    scenario = _load(file, lang)
    seed_used = scenario.meta.seed if seed is None else seed
    typer.echo(tr("cli.running", lang, title=text(scenario.meta.title, lang), seed=seed_used, horizon=f"{scenario.meta.horizon:g}"))
    result = simulate(scenario, seed_used)
    report = save_run(out, file.read_text(encoding="utf-8-sig"), scenario, result.events, result.meta(), lang)
    kpis, objectives = analyse(scenario, result.events)
    typer.echo(kpi_table(kpis, objectives, lang))
    typer.echo(tr("cli.written", lang, path=str(out)))
    typer.echo(tr("cli.report_at", lang, path=str(report)))
    typer.echo(tr("cli.open_notebooks", lang))


@app.command()
def report(
    run_dir: Annotated[Path, typer.Argument(help="a directory written by 'drillsim run'")],
    lang: LangOption = None,
) -> None:
    """Re-analyse a saved run (no re-simulation): rewrite kpis.json and report.html."""
    from simulator.metrics import analyse
    from simulator.report.outputs import load_run, write_analysis

    lang = _lang(lang)
    try:
        saved = load_run(run_dir)
    except FileNotFoundError as exc:
        typer.echo(tr("cli.not_a_run", lang, path=str(run_dir), missing=str(exc)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except ScenarioError as exc:
        typer.echo(exc.render(lang), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    path = write_analysis(saved.directory, saved.scenario, saved.events, saved.meta, lang)
    kpis, objectives = analyse(saved.scenario, saved.events)
    typer.echo(kpi_table(kpis, objectives, lang))
    typer.echo(tr("cli.report_at", lang, path=str(path)))


def kpi_table(kpis: dict, objectives: list[dict], lang: str) -> str:
    """The KPI table as aligned plain text (CJK characters are two columns wide)."""
    from simulator.metrics import kpi_frame

    frame = kpi_frame(kpis, objectives, lang)
    value_col = frame.columns[1]
    frame[value_col] = [tr("report.no_data", lang) if v is None else f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}" for v in frame[value_col]]
    rows = [tuple(frame.columns)] + [tuple(str(c) for c in row) for row in frame.itertuples(index=False)]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "-" * (sum(widths) + 2 * (len(widths) - 1)))
    return "\n".join(lines)


def _width(cell: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
