"""Seats decide on their own pages; the facilitator's next move plays their decisions, attributed and replayable.

A seat writes a pending row to the store and never moves the drill. The
facilitator's session takes the pending rows at its next move, in the
order they were made, plays them through the same checks as any decision,
and records them with the seat as actor; the row is marked played in the
same transaction, so a failed write loses or doubles nothing. A replay from
the store gives the identical event log; a screen that only follows never
takes a seat's decision.
"""

from __future__ import annotations

import pytest

from simulator.drill import Store, open_session, start_session, sync
from simulator.drill.archive import decision_frame, export_decisions, read_script
from simulator.drill.faults import StoreWriteFailed
from simulator.drill.seat_decisions import HELD, PENDING, PLAYED, WITHDRAWN, hold, pending, release, seat_decisions, submit, withdraw
from simulator.drill.store import SeatDecisionGone
from simulator.eventlog import write_events
from tests.conftest import SCENARIOS

STREET = SCENARIOS / "street_command.yaml"


def to_first_report(session, rounds: int = 30):
    for _ in range(rounds):
        known = [i for i in session.world.incidents.values() if i.commander is not None and not i.closed]
        if known:
            return known[0]
        session.step()
    raise AssertionError("no incident reported")


def log_bytes(session, path) -> bytes:
    write_events(session.events(), path)
    return path.read_bytes()


@pytest.fixture
def drill(tmp_path):
    store = Store(tmp_path / "data")
    session, info = start_session(store, STREET)
    incident = to_first_report(session)
    return store, session, info.id, incident


def test_two_seats_decide_the_facilitator_steps_and_both_are_played_attributed_and_replay_exactly(drill, tmp_path):
    store, session, drill_id, inc = drill
    place = (session.steps, session.now)
    submit(store, drill_id, "street_office", "dispatch_team", {"team": "street_shock", "incident": inc.id})
    submit(store, drill_id, "flood_hq", "set_response_level", {"incident": inc.id, "level": "III"})
    assert len(session.outcomes) == 0  # nothing moves until the facilitator does
    session.step()
    played = session.outcomes
    assert [(o.decision.actor, o.decision.action, o.accepted) for o in played] == [
        ("seat:street_office", "dispatch_team", True),
        ("seat:flood_hq", "set_response_level", True),
    ]
    assert all((o.decision.step, o.decision.time) == place for o in played)  # at the facilitator's step, before the clock moved
    assert [(d.status, d.seq) for d in seat_decisions(store, drill_id)] == [(PLAYED, 0), (PLAYED, 1)]
    assert [d.actor for d in store.decisions(drill_id)] == ["seat:street_office", "seat:flood_hq"]
    events = session.events()
    assert events.loc[events["kind"] == "seat_decision", "entity"].tolist() == ["street_office", "flood_hq"]
    assert [f.ref for f in session.feed if f.reason == "seat"] == ["0", "1"]
    # the export names the seat; its CSV replays as a script with the seat still the actor
    frame = decision_frame(store, drill_id, "zh")
    assert frame["actor"].tolist() == ["seat:street_office", "seat:flood_hq"]
    assert frame["by"].tolist() == ["街道应急办(席位)", "区防汛抗旱指挥部(席位)"]
    assert [d.actor for d in read_script(export_decisions(store, drill_id, tmp_path / "log.csv"))] == ["seat:street_office", "seat:flood_hq"]
    # replayed from the store: the identical log, byte for byte
    session.step()
    replayed = open_session(store, drill_id)
    assert log_bytes(replayed, tmp_path / "a.csv") == log_bytes(session, tmp_path / "b.csv")


def test_a_held_decision_waits_until_released_and_a_withdrawn_one_is_never_played(drill):
    store, session, drill_id, inc = drill
    held = submit(store, drill_id, "street_office", "dispatch_team", {"team": "street_shock", "incident": inc.id})
    gone = submit(store, drill_id, "flood_hq", "set_response_level", {"incident": inc.id, "level": "III"})
    assert hold(store, drill_id, held.id)
    assert withdraw(store, drill_id, gone.id, "flood_hq")
    session.step()
    session.step()
    assert session.outcomes == []
    assert [d.status for d in seat_decisions(store, drill_id)] == [HELD, WITHDRAWN]
    assert release(store, drill_id, held.id)
    session.step()
    assert [(o.decision.actor, o.accepted) for o in session.outcomes] == [("seat:street_office", True)]
    assert not withdraw(store, drill_id, held.id, "street_office")  # played: too late to take back


def test_a_decision_outside_the_seat_s_authority_is_refused_when_played_and_replays_refused(drill, tmp_path):
    store, session, drill_id, inc = drill
    submit(store, drill_id, "street_office", "dispatch_team", {"team": "district_fire", "incident": inc.id})
    session.step()
    (out,) = session.outcomes
    assert (out.accepted, out.reason, out.params) == (False, "seat_team", {"team": "district_fire", "seat": "street_office"})
    stored = store.decisions(drill_id)[0]
    assert (stored.accepted, stored.reason) == (False, "seat_team")
    assert "District fire rescue station is not under the authority of Street office" in decision_frame(store, drill_id, "en")["message"].iloc[0]
    assert log_bytes(open_session(store, drill_id), tmp_path / "a.csv") == log_bytes(session, tmp_path / "b.csv")


def test_a_seat_withdrawing_while_the_facilitator_moves_plays_nothing_and_loses_nothing(drill, monkeypatch):
    store, session, drill_id, inc = drill
    first = submit(store, drill_id, "street_office", "dispatch_team", {"team": "street_shock", "incident": inc.id})
    read_before = pending(store, drill_id)  # the facilitator's move read it ...
    withdraw(store, drill_id, first.id, "street_office")  # ... and the seat took it back meanwhile
    monkeypatch.setattr("simulator.drill.stored.pending", lambda _store, _id: read_before)
    revision = store.get(drill_id).revision
    with pytest.raises(SeatDecisionGone) as caught:
        session.step()
    assert "withdrawn or held" in caught.value.message("en")
    assert store.decisions(drill_id) == [] and store.get(drill_id).revision == revision
    assert [d.status for d in seat_decisions(store, drill_id)] == [WITHDRAWN]
    monkeypatch.undo()
    again = open_session(store, drill_id)  # what the console does after a refused move
    again.step()
    assert again.outcomes == []


def test_a_refused_write_leaves_the_seat_s_decision_pending_and_the_next_move_plays_it_once(drill, monkeypatch):
    store, session, drill_id, inc = drill
    submit(store, drill_id, "street_office", "dispatch_team", {"team": "street_shock", "incident": inc.id})
    real_save = Store.save

    def full_disk(self, *args, **kwargs):
        if kwargs.get("claim") is not None:
            raise StoreWriteFailed("store.full", self.path)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Store, "save", full_disk)
    with pytest.raises(StoreWriteFailed):
        session.step()
    assert session.outcomes == [] and store.decisions(drill_id) == []
    assert [d.status for d in seat_decisions(store, drill_id)] == [PENDING]
    monkeypatch.undo()
    session = open_session(store, drill_id)
    session.step()
    session.step()
    assert [o.decision.actor for o in session.outcomes] == ["seat:street_office"]
    assert [(d.status, d.seq) for d in seat_decisions(store, drill_id)] == [(PLAYED, 0)]


def test_a_following_screen_and_a_seat_s_page_never_take_a_seat_s_decision(drill):
    store, session, drill_id, inc = drill
    screen = open_session(store, drill_id)
    session.step()
    submit(store, drill_id, "street_office", "dispatch_team", {"team": "street_shock", "incident": inc.id})
    screen, changed = sync(screen, store)  # catching up replays, it does not move the drill
    assert changed and screen.outcomes == []
    assert [d.status for d in seat_decisions(store, drill_id)] == [PENDING]
    session.step()
    screen, _ = sync(screen, store)
    assert [o.decision.actor for o in screen.outcomes] == ["seat:street_office"]
