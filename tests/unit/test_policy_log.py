"""The rule that ties a recorded decision to its situation, the alternative files, and the ledger (issue 15)."""

from __future__ import annotations

import math

import pytest

from simulator.drill.actions import Decision
from simulator.drill.alternatives import RECORDED, STANDARD, edited_entries, parse_alternative
from simulator.drill.policy_log import LedgerCounts, LedgerEntry
from simulator.drill.situations import CONDITION, DECISION, ROW, START, RecordedLog, Situation, median_delay, plan, situation_of
from simulator.eventlog import events_frame
from simulator.scenario import ScenarioError

NAN = math.nan
CAPS = {"city_team": ("water_rescue", "pumping"), "town_team": ("pumping",)}


def row(seq, time, kind, entity="", incident="", team="", detail=""):
    return (seq, time, kind, entity, "", incident, team, "", "", NAN, "", detail)


@pytest.fixture
def log() -> RecordedLog:
    """A flood reported at 118, its pumping need waiting from 118; the city team sent at 130, recalled at 200
    (the need waits again from 200), the town team sent at 260; an inject at 90; a second flood never answered."""
    rows = [
        row(0, 90.0, "inject", entity="rain"),
        row(1, 100.0, "incident_occurred", incident="flood-001"),
        row(2, 118.0, "command_assumed", incident="flood-001"),
        row(3, 118.0, "need_queued", entity="job.pumping.1", incident="flood-001", detail="pumping"),
        row(4, 130.0, "team_dispatched", entity="job.pumping.1", incident="flood-001", team="city_team", detail="pumping"),
        row(5, 200.0, "need_queued", entity="job.pumping.1", incident="flood-001", detail="pumping"),
        row(6, 260.0, "team_dispatched", entity="job.pumping.1", incident="flood-001", team="town_team", detail="pumping"),
        row(7, 300.0, "incident_occurred", incident="flood-002"),
        row(8, 318.0, "command_assumed", incident="flood-002"),
        row(9, 318.0, "need_queued", entity="job.pumping.1", incident="flood-002", detail="pumping"),
    ]
    return RecordedLog(events_frame(rows))


def d(time, action, **args) -> Decision:
    return Decision(time, action, args)


def test_a_dispatch_answers_the_need_it_served_counted_in_order(log):
    first = situation_of(d(130, "dispatch_team", team="city_team", incident="flood-001"), log, CAPS)
    assert first == (Situation(ROW, ("need_queued", "flood-001", "pumping"), 1), 12.0)
    again = situation_of(d(260, "dispatch_team", team="town_team", incident="flood-001", capability="pumping"), log, CAPS)
    assert again == (Situation(ROW, ("need_queued", "flood-001", "pumping"), 2), 60.0)  # the need queued again after the recall


def test_a_decision_about_an_incident_answers_its_report_or_before_that_its_occurrence(log):
    reinforcement = situation_of(d(140, "dispatch_team", team="town_team", incident="flood-001"), log, CAPS)
    assert reinforcement == (Situation(ROW, ("command_assumed", "flood-001", ""), 1), 22.0)  # nothing was waiting at 140
    assert situation_of(d(150, "set_response_level", incident="flood-001", level="III"), log, CAPS)[0].key == ("command_assumed", "flood-001", "")
    early = situation_of(d(110, "release_supplies", incident="flood-001", item="sandbag", quantity=5), log, CAPS)
    assert early == (Situation(ROW, ("incident_occurred", "flood-001", ""), 1), 10.0)
    assert situation_of(d(50, "release_supplies", incident="flood-009", item="sandbag", quantity=5), log, CAPS) == (Situation(START), 50.0)


def test_a_recall_answers_the_dispatch_and_other_decisions_the_inject_before_them(log):
    assert situation_of(d(200, "recall_team", team="city_team"), log, CAPS) == (Situation(ROW, ("team_dispatched", "city_team", "flood-001"), 1), 70.0)
    assert situation_of(d(95, "issue_warning", unit="city_office", level="red"), log, CAPS) == (Situation(ROW, ("inject", "rain", ""), 1), 5.0)
    assert situation_of(d(60, "switch_command_mode", unit="town_office", mode="unified"), log, CAPS) == (Situation(START), 60.0)
    assert situation_of(d(70, "add_inject", inject={"id": "x"}), log, CAPS) == (Situation(CONDITION), 70.0)


def test_plan_follows_undo_to_its_target_leaves_notes_out_and_moves_no_edit_before_its_situation(log):
    entries = [
        (0, "recorded", d(130, "dispatch_team", team="city_team", incident="flood-001")),
        (1, "recorded", d(131, "note", text="hm", minute=131)),
        (2, "recorded", d(140, "undo", seq=0)),
        (None, "added", d(110, "dispatch_team", team="town_team", incident="flood-001", capability="pumping")),
    ]
    planned = plan(entries, log, CAPS, {0: 130.0, 1: 131.0, 2: 140.0})
    assert [p.seq for p in planned] == [0, 2, None]
    assert planned[1].situation == Situation(DECISION, ordinal=0) and planned[1].delay == 10.0
    assert planned[2].situation.key == ("incident_occurred", "flood-001", "") and planned[2].delay == 10.0
    assert median_delay(planned) == 12.0  # the room's one answer to a waiting need
    assert median_delay([]) == 0.0


def test_a_need_the_room_left_waiting_longer_than_it_ever_took_counts_as_left_alone(log):
    assert log.left_alone(end=600.0, longer_than=60.0) == frozenset({("flood-002", "pumping")})
    assert log.left_alone(end=350.0, longer_than=60.0) == frozenset()  # 32 minutes: the room might still have answered


DECISIONS = [
    Decision(10, "note", {"text": "start", "minute": 0}, 3, "facilitator"),
    Decision(130, "dispatch_team", {"team": "city_team", "incident": "flood-001"}, 40),
    Decision(135, "add_inject", {"inject": {"id": "x"}}, 42, "facilitator"),
    Decision(140, "dispatch_team", {"team": "city_team", "incident": "flood-002"}, 45),
    Decision(150, "set_response_level", {"incident": "flood-001", "level": "III"}, 50),
]
ACCEPTED = [True, True, True, False, True]


def test_alternatives_edit_the_recorded_log_after_the_branch():
    assert [(s, o) for s, o, _ in edited_entries(RECORDED, DECISIONS, ACCEPTED, 120)] == [(1, "recorded"), (2, "recorded"), (4, "recorded")]
    # the standing procedure keeps the facilitator's conditions only
    assert [s for s, _, _ in edited_entries(STANDARD, DECISIONS, ACCEPTED, 0)] == [2]
    alt = parse_alternative(
        "id: alt\nname: {zh: 备选, en: Alt}\nremove: [4]\nchange:\n  - seq: 1\n    shift: -5\n    args: {team: town_team}\n"
        "add:\n  - action: issue_warning\n    args: {unit: city_office, level: red}\n    after: 2\n",
        "alt.yaml",
    )
    entries = edited_entries(alt, DECISIONS, ACCEPTED, 120)
    assert [(s, o, e.time) for s, o, e in entries] == [(None, "added", 122.0), (1, "changed", 125.0), (2, "recorded", 135.0)]
    assert entries[1][2].args == {"team": "town_team", "incident": "flood-001"}


def test_an_alternative_file_is_checked_with_its_lines_in_the_user_s_language():
    with pytest.raises(ScenarioError) as err:
        parse_alternative(
            "id: a\nname: {zh: 甲, en: A}\ndecisions: none\nremove: [1]\nadd:\n  - action: dispatch_team\n    args: {team: x}\n    time: 5\n    after: 1\n",
            "a.yaml",
        )
    en, zh = err.value.render("en"), err.value.render("zh")
    assert "a.yaml:3: decisions: remove and change edit the recorded decisions" in en
    assert "a.yaml:7: add[0].args: this decision needs 'incident' in args" in en
    assert "a.yaml:6: add[0]: say when: either time" in en
    assert "该决策的 args 中需要 'incident'" in zh
    with pytest.raises(ScenarioError) as err:
        parse_alternative("id: a\nname: {zh: 甲, en: A}\npolicy: fastest\n", "a.yaml")
    assert err.value.problems[0].line == 3 and "policy" in err.value.render("en")
    late = parse_alternative("id: late\nname: {zh: 晚, en: Late}\nchange:\n  - seq: 1\n    time: 100\n", "late.yaml")
    with pytest.raises(ScenarioError) as err:
        edited_entries(late, DECISIONS, ACCEPTED, 120)
    assert "late.yaml:4: change[0]: minute 100 is before the branch at minute 120" in err.value.render("en")
    with pytest.raises(ScenarioError) as err:
        edited_entries(late, DECISIONS, ACCEPTED, 131)
    assert "decision 1 was taken at minute 130, before the branch at minute 131" in err.value.render("en")


def test_ledger_counts_keep_the_standing_procedure_apart():
    entries = [
        LedgerEntry(0, 1, "recorded", "player", "dispatch_team", {}, "", 0.0, status="played"),
        LedgerEntry(1, 2, "recorded", "player", "dispatch_team", {}, "", 0.0, status="skipped", reason="need_served"),
        LedgerEntry(2, 3, "changed", "player", "recall_team", {}, "", 0.0, status="refused", reason="team_state"),
        LedgerEntry(3, 4, "recorded", "player", "recall_team", {}, "", 0.0, status="too_late"),
        LedgerEntry(4, 5, "added", "player", "recall_team", {}, "", 0.0),
        LedgerEntry(5, None, "procedure", "procedure", "dispatch_team", {}, "", 0.0, status="played"),
    ]
    assert LedgerCounts.of(entries) == LedgerCounts(played=1, refused=1, skipped=1, unplayed=2, procedure=1)
    assert LedgerCounts.of(entries).columns()["procedure_dispatches"] == 1.0
