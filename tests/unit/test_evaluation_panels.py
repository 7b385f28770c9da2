"""The evaluator's panel and the improvement plan in the console, driven from Python (clicks and values)."""

from __future__ import annotations

import io

import docx

import pytest

from simulator.drill.evaluation import actions_of, observations
from simulator.ui.drill_console import DrillConsole
from tests.unit.test_improvement_plan import scenario_file  # noqa: F401 (fixture)


@pytest.fixture
def console(tmp_path, scenario_file):  # noqa: F811
    return DrillConsole(scenario_file.parent, data=tmp_path / "data", lang="en")


def started(console) -> DrillConsole:
    console.new_button.click()
    console.jump_to.value = 45
    console.pause_at_points.value = False
    console.jump_button.click()
    console.session.decide("dispatch_team", team="city_team", incident="dam")
    console.jump_to.value = 120
    console.jump_button.click()
    return console


def test_an_evaluator_records_a_rated_observation_and_a_refused_one_keeps_its_text(console):
    panel = started(console).evaluation.evaluator
    console.tabs.selected_index = [t for t, _ in enumerate(console.tabs.titles) if console.tabs.titles[t] == "Evaluation"][0]
    assert "Answer within 10 minutes" in panel.tasks.value and "rated by the evaluator" not in panel.tasks.value
    panel.task.value = "answer"
    panel.note.value = "the village station never picked up"
    panel.record_button.click()  # a note without a rating is an observation too
    assert "Recorded at T+02:00" in panel.message.value and panel.note.value == ""
    panel.note.value = "the village station never picked up"
    panel.rating.value = "U"
    panel.evaluator.value = "Evaluator Li"
    panel.record_button.click()
    assert "Recorded at T+02:00" in panel.message.value
    saved = observations(console.store, console.session.sink.session_id)
    assert [(o.task, o.rating, o.evaluator) for o in saved] == [("answer", "", ""), ("answer", "U", "Evaluator Li")]
    assert "<b>U</b> rated by the evaluator" in panel.tasks.value and "the village station never picked up" in panel.recorded.value
    panel.task.value = ""
    panel.note.value = ""
    panel.rating.value = ""
    panel.record_button.click()  # nothing to record: refused in the user's language, nothing written
    assert "write what you saw or give a rating" in panel.message.value
    assert len(observations(console.store, console.session.sink.session_id)) == 2


def test_the_plan_is_drafted_edited_and_carried_to_the_next_drill(console):
    plan = started(console).evaluation.plan
    plan.draft_button.click()
    assert "3 corrective actions drafted" in plan.message.value and len(plan.rows) == 3
    row = plan.rows[0]
    row.due.value = "tomorrow"
    row.save_button.click()  # refused: the row keeps what was typed
    assert "is not a date" in plan.message.value and row.due.value == "tomorrow"
    row.due.value = "2027-03-01"
    row.unit.value = "town_office"
    row.save_button.click()
    assert plan.message.value == "Saved."
    first = console.session.sink.session_id
    assert actions_of(console.store, first)[0].unit == "town_office"

    console.new_button.click()  # the next drill of the same scenario
    assert "3 corrective actions from earlier drills are still open" in console.message.value
    assert len(plan.carried_rows) == 3 and plan.rows == []
    assert console.tabs.titles[-1] == "Improvement plan (3 open)"
    plan.carried_rows[1].status.value = "closed"
    plan.carried_rows[1].save_button.click()
    assert len(plan.carried_rows) == 2
    closed = [a for a in actions_of(console.store, first) if a.status == "closed"]
    assert [a.closed_in for a in closed] == [console.session.sink.session_id]

    data = plan.export("docx")
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert "Improvement plan" in texts and "Corrective actions from earlier drills" in texts
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Corrective action (earlier drill)")
    carried = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert sorted(r[-1] for r in carried) == ["closed", "still open", "still open"]
    assert plan.download.last[0].endswith("_aar.docx")
    assert plan.export("xlsx")[:2] == b"PK" and plan.export("html").startswith(b"<!DOCTYPE html>")


def test_the_tabs_follow_a_language_switch(console):
    started(console)
    console.lang_toggle.value = "zh"
    assert {"演练评估", "整改计划"} <= set(console.tabs.titles)
    console.evaluation.plan.draft_button.click()
    assert "已初拟3条整改措施" in console.evaluation.plan.message.value
