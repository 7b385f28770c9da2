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
from simulator.scenario.limits import MAX_EVENTS
from simulator.scenario.models import Scenario

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="drillsim: emergency-management drill simulator / 应急演练模拟器",
)

LangOption = Annotated[
    Optional[str],
    typer.Option("--lang", help="zh or en (default: $DRILLSIM_LANG, else en) / 语言:zh 或 en(默认取 $DRILLSIM_LANG,否则 en)"),
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
    files: Annotated[list[Path], typer.Argument(help="scenario or plan files / 场景或方案文件")],
    lang: LangOption = None,
) -> None:
    """Check scenario and plan files; print every problem with its line and field. / 检查场景和方案文件,逐条列出问题所在的行和字段。"""
    from simulator.scenario.plan_check import check_plan_file, looks_like_plan
    from simulator.scenario.team_minimums import advice_for_file

    lang = _lang(lang)
    failed = False
    for path in files:
        try:
            if looks_like_plan(path):  # checked against the scenario it names
                plan, scenario = check_plan_file(path)
                typer.echo(tr("cli.valid_plan", lang, file=str(path), plan=plan.label(lang), title=text(scenario.meta.title, lang)))
                continue
            scenario = load_scenario(path)
        except ScenarioError as exc:
            failed = True
            typer.echo(exc.render(lang), err=True)
            continue
        typer.echo(tr("cli.valid", lang, file=str(path), title=text(scenario.meta.title, lang)))
        for advice in advice_for_file(path, scenario):  # warnings: the file is valid, the exit status stays 0
            typer.echo(advice.render(str(path), lang), err=True)
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files (for editor completion and checking). / 输出场景文件的 JSON Schema(供编辑器补全和检查)。"""
    from simulator.scenario.schema import scenario_json_schema

    typer.echo(json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False))


@app.command()
def run(
    file: Annotated[Path, typer.Argument(help="scenario file")],
    seed: Annotated[Optional[int], typer.Option(help="random seed (default: the scenario's)")] = None,
    out: Annotated[Path, typer.Option(help="output directory")] = Path("out/run"),
    max_events: Annotated[int, typer.Option(min=1, help="run budget: stop (exit 2) after this many simulation events")] = MAX_EVENTS,
    lang: LangOption = None,
) -> None:
    """Run a scenario headless; write the event log, kpis.json and report.html. / 无界面运行场景,写出事件日志、kpis.json 和 report.html。"""
    from simulator.engine.stepper import RunBudgetExceeded
    from simulator.metrics import analyse
    from simulator.models import simulate
    from simulator.report.outputs import save_run

    lang = _lang(lang)
    scenario = _load(file, lang)
    seed_used = scenario.meta.seed if seed is None else seed
    typer.echo(tr("cli.running", lang, title=text(scenario.meta.title, lang), seed=seed_used, horizon=f"{scenario.meta.horizon:g}"))
    try:
        result = simulate(scenario, seed_used, max_events=max_events)
    except RunBudgetExceeded as exc:  # nothing is written: a cut-off run has no honest KPIs
        typer.echo(f"{file}: {exc.message(lang)}", err=True)
        typer.echo(tr("cli.max_events_hint", lang), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    kpis, objectives = analyse(scenario, result.events)
    report = save_run(out, file.read_text(encoding="utf-8-sig"), scenario, result.events, result.meta(), lang, (kpis, objectives))
    typer.echo(kpi_table(kpis, objectives, lang))
    typer.echo(tr("cli.written", lang, path=str(out)))
    typer.echo(tr("cli.report_at", lang, path=str(report)))
    typer.echo(tr("cli.open_notebooks", lang))


@app.command()
def report(
    target: Annotated[str, typer.Argument(help="a directory written by 'drillsim run', or a drill's id in the drill store")],
    format_: Annotated[str, typer.Option("--format", help="html (default), docx (Word) or xlsx (the improvement plan)")] = "html",
    data: Annotated[Optional[Path], typer.Option(help="the drill store's folder or file (default: $DRILLSIM_DATA, else ~/.drillsim)")] = None,
    out: Annotated[Optional[Path], typer.Option(help="the file to write (default: in the run directory, or the store's reports/ folder)")] = None,
    futures: Annotated[int, typer.Option(min=0, help="a drill: how many futures of the drill to draw again, to place the room's outcome among them (0: none)")] = 20,
    lang: LangOption = None,
) -> None:
    """Write the after-action report of a saved run or a stored drill (no re-simulation of a run; a drill's futures are simulated). / 为已保存的运行或已存储的演练写出复盘报告。"""
    from simulator.report.aar import FORMATS

    lang = _lang(lang)
    fmt = format_.strip().lower()
    if fmt not in FORMATS:
        typer.echo(tr("cli.report.bad_format", lang, format=format_, known=", ".join(FORMATS)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    if Path(target).is_dir():
        path = _report_run(Path(target), fmt, out, lang)
    else:
        path = _report_drill(target, fmt, data, out, lang, futures)
    typer.echo(tr("cli.report_at", lang, path=str(path)))


def _report_run(run_dir: Path, fmt: str, out: Path | None, lang: str) -> Path:
    from simulator.metrics import analyse
    from simulator.report.aar import write_exercise_report
    from simulator.report.outputs import load_run, write_analysis

    try:
        saved = load_run(run_dir)
    except FileNotFoundError as exc:
        typer.echo(tr("cli.not_a_run", lang, path=str(run_dir), missing=str(exc)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except ScenarioError as exc:
        typer.echo(exc.render(lang), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    if fmt == "html" and out is None:  # as before: kpis.json and report.html rewritten in place
        kpis, objectives = analysis = analyse(saved.scenario, saved.events)
        path = write_analysis(saved.directory, saved.scenario, saved.events, saved.meta, lang, analysis)
        typer.echo(kpi_table(kpis, objectives, lang))
        return path
    default = saved.directory / ("improvement_plan.xlsx" if fmt == "xlsx" else f"report.{fmt}")
    return write_exercise_report(out or default, fmt, saved.scenario, saved.events, saved.meta, lang)


def _report_drill(drill_id: str, fmt: str, data: Path | None, out: Path | None, lang: str, futures: int = 0) -> Path:
    import simulator
    from simulator.drill import StepModelChanged, Store, open_session, score
    from simulator.drill.evaluation import drill_record
    from simulator.drill.faults import StoreError
    from simulator.drill.store import store_file
    from simulator.report.aar import write_exercise_report
    from simulator.scenario import scenario_hash

    try:
        store = Store.existing(data)
        if store is None:
            typer.echo(tr("cli.report.not_found", lang, target=drill_id, store=str(store_file(data))), err=True)
            raise typer.Exit(EXIT_BAD_INPUT)
        if drill_id not in {i.id for i in store.sessions()}:
            typer.echo(tr("cli.report.not_found", lang, target=drill_id, store=str(store.path)), err=True)
            raise typer.Exit(EXIT_BAD_INPUT)
        session = open_session(store, drill_id)
        record = drill_record(store, drill_id, session.scenario, lang, extra_injects=session.extra_injects.values(), clock=session.now)
    except (StepModelChanged, StoreError) as exc:
        typer.echo(exc.message(lang), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    events, s = session.events(), session
    meta = {"scenario_id": s.scenario.meta.id, "scenario_hash": scenario_hash(s.scenario), "seed": s.seed, "version": simulator.__version__, "horizon": s.horizon}
    card = score(s.scenario, events, s.all_injects(), s.now)
    if futures and fmt != "xlsx":
        record["luck"] = _room_among_futures(store, drill_id, s.scenario, futures, lang)
    default = store.path.parent / "reports" / (f"{drill_id}_improvement_plan.xlsx" if fmt == "xlsx" else f"{drill_id}.{fmt}")
    return write_exercise_report(out or default, fmt, s.scenario, events, meta, lang, record, card.rows())


def _room_among_futures(store, drill_id: str, scenario, futures: int, lang: str) -> list[str]:
    """Sentences for the AAR: the room's outcome against its own decisions' futures and the standing procedure's (issue 15)."""
    from simulator.experiments.branching import percentile_text, room_percentiles

    # the KPIs the scenario's objectives judge, and the two every drill is about
    kpis = list(dict.fromkeys([*(o.kpi for o in scenario.objectives), "first_arrival_mean", "incident_duration_mean"]))
    typer.echo(tr("cli.report.futures", lang, n=futures), err=True)
    rows = room_percentiles(store, drill_id, kpis=kpis, futures=futures, executor="serial")
    return [percentile_text(row, lang) for _, row in rows.iterrows()]


@app.command()
def experiment(
    file: Annotated[Path, typer.Argument(help="scenario file")],
    plan: Annotated[Optional[list[Path]], typer.Option("--plan", help="plan file (YAML); repeat for plan A, plan B ...")] = None,
    replications: Annotated[int, typer.Option("--replications", "-n", min=1, help="replications per plan (sequential mode: the pilot's size, at least 10)")] = 20,
    executor: Annotated[Optional[str], typer.Option(help="serial, process (default) or dask")] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="workers (default: one per core)")] = None,
    scheduler: Annotated[Optional[str], typer.Option(help="an existing dask scheduler, e.g. tcp://HOST:8786")] = None,
    seed: Annotated[Optional[int], typer.Option(min=0, help="root seed (default: the scenario's)")] = None,
    set_: Annotated[Optional[list[str]], typer.Option("--set", help="override for every plan: path.to.field=value")] = None,
    sweep: Annotated[Optional[list[str]], typer.Option(help="a plan per value: PATH=LIST (a YAML list); several sweeps make a grid")] = None,
    reference: Annotated[Optional[str], typer.Option(help="plan id to compare against (default: the first)")] = None,
    target_kpi: Annotated[Optional[str], typer.Option(help="sequential mode: the KPI whose intervals must narrow")] = None,
    target_half_width: Annotated[Optional[float], typer.Option(min=0, help="sequential mode: plan the replications for every interval to be within +/- this")] = None,
    max_replications: Annotated[int, typer.Option(min=1, help="sequential mode: at most this many per plan, pilot included")] = 200,
    batch_size: Annotated[Optional[int], typer.Option(min=1, help="replications per task (default: tasks that shrink towards the end, sized to the workers)")] = None,
    time_limit: Annotated[float, typer.Option(min=0, help="seconds one replication may run before it is stopped and marked failed (0: no limit)")] = 600.0,
    resume: Annotated[bool, typer.Option("--resume", help="continue the study in --out: keep its finished replications, run the rest")] = False,
    decisions: Annotated[Optional[str], typer.Option("--decisions", help="a recorded decision log as every replication's policy: a drill's id in the store, or a CSV (time, action, args)")] = None,
    data: Annotated[Optional[Path], typer.Option(help="the drill store's folder or file, for --decisions (default: $DRILLSIM_DATA, else ~/.drillsim)")] = None,
    out: Annotated[Path, typer.Option(help="output directory")] = Path("out/experiment"),
    lang: LangOption = None,
) -> None:
    """Test plans: replicate a scenario under each plan on the same seeds and compare. / 方案比选:以相同随机种子在各方案下重复运行场景并比较。

    Exit status: 0 all replications succeeded, 1 some failed (their causes
    are printed), 2 bad input, 130 interrupted (finished replications are
    written; --resume continues).
    """
    from simulator.experiments.executors import EXECUTORS
    from simulator.experiments.kpis import KPI_DIRECTIONS
    from simulator.experiments.sequential import MIN_MAIN, MIN_PILOT
    from simulator.experiments.study import prepare_plans, study_definition
    from simulator.scenario.variants import (
        apply_plan,
        baseline_plan,
        cli_plan,
        grid_plans,
        load_plan,
        parse_sweep,
    )

    lang = _lang(lang)
    kind = executor or ("dask" if scheduler else "process")
    if kind not in EXECUTORS:
        typer.echo(tr("cli.exp.bad_executor", lang, executor=kind, known=", ".join(EXECUTORS)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    if (target_kpi is None) != (target_half_width is None) or (target_kpi is not None and target_kpi not in KPI_DIRECTIONS) or target_half_width == 0:
        typer.echo(tr("cli.exp.bad_target", lang, kpi=str(target_kpi), known=", ".join(KPI_DIRECTIONS)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    if target_kpi is not None and (replications < MIN_PILOT or max_replications < replications + MIN_MAIN):
        typer.echo(tr("cli.exp.bad_pilot", lang, pilot=replications, least=MIN_PILOT, main=MIN_MAIN, most=max_replications), err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    scenario = _load(file, lang)
    try:
        plans = [load_plan(path) for path in plan or []]
        if sweep:
            plans = (plans or [baseline_plan()]) + grid_plans([parse_sweep(s) for s in sweep])
        base = apply_plan(scenario, cli_plan(set_)) if set_ else scenario
        prepared = prepare_plans(base, plans)
    except ScenarioError as exc:
        typer.echo(exc.render(lang), err=True)
        typer.echo(tr("cli.invalid_count", lang, count=len(exc.problems)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    ids = [p.id for p in prepared]
    if reference is not None and reference not in ids:
        typer.echo(tr("cli.exp.bad_reference", lang, plan=reference, known=", ".join(ids)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    if kind == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            typer.echo(tr("cli.exp.no_dask", lang), err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from None
    root = base.meta.seed if seed is None else seed
    definition, policy = {**study_definition(prepared, root, replications if target_kpi else None), "decisions": None}, {}  # a log's digest: resuming needs the same log
    if decisions is not None:  # the room's decisions, played by the situations they answered (simulator.experiments.decision_policy)
        log = _decision_log(decisions, base, root, data, lang)
        definition["decisions"], policy["simulate_fn"] = log.digest(), _decisions_fn(log)
    journal = _study_journal(out, definition, resume, lang)
    if decisions is not None:
        _describe_decision_log(log, journal.directory, lang)
    running = "cli.exp.running_sequential" if target_kpi else "cli.exp.running"
    kpi = tr(f"kpi.{target_kpi}", lang) if target_kpi else ""
    typer.echo(tr(running, lang, title=text(scenario.meta.title, lang), plans=len(prepared), replications=replications, kpi=kpi, executor=kind))
    _run_and_report(
        file, base, prepared, root, kind, journal, lang,
        dict(workers=workers, scheduler=scheduler, batch_size=batch_size, time_limit=time_limit or None, **policy),
        dict(replications=replications, target_kpi=target_kpi, target_half_width=target_half_width, max_replications=max_replications, reference=reference),
    )


EXIT_FAILED_RUNS = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


def _study_journal(out: Path, definition: dict, resume: bool, lang: str):
    """The study's journal in ``out``: a new one, or (``--resume``) the one there if it is the same study."""
    from simulator.experiments.journal import Journal, JournalMismatch, NothingToResume

    if not resume:
        return Journal.start(out, definition)
    try:
        journal = Journal.resume(out, definition)
    except NothingToResume:
        typer.echo(tr("cli.exp.nothing_to_resume", lang, path=str(out)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except JournalMismatch as exc:
        what = tr(f"cli.exp.study_field.{exc.field}", lang)
        typer.echo(tr("cli.exp.resume_mismatch", lang, path=str(out), what=what, saved=json.dumps(exc.saved, ensure_ascii=False), current=json.dumps(exc.current, ensure_ascii=False)), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from None
    typer.echo(tr("cli.exp.resuming", lang, path=str(out), done=len(journal.rows)))
    return journal


def _run_and_report(file: Path, base: Scenario, prepared: list, root: int, kind: str, journal, lang: str, run_options: dict, study: dict) -> None:
    """Run the study (Ctrl-C stops it), write its tables and report, print verdicts and failures, exit with the status."""
    from simulator.experiments.interrupts import first_interrupt_stops
    from simulator.experiments.objective_rates import objective_records
    from simulator.experiments.store import write_tables
    from simulator.experiments.study import run_sequential, run_study
    from simulator.report.comparison import write_comparison_report
    from simulator.report.comparison_console import console_report

    options = dict(executor=kind, progress=True, lang=lang, journal=journal, **run_options)
    with first_interrupt_stops(lambda: typer.echo("\n" + tr("cli.exp.stopping", lang), err=True)):
        try:
            if study["target_kpi"] is not None:
                result = run_sequential(
                    base, prepared, study["target_kpi"], study["target_half_width"], root, pilot=study["replications"],
                    max_replications=study["max_replications"], reference=study["reference"], **options,
                )
            else:
                result = run_study(base, prepared, study["replications"], root, **options)
        except (OSError, TimeoutError) as exc:
            typer.echo(tr("cli.exp.executor_failed", lang, executor=kind, reason=str(exc) or type(exc).__name__), err=True)
            raise typer.Exit(EXIT_FAILED_RUNS) from None
        out = journal.directory
        summary = result.summary(reference=study["reference"])
        names = {p.id: text(p.plan.name, lang) for p in prepared}
        meta = {**result.meta(), "objectives": objective_records(base.objectives)}  # the answer reads them, also from summary.json
        paths = write_tables(out, result.results, summary, {"study": meta})
        report_path = write_comparison_report(out / "comparison.html", meta, summary, result.results, lang, progress=True)
    typer.echo(console_report(meta, summary, result.results, lang))
    sequential = result.extra.get("sequential")
    if sequential and result.stop_reason != "interrupted":
        typer.echo(tr(f"cli.exp.sequential.{result.stop_reason}", lang, pilot=sequential["pilot"], main=sequential["main"], needed=sequential["needed"], kpi=tr(f"kpi.{sequential['kpi']}", lang)))
    failed = _print_failures(result.results, names, file, paths["results.csv"], run_options["time_limit"], lang)
    typer.echo(tr("cli.written", lang, path=str(out)))
    typer.echo(tr("cli.report_at", lang, path=str(report_path)))
    if result.stop_reason == "interrupted":
        typer.echo(tr("cli.exp.interrupted", lang, done=len(result.results), path=str(out)), err=True)
        raise typer.Exit(EXIT_INTERRUPTED)
    if failed:
        raise typer.Exit(EXIT_FAILED_RUNS)


def _decision_log(target: str, scenario: Scenario, seed: int, data: Path | None, lang: str):
    """The decision log of ``--decisions`` (a drill's id or a CSV), or exit 2 saying what is wrong."""
    from simulator.drill import StepModelChanged
    from simulator.drill.faults import StoreError
    from simulator.experiments.decision_policy import WrongScenario, load_decisions

    try:
        return load_decisions(target, scenario, seed, data)
    except FileNotFoundError:
        typer.echo(tr("cli.exp.decisions_not_found", lang, target=target), err=True)
    except WrongScenario as exc:
        typer.echo(tr("cli.exp.decisions_wrong_scenario", lang, target=target, recorded=exc.recorded, wanted=exc.wanted), err=True)
    except (StepModelChanged, StoreError) as exc:
        typer.echo(exc.message(lang), err=True)
    except (KeyError, ValueError) as exc:  # a CSV without its columns, or with a cell that is not a number / JSON
        typer.echo(tr("cli.exp.decisions_bad_csv", lang, target=target, detail=str(exc)), err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def _decisions_fn(log):
    import functools

    from simulator.experiments.decision_policy import simulate_with_decisions

    return functools.partial(simulate_with_decisions, log)  # picklable: a process pool or dask runs it


def _describe_decision_log(log, out: Path, lang: str) -> None:
    """decisions_plan.csv in the study's folder (each decision with its situation and delay), and a line saying how it is played."""
    out.mkdir(parents=True, exist_ok=True)
    log.table().to_csv(out / "decisions_plan.csv", index=False)
    pace = tr("cli.exp.decisions_pace", lang, minutes=f"{log.fallback_delay:g}") if log.fallback_delay is not None and not log.auto_dispatch else tr("cli.exp.decisions_auto", lang)
    typer.echo(tr("cli.exp.decisions_log", lang, target=log.label, count=len(log.planned), pace=pace, path=str(out / "decisions_plan.csv")))


def _print_failures(results, names: dict[str, str], file: Path, results_path: Path, time_limit: float | None, lang: str, most: int = 5) -> int:
    """Each plan's failed replications by cause, in the user's language; returns how many failed."""
    from simulator.experiments.failures import failure_groups

    groups = failure_groups(results)
    if not groups:
        return 0
    lines = _field_lines(file)
    for group in groups[:most]:
        if group["kind"] == "time_limit":
            cause = tr("cli.exp.cause.time_limit", lang, limit=f"{time_limit or 0:g}")
        elif group["kind"] == "worker_lost":
            cause = tr("cli.exp.cause.worker_lost", lang, error=group["error"])
        elif group["field"]:
            line = lines.get(group["field"])
            where = f"{file}:{line}: {group['field']}" if line else f"{file}: {group['field']}"
            cause = tr("cli.exp.cause.field", lang, error=group["error"], where=where)
        else:
            cause = group["error"]
        typer.echo(tr("cli.exp.failed_plan", lang, plan=names.get(group["plan"], group["plan"]), count=group["count"], total=group["total"], cause=cause), err=True)
    if len(groups) > most:
        typer.echo(tr("cli.exp.more_causes", lang, count=len(groups) - most), err=True)
    failed = sum(g["count"] for g in groups)
    typer.echo(tr("cli.exp.failures", lang, count=failed, total=len(results), path=str(results_path)), err=True)
    return failed


def _field_lines(file: Path) -> dict[str, int]:
    """Line of each field of the scenario file, by its path as failures name it (``teams[0].size``)."""
    from simulator.scenario.loader import read_source, validated_yaml
    from simulator.scenario.models import Scenario as ScenarioModel
    from simulator.scenario.problems import format_loc

    try:
        _, lines = validated_yaml(read_source(file)[0], ScenarioModel, str(file))
    except ScenarioError:
        return {}
    return {format_loc(loc): line for loc, line in lines.items()}


def _aligned(frame) -> str:
    """A DataFrame of strings as aligned plain text (CJK characters are two columns wide)."""
    rows = [tuple(str(c) for c in frame.columns)] + [tuple(str(c) for c in row) for row in frame.itertuples(index=False)]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "-" * (sum(widths) + 2 * (len(widths) - 1)))
    return "\n".join(lines)


def kpi_table(kpis: dict, objectives: list[dict], lang: str) -> str:
    """The KPI table as aligned plain text (CJK characters are two columns wide)."""
    from simulator.metrics import kpi_frame
    from simulator.report.kpi_units import kpi_noun
    from simulator.report.tables import format_kpi

    frame = kpi_frame(kpis, objectives, lang, format_kpi)  # as the report words them: shares in percent, counts whole
    label_col, value_col = frame.columns[0], frame.columns[1]
    frame[label_col] = [kpi_noun(name, lang) for name in kpis]  # "mean report latency", the value says "26.5 min"
    frame[value_col] = [format_kpi(name, v, lang) for name, v in zip(kpis, frame[value_col])]  # None/NaN: no data
    rows = [tuple(frame.columns)] + [tuple(str(c) for c in row) for row in frame.itertuples(index=False)]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "-" * (sum(widths) + 2 * (len(widths) - 1)))
    return "\n".join(lines)


def _width(cell: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in cell)


from simulator.cli_branch import branch  # noqa: E402  (it uses the helpers above)
from simulator.cli_geo import export, import_app  # noqa: E402  (they use _load and _lang above)

app.add_typer(import_app, name="import")
app.command()(export)
app.command()(branch)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
