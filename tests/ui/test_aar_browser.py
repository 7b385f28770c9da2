"""The after-action report opens in chromium with no network: its sections show and its figures draw."""

from __future__ import annotations

import pytest

from simulator.drill import Store
from simulator.drill.evaluation import drill_record, record_observation
from simulator.report.aar import write_exercise_report
from tests.unit.test_improvement_plan import first_drill, scenario_file  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


def test_the_report_works_offline_in_a_browser(browser_page, tmp_path, scenario_file):  # noqa: F811
    store = Store(tmp_path / "data")
    session, info = first_drill(store, scenario_file)
    record_observation(store, info.id, session.scenario, time=60, task="answer", rating="U", note="村站始终未应答", evaluator="评估员甲")
    record = drill_record(store, info.id, session.scenario, "zh", clock=session.now)
    path = write_exercise_report(tmp_path / "aar.html", "html", session.scenario, session.events(), {"seed": 7}, "zh", record)
    asked: list[str] = []
    browser_page.on("request", lambda request: asked.append(request.url))
    browser_page.set_content(path.read_text(encoding="utf-8"), wait_until="load")
    browser_page.wait_for_selector(".plotly-graph-div .main-svg")
    headings = browser_page.locator("h2").all_inner_texts()
    assert headings[:4] == ["总结", "演练目标与关键任务", "优点", "不足/待改进"] and "整改计划" in headings
    assert browser_page.locator(".rating-U").count() == 1
    assert "村站始终未应答" in browser_page.locator(".task .notes").first.inner_text()
    drawn = browser_page.evaluate("() => [...document.querySelectorAll('.plotly-graph-div')].filter(d => d.querySelector('.main-svg')).length")
    assert drawn == browser_page.locator(".plotly-graph-div").count() > 0
    assert [u for u in asked if u.startswith(("http:", "https:"))] == []  # nothing fetched
