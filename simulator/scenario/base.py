"""Building blocks shared by every section of a scenario file."""

from __future__ import annotations

import functools
import types
import typing
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from simulator.scenario.limits import MAX_QUANTITY

Id = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$", max_length=64)]
Minutes = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Quantity = Annotated[float, Field(ge=0, le=MAX_QUANTITY, allow_inf_nan=False)]


class Frozen(BaseModel):
    # allow_inf_nan=False: .nan and .inf are valid YAML floats, never a valid coordinate, time or target
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _no_bool_for_number(cls, data: object) -> object:
        """pydantic reads true as 1 and false as 0; in a scenario file that is always a slip.

        Passed on as the text 'true', which the field refuses ("expected a
        number, got 'true'") at its own path and line.
        """
        if isinstance(data, dict):
            numbers = _number_fields(cls)
            slips = [k for k, v in data.items() if isinstance(v, bool) and k in numbers]
            if slips:
                data = {**data, **{k: str(data[k]).lower() for k in slips}}
        return data


@functools.cache
def _number_fields(model: type[BaseModel]) -> frozenset[str]:
    """Fields of ``model`` typed as a plain number (possibly optional), by name and by alias."""
    fields = [(name, info) for name, info in model.model_fields.items() if _is_number(info.annotation)]
    return frozenset([name for name, _ in fields] + [info.alias for _, info in fields if info.alias])


def _is_number(annotation: object) -> bool:
    if annotation in (int, float):
        return True
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _is_number(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return any(_is_number(a) for a in typing.get_args(annotation) if a is not type(None))
    return False


class Text(Frozen):
    """A bilingual text: every title and label carries Chinese and English."""

    zh: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]
