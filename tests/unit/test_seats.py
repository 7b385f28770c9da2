"""Player seats: the scenario's ``seats:`` section, a seat's authority, its inbox, and its pending decisions in the store."""

from __future__ import annotations

import sqlite3

import pytest

from simulator.drill import DrillSession, Store, start_session
from simulator.drill.inbox import Inbox, decision_text
from simulator.drill.names import incident_name
from simulator.drill.refusals import refusal_text
from simulator.drill.seat_decisions import HELD, PENDING, WITHDRAWN, hold, pending, release, seat_decisions, submit, withdraw
from simulator.drill.seats import actor_name, authority, seat_actor
from simulator.drill.store import SCHEMA_VERSION
from simulator.scenario import ScenarioError, load_scenario, parse_scenario
from simulator.scenario.seats import default_seats, seats_of
from tests.conftest import SCENARIOS, to_yaml


@pytest.fixture(scope="module")
def mountain():
    return load_scenario(SCENARIOS / "mountain_landslide.yaml")


def first_known_incident(session: DrillSession, rounds: int = 30):
    """Step until an incident has been reported to a commanding unit."""
    for _ in range(rounds):
        known = [i for i in session.world.incidents.values() if i.commander is not None and not i.closed]
        if known:
            return known[0]
        session.step()
    raise AssertionError("no incident reported")


# -- the scenario format ------------------------------------------------------------------


def test_without_a_seats_section_every_unit_that_commands_or_dispatches_gets_a_seat(tiny_scenario, street):
    # tiny: township and city command (commanding_tier); the village station only reports
    assert [(s.id, s.units, s.name.en) for s in default_seats(tiny_scenario)] == [("city_office", ("city_office",), "City bureau"), ("town_office", ("town_office",), "Town office")]
    assert seats_of(tiny_scenario) == default_seats(tiny_scenario)
    bare = street.model_copy(update={"seats": ()})
    assert [s.id for s in seats_of(bare)] == ["city_hq", "district_hq", "district_flood_hq", "street_office"]


def test_the_bundled_scenarios_seat_the_cells_the_issue_names(street, rainstorm, mountain):
    assert [(s.id, s.name.en, s.units) for s in street.seats] == [
        ("street_office", "Street office", ("street_office",)),
        ("district_bureau", "District bureau", ("district_hq",)),
        ("flood_hq", "Flood HQ", ("district_flood_hq",)),
        ("supplies_bureau", "Supplies bureau", ("district_hq",)),
    ]
    assert street.seats[3].actions == ("release_supplies",)
    for sc in (street, rainstorm, mountain):
        assert all(s.name.zh and s.name.en for s in sc.seats)
    assert next(s for s in rainstorm.seats if s.id == "jinshui_streets").units == ("wenhua_office", "fengchan_office", "miaoli_office")


def test_bad_seats_are_refused_at_their_lines_in_both_languages(tiny):
    tiny["seats"] = [
        {"id": "town", "name": {"zh": "镇", "en": "Town"}, "units": ["town_office", "nowhere_office"]},
        {"id": "town", "name": {"zh": "镇2", "en": "Town 2"}, "units": ["town_office"], "actions": ["dispatch_team", "fly_to_the_moon"]},
    ]
    tiny["injects"] = [{"id": "call", "time": 10, "text": {"zh": "来电", "en": "a call"}, "target": "mayor"}]
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(to_yaml(tiny), "tiny.yaml")
    en = caught.value.render("en")
    assert "seats[1].actions[1]" in en and "fly_to_the_moon" in en
    tiny["seats"][1]["actions"] = ["dispatch_team"]
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(to_yaml(tiny), "tiny.yaml")
    en, zh = caught.value.render("en"), caught.value.render("zh")
    lines = en.splitlines()
    assert any(line.startswith("tiny.yaml:") and "seats[0].units[1]: unknown command unit 'nowhere_office'" in line for line in lines), en
    assert "seats[1].id: id 'town' is used twice" in en
    assert "injects[0].target: unknown target 'mayor'" in en
    assert "未定义的指挥单位 'nowhere_office'" in zh and "未定义的注入对象 'mayor'" in zh
    assert all(line.split(":")[1].isdigit() for line in lines)  # FILE:LINE on every problem


def test_an_inject_may_be_addressed_to_a_seat_or_a_unit(tiny):
    tiny["seats"] = [{"id": "town_cell", "name": {"zh": "镇", "en": "Town"}, "units": ["town_office"]}]
    tiny["injects"] = [
        {"id": "a", "time": 10, "text": {"zh": "甲", "en": "a"}, "target": "town_cell"},
        {"id": "b", "time": 10, "text": {"zh": "乙", "en": "b"}, "target": "city_office"},
    ]
    assert [i.target for i in parse_scenario(to_yaml(tiny), "tiny.yaml").injects] == ["town_cell", "city_office"]


# -- authority ----------------------------------------------------------------------------


def test_a_seat_may_send_the_teams_its_units_may_send_under_dispatch_levels_and_territory(street, mountain, tiny):
    world = DrillSession(street).world
    street_office = authority(world, "street_office")
    assert street_office.teams == ("street_shock", "c1_volunteers", "c3_volunteers", "c4_volunteers", "c6_volunteers")
    assert street_office.places == {"tiansheng", "c1", "c2", "c3", "c4", "c5", "c6"}
    # a specialised HQ commands with the territory of the HQ above it: every district team
    flood = authority(world, "flood_hq")
    assert {"district_drainage", "district_fire", "street_shock"} <= set(flood.teams) and "army_engineers" not in flood.teams
    assert flood.places == {p.id for p in street.places} - {"chongqing"}
    # territory: the city's own teams (owned by the unit at their base) are the city HQ's, not the county's
    world = DrillSession(mountain).world
    assert {"city_geo", "helicopter"} <= set(authority(world, "city_hq").teams)
    assert not {"city_geo", "helicopter"} & set(authority(world, "county_bureau").teams)
    assert authority(world, "nobody") is None
    # dispatch_levels: without territory (nearest dispatch) only the levels allowed may send a team
    tiny["teams"].append({**tiny["teams"][0], "id": "city_only", "dispatch_levels": ["city"]})
    world = DrillSession(parse_scenario(to_yaml(tiny), "tiny.yaml")).world
    assert authority(world, "town_office").teams == ("city_team",)
    assert authority(world, "city_office").teams == ("city_team", "city_only")


def test_a_seat_s_decision_outside_its_authority_is_refused_with_names(street):
    session = DrillSession(street)
    inc = first_known_incident(session)
    office = seat_actor("street_office")
    refused = [
        session.decide("dispatch_team", actor=office, team="district_fire", incident=inc.id),
        session.decide("release_supplies", actor=office, incident=inc.id, item="sandbag", quantity=10),
        session.decide("issue_warning", actor=office, unit="district_hq", level="red"),
        session.decide("recall_team", actor=seat_actor("ghost"), team="street_shock"),
    ]
    assert [o.accepted for o in refused] == [False] * 4
    assert [o.reason for o in refused] == ["seat_team", "seat_action", "seat_unit", "seat_unknown"]
    texts = [refusal_text(street, o.reason, o.params, "en") for o in refused]
    assert texts[:3] == [
        "District fire rescue station is not under the authority of Street office",
        "Street office may not take this decision: Release supplies",
        "District emergency rescue HQ is not a unit of Street office",
    ]
    assert refusal_text(street, refused[0].reason, refused[0].params, "zh") == "区消防救援站不归街道应急办调派"
    ok = session.decide("dispatch_team", actor=office, team="street_shock", incident=inc.id)
    assert ok.accepted
    events = session.events()
    row = events[events["kind"] == "seat_decision"].iloc[-1]  # who decided it, in the log after the model's row
    assert (row["entity"], row["team"], row["incident"], row["detail"]) == ("street_office", "street_shock", inc.id, "dispatch_team")
    assert events[events["kind"] == "seat_decision"].shape[0] == 1  # refused decisions changed nothing in the log


def test_an_incident_outside_a_seat_s_area_is_refused(mountain):
    session = DrillSession(mountain)
    inc = first_known_incident(session)
    towns = {"a": "xiakou_town", "b": "gaoshan_township", "c": "heba_town"}
    own = next(seat for seat in towns.values() if inc.place in authority(session.world, seat).places)
    other = next(seat for seat in towns.values() if seat != own)
    assert session.decide("set_response_level", actor=seat_actor("geo_hq"), incident=inc.id, level="III").accepted  # the county's HQ covers every town
    outside = session.decide("dispatch_team", actor=seat_actor(other), team=authority(session.world, other).teams[0], incident=inc.id)
    assert (outside.accepted, outside.reason) == (False, "seat_area")
    place = next(p for p in mountain.places if p.id == inc.place)
    assert refusal_text(mountain, outside.reason, outside.params, "en").startswith(place.name.en + " is outside the area of ")


def test_names_for_people(street):
    assert actor_name(street, seat_actor("flood_hq"), "en") == "Flood HQ (seat)"
    assert actor_name(street, seat_actor("flood_hq"), "zh") == "区防汛抗旱指挥部(席位)"
    assert actor_name(street, "facilitator", "en") == "facilitator"
    assert incident_name(street, "flash_flood-003", "c5", "flood", "en") == "Flash flood reaches homes #3 · Xikou Village"
    assert incident_name(street, "flash_flood-003", "c5", "flood", "zh") == "山洪进村入户 第3起 · 溪口村"
    session = DrillSession(street)
    assert decision_text(session, "issue_warning", {"unit": "street_office", "level": "orange"}, "en") == "Issue a warning: Tiansheng street emergency office → orange warning"
    assert decision_text(session, "release_supplies", {"incident": "x-1", "item": "sandbag", "quantity": 40.0}, "zh") == "调拨物资:编织袋(沙袋) 40 条 → x-1"


# -- the inbox ----------------------------------------------------------------------------


def test_each_seat_sees_only_what_reaches_its_own_units(street):
    session = DrillSession(street)
    session.run_until(250)
    office = Inbox(session, authority(session.world, "street_office"), "en").items()
    flood = Inbox(session, authority(session.world, "flood_hq"), "en").items()
    supplies = Inbox(session, authority(session.world, "supplies_bureau"), "en").items()
    office_text = "\n".join(i.text for i in office)
    assert "reaches Tiansheng street emergency office" in office_text
    assert "takes command of Flash flood reaches homes #" in office_text
    assert not any("reaches District flood HQ" in i.text for i in office)
    assert all("Tiansheng" not in i.text for i in flood if i.kind == "message")
    # the landslide inject is addressed to the flood HQ's unit: only that seat hears it
    landslide = "A landslide dams the river above Xikou"
    assert any(i.text.startswith(landslide) for i in flood)
    assert not any(i.text.startswith(landslide) for i in office + supplies)
    # an inject addressed to nobody reaches every seat
    assert all(any(i.text.startswith("The district HQ holds its daily roll call") for i in items) for items in (office, flood, supplies))
    assert "flash_flood-" not in office_text and "street_office" not in office_text  # names, never ids
    assert all(i.handled in (True, False) for i in office if i.kind == "message")
    zh = "\n".join(i.text for i in Inbox(session, authority(session.world, "street_office"), "zh").items())
    assert "天生街道应急办收到" in zh and "山洪进村入户 第" in zh


def test_the_incidents_in_a_seat_s_area_are_those_the_command_knows_of(street):
    session = DrillSession(street)
    session.run_until(200)
    office = Inbox(session, authority(session.world, "street_office"), "en")
    known = [i for i in session.world.incidents.values() if i.commander is not None]
    assert office.incidents() and {i.id for i in office.incidents()} == {i.id for i in known}  # the street is the whole area here
    assert all(i.commander is not None for i in office.incidents())


# -- pending decisions in the store ---------------------------------------------------------


def test_a_seat_s_decision_waits_in_the_store_and_the_facilitator_may_hold_it(tmp_path):
    store = Store(tmp_path)
    _session, info = start_session(store, SCENARIOS / "street_command.yaml")
    a = submit(store, info.id, "street_office", "dispatch_team", {"team": "street_shock", "incident": "flash_flood-001", "capability": ""})
    b = submit(store, info.id, "flood_hq", "issue_warning", {"unit": "district_flood_hq", "level": "red"})
    assert a.args == {"team": "street_shock", "incident": "flash_flood-001"}  # empty choices are not kept
    assert [d.id for d in pending(store, info.id)] == [a.id, b.id]  # in the order they were made
    assert hold(store, info.id, a.id) and not hold(store, info.id, a.id)
    assert [d.id for d in pending(store, info.id)] == [b.id]
    assert not withdraw(store, info.id, b.id, seat="street_office")  # only its own seat withdraws it
    assert withdraw(store, info.id, b.id, seat="flood_hq")
    assert release(store, info.id, a.id) and not release(store, info.id, a.id)
    assert [(d.seat, d.status) for d in seat_decisions(store, info.id)] == [("street_office", PENDING), ("flood_hq", WITHDRAWN)]
    assert [d.status for d in seat_decisions(store, info.id, seat="street_office")] == [PENDING]
    assert hold(store, info.id, a.id) and [d.status for d in seat_decisions(store, info.id, statuses=(HELD,))] == [HELD]
    store.delete(info.id)  # they go with their drill
    assert store.db.execute("SELECT COUNT(*) FROM seat_decisions").fetchone()[0] == 0


def test_the_store_gains_the_seats_table_by_a_migration_and_an_old_read_only_store_has_no_seat_decisions(tmp_path):
    store = Store(tmp_path)
    assert store.schema_version() == SCHEMA_VERSION
    columns = [r[1] for r in store.db.execute("PRAGMA table_info(seat_decisions)")]
    assert columns == ["id", "session_id", "seat", "action", "args", "wall_time", "status", "seq", "changed"]
    with pytest.raises(sqlite3.IntegrityError):  # a status nobody defined
        with store.transaction() as db:
            db.execute("INSERT INTO seat_decisions (session_id, seat, action, args, wall_time, status, changed) VALUES ('x', 's', 'a', '{}', 'now', 'lost', 'now')")
    old = tmp_path / "old.sqlite"
    db = sqlite3.connect(old)
    db.execute("CREATE TABLE t (x)")
    db.execute("PRAGMA user_version=1")
    db.close()
    old.chmod(0o444)
    assert seat_decisions(Store(old), "any") == []
