"""Hazard time series 监测数据: named readings over time (rainfall, river level) at a place.

A contingency plan's trigger may name a series and a threshold ("hourly
rainfall at the Zhengzhou station reaches 50 mm"). The readings are known in
advance (they are the scenario's weather), so the minute a threshold is
first reached is computed once, here, and the plan engine sets one timer.

The rule between readings (``interpolation``):

- ``linear``: the value changes linearly from one point to the next, so a
  threshold between two readings is reached part way (v0 + (v1 - v0) *
  (t - t0) / (t1 - t0));
- ``step``: a reading holds until the next one (a gauge read once an hour).

Before the first point there is no reading (nothing can be reached); after
the last, the last reading holds. Points must be in strictly increasing time.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id, Minutes, Text

SeriesQuantity = Literal["rainfall_mm_per_hour", "rainfall_mm", "river_level_m", "water_depth_m", "wind_m_per_s"]
Reading = Annotated[float, Field(ge=-1e6, le=1e6, allow_inf_nan=False)]


class HazardSeries(Frozen):
    """Readings of one quantity at one place, as (minute, value) points."""

    id: Id
    name: Text
    quantity: SeriesQuantity
    place: Id
    interpolation: Literal["linear", "step"] = "linear"
    points: Annotated[tuple[tuple[Minutes, Reading], ...], Field(min_length=1)]

    @field_validator("points")
    @classmethod
    def _increasing(cls, points):
        for (t0, _), (t1, _) in zip(points, points[1:]):
            if t1 <= t0:
                raise PydanticCustomError("series_not_increasing", "the points' minutes must increase ({t0} then {t1})", {"t0": t0, "t1": t1})
        return points


def value_at(series: HazardSeries, minute: float) -> float | None:
    """The reading at ``minute`` by the series' rule; None before the first point."""
    points = series.points
    if minute < points[0][0]:
        return None
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        if t0 <= minute < t1:
            if series.interpolation == "step":
                return v0
            return v0 + (v1 - v0) * (minute - t0) / (t1 - t0)
    return points[-1][1]


def crossing(series: HazardSeries, threshold: float, after: float = 0.0) -> float | None:
    """The first minute at or after ``after`` when the reading is at least ``threshold``; None: never.

    Linear: inside a rising segment from v0 < threshold to v1 >= threshold the
    minute is t0 + (threshold - v0) / (v1 - v0) * (t1 - t0).
    """
    points = series.points
    if after > points[-1][0]:
        return after if points[-1][1] >= threshold else None
    now = value_at(series, after)
    if now is not None and now >= threshold:
        return after
    for (t0, v0), (t1, v1) in zip(points, points[1:]):
        if t1 < after:
            continue
        if t0 >= after and v0 >= threshold:
            return t0
        if series.interpolation == "linear" and v0 < threshold <= v1:
            found = t0 + (threshold - v0) / (v1 - v0) * (t1 - t0)
            if found >= after:
                return found
        if series.interpolation == "step" and v1 >= threshold and t1 >= after:
            return t1
    last_t, last_v = points[-1]
    if last_t >= after and last_v >= threshold:
        return last_t
    return None
