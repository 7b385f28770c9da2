"""Cross-reference checks of objectives' critical tasks.

A task names who does it (a command unit, a team or a seat), the injects
it judges and, by its measure, the fields it needs: a ``step`` task its
step, a ``dispatch`` or ``step`` task its own time standard (the scenario
has none for them), an ``inject_response`` task injects that expect
something (each expected action carries its own time).
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem

_NEEDS_WITHIN = ("dispatch", "step")


def check_tasks(sc: Scenario) -> Iterator[Problem]:
    doers = {u.id for u in sc.command.units} | {t.id for t in sc.teams} | {s.id for s in getattr(sc, "seats", ()) or ()}
    injects = {i.id: i for i in sc.injects}
    for i, objective in enumerate(sc.objectives):
        seen: set[str] = set()
        for j, task in enumerate(objective.critical_tasks):
            loc = ("objectives", i, "critical_tasks", j)
            if task.id in seen:
                yield Problem((*loc, "id"), "duplicate_id", {"id": task.id})
            seen.add(task.id)
            if task.by not in doers:
                yield Problem((*loc, "by"), "task_unknown_doer", {"ref": task.by})
            for k, ref in enumerate(task.injects):
                if ref not in injects:
                    yield Problem((*loc, "injects", k), "task_unknown_inject", {"ref": ref})
                elif task.measure == "inject_response" and not injects[ref].expected_actions:
                    yield Problem((*loc, "injects", k), "task_inject_expects_nothing", {"ref": ref})
            if task.measure == "inject_response" and not task.injects:
                yield Problem((*loc, "injects"), "task_needs_injects", {})
            if task.measure == "step" and task.step is None:
                yield Problem((*loc, "step"), "task_needs_step", {})
            if task.measure in _NEEDS_WITHIN and task.within_minutes is None:
                yield Problem((*loc, "within_minutes"), "task_needs_within", {"measure": task.measure})
