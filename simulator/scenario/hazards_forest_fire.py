"""The ``forest_fire:`` section 森林火灾: a fire front spreading over places by wind, slope and fuel.

The fire spreads over a graph of places (``cells``: forest cells and the
villages at their edge) along the ``spread`` links. The rate of spread
along a link from ``a`` to ``b`` follows the Wang Zhengfei model 王正非林火
蔓延模型 (Wang Zhengfei 1983, the base of most Chinese spread models and of
their cellular-automaton versions, e.g. Sun et al., "Mountains forest fire
spread simulator based on geo-cellular automaton combined with Wang
Zhengfei velocity model", IEEE JSTARS 6(4), 2013):

    R = R0 x Ks x Kw x Kphi                       (metres a minute)

- ``R0``: the initial rate of spread on flat ground without wind, from the
  day's weather (``r0_m_per_min``; a Beijing study of the model took R0 >=
  0.6 m/min as the fire-danger threshold: Journal of Beijing Forestry
  University 30(S1), 2008);
- ``Ks``: the fuel-type correction 可燃物配置格局更正系数 of the cell burnt
  into (``cells[].fuel``; the model's table runs from 0.8 for flat conifer
  litter to 2.0 for pasture grass);
- ``Kw = exp(0.1783 x V x cos(theta))``: the wind correction for a wind of V
  m/s, theta the angle between the direction the wind blows toward and the
  link (a head wind gives Kw < 1);
- ``Kphi = exp(3.533 x tan(phi) ^ 1.2)`` for a link rising at slope phi
  (from the cells' elevations and the horizontal distance), and its inverse
  ``exp(-3.533 x tan|phi| ^ 1.2)`` going downhill (this model's choice for
  downhill: fire runs up a slope and creeps down). A link steeper than
  ``MAX_SLOPE_DEG`` either way is refused: the factor grows as
  exp(tan^1.2), so a cliff between two cells would make the front cross it
  in no time (and overflow beyond a rise of about 83); a link of zero length
  (two cells at the same coordinates, no ``distance_m``) has no slope at all.

The time along a link is its length over R, so the minute the front
reaches each cell is a shortest path over link times from the ignition
(Dijkstra), computed once and kept up to date by one timer per burning
link: the wind may change at given minutes (``wind``), and suppression
changes the rate on the links leaving a cell (``suppression``):

- each team with ``suppression.capability`` working at a burning cell (on
  scene of its fire incident) multiplies the rate of every link leaving it
  by ``rate_factor``; ``hold_teams`` such teams at once hold the front there
  (rate 0: 控制火线); when every team asked for that capability has finished
  its work the cell is put out 扑灭 and spreads no more.

Each cell the front reaches becomes an incident ``fire_<place>`` (the
forest-fire HQ leads: hazard ``forest_fire``, Zhengzhou's "1+12") with the
section's needs; in a cell where people live, ``trapped_share`` of those
still at home are trapped. A place of ``evacuation.places`` without its own
``hazard_minute`` is reached by the hazard when the front arrives, so the
sheltered-before-hazard KPI measures the evacuation against the fire.
``warnings`` are issued by ``warnings_by`` when the front, as predicted now
(current rates, no further suppression), is ``lead_minutes`` from a place:
contingency plans trigger on their colour (e.g. evacuate at orange).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id, Minutes, Text
from simulator.scenario.distributions import Dist
from simulator.scenario.problems import Problem
from simulator.scenario.response import Need
from simulator.scenario.vocabulary import Capability, ResponseLevel, WarningLevel

# The steepest link accepted, this simulator's bound (not the model's: Wang Zhengfei's slope factor is
# fitted on hillside fires): at 60 degrees (tan 1.73) Kphi is already about 900, a front crossing in
# minutes what takes hours on the flat; steeper ground is a cliff the surface fire does not climb as such.
MAX_SLOPE_DEG = 60.0
Fuel = Annotated[float, Field(gt=0, le=10, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class FireIgnition(Frozen):
    place: Id
    minute: Minutes = 0


class FireWind(Frozen):
    """The wind from ``minute`` on: its speed and the direction it blows toward (degrees clockwise from north)."""

    minute: Minutes = 0
    speed_m_s: Annotated[float, Field(ge=0, le=60, allow_inf_nan=False)]
    toward_deg: Annotated[float, Field(ge=0, lt=360, allow_inf_nan=False)] = 0.0


class FireCell(Frozen):
    place: Id
    fuel: Fuel = Field(default=1.0, description="Ks, the fuel-type correction of the Wang Zhengfei model")
    elevation_m: Annotated[float, Field(ge=-500, le=9000, allow_inf_nan=False)] = 0.0
    level: ResponseLevel | None = Field(default=None, description="its fire incident's response level; default the section's")


class FireLink(Frozen):
    """The front may cross between two cells, either way."""

    source: Id = Field(alias="from")
    target: Id = Field(alias="to")
    distance_m: Annotated[float, Field(gt=0, le=100_000, allow_inf_nan=False)] | None = Field(
        default=None, description="horizontal distance; default from the places' coordinates"
    )


class FireSuppression(Frozen):
    capability: Capability = "fire"
    rate_factor: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = Field(
        default=0.5, description="each such team on scene multiplies the rate of the links leaving the cell by this"
    )
    hold_teams: Annotated[int, Field(ge=1, le=50)] = Field(default=2, description="this many such teams on scene at once stop the front there")


class FireIncident(Frozen):
    """What a cell the front reaches asks for: needs, and the share of those still at home who are trapped."""

    level: ResponseLevel = "III"
    needs: tuple[Need, ...] = ()
    trapped_share: Share = 0.0
    rescue_capability: Capability = "fire"
    detection_minutes: Dist = Dist(dist="fixed", value=0)


class FireWarning(Frozen):
    level: WarningLevel
    place: Id = Field(description="the place whose predicted front arrival the warning looks at")
    lead_minutes: Annotated[float, Field(gt=0, le=10080, allow_inf_nan=False)]


class ForestFire(Frozen):
    name: Text
    ignition: FireIgnition
    r0_m_per_min: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = Field(description="R0: rate of spread on flat ground without wind")
    wind: Annotated[tuple[FireWind, ...], Field(min_length=1)] = (FireWind(speed_m_s=0),)
    cells: Annotated[tuple[FireCell, ...], Field(min_length=2)]
    spread: Annotated[tuple[FireLink, ...], Field(min_length=1)]
    suppression: FireSuppression = FireSuppression()
    incident: FireIncident = FireIncident()
    warnings_by: Id | None = Field(default=None, description="the unit issuing the fire warnings (the forest-fire HQ)")
    warnings: tuple[FireWarning, ...] = ()

    @field_validator("wind")
    @classmethod
    def _wind_in_order(cls, wind):
        if wind[0].minute != 0:
            raise PydanticCustomError("forest_fire_wind_start", "the first wind is the wind at minute 0 (minute: 0)", {})
        for a, b in zip(wind, wind[1:]):
            if b.minute <= a.minute:
                raise PydanticCustomError("forest_fire_wind_order", "the wind's minutes must increase ({t0} then {t1})", {"t0": a.minute, "t1": b.minute})
        return wind

    @model_validator(mode="after")
    def _warnings_have_issuer(self) -> "ForestFire":
        if self.warnings and self.warnings_by is None:
            raise PydanticCustomError("forest_fire_warnings_by", "fire warnings need the unit that issues them (warnings_by)", {})
        return self


def check_forest_fire(sc) -> Iterator[Problem]:
    """Cells, links, the ignition and the warnings name known places; links join cells; the issuer is a unit."""
    spec = sc.forest_fire
    if spec is None:
        return
    places = {p.id for p in sc.places}
    cells: set[str] = set()
    for i, cell in enumerate(spec.cells):
        if cell.place not in places:
            yield Problem(("forest_fire", "cells", i, "place"), "unknown_place", {"ref": cell.place})
        elif cell.place in cells:
            yield Problem(("forest_fire", "cells", i, "place"), "forest_fire_cell_twice", {"ref": cell.place})
        cells.add(cell.place)
    for i, link in enumerate(spec.spread):
        for end, field in ((link.source, "from"), (link.target, "to")):
            if end not in cells:
                yield Problem(("forest_fire", "spread", i, field), "forest_fire_not_a_cell", {"ref": end})
        if link.source == link.target:
            yield Problem(("forest_fire", "spread", i, "to"), "forest_fire_link_loop", {"ref": link.target})
        else:
            yield from _link_geometry(sc, i, link)
    if spec.ignition.place not in cells:
        yield Problem(("forest_fire", "ignition", "place"), "forest_fire_not_a_cell", {"ref": spec.ignition.place})
    for i, warning in enumerate(spec.warnings):
        if warning.place not in cells:
            yield Problem(("forest_fire", "warnings", i, "place"), "forest_fire_not_a_cell", {"ref": warning.place})
    if spec.warnings_by is not None and spec.warnings_by not in {u.id for u in sc.command.units}:
        yield Problem(("forest_fire", "warnings_by"), "unknown_unit", {"ref": spec.warnings_by})


def _link_geometry(sc, i: int, link) -> Iterator[Problem]:
    """A link's horizontal length (its ``distance_m``, else its places' distance) must be positive, and its
    slope between the cells' elevations at most MAX_SLOPE_DEG (as simulator.models.hazards.fire_spread.edges_of)."""
    where = {p.id: p for p in sc.places}
    height = {c.place: c.elevation_m for c in sc.forest_fire.cells}
    if link.source not in height or link.target not in height or link.source not in where or link.target not in where:
        return  # reported as unknown places or not cells
    a, b = where[link.source], where[link.target]
    metres = link.distance_m if link.distance_m is not None else math.hypot(b.x - a.x, b.y - a.y) * 1000.0
    if metres <= 0:
        yield Problem(("forest_fire", "spread", i), "forest_fire_link_no_length", {"source": link.source, "target": link.target})
        return
    degrees = math.degrees(math.atan(abs(height[link.target] - height[link.source]) / metres))
    if degrees > MAX_SLOPE_DEG:
        yield Problem(("forest_fire", "spread", i), "forest_fire_link_too_steep",
                      {"source": link.source, "target": link.target, "degrees": round(degrees, 1), "limit": MAX_SLOPE_DEG})
