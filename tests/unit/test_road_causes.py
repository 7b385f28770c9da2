"""Each cause lifts only its own hold on a road (simulator.models.road_causes), on the tiny network.

c --10-- t --5-- v: from v to c is 15 minutes with every road open.
"""

from __future__ import annotations

import math

from simulator.models.geography import RoadNetwork
from simulator.models.road_causes import RoadCauses


def network(tiny_scenario):
    roads = RoadNetwork(tiny_scenario)
    return roads, RoadCauses(roads)


def test_a_road_stays_closed_while_any_cause_holds_it(tiny_scenario):
    roads, causes = network(tiny_scenario)
    assert causes.close("t", "v", "earthquake") is True  # it was open
    assert causes.close("v", "t", "inject") is False  # closed already; the inject holds it too (either way round)
    assert math.isinf(roads.travel_minutes("v", "c"))
    assert causes.reopen("t", "v", "earthquake") is False  # the quake's repair is done: the inject still holds it
    assert math.isinf(roads.travel_minutes("v", "c")) and causes.holds("t", "v", "inject") and not causes.holds("t", "v", "earthquake")
    assert causes.reopen("t", "v", "chemical_release") is False  # a cause that never held it lifts nothing
    assert causes.reopen("t", "v", "inject") is True
    assert roads.travel_minutes("v", "c") == 15


def test_the_worst_slowdown_holds_and_each_lifts_its_own(tiny_scenario):
    roads, causes = network(tiny_scenario)
    assert causes.slow("c", "t", "surge", 2) is True
    assert roads.travel_minutes("v", "c") == 5 + 10 * 2  # 25
    assert causes.slow("c", "t", "inject", 3) is True
    assert roads.travel_minutes("v", "c") == 5 + 10 * 3  # 35: the worst, not 2 x 3
    assert causes.slow("c", "t", "surge", 1) is False  # the surge recedes: the inject's 3 still holds
    assert roads.travel_minutes("v", "c") == 35 and causes.factor("c", "t") == 3
    assert causes.slow("c", "t", "inject", 1) is True
    assert roads.travel_minutes("v", "c") == 15 and causes.factor("c", "t") == 1
