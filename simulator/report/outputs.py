"""A saved run directory: everything needed to re-analyse a run without re-simulating.

    events.csv     the event log (pandas reads it)
    scenario.yaml  the scenario text exactly as run
    run.json       seed, scenario hash, package version, wall time
    kpis.json      KPIs and objectives
    report.html    the self-contained after-action report
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from simulator.eventlog import read_events, write_events
from simulator.i18n import text
from simulator.metrics import analyse
from simulator.report.html import write_report
from simulator.scenario import Scenario, parse_scenario

RUN_FILES = ("events.csv", "scenario.yaml", "run.json")


@dataclass(frozen=True)
class SavedRun:
    directory: Path
    scenario: Scenario
    events: pd.DataFrame
    meta: dict


def save_run(
    directory: str | Path, scenario_text: str, scenario: Scenario, events: pd.DataFrame, meta: dict, lang: str | None = None,
    analysis: tuple[dict, list[dict]] | None = None,
) -> Path:
    """Write the run files and the report; returns the report's path.

    ``analysis``: the run's ``analyse(scenario, events)`` when the caller has it already (it is not free: about 0.1 s for the flagship).
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    write_events(events, out / "events.csv")
    (out / "scenario.yaml").write_text(scenario_text, encoding="utf-8")
    (out / "run.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return write_analysis(out, scenario, events, meta, lang, analysis)


def write_analysis(
    directory: Path, scenario: Scenario, events: pd.DataFrame, meta: dict, lang: str | None = None, analysis: tuple[dict, list[dict]] | None = None,
) -> Path:
    """(Re)write kpis.json and report.html of a run directory."""
    kpis, objectives = analysis if analysis is not None else analyse(scenario, events)
    serialisable = [{**o, "name": {"zh": o["name"].zh, "en": o["name"].en}} for o in objectives]
    payload = {"kpis": kpis, "objectives": serialisable}
    (directory / "kpis.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    # a run's report: its after-action part measures up to the log's end, as this analysis did
    return write_report(directory / "report.html", scenario, events, kpis, objectives, meta, lang, aar_analysis=(kpis, objectives))


def load_run(directory: str | Path) -> SavedRun:
    """Read a run directory written by :func:`save_run`.

    Raises FileNotFoundError naming the first missing file.
    """
    d = Path(directory)
    for name in RUN_FILES:
        if not (d / name).is_file():
            raise FileNotFoundError(name)
    scenario = parse_scenario((d / "scenario.yaml").read_bytes(), str(d / "scenario.yaml"))
    meta = json.loads((d / "run.json").read_text(encoding="utf-8"))
    return SavedRun(d, scenario, read_events(d / "events.csv"), meta)


def scenario_title(scenario: Scenario, lang: str | None = None) -> str:
    return text(scenario.meta.title, lang)
