"""The drill console driven from Python, as the facilitator would: clicks and values, no browser."""

from __future__ import annotations

import pytest

from simulator.ui.drill_console import DrillConsole
from tests.conftest import SCENARIOS


@pytest.fixture
def console(tmp_path):
    return DrillConsole(SCENARIOS, data=tmp_path / "data", lang="en")


def first_dispatch_point(console: DrillConsole) -> str:
    while not console.decision_form.incident.options:
        console.step_button.click()
    return console.decision_form.incident.value


def test_showing_the_console_writes_nothing(tmp_path):
    DrillConsole(SCENARIOS, data=tmp_path / "data")
    assert not (tmp_path / "data").exists()


def test_a_drill_from_start_to_dispatch(console):
    console.scenario_picker.value = str(SCENARIOS / "street_command.yaml")
    console.new_button.click()
    assert "T+00:00" in console.clock.value
    console.step_button.click()
    assert "T+00:20" in console.clock.value and "roll call" in console.feed.value
    incident = first_dispatch_point(console)
    form = console.decision_form
    form.action.value = "dispatch_team"
    form.team.value = "street_shock"
    form.incident.value = incident
    form.decide_button.click()
    assert "Done" in form.message.value
    # the log names the team, never its id, and says the decision was accepted
    assert "Street shock team" in console.log.value and "street_shock" not in console.log.value and "accepted" in console.log.value
    teams = {row[0]: row[1] for row in console.figures.map.data[5].customdata}
    assert teams["street_shock"] == "ordered"
    form.decide_button.click()  # the same team again: refused in the player's language, the team by its name
    assert "Street shock team is ordered out: it can be dispatched only when it is at base and free" in form.message.value
    console.lang_toggle.value = "zh"
    assert console.step_button.description == "下一个注入"
    assert "只有处于驻地待命状态时才能派遣" in console.log.value
    console.decision_form.decide_button.click()
    assert "只有处于驻地待命状态时才能派遣" in console.decision_form.message.value
    console.step_button.click()
    assert console.figures.map.data[5].customdata[0][1] != "at_base"
    assert len(console.figures.gantt.data) == 4


def test_the_map_is_updated_in_place(console):
    console.start("street_command")
    before = console.figures.map
    trace = before.data[5]
    console.step_button.click()
    assert console.figures.map is before and before.data[5] is trace


def test_real_time_ticks_and_pauses_at_injects(console):
    console.start("street_command")
    console.speed.value = 4
    console.pause_at_points.value = True
    console.realtime.value = True
    assert console.timer.playing
    for _ in range(3):
        console.timer.value += 1  # what the browser's timer does every second
    assert console.session.now == 12
    for _ in range(3):
        console.timer.value += 1
    # the roll call at minute 20 stops real time for the room
    assert console.session.now == 20 and not console.realtime.value and not console.timer.playing
    assert console.store.get(console.session.sink.session_id).status == "paused"


def test_the_facilitator_adds_an_inject(console):
    """A form, not YAML: a colon and quotes in the text, dropdowns of names; problems beside their fields."""
    console.start("street_command")
    form = console.inject_form
    editor = form.editor
    editor.effect.value = "close_road"
    road = editor.fields["road"].widget
    assert all("|" not in label for label, _ in road.options)  # roads by their places' names
    editor.fields["text_en"].widget.value = 'Media report: "cars" flooded: road cut'
    editor.fields["text_zh"].widget.value = "媒体报道:“车辆”被淹"
    form.add_button.click()
    assert "Inject added" in form.message.value
    assert editor.fields["id"].widget.value == "extra_2" and editor.fields["text_en"].widget.value == ""
    console.step_button.click()
    assert "Media report: &quot;cars&quot; flooded: road cut" in console.feed.value
    form.add_button.click()  # empty texts: refused beside the fields, nothing added
    assert editor.fields["text_zh"].error.value and "correct the fields" in form.message.value
    assert len(console.session.extra_injects) == 1

def test_a_killed_kernel_resumes_from_the_store(tmp_path):
    first = DrillConsole(SCENARIOS, data=tmp_path / "data", lang="en")
    first.start("street_command")
    incident = first_dispatch_point(first)
    first.decide("dispatch_team", {"team": "street_shock", "incident": incident})
    first.jump_to.value = 200
    first.pause_at_points.value = False
    first.jump_button.click()
    session_id, log = first.session.sink.session_id, first.log.value
    del first  # the kernel dies
    second = DrillConsole(SCENARIOS, data=tmp_path / "data", lang="en")
    assert second.session_picker.value == session_id or session_id in [v for _, v in second.session_picker.options]
    second.session_picker.value = session_id
    second.open_button.click()
    assert second.session.now == 200 and second.log.value == log
    assert "reopened" in second.message.value


def test_the_room_screen_follows_the_facilitator(tmp_path):
    facilitator = DrillConsole(SCENARIOS, data=tmp_path / "data")
    facilitator.start("street_command")
    screen = DrillConsole(SCENARIOS, data=tmp_path / "data")
    screen.open(facilitator.session.sink.session_id)
    screen.follow.value = True
    assert screen.timer.playing
    facilitator.step_button.click()
    facilitator.step_button.click()
    screen.timer.value += 1
    assert screen.session.now == facilitator.session.now > 0  # two steps in (injects and plan activations stop a step)
    assert screen.feed.value == facilitator.feed.value


def test_score_card_exports_report_and_comparison(console):
    console.start("street_command")
    console.pause_at_points.value = False
    console.jump_to.value = 720
    console.jump_button.click()
    assert console.session.ended and "Score" in console.scorecard.value
    assert "Request military support" in console.scorecard.value  # the landslide inject's expected action
    archive = console.archive
    # downloaded in the browser: the bytes go to the page, no file is left on the server
    assert archive.export(".csv").decode("utf-8").startswith("seq,time,step,action")
    assert archive.download.last[0].endswith("_decisions.csv")
    assert archive.export(".xlsx")[:2] == b"PK"  # a zip: an Excel workbook
    report = archive.report().decode("utf-8")
    assert "Drill score card" in report and "missed" in report
    assert archive.download.last[0].endswith("_report.html") and not (console.data / "exports").exists() and not (console.data / "reports").exists()
    archive.compare_picker.value = (console.session.sink.session_id,)
    assert len(archive.compare()) == 1


def test_a_drill_from_another_step_model_is_refused_with_a_message_and_still_exports(tmp_path):
    data = tmp_path / "data"
    first = DrillConsole(SCENARIOS, data=data, lang="zh")
    first.start("street_command")
    first.step_button.click()
    old_id = first.session.sink.session_id
    with first.store.transaction() as db:  # as if recorded by a drillsim whose models stepped differently
        db.execute("UPDATE sessions SET step_model = 1 WHERE id = ?", (old_id,))
    later = DrillConsole(SCENARIOS, data=data, lang="zh")
    assert later.open(old_id) is None and later.session is None
    assert "步进模型 1" in later.message.value and old_id in later.message.value
    later.archive.compare_picker.value = (old_id,)
    assert later.archive.compare() is None and "步进模型 1" in later.archive.message.value
    exported = later.archive.export(".csv")
    assert exported.decode("utf-8").startswith("seq,time,step,action")
