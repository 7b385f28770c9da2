"""Longitude/latitude to the scenario's kilometre plane, and back (pyproj).

A scenario may give its places as longitude/latitude (WGS 84, EPSG:4326)
instead of kilometres. They are projected with a transverse Mercator
centred on the middle of the places' bounding box (``+proj=tmerc`` on the
WGS 84 ellipsoid, scale 1, kilometres): across a district or a city
(tens of kilometres) its distances are exact to well under 0.1 %, and the
centre is taken from the places themselves so the same file always gives
the same kilometres (an exported and re-imported scenario is identical).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache


def origin_of(lonlats: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """The centre of the bounding box of ``(lon, lat)`` pairs."""
    pts = list(lonlats)
    lons = [p[0] for p in pts]
    lats = [p[1] for p in pts]
    return ((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)


@lru_cache(maxsize=32)
def _transformer(lon0: float, lat0: float, inverse: bool):
    from pyproj import CRS, Transformer  # only scenarios with lon/lat pay its import

    local = CRS.from_proj4(f"+proj=tmerc +lat_0={lat0!r} +lon_0={lon0!r} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=km +no_defs")
    src, dst = ("EPSG:4326", local) if not inverse else (local, "EPSG:4326")
    return Transformer.from_crs(src, dst, always_xy=True)


def to_km(lonlats: Sequence[tuple[float, float]], origin: tuple[float, float]) -> list[tuple[float, float]]:
    """``(lon, lat)`` pairs as ``(x, y)`` kilometres east and north of ``origin``."""
    if not lonlats:
        return []
    xs, ys = _transformer(*origin, False).transform([p[0] for p in lonlats], [p[1] for p in lonlats])
    return [(float(x), float(y)) for x, y in zip(xs, ys)]


def to_lonlat(points: Sequence[tuple[float, float]], origin: tuple[float, float]) -> list[tuple[float, float]]:
    """The inverse of :func:`to_km`."""
    if not points:
        return []
    lons, lats = _transformer(*origin, True).transform([p[0] for p in points], [p[1] for p in points])
    return [(float(a), float(b)) for a, b in zip(lons, lats)]
