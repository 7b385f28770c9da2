"""The plan lab, driven without a browser: set values, click, read the widgets."""

from __future__ import annotations

import pytest

from simulator.ui.plan_lab import PlanLab
from tests.conftest import to_yaml

widgets = pytest.importorskip("ipywidgets")


@pytest.fixture
def folder(tiny, tmp_path):
    tiny["incidents"][0]["schedule"] = [100, 200, 300]
    tiny["incidents"][0]["detection_minutes"] = {"dist": "exponential", "mean": 10}
    (tmp_path / "tiny.yaml").write_text(to_yaml(tiny), encoding="utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "slow_office.yaml").write_text(
        "id: slow_office\nname: {zh: 慢办公室, en: Slow office}\nscenario: tiny\n"
        "overrides: ['command.units.town_office.handling_minutes=30']\n",
        encoding="utf-8",
    )
    (plans / "other.yaml").write_text("id: other\nname: {zh: 别的, en: Other}\nscenario: elsewhere\n", encoding="utf-8")
    return tmp_path


def test_pick_click_and_read_the_verdicts(folder):
    lab = PlanLab(folder, lang="en", replications=3)
    assert [label for label, _ in lab.plan_picker.options] == ["Slow office (slow_office)"]  # plans for other scenarios hidden
    assert lab.seed.value == 7  # the scenario's own seed
    lab.plan_picker.value = (str(folder / "plans" / "slow_office.yaml"),)
    lab.kpi_picker.value = "report_latency_mean"
    lab.run_button.click()

    assert lab.study is not None and len(lab.study.results) == 6
    assert lab.status.value.startswith("Done: 6 runs (2 plans x 3 replications).")
    assert lab.progress.value == lab.progress.max == 6
    diff = lab.summary.difference("slow_office", "report_latency_mean")
    assert diff["mean"] >= 26 - 1e-9  # handling 4 -> 30 minutes at the town office, plus any queueing
    assert diff["verdict"] == "worse" and diff["winner"] == "baseline"
    assert "worse (baseline wins)" in lab.verdicts.value
    distribution, difference = lab.figures.children
    assert [t.name for t in distribution.data] == ["baseline", "Slow office"]
    assert list(difference.data[0].y) == ["slow_office"]

    lab.kpi_picker.value = "incident_duration_mean"  # redraws without re-running
    assert "incident duration" in lab.figures.children[0].layout.title.text


def test_a_broken_plan_shows_its_line_in_the_status(folder):
    (folder / "plans" / "broken.yaml").write_text(
        "id: broken\nname: {zh: 坏, en: Broken}\noverrides:\n  - teams.nobody.size=3\n", encoding="utf-8"
    )
    lab = PlanLab(folder, lang="zh", replications=2)
    assert any("(broken)" in label for label, _ in lab.plan_picker.options)  # it parses; applying it fails
    lab.select("tiny", ["broken"])
    lab.run_button.click()
    assert lab.study is None
    assert "broken.yaml:4: teams.nobody: 没有编号为 &#x27;nobody&#x27; 的条目" in lab.status.value
    assert not lab.run_button.disabled
