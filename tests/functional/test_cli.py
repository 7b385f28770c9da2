"""The drillsim command line, run as a user would (a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SCENARIOS, to_yaml

DRILLSIM = Path(sys.executable).with_name("drillsim")


def drillsim(*args: str, env_lang: str | None = None) -> subprocess.CompletedProcess:
    import os

    env = {k: v for k, v in os.environ.items() if k != "DRILLSIM_LANG"}
    if env_lang:
        env["DRILLSIM_LANG"] = env_lang
    return subprocess.run([str(DRILLSIM), *args], capture_output=True, text=True, env=env, timeout=300)


def test_validate_good_file():
    result = drillsim("validate", str(SCENARIOS / "urban_rainstorm.yaml"))
    assert result.returncode == 0, result.stderr
    assert "OK (Urban extreme rainstorm)" in result.stdout


def test_validate_broken_file_names_line_and_field(tiny, tmp_path):
    tiny["teams"][0]["base"] = "nowhere"
    path = tmp_path / "broken.yaml"
    path.write_text(to_yaml(tiny), encoding="utf-8")
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "base: nowhere" in text)
    result = drillsim("validate", str(path))
    assert result.returncode == 2
    assert f"{path}:{line}: teams[0].base: team 'city_team' is based at unknown place 'nowhere'" in result.stderr
    assert "Traceback" not in result.stderr
    zh = drillsim("validate", str(path), "--lang", "zh")
    assert zh.returncode == 2 and "驻地 'nowhere' 未定义" in zh.stderr
    from_env = drillsim("validate", str(path), env_lang="zh")
    assert "驻地 'nowhere' 未定义" in from_env.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "the file is empty"),
        (b"meta: [unclosed\n", "YAML syntax error"),
        (b"title: \xff\n", "the file is not UTF-8 text"),
    ],
)
def test_bad_files_exit_2_without_traceback(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    result = drillsim("validate", str(path))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_missing_file_and_bad_language(tmp_path):
    missing = drillsim("validate", str(tmp_path / "nope.yaml"), "--lang", "zh")
    assert missing.returncode == 2 and "找不到文件" in missing.stderr
    bad_lang = drillsim("validate", str(SCENARIOS / "urban_rainstorm.yaml"), "--lang", "fr")
    assert bad_lang.returncode == 2 and "unknown language 'fr'" in bad_lang.stderr


def test_schema_is_json_schema_of_the_format():
    result = drillsim("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "drillsim scenario"
    assert {"meta", "places", "command", "teams", "incidents", "injects"} <= set(schema["properties"])
    # a number is accepted where a distribution is
    assert {"type": "number", "minimum": 0} in schema["$defs"]["Dist"]["anyOf"]


def test_run_writes_outputs_and_report_can_be_rebuilt(tmp_path):
    out = tmp_path / "run"
    result = drillsim("run", str(SCENARIOS / "urban_rainstorm.yaml"), "--seed", "3", "--out", str(out))
    assert result.returncode == 0, result.stderr
    for name in ("events.csv", "kpis.json", "report.html", "run.json", "scenario.yaml"):
        assert (out / name).is_file(), name
    assert "mean call-to-first-arrival " in result.stdout and "mean call-to-first-arrival (min)" not in result.stdout  # the unit is with the value
    assert str(out / "report.html") in result.stdout and "make lab" in result.stdout
    kpis = json.loads((out / "kpis.json").read_text(encoding="utf-8"))
    assert kpis["kpis"]["incidents_total"] > 0
    assert json.loads((out / "run.json").read_text())["seed"] == 3

    # re-analyse the saved run in Chinese without re-simulating
    events_before = (out / "events.csv").read_bytes()
    (out / "kpis.json").unlink()
    again = drillsim("report", str(out), "--lang", "zh")
    assert again.returncode == 0, again.stderr
    assert "平均首支队伍到达用时" in again.stdout
    assert json.loads((out / "kpis.json").read_text(encoding="utf-8"))["kpis"] == kpis["kpis"]
    assert (out / "events.csv").read_bytes() == events_before
    assert 'lang="zh' in (out / "report.html").read_text(encoding="utf-8")


def test_report_on_a_directory_that_is_not_a_run(tmp_path):
    result = drillsim("report", str(tmp_path))
    assert result.returncode == 2
    assert "not a saved run (missing events.csv)" in result.stderr
