"""Every unit of stock is accounted for at every moment (Hypothesis, random scenarios).

States: in a depot, in transit, delivered (at a site), consumed, expired.
Whatever entered (initial stock, supplier deliveries, production) equals
their sum at every probe time, in the model's own books and in the books
rebuilt from the event log; no state ever goes negative.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.engine import SimContext, Stepper
from simulator.metrics.supplies import STATES, ledger, ledger_over_time
from simulator.models import World
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml

T = {"zh": "甲", "en": "a"}
HORIZON = 600
PLACES = ["c", "t1", "t2", "v1", "v2"]
ITEMS = ["water", "kit"]
TOL = 1e-6


def _base() -> dict:
    return {
        "schema_version": 1,
        "meta": {"id": "prop", "title": T, "description": T, "horizon": HORIZON},
        "places": [
            {"id": "c", "name": T, "level": "city", "x": 0, "y": 0},
            {"id": "t1", "name": T, "level": "township", "parent": "c", "x": 1, "y": 0},
            {"id": "t2", "name": T, "level": "township", "parent": "c", "x": -1, "y": 0},
            {"id": "v1", "name": T, "level": "village", "parent": "t1", "x": 2, "y": 0},
            {"id": "v2", "name": T, "level": "village", "parent": "t2", "x": -2, "y": 0},
        ],
        "command": {
            "link_minutes": 1,
            "units": [
                {"id": "city", "name": T, "level": "city", "place": "c", "duty_staff": 2, "handling_minutes": 2},
                {"id": "o1", "name": T, "level": "township", "place": "t1", "parent": "city", "handling_minutes": 2},
                {"id": "o2", "name": T, "level": "township", "place": "t2", "parent": "city", "handling_minutes": 2},
            ],
        },
    }


minutes = st.integers(min_value=0, max_value=HORIZON)
amount = st.integers(min_value=0, max_value=400)


@st.composite
def depots(draw, n):
    out = []
    for k in range(n):
        kind = draw(st.sampled_from(["government", "government", "agreement", "capacity"]))
        tier, place = draw(st.sampled_from([("city", "c"), ("township", "t1"), ("township", "t2"), ("village", "v1")]))
        d = {"id": f"d{k}", "name": T, "tier": tier, "place": place, "kind": kind,
             "stock": {i: draw(amount) for i in ITEMS if draw(st.booleans())},
             "loading_minutes": draw(st.integers(0, 30)), "unloading_minutes": draw(st.integers(0, 10))}
        if kind == "agreement":
            d["release_lead_minutes"] = draw(st.integers(0, 120))
        if kind == "capacity":
            d["production"] = {"water": {"rate_per_hour": draw(st.integers(10, 500)), "lead_minutes": draw(st.integers(0, 120)),
                                         "max_units": draw(st.one_of(st.none(), st.integers(1, 1000))), "lot_minutes": draw(st.integers(10, 90))}}
        if draw(st.booleans()):
            d["trucks"] = {"count": draw(st.integers(1, 3)), "capacity_kg": draw(st.integers(50, 2000))}
        if draw(st.booleans()) and d["stock"]:
            item = min(d["stock"])
            low = draw(st.integers(0, 100))
            # from a depot listed earlier: reorders going round in a circle are a scenario error
            source = draw(st.sampled_from(["supplier", *[f"d{j}" for j in range(k)]]))
            d["reorder"] = {item: {"s": low, "S": low + draw(st.integers(1, 200)), "source": source, "lead_minutes": draw(st.integers(0, 200))}}
        if draw(st.booleans()) and d["stock"]:
            d["expires"] = {max(d["stock"]): draw(minutes)}
            if draw(st.booleans()):
                d["rotate_before_minutes"] = draw(st.integers(0, 60))
        out.append(d)
    return out


@st.composite
def scenarios(draw):
    sc = _base()
    sc["roads"] = [
        {"from": a, "to": b, "minutes": draw(st.integers(1, 30))}
        for a, b in (("c", "t1"), ("c", "t2"), ("t1", "v1"), ("t2", "v2"))
    ]
    sc["items"] = [
        {"id": i, "name": T, "unit": T, "kind": kind, "weight_kg": draw(st.sampled_from([0, 0.5, 1, 10, 300])),
         "shelf_life_minutes": draw(st.one_of(st.none(), st.integers(30, 900)))}
        for i, kind in zip(ITEMS, ("water", "medical"))
    ]
    sc["depots"] = draw(depots(draw(st.integers(1, 4))))
    sc["shelters"] = [
        {"id": f"sh{k}", "name": T, "place": draw(st.sampled_from(PLACES)), "capacity": draw(st.integers(1, 300)),
         "arrivals": [{"time": draw(minutes), "people": draw(st.integers(0, 200))} for _ in range(draw(st.integers(0, 3)))],
         "from_incidents": {"places": ["v1", "v2"], "people": draw(st.integers(1, 50)), "delay_minutes": draw(st.integers(0, 90))},
         "needs_per_person_day": {"water": draw(st.integers(1, 8)), "kit": draw(st.sampled_from([0, 0.1, 1]))},
         "priority": draw(st.integers(0, 3))}
        for k in range(draw(st.integers(0, 2)))
    ]
    sc["incidents"] = [{
        "id": "flood", "name": T, "hazard": "flood", "places": ["v1", "v2"],
        "schedule": sorted(draw(st.lists(st.integers(0, HORIZON - 1), min_size=1, max_size=4))),
        "supplies": {i: draw(amount) for i in ITEMS}, "detection_minutes": draw(st.integers(0, 30)),
    }]
    injects = []
    for k in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["close_depot", "open_depot", "close_road", "open_road"]))
        if kind.endswith("depot"):
            effect = {"type": kind, "depot": draw(st.sampled_from([d["id"] for d in sc["depots"]]))}
        else:
            a, b = draw(st.sampled_from([("c", "t1"), ("t1", "v1"), ("c", "t2")]))
            effect = {"type": kind, "from": a, "to": b}
        injects.append({"id": f"i{k}", "time": draw(minutes), "text": T, "effect": effect})
    sc["injects"] = injects
    sc["logistics"] = {
        "policy": draw(st.sampled_from(["tier_nearest", "centralised", "hybrid"])),
        "rationing": draw(st.sampled_from(["priority", "proportional"])),
        "decision_minutes": {tier: draw(st.integers(0, 40)) for tier in ("village", "township", "city") if draw(st.booleans())},
        "household_hours": draw(st.integers(0, 6)),
        "review_minutes": draw(st.sampled_from([15, 60, 120])),
    }
    return sc


def _check(books: dict[str, dict[str, float]]) -> None:
    for item, book in books.items():
        for state in STATES:
            assert book[state] >= -TOL, (item, state, book)
        assert sum(book[s] for s in STATES) == pytest.approx(book["entered"], abs=TOL), (item, book)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=scenarios(), probes=st.lists(st.integers(1, HORIZON), min_size=1, max_size=5))
def test_stock_is_conserved_at_every_moment(data, probes):
    sc = parse_scenario(to_yaml(data), "prop.yaml")
    ctx = SimContext.create(sc, 3)
    world = World(ctx).start()
    stepper = Stepper(ctx)
    for t in sorted(set(probes)):
        stepper.run_until(t)
        own = world.supplies.ledger()
        _check(own)
        from_log = ledger(ctx.recorder.to_frame())
        for item, book in own.items():
            logged = from_log.loc[item] if item in from_log.index else None
            for state in (*STATES, "entered"):
                assert (0.0 if logged is None else logged[state]) == pytest.approx(book[state], abs=TOL), (t, item, state)
    world.finish()
    events = ctx.recorder.to_frame()
    _check(world.supplies.ledger())
    # and in the log, after every single movement
    over_time = ledger_over_time(events)
    for state in STATES:
        assert (over_time[state] >= -TOL).all(), state
    assert ((over_time[list(STATES)].sum(axis=1) - over_time["entered"]).abs() <= TOL).all()
    # every unit asked for was released or is still owed (recorded short, less what was found later)
    kinds = events.groupby("kind")["quantity"].sum()
    owed = kinds.get("supply_short", 0) - kinds.get("supply_short_filled", 0)
    assert owed >= -TOL
    assert kinds.get("supply_requested", 0) == pytest.approx(kinds.get("supply_dispatched", 0) + owed, abs=TOL)
