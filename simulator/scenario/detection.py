"""How grid workers set the time to find an incident (``response.detection``).

Grid workers are the sensors: Chongqing has 68,000 grids and 128,000 grid
workers, "一般城市社区网格按实际居住户300—500户或1000人左右的规模划分……每个网格
配备至少1名专(兼)职网格员" (an urban grid is 300-500 households or about
1,000 people, each grid with at least one grid worker; Chongqing 2021, the
emergency-management bureau's reply to CPPCC proposal No. 0365). A source's
``detection_minutes`` is read as the delay at that load, the middle of the
range: 400 households per grid worker. A place's
households are its ``population`` over the people per household, 2.62 in
China's 2020 census (第七次全国人口普查: 平均每个家庭户的人口为2.62人).

The rule (``simulator.models.detection``): delay = the draw x load / 400,
the factor kept between ``fastest_factor`` and ``slowest_factor``; a place
with ``grid_workers: 0`` is found by the public (110 calls, passers-by):
``public_factor``, which is at least the slowest factor, so a grid worker
never makes detection slower. A place that does not state ``grid_workers``,
or has no ``population``, keeps the source's time as written. The bounds
and the public factor are our assumptions, not the sources'.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen

Positive = Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)]


class Detection(Frozen):
    people_per_household: Positive = Field(default=2.62, description="people per household (2020 census: 2.62)")
    households_per_grid_worker: Positive = Field(
        default=400, description="the load at which a source's detection_minutes holds (Chongqing: grids of 300-500 households)"
    )
    fastest_factor: Annotated[float, Field(gt=0, le=1)] = Field(default=0.5, description="least share of the delay, however many grid workers")
    slowest_factor: Annotated[float, Field(ge=1, le=1000)] = Field(default=4, description="most times the delay, however few grid workers")
    public_factor: Annotated[float, Field(ge=1, le=1000)] = Field(
        default=4, description="times the delay where there is no grid worker (found by the public, 110 calls)"
    )

    @model_validator(mode="after")
    def _public_not_faster(self) -> "Detection":
        if self.public_factor < self.slowest_factor:
            raise PydanticCustomError(
                "public_detection_faster",
                "public_factor {public} is below slowest_factor {slowest}: a place with no grid worker would find incidents sooner than one with a worker",
                {"public": self.public_factor, "slowest": self.slowest_factor},
            )
        return self
