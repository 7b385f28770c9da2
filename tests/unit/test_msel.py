"""The MSEL: planned injects edited before a drill, changed during one (replayed), saved back into a scenario file."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from simulator.cli import app
from simulator.drill import DrillSession, Store, open_session, start_session
from simulator.drill.msel import add_planned, delete_planned, move_planned, replace_planned
from simulator.drill.msel_file import msel_text, save_msel, with_injects
from simulator.eventlog import write_events
from simulator.scenario import ScenarioError, load_scenario, parse_scenario
from tests.conftest import SCENARIOS, to_yaml

MEDIA = 'id: media\ntime: 130\ncategory: media\ntext: {zh: "媒体报道:车辆被淹", en: "Media report: cars \\"flooded\\" at the underpass"}\n'
CUT = "id: cut\ntime: 200\ntext: {zh: 道路中断, en: road cut}\neffect: {type: close_road, from: t, to: v}\n"


def test_editing_before_a_drill_gives_new_scenarios_and_never_changes_the_loaded_one(tiny_scenario):
    one = add_planned(tiny_scenario, CUT)
    two = add_planned(one, MEDIA)
    assert tiny_scenario.injects == () and [i.id for i in two.injects] == ["media", "cut"]  # by time
    moved = move_planned(two, "cut", 90)
    assert [(i.id, i.time) for i in moved.injects] == [("cut", 90), ("media", 130)]
    edited = replace_planned(moved, MEDIA.replace("time: 130", "time: 140").replace("Media report", "TV report"), "media")
    assert edited.injects[1].text.en == 'TV report: cars "flooded" at the underpass'
    assert [i.id for i in delete_planned(edited, "cut").injects] == ["media"]
    assert [i.time for i in two.injects] == [130, 200]  # the earlier scenarios are as they were


def test_editing_before_a_drill_uses_the_scenario_rules(tiny_scenario):
    one = add_planned(tiny_scenario, CUT)
    with pytest.raises(ScenarioError) as err:
        add_planned(one, CUT)  # the id is taken
    assert "id 'cut' is used twice" in err.value.render("en")
    with pytest.raises(ScenarioError) as err:
        replace_planned(one, CUT.replace("id: cut", "id: other"), "cut")
    assert "keeps its id 'cut'" in err.value.render("en")
    watching = add_planned(one, "id: w\ntime: 0\ntext: {zh: 监视, en: watch}\ncondition: {unmet_incident: {incident: flood, after_minutes: 30}}\n")
    warned = add_planned(watching, "id: warn\ntime: 0\ntext: {zh: 预警, en: warning}\neffect: {type: warning, by: city_office}\n")
    silent = add_planned(warned, "id: silent\ntime: 0\ntext: {zh: 未应答, en: no answer}\ncondition: {warning_unanswered: {warning: warn, after_minutes: 5}}\n")
    with pytest.raises(ScenarioError) as err:
        delete_planned(silent, "warn")  # another inject's condition names it
    assert "unknown warning 'warn'" in err.value.render("en") and "未定义的预警 'warn'" in err.value.render("zh")
    with pytest.raises(ScenarioError):
        move_planned(one, "cut", 9999)  # past the horizon (600)


def test_saving_rewrites_only_the_injects_section_and_the_file_validates(tmp_path):
    source = (SCENARIOS / "urban_rainstorm.yaml").read_text(encoding="utf-8")
    scenario = load_scenario(SCENARIOS / "urban_rainstorm.yaml")
    changed = add_planned(scenario, 'id: media_cars\ntime: 400\ncategory: media\ntext: {zh: "媒体报道:车辆被淹", en: "Media report: \\"cars\\" flooded"}\n'
                          "condition: {unmet_incident: {incident: metro_trapped, after_minutes: 60}}\n")
    changed = move_planned(changed, changed.injects[0].id, 75)
    path = tmp_path / "rainstorm_msel.yaml"
    save_msel(path, source, changed.injects)
    written = path.read_text(encoding="utf-8")
    old_lines, new_lines = source.splitlines(), written.splitlines()
    start = old_lines.index("injects:")
    end_old = next(k for k in range(start + 1, len(old_lines)) if old_lines[k][:1].isalpha())
    end_new = next(k for k in range(start + 1, len(new_lines)) if new_lines[k][:1].isalpha())
    assert new_lines[:start] == old_lines[:start]  # every line before, comments included
    assert new_lines[end_new:] == old_lines[end_old:]  # and after
    assert load_scenario(path).injects == changed.injects
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output


def test_saving_keeps_text_with_colons_and_quotes_and_adds_a_section_when_there_is_none(tiny, tmp_path):
    del tiny["injects"]
    source = "# a hand-written file\n" + to_yaml(tiny)
    scenario = parse_scenario(source, "tiny.yaml")
    with_media = add_planned(scenario, MEDIA)
    text = with_injects(source, with_media.injects)
    assert text.startswith(source) and 'en: "Media report: cars \\"flooded\\" at the underpass"\n' in text[len(source):]
    assert parse_scenario(text).injects[0].text.en == 'Media report: cars "flooded" at the underpass'
    indentless = source + "injects:\n- id: old\n  time: 5\n  text: {zh: 旧, en: old}\nobjectives: []\n"
    replaced = msel_text(indentless.replace("objectives: []\n", "", 1), with_media.injects)
    assert "id: old" not in replaced and replaced.rstrip().endswith("objectives: []")


def test_a_failed_save_leaves_the_file_as_it_was(tiny, tmp_path):
    path = tmp_path / "tiny.yaml"
    source = to_yaml(tiny)
    path.write_text(source, encoding="utf-8")
    scenario = add_planned(parse_scenario(source), CUT)
    with pytest.raises(ScenarioError) as err:
        save_msel(path, source, scenario.injects, overwrite=False)
    assert "exists already" in err.value.render("en")
    bad = scenario.injects[0].model_copy(update={"time": 5000.0})  # past the horizon: the file would not validate
    with pytest.raises(ScenarioError) as err:
        save_msel(path, source, (bad,))
    assert "injects[0].time" in err.value.render("en")
    assert path.read_text(encoding="utf-8") == source and sorted(p.name for p in tmp_path.iterdir()) == ["tiny.yaml"]


def test_during_a_drill_a_pending_inject_is_edited_moved_or_deleted_and_replayed(tiny, tmp_path):
    tiny["injects"] = [
        {"id": "media", "time": 130, "text": {"zh": "媒体", "en": "media"}, "category": "media"},
        {"id": "cut", "time": 200, "text": {"zh": "中断", "en": "cut"}, "effect": {"type": "close_road", "from": "t", "to": "v"}},
        {"id": "early", "time": 10, "text": {"zh": "早", "en": "early"}},
    ]
    (tmp_path / "tiny.yaml").write_text(to_yaml(tiny), encoding="utf-8")
    store = Store(tmp_path / "data")
    session, info = start_session(store, tmp_path / "tiny.yaml")
    session.run_until(100)
    assert [i.id for i in session.world.injects.pending()] == ["media", "cut"]
    moved = session.edit_inject("media", 'id: media\ntime: 150\ncategory: media\ntext: {zh: "媒体:隧道", en: "Media: tunnel"}\n')
    assert moved.accepted and moved.result == "edited:media"
    assert session.delete_inject("cut").accepted
    with pytest.raises(ScenarioError) as err:
        session.edit_inject("early", "id: early\ntime: 300\ntext: {zh: 早, en: early}\n")  # played at 10
    assert "has been played" in err.value.render("en")
    with pytest.raises(ScenarioError):
        session.edit_inject("media", "id: media\ntime: 50\ntext: {zh: a, en: b}\n")  # minute 50 has passed
    refused = session.delete_inject("early")
    assert (refused.accepted, refused.reason) == (False, "inject_played")
    session.run_until(300)
    events = session.events()
    played = events[events["kind"] == "inject"]
    assert played[["time", "entity"]].values.tolist() == [[10, "early"], [150, "media"]]
    assert "road_closed" not in set(events["kind"])
    assert [i.id for i in session.msel()] == ["early", "media"]
    assert session.inject("media").text.en == "Media: tunnel"
    write_events(events, tmp_path / "live.csv")
    write_events(open_session(store, info.id).events(), tmp_path / "replayed.csv")
    assert (tmp_path / "live.csv").read_bytes() == (tmp_path / "replayed.csv").read_bytes()


def test_undo_of_an_msel_change_puts_the_previous_version_back(tiny_scenario):
    scenario = add_planned(add_planned(tiny_scenario, CUT), MEDIA)
    session = DrillSession(scenario)
    session.run_until(100)
    deleted = session.delete_inject("cut")
    edited = session.edit_inject("media", MEDIA.replace("time: 130", "time: 170"))
    assert session.undo(deleted.seq).result == "restored:cut"
    assert session.undo(edited.seq).result == "restored:media"
    session.run_until(300)
    played = session.events()
    played = played[played["kind"] == "inject"]
    assert played[["time", "entity"]].values.tolist() == [[130, "media"], [200, "cut"]]
