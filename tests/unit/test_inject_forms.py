"""Injects without YAML: the form per effect, the MSEL editor, notes and undo, driven from Python (clicks and values)."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from simulator.cli import app
from simulator.drill import DrillSession, open_session
from simulator.drill.injects import validate_inject
from simulator.eventlog import write_events
from simulator.i18n import tr
from simulator.models import simulate
from simulator.scenario import ScenarioError, load_scenario, parse_scenario
from simulator.scenario.drills import Inject
from simulator.ui.drill_console import DrillConsole
from simulator.ui.drill_notes import NotesPanel, feed_line
from simulator.ui.inject_forms import CHOICES, EFFECT_MODELS, InjectEditor
from simulator.ui.msel_editor import MselEditor
from tests.conftest import SCENARIOS, to_yaml


@pytest.fixture(scope="module")
def rainstorm_sc():
    return load_scenario(SCENARIOS / "urban_rainstorm.yaml")


@pytest.fixture(scope="module")
def street_sc():
    return load_scenario(SCENARIOS / "street_command.yaml")  # roads, channels and depots: every effect has its choices


@pytest.fixture
def scenarios(tmp_path):
    """A scenario folder of our own: the MSEL editor saves files into it."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name in ("urban_rainstorm.yaml", "street_command.yaml"):
        shutil.copy(SCENARIOS / name, folder / name)
    return folder


def fill_texts(editor: InjectEditor, en: str = 'Media report: "cars" flooded: 3 trapped', zh: str = "媒体报道:“车辆”被淹,3人被困") -> None:
    editor.fields["text_en"].widget.value = en
    editor.fields["text_zh"].widget.value = zh


def check(editor: InjectEditor, scenario, now: float = 0):
    return validate_inject(editor.yaml(now), scenario, {i.id for i in scenario.injects}, now)


@pytest.mark.parametrize("effect", CHOICES)
def test_every_effect_has_a_form_whose_fields_come_from_its_model_and_validate(street_sc, effect):
    editor = InjectEditor("en", street_sc)
    editor.reset("new_one", 30)
    editor.effect.value = effect
    fill_texts(editor)
    inject = check(editor, street_sc)
    if effect in EFFECT_MODELS:
        assert inject.effect.type == effect
        model_fields = {("road" if n in ("source", "target") else n) for n in EFFECT_MODELS[effect].model_fields} - {"type", "supplies"}
        shown = set(editor.effect_fields()) | {"level", "needs"}
        assert model_fields <= shown | ({"level"} if effect == "warning" else set())
    else:
        assert inject.effect is None and inject.category == ("media" if effect == "media" else None)
    assert inject.text.en == 'Media report: "cars" flooded: 3 trapped'


def test_dropdowns_show_names_in_the_users_language_with_ids_behind_them(rainstorm_sc):
    zh = InjectEditor("zh", rainstorm_sc)
    places = dict(zh.fields["place"].widget.options)
    first = rainstorm_sc.places[0]
    assert places[first.name.zh] == first.id and first.id not in places
    roads = zh.fields["road"].widget.options
    road = rainstorm_sc.roads[0]
    assert (f"{rainstorm_sc.place(road.source).name.zh} — {rainstorm_sc.place(road.target).name.zh}", f"{road.source}|{road.target}") in roads
    assert dict(zh.fields["by"].widget.options)[rainstorm_sc.command.units[0].name.zh] == rainstorm_sc.command.units[0].id
    assert ("红色预警", "red") in zh.fields["warning_level"].widget.options and (tr("hazard.flood", "zh"), "flood") in zh.fields["hazard"].widget.options


def test_the_form_round_trips_every_bundled_inject_without_losing_a_field():
    for path in sorted(SCENARIOS.glob("*.yaml")):
        scenario = load_scenario(path)
        editor = InjectEditor("en", scenario)
        for inject in scenario.injects:
            editor.load(inject)
            assert Inject.model_validate(editor.data()) == inject, (path.name, inject.id)


@pytest.mark.parametrize(("lang", "words"), [("en", ("is used twice", "must not be empty", "no road between")), ("zh", ("重复使用", "不能为空", "之间没有道路"))])
def test_problems_are_shown_beside_their_fields_in_the_users_language(tiny, lang, words):
    tiny["roads"] = [{"from": "c", "to": "t", "minutes": 10}]
    scenario = parse_scenario(to_yaml(tiny))
    other = scenario.model_copy(update={"roads": ()})
    editor = InjectEditor(lang, scenario)
    editor.reset("dup", 10)
    editor.effect.value = "close_road"
    editor.fields["text_en"].widget.value = "road cut"
    with pytest.raises(ScenarioError) as err:  # the Chinese text is missing: the model's own check
        validate_inject(editor.yaml(), scenario, set(), 0)
    assert set(editor.show_problems(err.value)) == {"text_zh"}
    assert words[1] in editor.fields["text_zh"].error.value
    editor.fields["text_zh"].widget.value = "道路中断"
    with pytest.raises(ScenarioError) as err:  # the id is taken and the road is not in this scenario: the reference checks
        validate_inject(editor.yaml(), other, {"dup"}, 0)
    assert set(editor.show_problems(err.value)) == {"id", "road"}
    assert words[0] in editor.fields["id"].error.value and words[2] in editor.fields["road"].error.value
    assert editor.fields["text_zh"].error.value == "" and editor.general.value == ""  # the earlier message is gone
    editor.clear_problems()
    assert not any(f.error.value for f in editor.fields.values())


def test_an_inject_written_through_the_form_with_a_colon_and_quotes_plays_out(tiny_scenario):
    session = DrillSession(tiny_scenario)
    session.run_until(20)
    editor = InjectEditor("en", tiny_scenario, live=True)
    editor.reset("media_1", 20)
    editor.effect.value = "media"
    fill_texts(editor, en='Media report: "Village road flooded": drivers stranded', zh="媒体报道:“村道被淹”:司机被困")
    assert editor.at_once.value  # a new inject goes out now
    outcome = session.add_inject(editor.yaml(now=session.now))
    assert outcome.accepted
    session.run_until(30)
    played = session.played_injects()[-1]
    assert played.time == 20 and played.inject.text.en == 'Media report: "Village road flooded": drivers stranded'
    assert played.inject.text.zh == "媒体报道:“村道被淹”:司机被困" and played.inject.category == "media"


def test_a_conditional_inject_from_the_form_fires_when_its_condition_is_met_and_not_otherwise(tiny_scenario):
    """Unmet at 100 + 30 = 130 (the team arrives at 139); with 40 minutes it would be met first."""
    fired = {}
    for minutes in (30, 40):
        editor = InjectEditor("en", tiny_scenario)
        editor.reset("unmet", 0)
        fill_texts(editor, en="Media: residents still waiting: no team", zh="媒体:居民仍在等待")
        editor.fields["condition"].widget.value = "unmet_incident"
        assert editor.condition_fields() == ["cond_incident", "after_minutes", "until"]
        assert dict(editor.fields["cond_incident"].widget.options)["Waterlogging (every incident of it)"] == "flood"
        editor.fields["after_minutes"].widget.value = minutes
        scenario = tiny_scenario.model_copy(update={"injects": (check(editor, tiny_scenario),)})
        events = simulate(scenario).events
        rows = events[events["kind"] == "inject"]
        fired[minutes] = rows["time"].tolist()
    assert fired == {30: [130], 40: []}


def test_the_msel_editor_before_a_drill_edits_and_saves_a_scenario_file_that_validates(scenarios, tmp_path):
    console = DrillConsole(scenarios, data=tmp_path / "data", lang="en")
    console.scenario_picker.value = str(scenarios / "urban_rainstorm.yaml")
    msel = MselEditor(console)
    before = len(msel.injects())
    assert "T+01:00" in msel.table.value  # the red warning at 60, by minute and text
    msel.new_button.click()
    fill_texts(msel.editor)
    msel.editor.effect.value = "media"
    msel.editor.fields["time"].widget.value = 95
    msel.save_edit.click()
    assert "MSEL changed" in msel.message.value and len(msel.injects()) == before + 1
    msel.picker.value = "tunnel_flooded"
    msel.move_to.value = 400
    msel.move_button.click()
    assert next(i for i in msel.injects() if i.id == "tunnel_flooded").time == 400
    msel.picker.value = "erqi_reserve_back"
    msel.delete_button.click()
    assert "erqi_reserve_back" not in [i.id for i in msel.injects()]
    msel.picker.value = "red_warning"
    msel.edit_button.click()
    msel.editor.fields["text_en"].widget.value = ""
    msel.save_edit.click()  # refused beside the field, the draft unchanged
    assert msel.editor.fields["text_en"].error.value and msel.draft.injects[0].text.en
    msel.cancel.click()
    msel.file_name.value = "rainstorm_edited"
    msel.save_button.click()
    assert "Saved" in msel.message.value
    saved = scenarios / "rainstorm_edited.yaml"
    assert load_scenario(saved).injects == msel.draft.injects
    assert CliRunner().invoke(app, ["validate", str(saved)]).exit_code == 0
    assert str(saved) in [v for _, v in console.scenario_picker.options]  # a drill can start from it
    msel.save_button.click()  # again: the file exists and overwrite is off
    assert "exists already" in msel.message.value
    assert (scenarios / "urban_rainstorm.yaml").read_bytes() == (SCENARIOS / "urban_rainstorm.yaml").read_bytes()


def test_the_msel_editor_during_a_drill_changes_only_what_is_to_come_and_it_replays(scenarios, tmp_path):
    console = DrillConsole(scenarios, data=tmp_path / "data", lang="en")
    console.start("urban_rainstorm")
    console.pause_at_points.value = False
    console.jump_to.value = 100
    console.jump_button.click()
    msel = MselEditor(console)
    msel.picker.value = "red_warning"  # played at 60
    assert msel.edit_button.disabled and msel.move_button.disabled
    msel.picker.value = "tunnel_flooded"
    msel.move_to.value = 200
    msel.move_button.click()
    assert "MSEL changed" in msel.message.value
    msel.picker.value = "erqi_reserve_back"
    msel.delete_button.click()
    msel.new_button.click()
    fill_texts(msel.editor)
    msel.editor.fields["time"].widget.value = 150
    msel.save_edit.click()
    console.jump_to.value = 1000
    console.jump_button.click()
    session = console.session
    played = session.events()
    played = played[played["kind"] == "inject"]
    assert played.loc[played["entity"] == "tunnel_flooded", "time"].tolist() == [200]
    assert "erqi_reserve_back" not in played["entity"].tolist() and played.loc[played["entity"] == "inject_1", "time"].tolist() == [150]
    write_events(session.events(), tmp_path / "live.csv")
    write_events(open_session(console.store, session.sink.session_id).events(), tmp_path / "replayed.csv")
    assert (tmp_path / "live.csv").read_bytes() == (tmp_path / "replayed.csv").read_bytes()


def test_notes_and_undo_from_the_console_read_in_the_feed(tmp_path):
    console = DrillConsole(SCENARIOS, data=tmp_path / "data", lang="zh")
    console.start("street_command")
    while not console.decision_form.incident.options:
        console.step_button.click()
    console.decide("dispatch_team", {"team": "street_shock", "incident": console.decision_form.incident.value})
    notes = NotesPanel(console)
    notes.refresh()
    notes.note.value = "参演人员:先派街道突击队"
    notes.add_button.click()
    session = console.session
    assert "备注已添加" in notes.message.value
    assert "参演人员:先派街道突击队" in feed_line(session, session.feed[-1], "zh")
    label, seq = notes.decision.options[0]
    assert "#0" in label and "派遣队伍" in label and "street_shock" not in label
    notes.undo_button.click()
    assert "已撤销" in notes.message.value and "队伍已召回" in notes.message.value
    line = feed_line(session, session.feed[-1], "zh")
    assert "更正:已撤销 #0" in line and "街道应急突击队" in line and "队伍已召回" in line
    assert seq not in [v for _, v in notes.decision.options]  # undone once only
