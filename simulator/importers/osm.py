"""Road ways out of an OpenStreetMap file: XML (``.osm``, ``.osm.bz2``, ``.osm.gz``), PBF, or GraphML.

OSM XML and PBF are read with pyosmium (libosmium: one streaming reader for
both, about 2 MB installed, against osmnx's geopandas stack); GraphML (as
osmnx writes it, nodes with ``x`` = lon and ``y`` = lat) with networkx.
Only ways tagged ``highway=`` with a class in the speed table are kept; a
way's nodes outside the extract (no location) cut it there.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

OSM_SUFFIXES = (".osm", ".osm.bz2", ".osm.gz", ".pbf", ".osm.pbf", ".xml")


@dataclass
class Way:
    """A run of located nodes along one road: ``nodes`` are ids, ``lonlat`` their positions."""

    highway: str
    nodes: list[str]
    name: dict[str, str] = field(default_factory=dict)  # "" (local), "zh", "en"
    length_m: list[float] | None = None  # per step, when the file gives it (GraphML); else measured


@dataclass
class Ways:
    ways: list[Way]
    lonlat: dict[str, tuple[float, float]]


class RoadFileError(Exception):
    """The file could not be read as a road network (its reason in ``key``/``params`` for i18n)."""

    def __init__(self, key: str, **params):
        self.key, self.params = key, params
        super().__init__(f"{key} {params}")


def read_ways(path: str | Path, classes) -> Ways:
    """The highway ways of ``path`` whose class is in ``classes``."""
    path = Path(path)
    if not path.is_file():
        raise RoadFileError("import.file_missing", file=str(path))
    name = path.name.lower()
    if name.endswith(".graphml"):
        return _graphml(path, classes)
    if name.endswith(OSM_SUFFIXES):
        return _osmium(path, classes)
    raise RoadFileError("import.roads_format", file=str(path))


def _names(tags) -> dict[str, str]:
    out = {}
    for key, lang in (("name", ""), ("name:zh", "zh"), ("name:en", "en")):
        value = tags.get(key)
        if value:
            out[lang] = value
    return out


def _osmium(path: Path, classes) -> Ways:
    import osmium  # imported here: only road imports need it

    ways: list[Way] = []
    lonlat: dict[str, tuple[float, float]] = {}
    try:
        for obj in osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY).with_locations():
            if not obj.is_way() or obj.tags.get("highway") not in classes:
                continue
            run: list[str] = []
            for node in obj.nodes:
                if not node.location.valid():  # outside the extract: the way breaks here
                    if len(run) > 1:
                        ways.append(Way(obj.tags["highway"], run, _names(obj.tags)))
                    run = []
                    continue
                nid = str(node.ref)
                lonlat[nid] = (node.lon, node.lat)
                run.append(nid)
            if len(run) > 1:
                ways.append(Way(obj.tags["highway"], run, _names(obj.tags)))
    except RuntimeError as exc:  # libosmium's parse errors
        raise RoadFileError("import.roads_unreadable", file=str(path), reason=str(exc)) from None
    return Ways(ways, lonlat)


def _first(value):
    """osmnx writes a merged edge's several classes or names as a Python list in text."""
    if isinstance(value, str) and value.startswith("["):
        try:
            items = ast.literal_eval(value)
            return items[0] if items else None
        except (ValueError, SyntaxError):
            return value
    return value


def _graphml(path: Path, classes) -> Ways:
    import networkx as nx

    try:
        graph = nx.read_graphml(path)
    except Exception as exc:  # networkx raises bare XML and key errors
        raise RoadFileError("import.roads_unreadable", file=str(path), reason=str(exc)) from None
    lonlat: dict[str, tuple[float, float]] = {}
    for node, data in graph.nodes(data=True):
        try:
            lonlat[str(node)] = (float(data["x"]), float(data["y"]))
        except (KeyError, ValueError):
            raise RoadFileError("import.graphml_node", file=str(path), node=str(node)) from None
    ways = []
    for u, v, data in graph.edges(data=True):
        highway = _first(data.get("highway"))
        if highway not in classes:
            continue
        length = data.get("length")
        name = _first(data.get("name"))
        ways.append(Way(highway, [str(u), str(v)], {"": name} if name else {}, [float(length)] if length is not None else None))
    return Ways(ways, lonlat)
