"""Undo (a correction, replayed identically) and notes attached to moments of a drill.

The tiny scenario (tests/conftest.py): the flood's need waits for the
players at minute 118, when the town office has the report; a team sent
then arrives at 139.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap


from simulator.drill import DrillSession, Script, Store, open_session, start_session
from simulator.drill.archive import compare_sessions, decision_frame
from simulator.drill.refusals import refusal_text
from simulator.eventlog import write_events
from tests.conftest import ROOT, to_yaml


def log_bytes(session: DrillSession, path) -> bytes:
    write_events(session.events(), path)
    return path.read_bytes()


def at_the_dispatch_point(tiny_scenario) -> DrillSession:
    session = DrillSession(tiny_scenario)
    assert [p.reason for p in session.step()] == ["dispatch"]
    return session


def kinds(session, *wanted):
    ev = session.events()
    return ev[ev["kind"].isin(wanted)][["time", "kind", "entity", "team"]].values.tolist()


def test_undo_of_a_dispatch_recalls_the_team_and_the_need_waits_again(tiny_scenario):
    session = at_the_dispatch_point(tiny_scenario)
    sent = session.decide("dispatch_team", team="city_team", incident="flood-001")
    undone = session.undo(sent.seq)
    assert undone.accepted and undone.result == "recall_team:city_team"
    assert session.world.teams.states.of("city_team") == "returning"
    assert session.feed[-1].reason == "correction" and session.feed[-1].ref == str(sent.seq)
    session.advance(1)  # the team's process hears the recall in the next step
    assert [a.incident.id for a in session.world.teams.waiting] == ["flood-001"]
    assert kinds(session, "team_dispatched", "team_recalled") == [[118, "team_dispatched", "job.pumping.1", "city_team"], [118, "team_recalled", "", "city_team"]]
    again = session.undo(sent.seq)
    assert not again.accepted and again.reason == "undo_twice"


def test_undo_of_a_level_and_of_a_command_mode_sets_them_back(tiny_scenario):
    session = at_the_dispatch_point(tiny_scenario)
    raised = session.decide("set_response_level", incident="flood-001", level="III")
    assert session.world.incidents["flood-001"].commander.id == "city_office"
    assert session.undo(raised.seq).accepted
    assert session.world.incidents["flood-001"].level == "IV"
    switched = session.decide("switch_command_mode", unit="town_office", mode="multi_head")
    assert session.world.orders.leadership_override["town_office"].mode == "multi_head"
    assert session.undo(switched.seq).accepted
    assert session.world.orders.leadership_override["town_office"].mode == "unified"  # the scenario's own mode


def test_what_cannot_be_undone_is_refused_saying_why(tiny_scenario):
    session = at_the_dispatch_point(tiny_scenario)
    warning = session.decide("issue_warning", unit="city_office", level="red")
    refused = session.decide("dispatch_team", team="no_such_team", incident="flood-001")
    note = session.note("the room hesitates")
    for seq, reason in ((warning.seq, "undo_warning"), (refused.seq, "undo_refused_decision"), (note.seq, "undo_nothing"), (99, "undo_unknown")):
        outcome = session.undo(seq)
        assert (outcome.accepted, outcome.reason) == (False, reason)
    assert refusal_text(session.scenario, "undo_warning", {}, "zh") == "已发布的预警无法收回,请另行发布"


def test_undo_of_a_facilitators_inject_withdraws_it_or_plays_its_inverse(tiny_scenario):
    session = at_the_dispatch_point(tiny_scenario)
    later = session.add_inject("id: cut\ntime: 200\ntext: {zh: 道路中断, en: 'Road cut: town to village'}\neffect: {type: close_road, from: t, to: v}\n")
    now = session.add_inject("id: cut_now\ntime: 118\ntext: {zh: 道路中断, en: road cut}\neffect: {type: close_road, from: c, to: t}\n")
    assert session.undo(later.seq).result == "withdrawn:cut"
    session.run_until(119)
    inverse = session.undo(now.seq)
    assert inverse.accepted and inverse.result.startswith("inverse:")
    session.run_until(250)
    assert kinds(session, "road_closed", "road_opened") == [[118, "road_closed", "c|t", ""], [119, "road_opened", "c|t", ""]]
    correction = session.inject(inverse.result.split(":", 1)[1])
    assert correction.text.en == "Correction: taken back: road cut" and correction.effect.type == "open_road"
    assert all(i.id != correction.id for i in session.msel())  # a correction is not part of the MSEL


def test_a_note_for_now_is_taken_when_now_would_round_up(tiny_scenario):
    session = DrillSession(tiny_scenario)
    session.run_until(124.76)  # to a tenth, 124.8 would be after now: the note goes to 124.7
    assert session.now == 124.76
    note = session.note("now")
    assert note.accepted and session.feed[-1].time == 124.7


def test_notes_are_attached_to_minutes_listed_in_the_feed_and_allowed_after_the_end(tiny_scenario):
    session = at_the_dispatch_point(tiny_scenario)
    note = session.note('Players asked: "who commands?" – 指挥权不清', minute=105)
    assert note.accepted
    assert (session.feed[-1].time, session.feed[-1].reason, session.feed[-1].ref) == (105, "note", 'Players asked: "who commands?" – 指挥权不清')
    for text, minute, reason in (("", None, "note_empty"), ("too late", 500, "note_minute"), ("x" * 5000, None, "note_too_long")):
        outcome = session.note(text, minute)
        assert (outcome.accepted, outcome.reason) == (False, reason)
    session.run_until(session.horizon)
    assert session.ended
    assert session.note("debrief: good teamwork").accepted
    assert not session.decide("recall_team", team="city_team").accepted  # decisions stop at the end; notes do not
    assert [o.decision.args["text"] for o in session.notes()] == ['Players asked: "who commands?" – 指挥权不清', "debrief: good teamwork"]


def test_notes_and_corrections_are_in_the_decision_export(tiny, tmp_path):
    (tmp_path / "tiny.yaml").write_text(to_yaml(tiny), encoding="utf-8")
    store = Store(tmp_path / "data")
    session, info = start_session(store, tmp_path / "tiny.yaml")
    session.step()
    sent = session.decide("dispatch_team", team="city_team", incident="flood-001")
    session.undo(sent.seq)
    session.note("recalled: wrong village", minute=118)
    frame = decision_frame(store, info.id, "en")
    assert frame["action"].tolist() == ["dispatch_team", "undo", "note"]
    assert json.loads(frame["args"].iloc[2]) == {"minute": 118, "text": "recalled: wrong village"}
    assert frame["result"].iloc[1] == "recall_team:city_team"
    compared = compare_sessions(store, [info.id], "en")
    assert compared["decisions"].tolist() == [1]  # the players' dispatch; the correction and the note are not decisions


CHILD = """
import os, signal, sys
sys.path.insert(0, {root!r})
from simulator.drill import Store, start_session
store = Store({data!r})
session, info = start_session(store, {scenario!r})
print(info.id, flush=True)
session.step()
sent = session.decide("dispatch_team", team="city_team", incident="flood-001")
session.note("sent the city team", minute=118)
session.undo(sent.seq)
session.add_inject("id: cut\\ntime: 150\\ntext: {{zh: 道路中断, en: 'Media: road cut'}}\\neffect: {{type: close_road, from: t, to: v}}\\n")
session.run_until(160)
session.undo(3)
session.advance(7)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_decide_undo_and_a_kill_9_replay_to_the_same_log_byte_for_byte(tiny, tmp_path):
    """A drill with a decision, its undo, a note and an undone inject, killed with SIGKILL: reopened, it is the same drill."""
    scenario_file = tmp_path / "tiny.yaml"
    scenario_file.write_text(to_yaml(tiny), encoding="utf-8")
    code = textwrap.dedent(CHILD).format(root=str(ROOT), data=str(tmp_path / "data"), scenario=str(scenario_file))
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL, run.stderr
    session_id = run.stdout.split()[0]
    reopened = open_session(Store(tmp_path / "data"), session_id)
    assert [(o.decision.action, o.accepted) for o in reopened.outcomes] == [
        ("dispatch_team", True), ("note", True), ("undo", True), ("add_inject", True), ("undo", True)]
    assert reopened.now == 167
    # the same decisions played straight through, without a store, give the same log
    straight = DrillSession(reopened.scenario, reopened.seed, deciders=(Script(reopened.decisions()),))
    straight.run_until(reopened.now)
    assert log_bytes(reopened, tmp_path / "reopened.csv") == log_bytes(straight, tmp_path / "straight.csv")
    assert b"road_opened" in (tmp_path / "reopened.csv").read_bytes()  # the undone inject's inverse was replayed
    # and carrying on from the reopened drill matches carrying on from the straight one
    reopened.run_until(400)
    straight.run_until(400)
    assert log_bytes(reopened, tmp_path / "r2.csv") == log_bytes(straight, tmp_path / "s2.csv")
