"""Resource lists from sheets: the Excel round trip, clear row errors, lon/lat places projected and snapped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from simulator.cli import app
from simulator.importers.assemble import assemble
from simulator.importers.problems import ImportProblems
from simulator.importers.sheets import read_tables
from simulator.importers.workbook import write_workbook
from simulator.scenario import ScenarioError, load_scenario, parse_scenario

ROOT = Path(__file__).parents[2]
FLAGSHIP = ROOT / "scenarios" / "urban_rainstorm.yaml"
STREET = ROOT / "scenarios" / "street_command.yaml"


@pytest.mark.parametrize("path", [FLAGSHIP, STREET], ids=lambda p: p.stem)
def test_excel_round_trip_gives_the_same_scenario(tmp_path, path):
    scenario = load_scenario(path)
    book = tmp_path / "lists.xlsx"
    res = CliRunner().invoke(app, ["export", str(path), "--xlsx", str(book), "--lang", "zh"])
    assert res.exit_code == 0 and "场景的各项清单" in res.output, res.output
    emptied = scenario.model_copy(update={"teams": (), "depots": (), "shelters": ()})  # the workbook must bring them back
    assert emptied != scenario
    back = assemble(emptied, read_tables([book]))
    assert back.scenario == scenario
    assert back.warnings == []
    # and through the command line, to a file that loads as the same scenario
    out = tmp_path / "again.yaml"
    res = CliRunner().invoke(app, ["import", "resources", str(book), "--into", str(path), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert load_scenario(out) == scenario


def test_workbook_columns_are_documented_and_editable(tmp_path):
    scenario = load_scenario(STREET)
    book = load_workbook(write_workbook(scenario, tmp_path / "lists.xlsx"))
    assert book.sheetnames == ["places", "roads", "units", "teams", "depots", "shelters", "stock"]
    header = [c.value for c in book["teams"][1]]
    assert header[:4] == ["id", "name_zh", "name_en", "type"] and "capabilities" in header
    first = dict(zip(header, [c.value for c in book["teams"][2]]))
    team = scenario.teams[0]
    assert first["name_zh"] == team.name.zh and first["capabilities"] == ";".join(team.capabilities)
    stock = [[c.value for c in row] for row in book["stock"].iter_rows(min_row=2)]
    assert len(stock) == sum(len(d.stock) for d in scenario.depots)


def _broken_workbook(tmp_path) -> Path:
    """A wrong column in teams, a team whose base is no place, and a unit id used twice."""
    path = write_workbook(load_scenario(STREET), tmp_path / "broken.xlsx")
    book = load_workbook(path)
    teams = book["teams"]
    header = [c.value for c in teams[1]]
    teams.cell(1, len(header) + 1, "crew_size")  # wrong column (the format says size)
    teams.cell(3, header.index("base") + 1, "nowhere")  # row 3: base missing from places
    units = book["units"]
    units.append([c.value for c in units[2]])  # a last row repeating row 2 (its id twice)
    book.save(path)
    return path


def test_three_mistakes_give_three_errors_with_rows(tmp_path):
    book = _broken_workbook(tmp_path)
    base = load_scenario(STREET)
    with pytest.raises(ImportProblems) as err:
        assemble(base, read_tables([book]))
    found = sorted((p.file.rsplit("[", 1)[-1], p.row, p.column) for p in err.value.problems)
    last = load_workbook(book)["units"].max_row
    assert found == [("teams]", 1, "crew_size"), ("teams]", 3, "base"), ("units]", last, "id")]


def test_the_three_errors_read_in_en_and_zh(tmp_path):
    book = _broken_workbook(tmp_path)
    out = tmp_path / "out.yaml"
    res = CliRunner().invoke(app, ["import", "resources", str(book), "--into", str(STREET), "--out", str(out), "--lang", "zh"])
    assert res.exit_code == 2 and not out.exists()
    assert f"{book}[teams]:第1行: crew_size: 未知的列" in res.output
    assert f"{book}[teams]:第3行: base: 队伍 'c1_volunteers' 的驻地 'nowhere' 未定义" in res.output
    res = CliRunner().invoke(app, ["import", "resources", str(book), "--into", str(STREET), "--out", str(out), "--lang", "en"])
    assert res.exit_code == 2 and not out.exists()
    assert f"{book}[teams]:row 3: base: team 'c1_volunteers' is based at unknown place 'nowhere'" in res.output
    unit, last = load_scenario(STREET).command.units[0].id, load_workbook(book)["units"].max_row
    assert f"{book}[units]:row {last}: id: id '{unit}' is used twice" in res.output
    assert "3 problem(s); nothing was written" in res.output


def test_csv_and_geojson_places_in_lonlat_are_projected_and_snapped(tmp_path):
    roads = CliRunner().invoke(app, ["import", "roads", str(ROOT / "tests/data/osm/hand.osm"), "--out", str(tmp_path / "r.yaml"), "--parent", "area"])
    assert roads.exit_code == 0, roads.output
    fragment = yaml.safe_load((tmp_path / "r.yaml").read_text(encoding="utf-8"))
    scenario = {
        "schema_version": 1,
        "meta": {"id": "eq", "title": {"zh": "赤道", "en": "Equator"}, "description": {"zh": "测试", "en": "test"}, "horizon": 600},
        "places": [{"id": "area", "name": {"zh": "片区", "en": "Area"}, "level": "township", "lon": 0.01, "lat": 0.005}, *fragment["places"]],
        "roads": fragment["roads"],
        "command": {"units": [{"id": "hq", "name": {"zh": "指挥部", "en": "HQ"}, "level": "township", "place": "area"}]},
    }
    base = parse_scenario(yaml.safe_dump(scenario, allow_unicode=True))
    # a CSV of places in lon/lat (GB18030, as Excel saves it on Chinese Windows) and a depot from GeoJSON
    csv = tmp_path / "places.csv"
    rows = ["id,name_zh,name_en,level,parent,lon,lat"] + [f"{p['id']},{p['name']['zh']},{p['name']['en']},grid,area,{p['lon']},{p['lat']}" for p in fragment["places"]]
    rows += ["area,片区,Area,township,,0.01,0.005", "school,学校,School,village,area,0.0101,0.0001", "farm,农场,Farm,village,area,0.05,0.05"]
    csv.write_bytes("\n".join(rows).encode("gb18030"))
    geo = tmp_path / "depots.geojson"
    feature = {"type": "Feature", "geometry": None, "properties": {"id": "d1", "name_zh": "仓库", "name_en": "Store", "tier": "township", "place": "school"}}
    geo.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    result = assemble(base, read_tables([csv, geo]), lang="en")
    sc = result.scenario
    school = sc.place("school")
    b = sc.place("n2")  # junction B at (0.01, 0)
    assert (school.x - b.x, school.y - b.y) == pytest.approx((0.0001 * 111.319, 0.0001 * 110.574), rel=1e-3)
    link = {(r.source, r.target): r.minutes for r in sc.roads}
    assert ("school", "n2") in link  # nearest junction: B (0.01, 0)
    km = ((0.0001 * 111.319) ** 2 + (0.0001 * 110.574) ** 2) ** 0.5
    assert link[("school", "n2")] == pytest.approx(km / 20 * 60, abs=1e-3)
    assert ("farm", "n4") in link  # far away: linked to D, with a warning naming both
    assert len(result.warnings) == 1 and result.warnings[0].startswith("Farm is ") and "Back Lane / Side Street" in result.warnings[0]
    assert sc.depots[0].place == "school"
    # through the command line: the written file has lon/lat only, and loads as the same scenario
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
    res = CliRunner().invoke(app, ["import", "resources", str(csv), str(geo), "--into", str(tmp_path / "base.yaml"), "--out", str(tmp_path / "mine.yaml")])
    assert res.exit_code == 0, res.output
    assert "Farm is " in res.output
    written = yaml.safe_load((tmp_path / "mine.yaml").read_text(encoding="utf-8"))
    assert all("x" not in p and "lon" in p for p in written["places"])
    assert load_scenario(tmp_path / "mine.yaml") == sc


def test_lonlat_and_km_places_cannot_mix():
    text = """
schema_version: 1
meta: {id: m, title: {zh: 混合, en: Mixed}, description: {zh: 测试, en: test}, horizon: 60}
places:
  - {id: a, name: {zh: 甲, en: A}, level: township, lon: 113.6, lat: 34.7}
  - {id: b, name: {zh: 乙, en: B}, level: village, parent: a, lon: 113.7, lat: 34.7}
  - {id: c, name: {zh: 丙, en: C}, level: village, parent: a, x: 3, y: 4}
command:
  units: [{id: hq, name: {zh: 指挥部, en: HQ}, level: township, place: a}]
"""
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "mixed.yaml")
    assert err.value.render("en").startswith("mixed.yaml:7: places[2]: place 'c' is in kilometres")
    assert "所有地点须使用同一种坐标" in err.value.render("zh")
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text.replace("x: 3, y: 4", "lon: 113.65"), "half.yaml")
    assert err.value.render("en") == "half.yaml:7: places[2]: give both lon and lat (or x and y in km)"
    ok = parse_scenario(text.replace("x: 3, y: 4", "lon: 113.65, lat: 34.8"))
    a, b = ok.place("a"), ok.place("b")
    assert b.x - a.x == pytest.approx(0.1 * 111.32 * 0.8221, rel=2e-3)  # cos(34.7 degrees) = 0.8221


def test_geojson_points_are_places_and_errors_name_the_feature(tmp_path):
    base = load_scenario(STREET)
    first = base.places[0]
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [113.60, 34.70]}, "properties": {"id": "a", "name_zh": "甲", "name_en": "A", "level": "city"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [113.61, 34.71]}, "properties": {"id": "b", "name_zh": "乙", "name_en": "B", "level": "hamlet", "parent": "a"}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "properties": {"id": "c", "name_zh": "丙", "name_en": "C", "level": "village", "parent": "a"}},
    ]
    path = tmp_path / "places.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    with pytest.raises(ImportProblems) as err:
        assemble(base, read_tables([path]))
    said = err.value.render("en")
    assert f"{path}:feature 2: level: " in said and "hamlet" in said
    assert f"{path}:feature 3: geometry: a LineString geometry" in said
    assert f"{path}:第2个要素: level:" in err.value.render("zh")
    assert first.id  # the base scenario is untouched
    features[1]["properties"]["level"] = "village"
    features.pop()
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    tables = read_tables([path])
    assert tables[0].rows[0] == (1, {"id": "a", "name_zh": "甲", "name_en": "A", "level": "city", "lon": 113.60, "lat": 34.70})


def test_cli_bad_input_exits_2_and_writes_nothing(tmp_path):
    out = tmp_path / "r.yaml"
    runner = CliRunner()
    res = runner.invoke(app, ["import", "roads", str(ROOT / "tests/data/osm/hand.osm"), "--out", str(out), "--speed", "residential=-3", "--lang", "zh"])
    assert res.exit_code == 2 and "--speed residential=-3:应写作 等级=时速" in res.output and not out.exists()
    res = runner.invoke(app, ["import", "roads", str(tmp_path / "none.pbf"), "--out", str(out)])
    assert res.exit_code == 2 and "none.pbf: no such file" in res.output and not out.exists()
    res = runner.invoke(app, ["import", "roads", str(ROOT / "tests/data/osm/hand.osm"), "--out", str(out), "--speed", "primary=0.0001", "--speed", "residential=1"])
    assert res.exit_code == 0  # slow roads are still roads
    res = runner.invoke(app, ["import", "resources", str(tmp_path / "lists.docx"), "--into", str(STREET), "--out", str(out)])
    assert res.exit_code == 2 and "not a resource file this command reads" in res.output
