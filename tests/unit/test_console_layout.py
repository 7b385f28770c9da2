"""The facilitator's screen driven from Python: its layout, names instead of ids, the status line, downloads.

The browser test (tests/ui/test_console_screen_browser.py) measures the
page at 1920x1080; these check what the widgets hold, in both languages.
"""

from __future__ import annotations

import json
import re
from html import escape
import unicodedata
from pathlib import Path

import pytest

from simulator.drill.names import Names, incident_name
from simulator.scenario import load_scenario
from simulator.ui.console_style import CSS, MAIN_HEIGHT
from simulator.ui.drill_console import TABS, DrillConsole
from simulator.ui.drill_panels import drill_phase
from simulator.ui.drill_views import msel_rows
from simulator.viz.msel_timeline import msel_timeline
from tests.conftest import ROOT, SCENARIOS
from tests.ui.conftest import console_flags


@pytest.fixture
def console(tmp_path):
    return DrillConsole(SCENARIOS, data=tmp_path / "data", lang="en")


def step_to_dispatch(console: DrillConsole) -> str:
    while not console.decision_form.incident.options:
        console.step_button.click()
    return console.decision_form.incident.value


def ids_of(console: DrillConsole) -> set[str]:
    """The ids a reader must never see: teams, units, places, items, incident sources and incidents."""
    sc = console.session.scenario
    ids = {t.id for t in sc.teams} | {u.id for u in sc.command.units} | {p.id for p in sc.places} | {i.id for i in sc.items}
    ids |= {s.id for s in sc.incidents} | set(console.session.world.incidents)
    # short ids ("c5") could be part of ordinary words; those with a separator or a digit cannot
    return {i for i in ids if len(i) >= 3 and re.search(r"[_\-0-9]", i)}


def shown_ids(text: str, ids: set[str]) -> set[str]:
    return {i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)}


def what_a_reader_sees(console: DrillConsole) -> str:
    """Every text of the screen a person reads: panels, dropdown labels, figure hovers and labels."""
    console.show_score()
    parts = [console.clock.value, console.next_inject.value, console.session_status.value, console.feed.value, console.log.value, console.figures.kpis.value, console.scorecard.value, console.message.value]
    form = console.decision_form
    for dropdown in (form.team, form.incident, form.unit, form.item, console.session_picker):
        parts += [label for label, _ in dropdown.options]
    for name in ("map", "msel", "gantt"):
        for trace in getattr(console.figures, name).data:
            parts += [str(getattr(trace, "hovertext", "") or ""), str(getattr(trace, "text", "") or ""), json.dumps(trace.customdata if name == "gantt" and trace.customdata is not None else [], default=str)]
    console.tabs.selected_index = TABS.index("msel")
    parts.append(console.msel_table.value)
    console.tabs.selected_index = TABS.index("drills")
    parts.append(console.archive.list.value)
    return "\n".join(parts)


def play_with_a_dispatch(console: DrillConsole) -> None:
    console.start("street_command")
    incident = step_to_dispatch(console)
    form = console.decision_form
    form.action.value, form.incident.value = "dispatch_team", incident
    form.team.value = next(v for _, v in form.team.options)
    form.decide_button.click()
    form.action.value = "set_response_level"
    form.decide_button.click()
    for _ in range(4):
        console.step_button.click()


# -- names, never ids ----------------------------------------------------------------------------


def test_incidents_are_named_by_source_number_and_place_in_both_languages():
    sc = load_scenario(SCENARIOS / "urban_rainstorm.yaml")
    source, place = sc.incidents[1], sc.places[4]
    en = incident_name(sc, f"{source.id}-003", place.id, source.hazard, "en")
    zh = incident_name(sc, f"{source.id}-003", place.id, source.hazard, "zh")
    assert en == f"{source.name.en} #3 · {place.name.en}"
    assert source.name.zh in zh and "3" in zh and place.name.zh in zh and source.id not in zh
    # an incident an inject started is named by its hazard and place; an id nothing knows stays as it is
    assert incident_name(sc, "school_flooded", place.id, "flood", "zh").endswith(place.name.zh)
    assert incident_name(sc, "no-such-thing", "", "", "en") == "no-such-thing"


def test_a_decision_is_worded_with_names():
    sc = load_scenario(SCENARIOS / "urban_rainstorm.yaml")
    names = Names(sc, "en", {f"{sc.incidents[0].id}-001": (sc.places[3].id, sc.incidents[0].hazard)})
    worded = names.decision("dispatch_team", {"team": sc.teams[0].id, "incident": f"{sc.incidents[0].id}-001"})
    assert worded == f"{sc.teams[0].name.en} → {sc.incidents[0].name.en} #1 · {sc.places[3].name.en}"
    assert names.decision("issue_warning", {"unit": sc.command.units[0].id, "level": "red"}) == f"{sc.command.units[0].name.en} → red warning"
    assert names.actor("facilitator") == "facilitator"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_screen_shows_names_never_ids(tmp_path, lang):
    console = DrillConsole(SCENARIOS, data=tmp_path / "data", lang=lang)
    play_with_a_dispatch(console)
    seen = what_a_reader_sees(console)
    assert not shown_ids(seen, ids_of(console))
    team = console.session.outcomes[0].decision.args["team"]
    assert next(t.name for t in console.session.scenario.teams if t.id == team).__getattribute__(lang) in console.log.value
    # the ids stay the values behind the dropdowns
    assert set(console.session.world.incidents) >= {v for _, v in console.decision_form.incident.options}


def test_no_emoji_that_a_machine_without_an_emoji_font_shows_as_boxes(console):
    play_with_a_dispatch(console)
    seen = what_a_reader_sees(console)
    emoji = {c for c in seen if ord(c) >= 0x1F000 or 0x2300 <= ord(c) <= 0x23FF or 0x2600 <= ord(c) <= 0x27BF or c == "\ufe0f"}
    assert not emoji, [unicodedata.name(c, hex(ord(c))) for c in emoji]
    assert 'class="fa fa-hourglass-half"' in console.feed.value or 'class="fa fa-bullhorn"' in console.feed.value


# -- the layout ----------------------------------------------------------------------------------


def test_one_screen_with_clock_plan_kpis_map_feed_and_side_panel_and_tabs_for_details(console):
    assert console.tabs.titles[: len(TABS)] == ("Drill screen", "Inject plan (MSEL)", "Command chain", "Teams", "Supplies", "Score card", "Drills and exports")
    screen = console.tabs.children[0]
    clock_row, message, kpis, main_row = screen.children
    assert console.clock in clock_row.children[0].children and console.figures.box("msel") in clock_row.children
    assert message is console.message and kpis is console.figures.kpis
    assert main_row.children[0] is console.figures.box("map") and console.feed in main_row.children[1].children and main_row.children[2] is console.side
    log_tab = console.side.children[-1]
    assert console.decision_form.widget in console.side.children and (console.log is log_tab or console.log in log_tab.children)
    assert f"height: {MAIN_HEIGHT}px" in CSS
    console.lang_toggle.value = "zh"
    assert console.tabs.titles[:3] == ("演练大屏", "注入计划(MSEL)", "指挥链")


def test_figures_are_made_only_when_a_drill_shows_them(console):
    """The first paint sends no figure to the page; a step redraws only the tab on show."""
    assert console.figures.made == ()
    console.start("street_command")
    assert set(console.figures.made) == {"msel", "map"}
    incident = step_to_dispatch(console)
    console.decide("dispatch_team", {"team": next(v for _, v in console.decision_form.team.options), "incident": incident})
    console.tabs.selected_index = TABS.index("teams")
    assert set(console.figures.made) == {"msel", "map", "gantt"} and console.figures.visible == {"gantt"}
    hidden = console.figures._made["map"]
    teams_before = [c[1] for c in hidden.data[5].customdata]
    console.step_button.click()
    assert [c[1] for c in hidden.data[5].customdata] == teams_before  # not on show: not redrawn
    assert [c[1] for c in console.figures.map.data[5].customdata] != teams_before  # read: brought up to date


def test_a_language_switch_draws_the_figures_in_the_new_language_and_closes_the_old_ones_later(console):
    console.start("street_command")
    console.step_button.click()
    old_map = console.figures.map
    console.lang_toggle.value = "zh"
    assert console.figures.map is not old_map and console.figures.map.layout.title.text == "态势图"
    assert console.figures.msel.layout.title.text == "注入计划" and console.step_button.description == "下一个注入"
    assert old_map.comm is not None  # its view may still be in the page: kept until the drill moves
    zh_map = console.figures.map
    console.lang_toggle.value = "en"  # switched back before the drill moved: both sets wait
    console.step_button.click()
    assert old_map.comm is None and zh_map.comm is None and console.figures.map.comm is not None


def test_the_clock_says_time_phase_and_state_and_the_button_says_pause_while_running(console):
    assert "T+--:--" in console.clock.value
    console.start("street_command")
    assert console.realtime.description == "Run"
    console.realtime.value = True
    assert console.realtime.description == "Pause" and "running" in console.clock.value
    console.realtime.value = False
    assert console.realtime.description == "Run" and "paused" in console.clock.value
    while not console.session.world.incidents:
        console.step_button.click()
    phase = drill_phase(console.session, "en")
    assert "incident(s) open" in phase and escape(phase) in console.clock.value
    assert re.search(r'class="drill-time">T\+\d\d:\d\d<', console.clock.value)


def test_the_inject_plan_shows_delivered_and_upcoming_injects_with_their_addressee(console):
    console.start("street_command")
    console.step_button.click()
    rows = msel_rows(console.session, "en")
    sc = console.session.scenario
    assert len(rows) == len(sc.injects)
    assert {r.state for r in rows if r.time <= console.session.now} <= {"delivered", "due"} and "delivered" in {r.state for r in rows}
    assert all(r.state == "upcoming" for r in rows if r.time > console.session.now)
    targeted = next(i for i in sc.injects if i.target)
    assert next(r for r in rows if r.ref == targeted.id).target == Names(sc, "en").target(targeted.target) != targeted.target
    fig = console.figures.msel
    assert [t.name for t in fig.data] == ["delivered", "due, not delivered", "upcoming"]
    assert sum(len(t.x) for t in fig.data) == len(rows) and fig.layout.shapes[0].x0 == console.session.now
    assert "Next:" in console.next_inject.value
    assert len(msel_timeline(rows, 0, 720, "zh").data) == 3


# -- the status line -----------------------------------------------------------------------------


def test_the_status_line_is_cleared_once_the_drill_moves_on(console):
    console.start("street_command")
    assert "Drill started" in console.message.value
    console.step_button.click()
    assert "Drill started" not in console.message.value and "Stopped" in console.message.value
    stopped_at = console.session.now
    incident = step_to_dispatch(console)
    form = console.decision_form
    form.action.value, form.team.value, form.incident.value = "dispatch_team", next(v for _, v in form.team.options), incident
    form.decide_button.click()
    assert "Done" in form.message.value
    console.step_button.click()
    assert console.session.now > stopped_at and form.message.value == ""
    # an error stays while the drill stays where it was said
    console.session, session = None, console.session
    console.step_button.click()
    assert "No drill open" in console.message.value
    console.refresh()
    assert "No drill open" in console.message.value


# -- past drills and downloads --------------------------------------------------------------------


def test_past_drills_are_listed_with_date_scenario_seats_and_duration(console):
    console.start("street_command")
    seat = console.session.scenario.command.units[0].id
    console.session.decide("set_response_level", actor=f"seat:{seat}", incident="none", level="III")
    console.jump_to.value, console.pause_at_points.value = 120, False
    console.jump_button.click()
    console.tabs.selected_index = TABS.index("drills")
    listed = console.archive.list.value
    for column in ("started", "scenario", "seats", "duration", "drill time reached"):
        assert f"<th>{column}</th>" in listed
    title = console.session.scenario.meta.title.en
    assert f"<td>{title}</td><td>1</td>" in listed and "T+02:00" in listed
    assert re.search(r"<td>\d{4}-\d\d-\d\d \d\d:\d\d</td>", listed) and re.search(r"<td>\d+ min</td>", listed)
    label = console.session_picker.options[0][0]
    assert title in label and console.session.sink.session_id not in label


def test_exports_download_in_the_browser_and_no_server_path_is_shown(console):
    console.start("street_command")
    console.step_button.click()
    archive = console.archive
    data = archive.export(".csv")
    name, sent, mime = archive.download.last
    assert sent == data and mime == "text/csv" and name.startswith("street_command_") and name.endswith("_decisions.csv")
    assert name in archive.message.value and str(console.data) not in archive.message.value
    assert archive.download.count == 1
    report = archive.report()
    assert archive.download.last[0].endswith("_report.html") and b"<html" in report[:500].lower() and archive.download.count == 2
    assert not any(p.is_file() and p.suffix in (".csv", ".html", ".xlsx") for p in Path(console.data).rglob("*"))


# -- room hygiene: the server's configuration ---------------------------------------------------


def test_voila_is_configured_to_cull_idle_kernels_and_to_ask_no_cdn():
    config = json.loads((ROOT / "config" / "voila.json").read_text())
    culling = config["MappingKernelManager"]
    assert culling["cull_idle_timeout"] > 0 and 0 < culling["cull_interval"] <= culling["cull_idle_timeout"] and culling["cull_connected"] is False
    assert config["VoilaConfiguration"]["template"] == "drillsim"
    template = (ROOT / "config" / "voila" / "templates" / "drillsim" / "index.html.j2").read_text()
    assert "cdn." not in template and "https://" not in template
    makefile = (ROOT / "Makefile").read_text()
    console_rule = makefile[makefile.index("\nconsole:"):].split("\n\n")[0]
    assert "JUPYTER_PATH=" in console_rule and "JUPYTER_CONFIG_PATH=" in console_rule and "config" in console_rule and "$(CONSOLE_FLAGS)" in console_rule
    assert "--VoilaConfiguration.preheat_kernel=True" in console_flags()
    readme = (ROOT / "README.md").read_text()
    assert "cull_idle_timeout" in readme and str(culling["cull_idle_timeout"] // 60) in readme



def test_the_drill_list_is_read_again_when_the_page_shows_the_console(tmp_path):
    """A console built in a pre-heated kernel, before a drill was started, lists it once a page shows it."""
    console = DrillConsole(SCENARIOS, data=tmp_path / "data")
    assert console.session_picker.options == ()
    DrillConsole(SCENARIOS, data=tmp_path / "data").start("street_command")
    console.page_shown._handle_custom_msg({"kind": "shown"}, [])
    assert len(console.session_picker.options) == 1 and "Street command" in console.session_picker.options[0][0]
