"""Every person is accounted for at every moment (Hypothesis, random small worlds).

States per place of origin: at home, moving, sheltered, trapped, rescued,
casualty. At every row of the log the states of each place add up to the
people that entered it, none is negative (nobody counted in two states),
the model's own books agree with the books rebuilt from the log at probe
times, and no shelter ever holds more than its capacity.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine import SimContext, Stepper
from simulator.metrics.people import STATES, books_over_time, moves
from simulator.models import World
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml

T = {"zh": "甲", "en": "a"}
HORIZON = 400
VILLAGES = ["v1", "v2", "v3"]
minutes = st.integers(min_value=0, max_value=HORIZON)


@st.composite
def scenarios(draw):
    places = [
        {"id": "c", "name": T, "level": "city", "x": 0, "y": 0},
        {"id": "t", "name": T, "level": "township", "parent": "c", "x": 1, "y": 0},
        *[{"id": v, "name": T, "level": "village", "parent": "t", "x": 2 + k, "y": 0, "population": draw(st.integers(0, 900))}
          for k, v in enumerate(VILLAGES)],
    ]
    pairs = [("c", "t"), ("t", "v1"), ("t", "v2"), ("v2", "v3"), ("v1", "v3")]
    roads = [{"from": a, "to": b, "minutes": draw(st.integers(1, 60))} for a, b in pairs if (a, b) in pairs[:3] or draw(st.booleans())]
    shelters = [
        {"id": f"s{k}", "name": T, "place": draw(st.sampled_from(["t", *VILLAGES])), "capacity": draw(st.integers(1, 600)),
         "opens": draw(st.sampled_from(["at_start", "at_start", "on_order"])),
         "arrivals": [{"time": draw(minutes), "people": draw(st.integers(0, 200))} for _ in range(draw(st.integers(0, 2)))],
         "needs_per_person_day": {"water": 3}}
        for k in range(draw(st.integers(1, 3)))
    ]
    if draw(st.booleans()):
        shelters[0]["from_incidents"] = {"places": VILLAGES, "people": draw(st.integers(1, 300)), "delay_minutes": draw(st.integers(0, 90))}
    populated = [p["id"] for p in places if p.get("population")]
    at_risk = draw(st.lists(st.sampled_from(populated), unique=True, max_size=3)) if populated else []
    sc = {
        "schema_version": 1,
        "meta": {"id": "people", "title": T, "description": T, "horizon": HORIZON},
        "places": places,
        "roads": roads,
        "command": {"link_minutes": 1, "units": [
            {"id": "city", "name": T, "level": "city", "place": "c", "duty_staff": 2, "handling_minutes": 2},
            {"id": "town", "name": T, "level": "township", "place": "t", "parent": "city", "handling_minutes": 2},
        ]},
        "teams": [{"id": "team", "name": T, "type": "comprehensive", "size": 10, "base": "t", "capabilities": ["water_rescue"], "mobilisation_minutes": 5}],
        "items": [{"id": "water", "name": T, "unit": T, "kind": "water"}],
        "shelters": shelters,
        "incidents": [{
            "id": "flood", "name": T, "hazard": "flood", "places": VILLAGES, "severity": {"IV": 1.0},
            "schedule": sorted(draw(st.lists(st.integers(0, HORIZON - 1), min_size=1, max_size=4))),
            "needs": [{"capability": "water_rescue", "teams": 1, "on_scene_minutes": 30}],
            "trapped": {"people": draw(st.integers(0, 400)), "rescue_capability": "water_rescue"},
            "detection_minutes": draw(st.integers(0, 30)),
        }],
    }
    if at_risk:
        sc["evacuation"] = {
            "places": [{"place": p, "people": draw(st.one_of(st.none(), st.integers(0, 900))), "ordered_at": draw(st.one_of(st.none(), minutes)),
                        "hazard_minute": draw(st.one_of(st.none(), minutes))} for p in at_risk],
            "rate_per_hour": draw(st.integers(1, 2000)),
            "group_minutes": draw(st.sampled_from([1, 5, 10, 30])),
            "refuse_share": draw(st.sampled_from([0, 0.1, 0.5, 1])),
            "delay": {"share": draw(st.sampled_from([0, 0.3, 1])), "minutes": {"dist": "uniform", "low": 0, "high": draw(st.integers(1, 200))}},
        }
        for entry in sc["evacuation"]["places"]:  # people at risk within the population (a scenario error otherwise)
            pop = next(p["population"] for p in places if p["id"] == entry["place"])
            if entry["people"] is not None:
                entry["people"] = min(entry["people"], pop)
    return sc


def _check_rows(events, capacity: dict[str, int]) -> None:
    over_time = books_over_time(events)
    for state in STATES:
        assert (over_time[state] >= 0).all(), state
    assert (over_time[list(STATES)].sum(axis=1) == over_time["entered"]).all()
    arrived = events[events["kind"] == "evacuees_arrived"]
    for shelter, rows in arrived.groupby("entity"):
        assert rows["quantity"].cumsum().max() <= capacity[shelter], shelter


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=scenarios(), orders=st.lists(st.tuples(minutes, st.sampled_from(VILLAGES), st.sampled_from(["s0", "s1", "s2", "x"])), max_size=3))
def test_people_are_conserved_at_every_row(data, orders):
    sc = parse_scenario(to_yaml(data), "people.yaml")
    ctx = SimContext.create(sc, 5)
    world = World(ctx).start()
    stepper = Stepper(ctx)
    for t, place, shelter in sorted(orders):  # plans ordering evacuations and opening shelters mid-run
        stepper.run_until(t)
        world.people.evacuate([place], "test")
        world.people.open_shelter(shelter, "test")
        own = world.people.ledger()
        logged = books_over_time(ctx.recorder.to_frame()).groupby("place").last()
        for origin, book in own.items():
            entered = sum(book.values())
            if entered == 0:
                continue
            assert all(n >= 0 for n in book.values()), (origin, book)
            for state in STATES:
                assert logged.loc[origin, state] == book[state], (t, origin, state)
    stepper.run_to_end()
    world.finish()
    events = ctx.recorder.to_frame()
    _check_rows(events, {s.id: s.capacity for s in sc.shelters})
    for shelter in world.supplies.shelters.values():  # the supply side's occupancy is the ledger's
        admitted = events.loc[(events["kind"] == "evacuees_arrived") & (events["entity"] == shelter.id), "quantity"].sum()
        assert shelter.people == admitted <= shelter.shelter.capacity
    # nobody is trapped at a place beyond those who lived there
    trapped = moves(events)
    trapped = trapped[trapped["target"] == "trapped"].groupby("place")["people"].sum()
    population = {p.id: p.population for p in sc.places}
    for place, people in trapped.items():
        assert people <= max([population[place], *(e.people or 0 for e in (sc.evacuation.places if sc.evacuation else ()) if e.place == place)])
