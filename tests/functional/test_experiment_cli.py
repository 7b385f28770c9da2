"""`drillsim experiment`, run as a user would (a real subprocess)."""

from __future__ import annotations

import json
import logging

import pandas as pd
import pytest

from tests.conftest import SCENARIOS, to_yaml
from tests.functional.test_cli import drillsim

RAINSTORM = str(SCENARIOS / "urban_rainstorm.yaml")
PLANS = SCENARIOS / "plans"


def test_two_plans_write_results_summary_and_an_offline_report(tmp_path):
    out = tmp_path / "stock"
    result = drillsim(
        "experiment", RAINSTORM,
        "--plan", str(PLANS / "stock_at_city.yaml"), "--plan", str(PLANS / "stock_at_townships.yaml"),
        "--replications", "3", "--executor", "serial", "--seed", "11", "--out", str(out),
    )
    assert result.returncode == 0, result.stderr
    assert "Stock moved to the townships" in result.stdout and "Identical under every plan: incidents" in result.stdout

    results = pd.read_csv(out / "results.csv", keep_default_na=False)
    assert len(results) == 6 and list(results["plan"]) == ["stock_at_city"] * 3 + ["stock_at_townships"] * 3
    assert {"scenario_hash", "seed", "root_seed", "version", "runtime", "error", "first_arrival_mean"} <= set(results.columns)
    assert set(results["root_seed"]) == {11} and (results["error"] == "").all()

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["study"]["replications"] == 3 and summary["reference"] == "stock_at_city"
    assert [p["id"] for p in summary["study"]["plans"]] == ["stock_at_city", "stock_at_townships"]
    assert "depots.city_reserve.stock.sandbag-=6000" in summary["study"]["plans"][1]["changes"]
    verdicts = {d["kpi"]: d["verdict"] for d in summary["differences"]}
    assert verdicts["incidents_total"] == "identical"
    assert set(pd.read_csv(out / "summary.csv")["plan"]) == {"stock_at_city", "stock_at_townships"}
    assert len(pd.read_csv(out / "differences.csv")) == len(verdicts)

    html = (out / "comparison.html").read_text(encoding="utf-8")
    assert html.count("plotly.js v") == 1 and "<script src=" not in html  # inline once, no CDN
    assert "Plan comparison" in html and "Stock moved to the townships" in html


def test_bad_plan_file_exits_2_with_file_line_and_path(tmp_path):
    plan = tmp_path / "more_staff.yaml"
    plan.write_text(
        "id: more_staff\nname: {zh: 增员, en: More staff}\noverrides:\n  - command.units.wenhua_offce.duty_staff=7\n",
        encoding="utf-8",
    )
    result = drillsim("experiment", RAINSTORM, "--plan", str(plan), "-n", "2", "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert f"{plan}:4: command.units.wenhua_offce: no entry with id 'wenhua_offce'; known ids: wenhua_office" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x").exists()
    zh = drillsim("experiment", RAINSTORM, "--set", "teams.city_rescue.size=0", "--lang", "zh", "--out", str(tmp_path / "y"))
    assert zh.returncode == 2
    assert "--set: teams.city_rescue.size: 不能小于 1,实际为 0" in zh.stderr and "Traceback" not in zh.stderr


def test_baseline_sweep_on_an_existing_dask_cluster(tiny, tmp_path):
    distributed = pytest.importorskip("distributed")
    scenario = tmp_path / "tiny.yaml"
    scenario.write_text(to_yaml(tiny), encoding="utf-8")
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://", host="127.0.0.1",
        dashboard_address=None, silence_logs=logging.ERROR,
    )
    try:
        result = drillsim(
            "experiment", str(scenario), "--scheduler", cluster.scheduler_address, "-n", "2",
            "--set", "command.units.town_office.duty_staff=2", "--sweep", "teams.city_team.size=[10, 30]",
            "--out", str(tmp_path / "sweep"),
        )
    finally:
        cluster.close()
    assert result.returncode == 0, result.stderr
    summary = json.loads((tmp_path / "sweep" / "summary.json").read_text(encoding="utf-8"))
    assert summary["study"]["executor"] == "dask"
    assert [p["id"] for p in summary["study"]["plans"]] == ["baseline", "sweep1", "sweep2"]
    assert summary["study"]["plans"][2]["changes"] == ["teams.city_team.size=30"]
    results = pd.read_csv(tmp_path / "sweep" / "results.csv", keep_default_na=False)
    assert len(results) == 6 and (results["error"] == "").all()
