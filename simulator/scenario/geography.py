"""Places and roads: the geography every other section refers to.

A place is given either in kilometres (``x``, ``y``) or as longitude and
latitude (``lon``, ``lat``, WGS 84). With lon/lat, ``x``/``y`` are derived by
:mod:`simulator.scenario.projection` when the file is loaded (lon/lat win over
any x/y written beside them), so the rest of the simulator works in kilometres.
A scenario uses one kind for all its places: kilometres have no anchor on the
earth, so mixing them with lon/lat would place things arbitrarily.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field, model_serializer, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id, Text
from simulator.scenario.vocabulary import Level


def _x_y_or_lon_lat(schema: dict) -> None:
    """Editors' schema: a place needs x and y, or lon and lat (x/y are derived from lon/lat on loading)."""
    schema["required"] = [k for k in schema.get("required", []) if k not in ("x", "y")]
    schema["anyOf"] = [{"required": ["x", "y"]}, {"required": ["lon", "lat"]}]


class Place(Frozen):
    model_config = ConfigDict(**Frozen.model_config, json_schema_extra=_x_y_or_lon_lat)

    id: Id
    name: Text
    level: Level
    parent: Id | None = None
    x: float = Field(description="east coordinate, km (derived from lon/lat when they are given)")
    y: float = Field(description="north coordinate, km (derived from lon/lat when they are given)")
    lon: Annotated[float, Field(ge=-180, le=180)] | None = Field(default=None, description="longitude, degrees east (WGS 84)")
    lat: Annotated[float, Field(ge=-85, le=85)] | None = Field(default=None, description="latitude, degrees north (WGS 84)")
    population: Annotated[int, Field(ge=0)] = 0
    grid_workers: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="grid workers (网格员) here; 0: incidents found by the public; absent: detection as the source states it"
    )

    @model_validator(mode="before")
    @classmethod
    def _lon_with_lat(cls, data):
        """lon without lat (or the reverse) is said as such, not as a missing x/y."""
        if isinstance(data, dict) and (data.get("lon") is None) != (data.get("lat") is None):
            raise PydanticCustomError("lonlat_pair", "give both lon and lat", {})
        return data

    @model_serializer(mode="wrap")
    def _without_absent_lonlat(self, handler):
        """A place in kilometres dumps as before lon/lat existed: scenario hashes of stored runs stay the same."""
        data = handler(self)
        for key in ("lon", "lat"):
            if data.get(key, 0) is None:
                del data[key]
        return data


class Road(Frozen):
    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    minutes: Annotated[float, Field(gt=0, allow_inf_nan=False)]


def _lonlat(place: object) -> tuple[float, float] | None:
    """A raw place's valid lon/lat (numbers, or numbers in text as a CSV gives them), else None (pydantic reports it)."""
    if not isinstance(place, dict):
        return None
    try:
        values = [place.get(k) for k in ("lon", "lat")]
        if any(v is None or isinstance(v, bool) for v in values):
            return None
        lon, lat = (float(v) for v in values)
    except (TypeError, ValueError):
        return None
    return (lon, lat) if -180 <= lon <= 180 and -85 <= lat <= 85 else None


def with_km(data: Any) -> Any:
    """Raw scenario data with x/y filled in for every place given by lon/lat (before validation)."""
    if not isinstance(data, dict) or not isinstance(data.get("places"), (list, tuple)):
        return data
    from simulator.scenario.projection import origin_of, to_km

    places = list(data["places"])
    given = {i: ll for i, p in enumerate(places) if (ll := _lonlat(p)) is not None}
    if not given:
        return data
    xy = dict(zip(given, to_km(list(given.values()), origin_of(given.values()))))
    for i, (x, y) in xy.items():
        places[i] = {**places[i], "x": x, "y": y}
    return {**data, "places": places}


def check_coordinates(places) -> list:
    """A place in kilometres among places in lon/lat (or the reverse): one problem per odd one out."""
    from simulator.scenario.problems import Problem

    geo = [p.lon is not None and p.lat is not None for p in places]
    if all(geo) or not any(geo):
        return []
    odd = not (sum(geo) * 2 >= len(geo))  # the minority kind is the slip
    return [Problem(("places", i), "mixed_coordinates", {"id": p.id}) for i, p in enumerate(places) if geo[i] == odd]
