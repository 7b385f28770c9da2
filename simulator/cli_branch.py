"""The ``drillsim branch`` command: what if, from a minute of a saved run or a stored drill (issue 15).

Registered on the main app in :mod:`simulator.cli`, whose shared helpers it uses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from simulator.cli import EXIT_BAD_INPUT, EXIT_FAILED_RUNS, EXIT_INTERRUPTED, LangOption, _aligned, _lang
from simulator.i18n import text, tr
from simulator.scenario import ScenarioError


def branch(
    target: Annotated[str, typer.Argument(help="a directory written by 'drillsim run', or a drill's id in the drill store")],
    at: Annotated[float, typer.Option("--at", min=0, help="the minute to branch at: the record is replayed exactly up to it")],
    alternative: Annotated[Optional[list[Path]], typer.Option("--alternative", help="an alternative (YAML); repeat for more. The recorded decisions and the standing procedure are always compared")] = None,
    replications: Annotated[int, typer.Option("--replications", "-n", min=2, help="futures after the branch, the same for every alternative")] = 20,
    focus: Annotated[Optional[str], typer.Option(help="INCIDENT:CAPABILITY, the need whose wait is compared (default: the one the first edited decision answers)")] = None,
    executor: Annotated[Optional[str], typer.Option(help="serial, process (default) or dask")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="workers (default: one per core)")] = None,
    scheduler: Annotated[Optional[str], typer.Option(help="an existing dask scheduler, e.g. tcp://HOST:8786")] = None,
    data: Annotated[Optional[Path], typer.Option(help="the drill store's folder or file (default: $DRILLSIM_DATA, else ~/.drillsim)")] = None,
    out: Annotated[Path, typer.Option(help="output directory")] = Path("out/branch"),
    lang: LangOption = None,
) -> None:
    """What if: replay a saved run or a stored drill to a minute, continue under alternatives over N futures, compare. / 推演假设:把运行或演练重放到某一分钟,在不同备选下继续 N 种未来并比较。

    Exit status: 0 done, 1 some futures failed, 2 bad input, 130 interrupted.
    """
    from simulator.drill.alternatives import STANDARD, load_alternative
    from simulator.experiments.branch_store import save_branch
    from simulator.experiments.branching import BranchOutside, run_branch
    from simulator.experiments.executors import EXECUTORS
    from simulator.report.branch_report import alternative_names, write_branch_report
    from simulator.report.comparison import verdict_frame

    lang = _lang(lang)
    kind = executor or ("dask" if scheduler else "process")
    if kind not in EXECUTORS:
        typer.echo(tr("cli.exp.bad_executor", lang, executor=kind, known=", ".join(EXECUTORS)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    need = None
    if focus is not None:
        incident, _, capability = focus.partition(":")
        if not incident or not capability:
            typer.echo(tr("cli.branch.bad_focus", lang, focus=focus), err=True)
            raise typer.Exit(EXIT_BAD_INPUT)
        need = (incident, capability)
    source = _branch_source(target, data, lang)
    try:
        alternatives = [load_alternative(path) for path in alternative or []]
        if STANDARD.id not in {a.id for a in alternatives}:
            alternatives.append(STANDARD)
        typer.echo(tr("cli.branch.running", lang, title=text(source.scenario.meta.title, lang), at=f"{at:g}", count=len(alternatives) + 1, futures=replications, executor=kind))
        study = run_branch(source, at, alternatives, replications, kind, workers=workers, scheduler=scheduler, focus=need)
    except ScenarioError as exc:
        typer.echo(exc.render(lang), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except BranchOutside as exc:
        typer.echo(tr("cli.branch.bad_at", lang, at=f"{exc.at:g}", end=f"{exc.end:g}"), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except (OSError, TimeoutError) as exc:
        typer.echo(tr("cli.exp.executor_failed", lang, executor=kind, reason=str(exc) or type(exc).__name__), err=True)
        raise typer.Exit(EXIT_FAILED_RUNS) from None
    summary = study.summary()
    meta = study.meta()
    names = alternative_names(meta, lang)
    save_branch(study, out, summary)
    report_path = write_branch_report(out / "comparison.html", meta, summary, study.results, study.ledger, source.scenario, lang)
    shown = summary.differences["kpi"].isin(["focus_need_wait", "need_wait_mean"]) | summary.differences["verdict"].isin(["better", "worse"])
    if shown.any():
        typer.echo(_aligned(verdict_frame(_some_differences(summary, shown), names, lang)))
    failed = int((study.results["error"] != "").sum()) if len(study.results) else 0
    if failed:
        typer.echo(tr("cli.branch.failures", lang, count=failed, total=len(study.results), path=str(out / "results.csv")), err=True)
    typer.echo(tr("cli.written", lang, path=str(out)))
    typer.echo(tr("cli.report_at", lang, path=str(report_path)))
    if study.stop_reason == "interrupted":
        raise typer.Exit(EXIT_INTERRUPTED)
    if failed:
        raise typer.Exit(EXIT_FAILED_RUNS)


def _some_differences(summary, rows):
    """The summary with only the differences in ``rows`` (what the terminal shows)."""
    from dataclasses import replace

    return replace(summary, differences=summary.differences[rows])


def _branch_source(target: str, data: Path | None, lang: str):
    """A saved run directory or a stored drill to branch from, or exit 2 saying why not."""
    from simulator.drill import StepModelChanged, Store
    from simulator.drill.branch import BranchSource
    from simulator.drill.faults import StoreError
    from simulator.drill.store import store_file
    from simulator.report.outputs import load_run

    if Path(target).is_dir():
        try:
            saved = load_run(target)
        except FileNotFoundError as exc:
            typer.echo(tr("cli.not_a_run", lang, path=target, missing=str(exc)), err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        except ScenarioError as exc:
            typer.echo(exc.render(lang), err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
        return BranchSource.from_run(saved.scenario, saved.events, saved.meta.get("seed", saved.scenario.meta.seed), target)
    try:
        store = Store.existing(data)
        if store is None or target not in {i.id for i in store.sessions()}:
            typer.echo(tr("cli.branch.not_found", lang, target=target, store=str(store.path if store else store_file(data))), err=True)
            raise typer.Exit(EXIT_BAD_INPUT)
        return BranchSource.from_drill(store, target)
    except (StepModelChanged, StoreError) as exc:
        typer.echo(exc.message(lang), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except ScenarioError as exc:  # a stored scenario this drillsim no longer accepts
        typer.echo(exc.render(lang), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
