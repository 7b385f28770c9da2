"""A team driving its planned route in one wait, interrupted at the very minute it reaches a junction.

The tests' tiny world (tests/conftest.py: city c -10 min- township t -5 min- village v,
fixed times) with a detour t -8- w -8- v. The city team sets off from c at 124
(the run's own log, asserted below) and would reach t at 134 and v at 139.
A change at exactly 134 must find it at t, on the road into it, not past it:
the review of the one-wait travel found it drove on along the old plan.
"""

from __future__ import annotations

from simulator.engine import Stepper
from simulator.engine.context import SimContext
from simulator.models import simulate
from simulator.models.teams import nearest_team
from simulator.models.world import World
from simulator.scenario.loader import parse_scenario
from tests.conftest import tiny_dict, to_yaml

SETS_OFF, AT_T = 124.0, 134.0  # c -> t is 10 minutes


def _scenario(close_t_v_at: float | None = None):
    d = tiny_dict()
    d["places"].append({"id": "w", "name": {"zh": "湾", "en": "W"}, "level": "village", "parent": "t", "x": 6, "y": 1})
    d["roads"] += [{"from": "t", "to": "w", "minutes": 8}, {"from": "w", "to": "v", "minutes": 8}]
    if close_t_v_at is not None:
        d["injects"] = [{"id": "cut", "time": close_t_v_at, "text": {"zh": "断路", "en": "cut"}, "effect": {"type": "close_road", "from": "t", "to": "v"}}]
    return parse_scenario(to_yaml(d), "tiny.yaml")


def _rows(events, *kinds):
    rows = events[events["kind"].isin(kinds)]
    return [(r.time, r.kind, r.location) for r in rows.itertuples()]


def test_the_city_team_sets_off_when_these_tests_assume():
    events = simulate(_scenario(), seed=1).events
    assert _rows(events, "team_mobilised") == [(SETS_OFF, "team_mobilised", "c")]
    assert _rows(events, "team_arrived") == [(AT_T + 5, "team_arrived", "v")]  # t -> v is 5 minutes


def test_a_road_closed_the_minute_the_team_reaches_the_junction_before_it_is_not_driven():
    events = simulate(_scenario(close_t_v_at=AT_T), seed=1).events
    # re-planned at t: the detour t - w - v, 8 + 8 minutes, so 134 + 16 = 150 (not 139 over the closed road)
    assert _rows(events, "team_rerouted", "team_arrived") == [(AT_T, "team_rerouted", "t"), (AT_T + 16, "team_arrived", "v")]


def test_a_recall_the_minute_the_team_reaches_a_junction_finds_it_on_the_road_into_it():
    ctx = SimContext.create(_scenario(), seed=1)
    world = World(ctx, nearest_team).start()
    stepper = Stepper(ctx)
    stepper.run_until(AT_T)
    world.decisions.recall_team("city_team")
    stepper.run_to_end()
    events = ctx.recorder.to_frame()
    # on the road c -> t when recalled (as a wait per road had it): it drives the 10 minutes back to c and
    # is sent again from c at 144; the order reaches it a minute later (the tiny world's order hop), then
    # c -> t -> v is 15 minutes: 145 + 15 = 160 (at t it would have been redeployed at 134 and arrived at 140)
    assert _rows(events[events["time"] >= AT_T], "team_recalled", "team_redeployed", "order_received", "team_arrived") == [
        (AT_T, "team_recalled", "c"), (AT_T + 10, "team_redeployed", "c"), (AT_T + 11, "order_received", ""), (AT_T + 11 + 15, "team_arrived", "v"),
    ]
