"""A seat's page and the facilitator's seat panel, driven without a browser (button.click(), setting .value)."""

from __future__ import annotations

import pytest

from simulator.drill import Store, start_session
from simulator.drill.seat_decisions import seat_decisions, submit
from simulator.ui.drill_console import DrillConsole
from simulator.ui.seat_console import SeatConsole
from simulator.viz.drill_map import drill_map_data
from tests.conftest import SCENARIOS


@pytest.fixture
def drill(tmp_path):
    """A street_command drill stepped until an incident is reported, and the store it lives in."""
    store = Store(tmp_path)
    session, info = start_session(store, SCENARIOS / "street_command.yaml")
    for _ in range(30):
        if any(i.commander is not None for i in session.world.incidents.values()):
            break
        session.step()
    return tmp_path, store, session, info.id


def test_a_seat_opened_from_its_url_sees_its_clock_inbox_area_and_only_its_authority(drill):
    data, _store, session, drill_id = drill
    page = SeatConsole(data=data, query=f"seat=street_office&drill={drill_id}")
    assert page.seated.layout.display is None and page.picker.layout.display == "none"
    assert "Seat: Street office" in page.title.value
    assert page.clock.value.count("T+") == 2 and "paused" in page.clock.value
    assert "reaches Tiansheng street emergency office" in page.inbox_box.value
    assert "Flash flood reaches homes #" in page.incidents_box.value and "flash_flood-" not in page.incidents_box.value
    form = page.form
    assert [v for _, v in form.action.options] == ["dispatch_team", "recall_team", "set_response_level", "issue_warning", "switch_command_mode"]
    assert [v for _, v in form.team.options] == ["street_shock", "c1_volunteers", "c3_volunteers", "c4_volunteers", "c6_volunteers"]
    # by the first report the street plan (level IV at T+30) has sent the shock team to wait at Xikou
    assert form.team.options[0][0] == "Street shock team · free, waiting at a staging place"
    assert form.team.options[1][0].endswith("· at base and free")
    form.action.value = "issue_warning"
    assert [v for _, v in form.unit.options] == ["street_office"] and form.team.layout.display == "none"
    # the same page in Chinese: the same seat, named in Chinese
    page.lang_toggle.value = "zh"
    assert "席位:街道应急办" in page.title.value and "天生街道应急办收到" in page.inbox_box.value


def test_a_seat_sends_the_facilitator_steps_and_the_seat_sees_it_played_even_after_a_reload(drill):
    data, store, session, drill_id = drill
    query = f"seat=street_office&drill={drill_id}"
    page = SeatConsole(data=data, query=query)
    page.form.team.value = "street_shock"
    page.form.send_button.click()
    assert "Sent: Dispatch a team: Street shock team → Flash flood reaches homes #" in page.message.value
    assert "waiting for the next step" in page.mine.value
    assert [(d.seat, d.action, d.args["team"]) for d in seat_decisions(store, drill_id)] == [("street_office", "dispatch_team", "street_shock")]
    session.step()  # the facilitator's next move plays it
    page.tick()
    assert "done" in page.mine.value and "waiting for the next step" not in page.mine.value
    reloaded = SeatConsole(data=data, query=query)  # a reload: a new kernel, the same URL
    assert reloaded.mine.value == page.mine.value and reloaded.clock.value == page.clock.value
    assert reloaded.inbox_box.value == page.inbox_box.value


def test_a_seat_withdraws_a_pending_decision_but_not_a_played_one(drill):
    data, store, session, drill_id = drill
    page = SeatConsole(data=data, query=f"seat=street_office&drill={drill_id}")
    page.form.action.value = "issue_warning"
    page.form.send_button.click()
    assert page.mine_picker.options and not page.withdraw_button.disabled
    page.withdraw_button.click()
    assert "Withdrawn" in page.message.value and "withdrawn" in page.mine.value
    session.step()
    assert session.outcomes == []
    page.form.send_button.click()
    chosen = page.mine_picker.value
    session.step()
    page.withdraw(chosen)  # the page had not caught up yet: too late
    assert "Already played" in page.message.value


def test_a_seat_cannot_send_outside_its_authority_nor_after_the_end(drill):
    data, store, session, drill_id = drill
    page = SeatConsole(data=data, query=f"seat=street_office&drill={drill_id}")
    incident = page.form.incident.value
    page.send("dispatch_team", {"team": "district_fire", "incident": incident})
    assert "District fire rescue station is not under the authority of Street office" in page.message.value
    page.send("release_supplies", {"incident": incident, "item": "sandbag", "quantity": 10})
    assert "Street office may not take this decision: Release supplies" in page.message.value
    assert seat_decisions(store, drill_id) == []
    session.run_until(session.horizon)
    page.tick()
    assert page.form.send_button.disabled and "finished" in page.clock.value
    page.send("issue_warning", {"unit": "street_office", "level": "red"})
    assert "The drill is over" in page.message.value and seat_decisions(store, drill_id) == []


def test_without_a_seat_the_page_is_a_picker_with_a_link_per_seat(drill, tmp_path_factory):
    data, _store, _session, drill_id = drill
    nothing = SeatConsole(data=tmp_path_factory.mktemp("empty"), query="")
    assert "No drill has been started yet" in nothing.message.value and not (tmp_path_factory.getbasetemp() / "empty0" / "drills.sqlite").exists()
    picker = SeatConsole(data=data, query="lang=en")
    assert picker.seated.layout.display == "none" and picker.drill_picker.value == drill_id  # the running drill
    assert [v for _, v in picker.seat_picker.options] == ["street_office", "district_bureau", "flood_hq", "supplies_bureau"]
    assert f'href="?seat=flood_hq&amp;drill={drill_id}&amp;lang=en"' in picker.links.value and ">Flood HQ</a>" in picker.links.value
    picker.seat_picker.value = "flood_hq"
    picker.take_button.click()
    assert "Seat: Flood HQ" in picker.title.value and "request_military" in [v for _, v in picker.form.action.options]
    lost = SeatConsole(data=data, query=f"seat=mayor&drill={drill_id}")
    assert "This drill has no seat &#x27;mayor&#x27;" in lost.message.value and lost.picker.layout.display is None
    gone = SeatConsole(data=data, query="seat=street_office&drill=nosuchdrill")
    assert "nosuchdrill" in gone.message.value and gone.session is None


def test_the_facilitator_sees_seats_decisions_holds_one_and_the_step_plays_the_other_attributed(drill):
    data, store, _session, drill_id = drill
    console = DrillConsole(SCENARIOS, data=data, lang="en")
    console.open(drill_id)
    inc = next(i for i in console.session.world.incidents.values() if i.commander is not None)
    first = submit(store, drill_id, "street_office", "dispatch_team", {"team": "street_shock", "incident": inc.id})
    second = submit(store, drill_id, "flood_hq", "set_response_level", {"incident": inc.id, "level": "III"})
    panel = console.seat_panel
    panel.tick()  # a beat of the panel's own timer: shown without a step
    assert "Street office (seat)" in panel.table.value and "Flood HQ (seat)" in panel.table.value
    assert [v for _, v in panel.picker.options] == [first.id, second.id]
    assert f'drill_seat.ipynb?seat=street_office&amp;drill={drill_id}' in panel.links.value
    panel.picker.value = second.id
    panel.hold_button.click()
    assert "Held" in panel.message.value and "held by the facilitator" in panel.table.value
    console.step_button.click()
    assert [(o.decision.actor, o.accepted) for o in console.session.outcomes] == [("seat:street_office", True)]
    assert "held by the facilitator" in panel.table.value and "Street office" not in panel.table.value
    assert "Street office: Dispatch a team: Street shock team" in console.feed.value and "drill-feed-seat" in console.feed.value
    assert "Street office" in console.log.value
    custom = drill_map_data(console.session.scenario, console.session.events(), "en")["data"][5]["customdata"]
    assert any(c[0] == "street_shock" and c[3] == "street_office" for c in custom)
    panel.release_button.click()
    assert "Released" in panel.message.value
    console.step_button.click()
    assert [o.decision.actor for o in console.session.outcomes] == ["seat:street_office", "seat:flood_hq"]
    assert "No seat decision is waiting." in panel.table.value


def test_the_kernel_ticks_the_page_itself_and_a_failing_beat_does_not_stop_it():
    import asyncio

    from simulator.ui.ticker import Ticker

    beats, errors = [], []

    def beat():
        beats.append(1)
        if len(beats) == 2:
            raise RuntimeError("store locked")

    async def kernel():
        ticker = Ticker(0.01, beat, errors.append)
        assert ticker.start() and ticker.running
        await asyncio.sleep(0.1)
        ticker.stop()
        count = len(beats)
        await asyncio.sleep(0.05)
        return count

    count = asyncio.run(kernel())
    assert count >= 3 and len(beats) == count  # went on after the failed beat, and stopped when told
    assert [str(e) for e in errors] == ["store locked"]
    assert not Ticker(0.01, beat).start()  # no event loop (plain Python): nothing ticks


def test_a_team_a_plan_pre_positioned_reads_as_waiting_at_its_staging_place(tmp_path):
    # the street plan sends the street shock team to Xikou at level IV (scenarios/street_command.yaml)
    store = Store(tmp_path)
    session, info = start_session(store, SCENARIOS / "street_command.yaml")
    while not session.ended and "street_shock" not in session.world.teams.staged:
        session.step()
    staged = session.events()
    assert (staged["kind"] == "team_staged").any() and session.world.teams.states.of("street_shock") == "at_base"
    page = SeatConsole(data=tmp_path, query=f"seat=street_office&drill={info.id}")
    labels = dict((v, label) for label, v in page.form.team.options)
    assert labels["street_shock"] == "Street shock team · free, waiting at a staging place"
    assert labels["c1_volunteers"].endswith("at base and free")
