"""zh/en messages of real geography: lon/lat places, imported road networks and resource sheets, exports, geographic maps."""

from __future__ import annotations

GEO_MESSAGES: dict[str, dict[str, str]] = {
    # scenario checks (simulator.scenario.geography)
    "scenario.mixed_coordinates": {
        "en": "place '{id}' is in kilometres (x, y) while the others are in lon/lat, or the reverse: use one kind for all places",
        "zh": "地点 '{id}' 的坐标类型(公里 x、y 或经纬度 lon、lat)与其他地点不同:所有地点须使用同一种坐标",
    },
    "scenario.lonlat_pair": {"en": "give both lon and lat (or x and y in km)", "zh": "经度 lon 与纬度 lat 须同时给出(或给出公里坐标 x、y)"},
    # names of imported junctions (simulator.importers.roads)
    "import.junction_of": {"en": "{a} / {b}", "zh": "{a}与{b}交叉口"},
    "import.junction": {"en": "Junction {n}", "zh": "路口 {n}"},
    # reading road files (simulator.importers.osm)
    "import.file_missing": {"en": "{file}: no such file", "zh": "{file}:文件不存在"},
    "import.roads_format": {
        "en": "{file}: not a road file this command reads (.osm, .osm.bz2, .osm.gz, .pbf or .graphml)",
        "zh": "{file}:不是可读取的路网文件(支持 .osm、.osm.bz2、.osm.gz、.pbf、.graphml)",
    },
    "import.roads_unreadable": {"en": "{file}: cannot be read as a road network: {reason}", "zh": "{file}:无法读取为路网:{reason}"},
    "import.graphml_node": {"en": "{file}: node {node} has no x (longitude) and y (latitude)", "zh": "{file}:节点 {node} 缺少 x(经度)和 y(纬度)"},
    "import.no_roads": {"en": "{file}: no roads of the classes {classes}", "zh": "{file}:没有以下等级的道路:{classes}"},
    "import.bad_speed": {"en": "--speed {pair}: write CLASS=KMH with a positive speed, e.g. residential=20", "zh": "--speed {pair}:应写作 等级=时速(正数),例如 residential=20"},
    "import.roads_done": {
        "en": "{file}: {places} junctions and {roads} roads (from {nodes} road nodes; {dropped} outside the largest connected part left out)",
        "zh": "{file}:{places} 个路口、{roads} 条道路(由 {nodes} 个道路节点简化而来;{dropped} 个不在最大连通部分的节点未纳入)",
    },
    # resource sheets (simulator.importers.sheets, .assemble)
    "import.row": {"en": "row {n}", "zh": "第{n}行"},
    "import.feature": {"en": "feature {n}", "zh": "第{n}个要素"},
    "import.sheet_format": {"en": "not a resource file this command reads (.xlsx, .csv or .geojson)", "zh": "不是可读取的资源文件(支持 .xlsx、.csv、.geojson)"},
    "import.unreadable": {"en": "cannot be read: {reason}", "zh": "无法读取:{reason}"},
    "import.unknown_sheet": {"en": "'{sheet}' is not a list this command knows ({known})", "zh": "'{sheet}' 不是可导入的清单({known})"},
    "import.unknown_column": {"en": "unknown column; this sheet's columns are: {known}", "zh": "未知的列;此表可用的列为:{known}"},
    "import.not_json": {"en": "'{value}' is not valid JSON (this column holds a nested value)", "zh": "'{value}' 不是有效的 JSON(此列应填写嵌套值)"},
    "import.not_point": {"en": "a {type} geometry: only Point features give a place's lon/lat", "zh": "几何类型为 {type}:只有 Point 要素可给出地点经纬度"},
    "import.cell_missing": {"en": "required, but the cell is empty", "zh": "必填,但单元格为空"},
    "import.unknown_depot": {"en": "unknown depot '{ref}' (not in the depots sheet)", "zh": "未定义的储备库 '{ref}'(不在 depots 表中)"},
    "import.snap_far": {
        "en": "{place} is {km} km from the nearest road junction ({junction}): linked to it, check its coordinates",
        "zh": "{place}距最近的路口({junction}){km} 公里:已与其相连,请核对坐标",
    },
    "import.problems": {"en": "{count} problem(s); nothing was written", "zh": "共 {count} 个问题;未写出任何文件"},
    "import.resources_done": {"en": "{out}: written ({lists})", "zh": "{out}:已写出({lists})"},
    "export.done": {"en": "{out}: the scenario's lists ({lists})", "zh": "{out}:场景的各项清单({lists})"},
    # maps on geographic axes (simulator.viz.geo_map)
    "geo.lon": {"en": "longitude (°E)", "zh": "经度(°E)"},
    "geo.lat": {"en": "latitude (°N)", "zh": "纬度(°N)"},
    "geo.minute": {"en": "{t} min", "zh": "{t} 分钟"},
    "geo.time": {"en": "time: ", "zh": "时间:"},
    "geo.play": {"en": "▶ play", "zh": "▶ 播放"},
    "geo.over_time": {"en": "The drill over time", "zh": "态势演变"},
}
