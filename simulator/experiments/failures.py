"""Why a replication failed: its kind, its text, and the scenario field in use.

A failed replication is a row (ARCHITECTURE.md: failed runs are data). Its
``error`` is the exception as text with the line of code that raised it;
``error_kind`` says which of these it was:

- ``time_limit``: it ran longer than the study's per-replication limit;
- ``worker_lost``: the task never came back (a worker process died, the
  cluster went away); every replication of its batch is marked;
- ``error``: the model or the metrics raised.

``error_field`` is the scenario field the failing code was working on, e.g.
``incidents[0].needs[0].on_scene_minutes``: the deepest part of the
scenario (a distribution, a need, a team) held by the innermost frame of
the traceback. The loader and plan checks reject every bad value they know
of, so a value that still fails at run time is one they missed, and the
field tells the author where to look. Pydantic models are matched by
identity, so only the replication's own scenario object is searched.
"""

from __future__ import annotations

import traceback
from types import TracebackType

from pydantic import BaseModel

from simulator.scenario.problems import Loc, format_loc

TIME_LIMIT = "time_limit"
WORKER_LOST = "worker_lost"
ERROR = "error"
KINDS = (TIME_LIMIT, WORKER_LOST, ERROR)


class ReplicationTimeout(BaseException):
    """A replication ran past its time limit (raised inside it by :mod:`limits`).

    A BaseException, like KeyboardInterrupt, so that no ``except Exception``
    in the model swallows it and runs on.
    """


def _chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and its causes, the original first: SimPy re-raises a process's exception as the cause of a copy."""
    chain = [exc]
    while chain[-1].__cause__ is not None and len(chain) < 10:
        chain.append(chain[-1].__cause__)
    return chain[::-1]


def describe(exc: BaseException) -> str:
    """``Type: message (file.py:line)``: the exception and where it was first raised."""
    origin = _chain(exc)[0]
    last = traceback.extract_tb(origin.__traceback__)[-1:] if origin.__traceback__ else []
    where = f" ({last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last else ""
    return f"{type(exc).__name__}: {exc}{where}"


def model_paths(root: BaseModel) -> dict[int, Loc]:
    """Every pydantic model inside ``root`` by ``id()``, with its path (aliases as in the file)."""
    paths: dict[int, Loc] = {}

    def walk(value: object, loc: Loc) -> None:
        if isinstance(value, BaseModel):
            paths.setdefault(id(value), loc)
            for name, info in type(value).model_fields.items():
                walk(getattr(value, name, None), (*loc, info.alias or name))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                walk(item, (*loc, i))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*loc, str(key)))

    walk(root, ())
    return paths


def field_in_use(exc: BaseException, scenario: BaseModel) -> str:
    """The deepest scenario field held by the innermost traceback frame that holds one; "" if none."""
    paths = model_paths(scenario)
    frames = []
    for raised in _chain(exc):
        tb: TracebackType | None = raised.__traceback__
        here = []
        while tb is not None:
            here.append(tb.tb_frame)
            tb = tb.tb_next
        frames += reversed(here)  # innermost first, the original exception's frames before its re-raisers'
    for frame in frames:
        found = [paths[id(v)] for v in frame.f_locals.values() if isinstance(v, BaseModel) and id(v) in paths]
        found = [loc for loc in found if loc]  # the whole scenario says nothing
        if found:
            return format_loc(max(found, key=len))
    return ""


def error_fields(exc: BaseException, scenario: BaseModel, time_limit: float | None = None) -> dict[str, str]:
    """The ``error``, ``error_kind`` and ``error_field`` of a row for ``exc``."""
    if isinstance(exc, ReplicationTimeout):
        return {"error": f"ReplicationTimeout: ran longer than the time limit of {time_limit:g} s", "error_kind": TIME_LIMIT, "error_field": ""}
    return {"error": describe(exc), "error_kind": ERROR, "error_field": field_in_use(exc, scenario)}


def lost_fields(exc: BaseException) -> dict[str, str]:
    """The row fields of a replication whose task never came back."""
    return {"error": f"{type(exc).__name__}: {exc}", "error_kind": WORKER_LOST, "error_field": ""}


def failure_groups(results) -> list[dict]:
    """Failed replications by plan and cause, most frequent first.

    A cause is the kind, the field and the exception's type; ``error`` is
    the first replication's text (messages may differ by seed). Each group
    has plan, kind, field, error, count and total (the plan's replications).
    """
    if not len(results):
        return []
    failed = results[results["error"] != ""]
    totals = results.groupby("plan").size()
    groups = []
    for (plan, kind, field, _), rows in failed.groupby(
        [failed["plan"], failed["error_kind"], failed["error_field"], failed["error"].str.split(":").str[0]], sort=False
    ):
        groups.append({"plan": plan, "kind": kind, "field": field, "error": rows["error"].iloc[0], "count": len(rows), "total": int(totals[plan])})
    return sorted(groups, key=lambda g: -g["count"])
