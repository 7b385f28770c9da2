"""Maps from the scenario's own roads: names never overlap, axes fit the data, legend = marker colours, frames over time."""

from __future__ import annotations

import math
from itertools import combinations
from pathlib import Path

import pytest
import yaml

from simulator.importers.roads import import_roads
from simulator.models import simulate
from simulator.scenario import load_scenario, parse_scenario
from simulator.viz.drill_map import drill_map
from simulator.viz.geo_map import TILES_ENV, Frame, animated_map, geo_map
from simulator.viz.map_labels import _box, visible_labels

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def flagship():
    sc = load_scenario(ROOT / "scenarios" / "urban_rainstorm.yaml")
    return sc, simulate(sc, 1).events


@pytest.fixture(scope="module")
def equator():
    """The hand-made .osm network as a lon/lat scenario with a team and an incident."""
    roads = import_roads(ROOT / "tests/data/osm/hand.osm", parent="area")
    data = {
        "schema_version": 1,
        "meta": {"id": "eq", "title": {"zh": "赤道", "en": "Equator"}, "description": {"zh": "测试", "en": "test"}, "horizon": 240},
        "places": [{"id": "area", "name": {"zh": "片区", "en": "Area"}, "level": "township", "lon": 0.01, "lat": 0.004}, *roads.places],
        "roads": roads.roads,
        "command": {"units": [{"id": "hq", "name": {"zh": "指挥部", "en": "HQ"}, "level": "township", "place": "area"}]},
        "teams": [{"id": "t1", "name": {"zh": "一队", "en": "Team 1"}, "type": "comprehensive", "size": 5, "base": "n1", "capabilities": ["pumping"]}],
        "incidents": [{"id": "f", "name": {"zh": "内涝", "en": "Flood"}, "hazard": "flood", "schedule": [30], "places": ["n4"], "needs": [{"capability": "pumping", "on_scene_minutes": 60}]}],
    }
    sc = parse_scenario(yaml.safe_dump(data, allow_unicode=True))
    return sc, simulate(sc, 1).events


def _shown_boxes(fig, frame):
    places = next(t for t in fig.data if t.mode == "markers+text")
    return [_box(x, y * frame.ratio, label, 11, frame.unit_per_px) for x, y, label in zip(places.x, places.y, places.text) if label]


def test_names_never_overlap_and_the_city_is_named(flagship):
    sc, events = flagship
    fig, frame = geo_map(sc, events, "zh"), Frame(sc)
    boxes = _shown_boxes(fig, frame)
    assert len(boxes) >= 10
    assert not any(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] for a, b in combinations(boxes, 2))
    texts = next(t for t in fig.data if t.mode == "markers+text").text
    city = next(i for i, p in enumerate(sc.places) if p.level == "city")
    assert texts[city] == sc.places[city].name.zh
    assert len(texts) - len(boxes) >= 1  # some names give way (crowded villages), still in the hover


def test_the_more_important_place_keeps_its_name():
    show = visible_labels([(0, 0), (0.01, 0), (5, 5)], ["镇", "村", "远村"], [(2, 0), (1, 0), (1, 0)], unit_per_px=0.01)
    assert show == [True, False, True]


def test_axes_fit_the_data_and_the_drill_map_labels_do_not_collide(flagship):
    sc, events = flagship
    frame = Frame(sc)
    xs, ys = [p.x for p in sc.places], [p.y for p in sc.places]
    assert frame.x_range[0] < min(xs) and frame.x_range[1] > max(xs)
    assert (frame.x_range[1] - frame.x_range[0]) <= 1.2 * (max(xs) - min(xs))  # no two-thirds-empty width
    fig = geo_map(sc, events, "en")
    assert fig.layout.xaxis.range == tuple(frame.x_range) and fig.layout.yaxis.scaleanchor == "x"
    live = drill_map(sc, events, "en").data[2].text
    assert sum(1 for t in live if t) >= 10 and sum(1 for t in live if t) < len(live)


def test_legend_colour_is_the_marker_colour(flagship):
    sc, events = flagship
    fig = geo_map(sc, events, "en")
    markers = [t for t in fig.data if "markers" in t.mode]
    assert all(isinstance(t.marker.color, str) for t in markers)  # one colour per legend entry
    teams = [t for t in markers if t.legendgroup == "teams"]
    assert [t.name for t in teams][0] == "teams: at base" and len({t.marker.color for t in teams}) == 6
    assert sum(len(t.x) for t in teams) == len(sc.teams)


def test_lonlat_scenario_on_geographic_axes(equator):
    sc, events = equator
    fig = geo_map(sc, events, "zh")
    assert fig.layout.xaxis.title.text == "经度(°E)"
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / math.cos(math.radians(0.005)))
    roads = fig.data[0]
    assert 0.02 in roads.x and 0.01 in roads.y  # drawn from the imported roads, in degrees
    place_x = set(fig.data[2].x)
    assert place_x == {p.lon for p in sc.places}


def test_animation_shows_incidents_appearing_and_teams_moving(equator):
    sc, events = equator
    fig = animated_map(sc, events, "en", frames=16)  # every 15 minutes
    assert len(fig.frames) == 16 and len(fig.layout.sliders[0].steps) == 16
    incident_counts = [len(f.data[2].x) + len(f.data[3].x) for f in fig.frames]
    assert incident_counts[0] == 0 and incident_counts[-1] == 1  # the flood appears (at minute 30)
    team_spots = [tuple((s.x, s.y) for s in f.data[4:] if s.x) for f in fig.frames]
    assert len(set(team_spots)) >= 2  # the team leaves its base
    end = geo_map(sc, events, "en")
    assert fig.frames[-1].data[-6].x == end.data[-6].x  # the last frame is the end state


def test_a_configured_tile_basemap_uses_plotlys_map(equator, monkeypatch):
    sc, events = equator
    monkeypatch.setenv(TILES_ENV, "http://tiles.local/{z}/{x}/{y}.png")
    fig = geo_map(sc, events, "en")
    assert {t.type for t in fig.data} == {"scattermap"}
    assert fig.layout.map.layers[0].source == ("http://tiles.local/{z}/{x}/{y}.png",)
    assert fig.layout.map.center.lon == pytest.approx(0.01, abs=2e-3)


def test_a_kilometre_is_as_long_east_as_north_at_60_degrees():
    text = """
schema_version: 1
meta: {id: n, title: {zh: 北, en: North}, description: {zh: 测试, en: test}, horizon: 60}
places:
  - {id: a, name: {zh: 甲, en: A}, level: township, lon: 10, lat: 60}
  - {id: b, name: {zh: 乙, en: B}, level: village, parent: a, lon: 10.018, lat: 60.009}
command:
  units: [{id: hq, name: {zh: 指挥部, en: HQ}, level: township, place: a}]
"""
    sc = parse_scenario(text)
    b = sc.place("b")
    assert b.x - sc.place("a").x == pytest.approx(b.y - sc.place("a").y, rel=0.01)  # a 1 km square
    frame = Frame(sc)
    assert frame.ratio == pytest.approx(2, rel=1e-3)
    wx = frame.x_range[1] - frame.x_range[0]
    wy = (frame.y_range[1] - frame.y_range[0]) * frame.ratio
    assert 1 <= wy / wx <= 1.1  # the square drawn square (the extra is the room for the top names)


def test_each_zoom_step_prints_more_names_none_overlapping(flagship):
    sc, events = flagship
    fig, frame = geo_map(sc, events, "zh"), Frame(sc)
    tiers, meta = fig.layout.meta["label_tiers"], fig.layout.meta
    assert meta["label_trace"] == 2 and list(fig.data[2].text) == tiers[0]
    counts = [sum(1 for t in tier if t) for tier in tiers]
    assert counts == sorted(counts) and counts[0] < counts[-1] == len(sc.places)
    for k, tier in enumerate(tiers):
        boxes = [_box(p.x, p.y, t, 11, frame.unit_per_px / 2**k) for p, t in zip(sc.places, tier) if t]
        assert not any(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] for a, b in combinations(boxes, 2))
