"""`drillsim experiment` stopped with Ctrl-C, resumed, and held to a time limit per replication.

Ctrl-C in a terminal sends SIGINT to the whole foreground process group,
workers included; the tests do the same (``killpg``) on a command started
in a session of its own, so every process it starts can be found again
by its session id afterwards.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from simulator.experiments import read_results, run_study
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml
from tests.functional.test_cli import DRILLSIM, drillsim


def _busy_town(tiny: dict, horizon: int) -> str:
    """The tiny world with an incident every 5 minutes and random detection (about 0.2 s a run at 2,000 min)."""
    tiny["meta"]["horizon"] = horizon
    tiny["incidents"][0]["schedule"] = list(range(10, horizon, 5))
    tiny["incidents"][0]["detection_minutes"] = {"dist": "exponential", "mean": 10}
    return to_yaml(tiny)


def _start(*args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DRILLSIM_LANG"}
    return subprocess.Popen([str(DRILLSIM), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)


def _rows(out: Path) -> list[dict]:
    path = out / "rows.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _ctrl_c_after(proc: subprocess.Popen, out: Path, rows: int, timeout: float = 90) -> float:
    """Wait for ``rows`` finished replications on disk, then Ctrl-C the process group; returns when it was sent."""
    deadline = time.monotonic() + timeout
    while len(_rows(out)) < rows:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no replication finished in time"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    return time.monotonic()


def _session_left(session: int, wait: float = 5.0) -> list[str]:
    """Processes still running in ``session`` (zombies waiting for init to reap them have ended)."""
    deadline = time.monotonic() + wait
    while True:
        left = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            state, _ppid, _pgrp, sid = stat.rsplit(")", 1)[1].split()[:4]
            if int(sid) == session and state != "Z":
                left.append(f"{entry.name}: {cmdline}")
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def _same_runs(saved: pd.DataFrame, expected: pd.DataFrame) -> None:
    columns = [c for c in expected.columns if c != "runtime"]
    pd.testing.assert_frame_equal(saved[columns].reset_index(drop=True), expected[columns].reset_index(drop=True), check_dtype=False)


def _assert_stopped_cleanly(proc: subprocess.Popen, sent: float, out: Path, total: int) -> None:
    stdout, stderr = proc.communicate(timeout=60)
    took = time.monotonic() - sent
    assert proc.returncode == 130, stderr
    assert took < 10, took
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert "Interrupted:" in stderr and "--resume" in stderr
    finished = _rows(out)
    assert 2 <= len(finished) < total  # what was done is on disk, the rest is not
    assert len(read_results(out / "results.csv")) == len(finished)
    assert (out / "comparison.html").exists()
    assert _session_left(proc.pid) == []


def test_ctrl_c_on_a_process_pool_keeps_what_finished_and_resume_completes_the_study(tiny, tmp_path):
    text = _busy_town(tiny, 2000)
    scenario = tmp_path / "busy.yaml"
    scenario.write_text(text, encoding="utf-8")
    out = tmp_path / "study"
    args = ("experiment", str(scenario), "-n", "8", "--seed", "3", "--executor", "process", "--workers", "2", "--batch-size", "1", "--out", str(out))
    proc = _start(*args)
    _assert_stopped_cleanly(proc, _ctrl_c_after(proc, out, 2), out, 8)

    resumed = drillsim(*args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "Resuming the study" in resumed.stdout
    # same seeds, same runs: the stopped-and-resumed study is the one that never stopped
    expected = run_study(parse_scenario(text, "busy.yaml"), None, replications=8, seed=3, executor="serial").results
    _same_runs(read_results(out / "results.csv"), expected)
    assert len(_rows(out)) == 8


def test_ctrl_c_on_a_local_dask_cluster_stops_its_workers_and_resumes_on_another_cluster(tiny, tmp_path):
    distributed = pytest.importorskip("distributed")
    text = _busy_town(tiny, 2000)
    scenario = tmp_path / "busy.yaml"
    scenario.write_text(text, encoding="utf-8")
    out = tmp_path / "study"
    args = ("experiment", str(scenario), "-n", "8", "--seed", "4", "--batch-size", "1", "--out", str(out))
    # the command's own LocalCluster: its worker processes get the Ctrl-C too
    proc = _start(*args, "--executor", "dask", "--workers", "2")
    _assert_stopped_cleanly(proc, _ctrl_c_after(proc, out, 2), out, 8)

    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://", host="127.0.0.1",
        dashboard_address=None, silence_logs=logging.ERROR,
    )
    try:
        resumed = drillsim(*args, "--scheduler", cluster.scheduler_address, "--resume")
    finally:
        cluster.close()
    assert resumed.returncode == 0, resumed.stderr
    expected = run_study(parse_scenario(text, "busy.yaml"), None, replications=8, seed=4, executor="serial").results
    _same_runs(read_results(out / "results.csv"), expected)


def test_a_plan_past_the_time_limit_fails_with_its_cause_and_the_study_goes_on(tiny, tmp_path):
    # 4,000 incidents over 20,000 minutes take seconds a run; the one-incident plan a tenth of a second
    scenario = tmp_path / "slow.yaml"
    scenario.write_text(_busy_town(tiny, 20000), encoding="utf-8")
    out = tmp_path / "limited"
    result = drillsim(
        "experiment", str(scenario), "-n", "2", "--executor", "serial", "--time-limit", "0.5",
        "--sweep", "incidents.flood.schedule=[[100]]", "--out", str(out),
    )
    assert result.returncode == 1, result.stderr
    assert "baseline: 2 of 2 replications failed: ran longer than the time limit of 0.5 s per replication" in result.stderr
    assert "2 of 4 replications failed" in result.stderr and "Traceback" not in result.stderr
    results = read_results(out / "results.csv")
    assert list(results["error_kind"]) == ["time_limit", "time_limit", "", ""]
    assert results.loc[results["plan"] == "sweep1", "incidents_total"].tolist() == [1.0, 1.0]


def test_sequential_mode_refuses_a_pilot_too_small_to_plan_with(tmp_path, tiny):
    scenario = tmp_path / "tiny.yaml"
    scenario.write_text(to_yaml(tiny), encoding="utf-8")
    result = drillsim("experiment", str(scenario), "-n", "5", "--target-kpi", "incident_duration_mean", "--target-half-width", "1", "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert "the pilot (-n, now 5) must be at least 10" in result.stderr and not (tmp_path / "x").exists()
