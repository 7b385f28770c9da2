"""The synthetic city used by the benchmarks: a valid scenario of the size asked for, run deterministically."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pandas as pd
import pytest
import yaml

from simulator.models import simulate
from simulator.scenario import parse_scenario
from simulator.scenario.chain import local_unit
from simulator.scenario.references import check_references
from simulator.scenario.synthetic import synthetic_city, synthetic_data

SMALL = dict(districts=2, townships_per_district=3, communities_per_township=4, teams=20, incidents_per_hour=12, hours=6)


def test_the_default_city_has_the_benchmark_size():
    sc = synthetic_city()
    levels = Counter(p.level for p in sc.places)
    assert levels == {"city": 1, "district": 10, "township": 120, "village": 1200}
    assert len(sc.teams) == 300
    assert len(sc.depots) == 1 + 10 + 120
    assert sum(src.rate_per_hour for src in sc.incidents) * sc.meta.horizon / 60 == pytest.approx(139 * 72)


def test_a_small_city_has_units_at_every_level_and_connected_roads():
    sc = synthetic_city(**SMALL, depots=5)
    assert Counter(p.level for p in sc.places) == {"city": 1, "district": 2, "township": 6, "village": 24}
    assert {u.level for u in sc.command.units} == {"city", "district", "township", "village"}
    assert all(local_unit(sc, p.id).place == p.id for p in sc.places)  # a unit at every place
    graph = nx.Graph([(r.source, r.target) for r in sc.roads])
    assert set(graph) == {p.id for p in sc.places} and nx.is_connected(graph)
    assert len(sc.teams) == 20 and len(sc.depots) == 5
    assert check_references(sc) == []


def test_the_city_passes_the_scenario_file_checks():
    data = synthetic_data(**SMALL)
    assert parse_scenario(yaml.safe_dump(data, allow_unicode=True), "city.yaml") == synthetic_city(**SMALL)


def test_the_same_arguments_give_the_same_city():
    assert synthetic_data(**SMALL, seed=3) == synthetic_data(**SMALL, seed=3)
    assert synthetic_data(**SMALL, seed=3) != synthetic_data(**SMALL, seed=4)


def test_a_short_run_is_deterministic():
    sc = synthetic_city(**SMALL)
    first, again = simulate(sc, seed=5).events, simulate(sc, seed=5).events
    pd.testing.assert_frame_equal(first, again)
    kinds = set(first["kind"])
    assert {"incident_occurred", "team_arrived", "supply_delivered", "incident_closed"} <= kinds
    assert not simulate(sc, seed=6).events.equals(first)


def test_bad_sizes_are_refused():
    with pytest.raises(ValueError):
        synthetic_data(districts=0)
