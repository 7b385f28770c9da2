"""Road networks from OpenStreetMap files: the hand-made network's minutes worked out by hand, a real extract runs."""

from __future__ import annotations

import math
from pathlib import Path

import networkx as nx
import pytest
import yaml
from typer.testing import CliRunner

from simulator.cli import app
from simulator.importers.osm import RoadFileError
from simulator.importers.roads import SPEEDS_KMH, import_roads, parse_speeds
from simulator.models import simulate
from simulator.scenario import parse_scenario

DATA = Path(__file__).parents[1] / "data" / "osm"
HAND = DATA / "hand.osm"
OAKLAND = DATA / "West-Oakland.osm.bz2"

# The arithmetic of hand.osm. On the equator a degree of longitude is the WGS 84
# semi-major axis times pi/180; along a meridian near the equator a degree of
# latitude is a(1 - e^2) * pi/180 (the meridian's radius of curvature there).
A, E2 = 6378137.0, 0.00669437999014
EQ_M = A * math.radians(0.01)  # 1113.19 m
MER_M = A * (1 - E2) * math.radians(0.01)  # 1105.74 m
PAR_M = EQ_M * math.cos(math.radians(0.01))  # along the parallel at 0.01 degrees north (same to 1e-8)
MAIN, SIDE = 45, 25  # primary and residential km/h


def minutes(metres: float, kmh: float) -> float:
    return metres / 1000 / kmh * 60


def graph_of(roads) -> nx.Graph:
    g = nx.Graph()
    for r in roads:
        g.add_edge(r["from"], r["to"], minutes=r["minutes"])
    return g


def test_hand_network_simplified_with_hand_worked_minutes():
    result = import_roads(HAND)
    ids = [p["id"] for p in result.places]
    assert ids == ["n1", "n2", "n3", "n4"]  # E (node 5) is a bend of Back Lane: merged; X (99) is outside the extract
    roads = {(r["from"], r["to"]): r["minutes"] for r in result.roads}
    assert set(roads) == {("n1", "n2"), ("n2", "n3"), ("n2", "n4"), ("n3", "n4")}  # the footway A-D is no road
    assert roads["n1", "n2"] == pytest.approx(minutes(EQ_M, MAIN), abs=1e-3)  # 1.484
    assert roads["n2", "n4"] == pytest.approx(minutes(MER_M, SIDE), abs=1e-3)  # 2.654
    assert roads["n3", "n4"] == pytest.approx(minutes(PAR_M + MER_M, SIDE), abs=1e-3)  # 5.325, through the bend
    # shortest paths by hand: C to D is faster back along Main Road and up Side Street than by Back Lane
    g = graph_of(result.roads)
    assert nx.shortest_path(g, "n3", "n4", weight="minutes") == ["n3", "n2", "n4"]
    assert nx.shortest_path_length(g, "n3", "n4", weight="minutes") == pytest.approx(minutes(EQ_M, MAIN) + minutes(MER_M, SIDE), abs=2e-3)
    assert nx.shortest_path_length(g, "n1", "n3", weight="minutes") == pytest.approx(2 * minutes(EQ_M, MAIN), abs=2e-3)
    names = {p["id"]: p["name"] for p in result.places}
    assert names["n2"] == {"zh": "主路与支路交叉口", "en": "Main Road / Side Street"}
    assert names["n4"]["zh"] == "Back Lane与支路交叉口"  # no name:zh on Back Lane: its local name
    assert names["n1"] == {"zh": "主路", "en": "Main Road"}  # a dead end: its road's name, no OSM id


def test_speed_override_scales_that_class_only():
    slow = import_roads(HAND, parse_speeds(["residential=12.5"]))
    roads = {(r["from"], r["to"]): r["minutes"] for r in slow.roads}
    assert roads["n2", "n4"] == pytest.approx(minutes(MER_M, 12.5), abs=1e-3)
    assert roads["n1", "n2"] == pytest.approx(minutes(EQ_M, MAIN), abs=1e-3)
    with pytest.raises(ValueError):
        parse_speeds(["residential=fast"])


def test_pbf_and_graphml_give_the_same_network(tmp_path):
    import osmium

    pbf = tmp_path / "hand.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(HAND)):
            writer.add(obj)
    assert import_roads(pbf).roads == import_roads(HAND).roads
    # GraphML as osmnx writes it: x = lon, y = lat, edge length in metres, highway class
    g = nx.MultiDiGraph()
    for node, (lon, lat) in {"1": (0, 0), "2": (0.01, 0), "3": (0.02, 0)}.items():
        g.add_node(node, x=lon, y=lat)
    g.add_edge("1", "2", highway="primary", length=EQ_M, name="Main Road")
    g.add_edge("2", "3", highway="['secondary', 'primary']", length=2 * EQ_M)
    path = tmp_path / "net.graphml"
    nx.write_graphml(g, path)
    roads = {(r["from"], r["to"]): r["minutes"] for r in import_roads(path).roads}
    assert roads == {("n1", "n2"): round(minutes(EQ_M, MAIN), 3), ("n2", "n3"): round(minutes(2 * EQ_M, SPEEDS_KMH["secondary"]), 3)}


def test_unreadable_and_unknown_files_are_named(tmp_path):
    with pytest.raises(RoadFileError) as err:
        import_roads(tmp_path / "none.osm")
    assert err.value.key == "import.file_missing"
    bad = tmp_path / "bad.osm"
    bad.write_text("<osm><way id='1'><nd ref=", encoding="utf-8")
    with pytest.raises(RoadFileError) as err:
        import_roads(bad)
    assert err.value.key == "import.roads_unreadable"


SCENARIO = """
schema_version: 1
meta: {{id: oakland, title: {{zh: 西奥克兰, en: West Oakland}}, description: {{zh: 导入路网, en: Imported roads}}, seed: 1, horizon: 600}}
command:
  units:
    - {{id: hq, name: {{zh: 指挥部, en: HQ}}, level: township, place: area}}
teams:
  - {{id: t1, name: {{zh: 一队, en: Team 1}}, type: comprehensive, size: 10, base: {base}, capabilities: [pumping]}}
incidents:
  - id: flood
    name: {{zh: 内涝, en: Flooding}}
    hazard: flood
    schedule: [10]
    places: [{site}]
    needs: [{{capability: pumping, on_scene_minutes: 30}}]
"""


def test_real_extract_imported_validates_and_runs(tmp_path):
    out = tmp_path / "roads.yaml"
    res = CliRunner().invoke(app, ["import", "roads", str(OAKLAND), "--out", str(out), "--parent", "area", "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert "36 个路口、43 条道路" in res.output
    fragment = yaml.safe_load(out.read_text(encoding="utf-8"))
    base, site = fragment["places"][0]["id"], fragment["places"][-1]["id"]
    data = yaml.safe_load(SCENARIO.format(base=base, site=site))
    area = {"id": "area", "name": {"zh": "片区", "en": "Area"}, "level": "township", "lon": -122.3, "lat": 37.8075}
    data.update(places=[area, *fragment["places"]], roads=fragment["roads"])
    scenario = parse_scenario(yaml.safe_dump(data, allow_unicode=True))
    assert all(p.lon is not None for p in scenario.places)
    # kilometres from lon/lat: the east-west span is the longitude span times 111.32 km * cos(latitude)
    lons = [p.lon for p in scenario.places]
    xs = [p.x for p in scenario.places]
    expected = (max(lons) - min(lons)) * 111.32 * math.cos(math.radians(37.8075))
    assert max(xs) - min(xs) == pytest.approx(expected, rel=0.01)
    assert min(xs) == pytest.approx(-max(xs), rel=0.01)  # centred on the places' bounding box
    g = graph_of(fragment["roads"])
    assert nx.is_connected(g)
    events = simulate(scenario, 1).events
    kinds = set(events["kind"])
    assert {"team_arrived", "incident_closed"} <= kinds  # the team drove the imported roads to the site and finished
