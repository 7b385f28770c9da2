"""Drill sessions: stepping, decisions, unplanned injects, and exact replays.

Same scenario + same seed + same decision log = the same event log, byte for
byte, whichever decider took the decisions (the console's queue, a replayed
script, a policy) and whether the session ran straight through or was
rebuilt from the store half-way.
"""

from __future__ import annotations

import pytest

from simulator.drill import DrillSession, Policy, Script, Store, nearest_free_team, open_session, start_session, sync
from simulator.drill.actions import Decision
from simulator.drill.refusals import refusal_text
from simulator.drill.archive import export_decisions, read_script
from simulator.eventlog import write_events
from simulator.scenario import ScenarioError, parse_scenario
from simulator.ui.drill_views import feed_html
from tests.conftest import SCENARIOS, to_yaml


def drive_like_a_room(session: DrillSession, rounds: int = 40) -> None:
    """Step from point to point; answer every waiting need with the first free team that is accepted."""
    for n in range(rounds):
        if session.ended:
            return
        for point in session.step():
            if point.reason != "dispatch":
                continue
            for team in sorted(session.world.teams.free):
                if session.decide("dispatch_team", team=team, incident=point.ref).accepted:
                    if n % 3 == 0:  # the room forgets it sent that team: refused as busy
                        session.decide("dispatch_team", team=team, incident=point.ref)
                    break
        if n == 3:
            session.decide("issue_warning", unit=session.scenario.command.units[0].id, level="orange")
        if n == 6:
            session.advance(17.5)  # a real-time tick or two: the clock moves between events


def log_bytes(session: DrillSession, path) -> bytes:
    write_events(session.events(), path)
    return path.read_bytes()


def test_step_stops_at_the_dispatch_point_and_decisions_play_out(tiny_scenario):
    session = DrillSession(tiny_scenario)
    points = session.step()
    assert [(p.time, p.reason, p.ref) for p in points] == [(118, "dispatch", "flood-001")]
    assert session.feed[-1].reason == "dispatch"
    ok = session.decide("dispatch_team", team="city_team", incident="flood-001")
    busy = session.decide("dispatch_team", team="city_team", incident="flood-001")
    assert ok.accepted and not busy.accepted
    assert refusal_text(session.scenario, busy.reason, busy.params, "zh") == "市救援队当前状态为“已接令”,只有处于驻地待命状态时才能派遣"
    session.run_until(session.horizon)
    events = session.events()
    assert events.loc[events["kind"] == "team_arrived", "time"].tolist() == [139]
    assert session.ended and events["kind"].iloc[-1] == "run_ended"
    assert not session.decide("recall_team", team="city_team").accepted  # the drill is over


def test_bad_decisions_are_refused_with_a_reason(tiny_scenario):
    session = DrillSession(tiny_scenario)
    session.step()
    assert session.decide("fly_away").reason == "unknown_action"
    assert session.decide("dispatch_team", team="city_team").reason == "missing_argument"
    assert session.decide("release_supplies", incident="flood-001", item="sandbag", quantity="lots").reason == "bad_quantity"
    assert session.decide("release_supplies", incident="flood-001", item="gold", quantity=3).reason == "unknown_item"
    assert [o.accepted for o in session.outcomes] == [False] * 4
    assert "decision" not in session.events()["kind"].tolist()


def test_releasing_supplies_sends_stock_to_the_incident(tiny_scenario):
    session = DrillSession(tiny_scenario)
    session.step()
    assert session.decide("release_supplies", incident="flood-001", item="sandbag", quantity=30).accepted
    session.run_until(session.horizon)
    events = session.events()
    delivered = events[(events["kind"] == "supply_delivered") & (events["incident"] == "flood-001")]
    assert delivered["quantity"].sum() == pytest.approx(40 + 30)


@pytest.mark.parametrize("shortfall", ["owed", "lost"])
def test_a_shortfall_pauses_the_drill_and_the_feed_says_what_is_missing(tiny, shortfall):
    # the road to the village is cut at 50: the 40 sandbags the incident asks for at 118 cannot go
    tiny["injects"] = [{"id": "cut", "time": 50, "text": {"zh": "断路", "en": "road cut"}, "effect": {"type": "close_road", "from": "t", "to": "v"}}]
    tiny["logistics"] = {"shortfall": shortfall}
    session = DrillSession(parse_scenario(to_yaml(tiny)))
    assert [(p.time, p.reason) for p in session.step()] == [(50, "inject")]
    # at 118 the need for a team and then the shortfall: each a stop of its own
    assert [(p.time, p.reason, p.ref) for p in session.step()] == [(118, "dispatch", "flood-001")]
    assert [(p.time, p.reason, p.ref) for p in session.step()] == [(118, "supply_short", "flood-001")]
    assert [(f.reason, f.ref) for f in session.feed if f.reason == "supply_short"] == [("supply_short", "flood-001")]
    en, zh = feed_html(session, "en"), feed_html(session, "zh")
    # the incident by its name (source, number, place), never its id
    assert "incident Waterlogging #1 · Village is short of sandbags 40 bags" in en and "事件 内涝 第1起 · 村 物资缺口:沙袋 40 条" in zh
    assert "flood-001" not in en + zh
    assert ("owed, sent when stock comes in" in en) == (shortfall == "owed")
    assert ("nobody will send it unless the players act" in en) == (shortfall == "lost")


def test_an_unplanned_inject_is_checked_then_played(tiny_scenario):
    session = DrillSession(tiny_scenario)
    session.run_until(30)
    with pytest.raises(ScenarioError) as info:
        session.add_inject("id: cut\ntime: 10\ntext: {zh: 断路, en: road cut}\neffect: {type: close_road, from: c, to: v}\n")
    rendered = info.value.render("en")
    assert "inject:2: time: time 10 has passed already (the drill is at minute 30)" in rendered
    assert "inject:4: effect: there is no road between 'c' and 'v'" in rendered
    outcome = session.add_inject("id: cut\ntime: 40\ntext: {zh: 断路, en: road cut}\neffect: {type: close_road, from: t, to: v}\n")
    assert outcome.accepted and outcome.decision.actor == "facilitator"
    points = session.step()
    assert [(p.time, p.ref) for p in points] == [(40, "cut")]
    assert session.feed[-1].inject.text.en == "road cut"
    assert "road_closed" in session.events()["kind"].tolist()
    with pytest.raises(ScenarioError, match="duplicate|twice"):
        session.add_inject("id: cut\ntime: 50\ntext: {zh: 断路, en: road cut}\n")


def test_real_time_ticks_give_the_same_log_as_one_jump(tiny_scenario, tmp_path):
    ticked, jumped = DrillSession(tiny_scenario), DrillSession(tiny_scenario)
    while ticked.now < 600:
        ticked.advance(7.3)
    jumped.run_until(600)
    assert log_bytes(ticked, tmp_path / "a.csv") == log_bytes(jumped, tmp_path / "b.csv")


def test_a_script_known_only_by_times_plays_when_the_clock_gets_there(tiny_scenario):
    # at 118 the report reaches the town office, but a time-only entry plays before that minute's events
    early = Decision(118, "dispatch_team", {"team": "city_team", "incident": "flood-001"})
    later = Decision(120.5, "dispatch_team", {"team": "city_team", "incident": "flood-001"})
    session = DrillSession(tiny_scenario, deciders=(Script([early, later]),))
    session.run_until(600)
    assert [(o.decision.time, o.accepted, o.reason) for o in session.outcomes] == [(118, False, "not_reported_yet"), (120.5, True, "")]
    assert session.events().query("kind == 'decision'")["time"].tolist() == [120.5]
    assert session.events().query("kind == 'team_arrived'")["time"].tolist() == [141.5]


def test_human_session_replayed_as_a_script_gives_the_identical_event_log(tmp_path):
    """Record via the human path (console queue + store), replay via the script path."""
    store = Store(tmp_path / "data")
    human, info = start_session(store, SCENARIOS / "street_command.yaml", seed=11)
    drive_like_a_room(human)
    human.run_until(human.horizon)
    assert sum(o.accepted for o in human.outcomes) >= 5 and any(not o.accepted for o in human.outcomes)
    export_decisions(store, info.id, tmp_path / "log.csv")
    replay = DrillSession(human.scenario, 11, deciders=(Script(read_script(tmp_path / "log.csv")),))
    replay.run_until(replay.horizon)
    assert log_bytes(human, tmp_path / "human.csv") == log_bytes(replay, tmp_path / "script.csv")
    assert [o.accepted for o in replay.outcomes] == [o.accepted for o in human.outcomes]


def test_a_policy_decides_and_its_log_replays_identically(rainstorm, tmp_path):
    policy = DrillSession(rainstorm, 5, deciders=(Policy(nearest_free_team),))
    policy.run_until(policy.horizon)
    assert any(o.decision.actor == "policy" and o.accepted for o in policy.outcomes)
    replay = DrillSession(rainstorm, 5, deciders=(Script(policy.decisions()),))
    replay.run_until(replay.horizon)
    assert log_bytes(policy, tmp_path / "p.csv") == log_bytes(replay, tmp_path / "r.csv")


def test_a_session_killed_mid_drill_resumes_from_the_store_with_nothing_lost(tmp_path):
    store = Store(tmp_path / "data")
    first, info = start_session(store, SCENARIOS / "urban_rainstorm.yaml", seed=2)
    drive_like_a_room(first, rounds=12)
    decided = [(o.decision.step, o.decision.action, o.accepted) for o in first.outcomes]
    del first  # the kernel dies: only the store remains
    resumed = open_session(Store(tmp_path / "data"), info.id)
    assert [(o.decision.step, o.decision.action, o.accepted) for o in resumed.outcomes] == decided
    stored = store.get(info.id)
    assert (resumed.steps, resumed.now) == (stored.steps, stored.clock)
    # carrying on after the resume is the same drill as never having stopped
    drive_like_a_room(resumed, rounds=30)
    resumed.run_until(resumed.horizon)
    straight = DrillSession(resumed.scenario, 2, deciders=(Script(resumed.decisions()),))
    straight.run_until(straight.horizon)
    assert log_bytes(resumed, tmp_path / "r.csv") == log_bytes(straight, tmp_path / "s.csv")
    assert open_session(store, info.id).events().equals(resumed.events())


def test_a_second_console_follows_and_a_stale_write_is_refused(tmp_path, tiny, monkeypatch):
    (tmp_path / "tiny.yaml").write_text(to_yaml(tiny), encoding="utf-8")
    store = Store(tmp_path / "data")
    room, info = start_session(store, tmp_path / "tiny.yaml")
    screen = open_session(Store(tmp_path / "data"), info.id)
    room.step()
    room.decide("dispatch_team", team="city_team", incident="flood-001")
    screen, changed = sync(screen, screen.sink.store)
    assert changed and screen.now == room.now and len(screen.outcomes) == 1
    assert sync(screen, screen.sink.store) == (screen, False)
    room.advance(5)
    from simulator.drill import StaleSession

    with pytest.raises(StaleSession):
        screen.advance(1)  # the screen did not catch up first: its write is refused
    screen, _ = sync(screen, screen.sink.store)
    assert (screen.steps, screen.now) == (room.steps, room.now)


def test_expected_actions_are_validated_with_their_lines(tiny):
    tiny["injects"] = [{
        "id": "alarm", "time": 10, "text": {"zh": "警报", "en": "alarm"},
        "expected_actions": [{"action": "dispatch_team", "within_minutes": 30, "team": "ghost"}, {"action": "issue_warning", "within_minutes": 5, "level": "IV"}],
    }]
    with pytest.raises(ScenarioError) as info:
        parse_scenario(to_yaml(tiny), "tiny.yaml")
    text = info.value.render("en")
    assert "injects[0].expected_actions[0].team: unknown team 'ghost'" in text
    assert "injects[0].expected_actions[1].level: 'IV' is not a level of this action" in text
