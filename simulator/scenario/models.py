"""The root model of a scenario file, assembled from one module per section.

Every model is frozen and forbids unknown keys: a scenario is immutable once
loaded, and a misspelt key is an error rather than silently ignored. Variants
are made with ``model_copy(update=...)``. Cross-references between sections
(places, units, items ...) are checked in :mod:`simulator.scenario.references`
so that every problem is reported with its own path, not only the first.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from simulator.scenario.base import Frozen, Id, Minutes, Quantity, Text
from simulator.scenario.command import Command, Unit
from simulator.scenario.drills import (
    AddIncident,
    CloseRoad,
    Effect,
    Inject,
    Objective,
    OpenRoad,
)
from simulator.scenario.contingency import ContingencyPlan
from simulator.scenario.geography import Place, Road, with_km
from simulator.scenario.hazard_series import HazardSeries
from simulator.scenario.hazards_earthquake import Earthquake
from simulator.scenario.hazards_typhoon import Typhoon
from simulator.scenario.hazards_forest_fire import ForestFire
from simulator.scenario.hazards_chemical_release import ChemicalRelease
from simulator.scenario.kpis import KpiSettings
from simulator.scenario.publicity import PublicInformation
from simulator.scenario.seats import Seat
from simulator.scenario.response import IncidentSource, Need, Response, Team
from simulator.scenario.population import Evacuation
from simulator.scenario.shelters import Shelter
from simulator.scenario.supplies import Depot, Item, Logistics

SCHEMA_VERSION = 1

__all__ = [
    "SCHEMA_VERSION", "AddIncident", "CloseRoad", "Command", "Depot", "Effect", "Frozen", "Id",
    "IncidentSource", "Inject", "Item", "Meta", "Minutes", "Need", "Objective", "OpenRoad",
    "Place", "Quantity", "Road", "Scenario", "Team", "Text", "Unit",
]


class Meta(Frozen):
    id: Id
    title: Text
    description: Text
    seed: Annotated[int, Field(ge=0)] = 0
    horizon: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    time_unit: Literal["minutes"] = "minutes"


class Scenario(Frozen):
    schema_version: Literal[1]
    meta: Meta
    places: Annotated[tuple[Place, ...], Field(min_length=1)]
    roads: tuple[Road, ...] = ()
    command: Command
    teams: tuple[Team, ...] = ()
    items: tuple[Item, ...] = ()
    depots: tuple[Depot, ...] = ()
    shelters: tuple[Shelter, ...] = ()
    logistics: Logistics = Logistics()
    response: Response = Response()
    incidents: tuple[IncidentSource, ...] = ()
    injects: tuple[Inject, ...] = ()
    objectives: tuple[Objective, ...] = ()
    kpis: KpiSettings = KpiSettings()
    seats: tuple[Seat, ...] = ()  # player cells of a tabletop drill (simulator.scenario.seats)
    hazard_series: tuple[HazardSeries, ...] = ()  # readings plans may trigger on (simulator.scenario.hazard_series)
    plans: tuple[ContingencyPlan, ...] = ()  # contingency plans: triggers and actions (simulator.scenario.contingency)
    evacuation: Evacuation | None = None  # people at risk and how they move to shelters (simulator.scenario.population)
    public_information: PublicInformation | None = None  # first releases after major incidents (simulator.scenario.publicity)
    typhoon: Typhoon | None = None  # track, signals, storm surge and outages (simulator.scenario.hazards_typhoon)
    earthquake: Earthquake | None = None  # main shock, collapses, damaged roads and bridges (simulator.scenario.hazards_earthquake)
    chemical_release: ChemicalRelease | None = None  # a toxic release, its zone, containment and exposure (simulator.scenario.hazards_chemical_release)
    forest_fire: ForestFire | None = None  # a fire front spreading by wind, slope and fuel; suppression, warnings (simulator.scenario.hazards_forest_fire)

    @model_validator(mode="before")
    @classmethod
    def _places_in_km(cls, data):
        return with_km(data)  # places given by lon/lat get their kilometres (scenario.geography)

    def place(self, place_id: str) -> Place:
        return next(p for p in self.places if p.id == place_id)

    def unit(self, unit_id: str) -> Unit:
        return next(u for u in self.command.units if u.id == unit_id)
