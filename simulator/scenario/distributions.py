"""Durations in scenario files: a plain number (fixed) or a named distribution.

``handling_minutes: 5`` and ``handling_minutes: {dist: exponential, mean: 5}``
are both valid. One model with a ``dist`` tag (rather than a union of models)
keeps validation errors short and pointed at the missing parameter.

Parameters are bounded (:mod:`simulator.scenario.limits`) so that every draw
and every moment is a finite, sane number: a lognormal with an sd a million
times its mean has no useful draws, and overflows computing them.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.limits import MAX_DIST_VALUE, MAX_LOGNORMAL_CV

DistName = Literal["fixed", "exponential", "uniform", "triangular", "lognormal"]

_REQUIRED: dict[str, tuple[str, ...]] = {
    "fixed": ("value",),
    "exponential": ("mean",),
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "lognormal": ("mean", "sd"),
}


class Dist(BaseModel):
    """A non-negative random duration in minutes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    dist: DistName
    value: float | None = None
    mean: float | None = None
    sd: float | None = None
    low: float | None = None
    mode: float | None = None
    high: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _number_means_fixed(cls, data: object) -> object:
        if isinstance(data, bool):
            return data  # let the field validation reject it
        if isinstance(data, (int, float)):
            return {"dist": "fixed", "value": data}
        if isinstance(data, dict):  # true is not 1 here either (see base.Frozen)
            return {k: str(v).lower() if isinstance(v, bool) and k != "dist" else v for k, v in data.items()}
        return data

    @model_validator(mode="after")
    def _check_parameters(self) -> "Dist":
        needed = _REQUIRED[self.dist]
        for name in needed:
            value = getattr(self, name)
            if value is None:
                raise PydanticCustomError(
                    "dist_param_missing",
                    "distribution '{dist}' needs parameter '{param}'",
                    {"dist": self.dist, "param": name},
                )
            if value < 0 or not math.isfinite(value):
                raise PydanticCustomError(
                    "dist_param_negative",
                    "parameter '{param}' must be a finite number >= 0, got {value}",
                    {"param": name, "value": value},
                )
            if value > MAX_DIST_VALUE:
                raise PydanticCustomError(
                    "dist_param_too_large",
                    "parameter '{param}' is {value}; at most {limit}",
                    {"param": name, "value": value, "limit": MAX_DIST_VALUE},
                )
        extra = [n for n in ("value", "mean", "sd", "low", "mode", "high") if n not in needed and getattr(self, n) is not None]
        if extra:
            raise PydanticCustomError(
                "dist_param_unused",
                "distribution '{dist}' does not take parameter '{param}'",
                {"dist": self.dist, "param": extra[0]},
            )
        if self.dist in ("uniform", "triangular") and not (
            self.low <= (self.mode if self.mode is not None else self.low) <= self.high
        ):
            raise PydanticCustomError(
                "dist_order",
                "need low <= mode <= high",
                {},
            )
        if self.dist == "lognormal" and self.mean == 0:
            raise PydanticCustomError("dist_param_positive", "parameter '{param}' must be > 0", {"param": "mean"})
        if self.dist == "lognormal" and self.sd > MAX_LOGNORMAL_CV * self.mean:
            raise PydanticCustomError(
                "dist_too_wide",
                "sd {sd} is more than {limit} times the mean {mean}",
                {"sd": self.sd, "mean": self.mean, "limit": MAX_LOGNORMAL_CV},
            )
        return self

    @property
    def expected(self) -> float:
        """The distribution's mean, for documentation and hand checks."""
        if self.dist == "fixed":
            return self.value
        if self.dist in ("exponential", "lognormal"):
            return self.mean
        if self.dist == "uniform":
            return (self.low + self.high) / 2
        return (self.low + self.mode + self.high) / 3
