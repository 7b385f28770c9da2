"""Critical tasks judged from the event log: each occurrence against its time standard.

Every critical task of an objective (``objectives[].critical_tasks``) has a
measure; this module turns the log into one :class:`TaskItem` per thing the
task was due for (a report, a unit called, a need waiting, an incident, an
expected action) with its start, end, limit and state:

- ``met``: done within the standard;
- ``late``: done, after it;
- ``missed``: not done, and the standard had passed by the end of the log;
- ``pending``: not done, the standard not yet passed (not judged).

Censoring as everywhere (simulator.metrics.censoring): what had not happened
by ``until`` is never dropped; once its limit is past it is missed.

The drafted rating follows HSEEP's scale from the share judged met: P (all),
S (at least three quarters), M (some), U (none). An evaluator's rating,
when there is one, takes its place (:func:`final_rating`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulator.metrics.censoring import observed_until
from simulator.metrics.expected import LATE, MISSED, ON_TIME, expected_results
from simulator.metrics.findings import responsible_unit
from simulator.metrics.kpis import arrival_target, incident_table
from simulator.metrics.select import of_kind
from simulator.scenario.drills import CriticalTask, Objective
from simulator.scenario.models import Scenario

MET, LATE_, MISSED_, PENDING = "met", "late", "missed", "pending"
RATINGS = ("P", "S", "M", "U")  # performed without / with some / with major challenges / unable to perform
SOME_CHALLENGES_SHARE = 0.75


@dataclass(frozen=True)
class TaskItem:
    """One thing a task was due for: who, from when, its limit and what became of it."""

    start: float
    limit: float
    state: str  # met | late | missed | pending
    end: float | None = None
    incident: str = ""
    unit: str = ""
    team: str = ""
    ref: str = ""  # the warning, roll call, inject, report message or step it is about
    action: str = ""  # inject_response: the expected action

    @property
    def minutes(self) -> float | None:
        return None if self.end is None else self.end - self.start


@dataclass(frozen=True)
class TaskResult:
    objective: Objective
    task: CriticalTask
    items: list[TaskItem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in (MET, LATE_, MISSED_, PENDING)}
        for item in self.items:
            out[item.state] += 1
        return out

    @property
    def drafted_rating(self) -> str | None:
        """P/S/M/U from the share of judged items met; None when nothing was judged yet."""
        c = self.counts()
        judged = c[MET] + c[LATE_] + c[MISSED_]
        if not judged:
            return None
        share = c[MET] / judged
        return "P" if share == 1 else "S" if share >= SOME_CHALLENGES_SHARE else "M" if share > 0 else "U"


def final_rating(drafted: str | None, evaluator_ratings: list[str]) -> tuple[str | None, str]:
    """The task's rating and where it comes from: the evaluator's latest, else the drafted one."""
    given = [r for r in evaluator_ratings if r in RATINGS]
    if given:
        return given[-1], "evaluator"
    return drafted, "drafted" if drafted else "none"


def _state(start: float, end: float | None, limit: float, until: float) -> str:
    if end is not None and end <= until:
        return MET if end - start <= limit else LATE_
    return MISSED_ if until - start > limit else PENDING


def _wanted(task: CriticalTask, incident: str) -> bool:
    """An incident the task judges: all, or those named (an inject's id, or a source's ``source-NNN``)."""
    return not task.incidents or any(incident == x or incident.startswith(f"{x}-") for x in task.incidents)


def measure_task(scenario: Scenario, events: pd.DataFrame, objective: Objective, task: CriticalTask, until: float, injects=None, players: bool = True) -> TaskResult:
    """The items of one critical task in the log up to ``until``.

    ``players`` False (a batch run) judges no ``inject_response`` task: nobody was there to respond.
    """
    if task.measure == "inject_response" and not players:
        return TaskResult(objective, task, [])
    items = _MEASURES[task.measure](scenario, events, task, until, injects)
    return TaskResult(objective, task, sorted(items, key=lambda i: (i.start, i.incident, i.unit, i.ref)))


def measure_tasks(scenario: Scenario, events: pd.DataFrame, until: float | None = None, injects=None, players: bool = True) -> list[TaskResult]:
    """Every critical task of every objective; ``injects``: the scenario's and the facilitator's own."""
    until = observed_until(events, scenario.meta.horizon) if until is None else until
    return [measure_task(scenario, events, o, t, until, injects, players) for o in scenario.objectives for t in o.critical_tasks]


# -- the measures -----------------------------------------------------------------------------


def _reports(scenario, events, task, until, _injects) -> list[TaskItem]:
    limits = scenario.command.reporting_limits
    due = [("initial", "phone_minutes")] + ([("written", "written_minutes")] if "written" in scenario.command.reports else [])
    arrived = {(i, m): (t, u) for i, m, t, u in zip(*(of_kind(events, "report_timeliness")[c] for c in ("incident", "detail", "time", "unit")))}
    commanders = of_kind(events, "command_assumed").drop_duplicates("incident").set_index("incident")["unit"]
    items = []
    detected = of_kind(events, "incident_detected").drop_duplicates("incident")
    for incident, level, start in zip(detected["incident"], detected["level"], detected["time"]):
        if not _wanted(task, incident):
            continue
        limit_of = limits.get(level)
        for message, name in due:
            limit = task.within_minutes or (getattr(limit_of, name, None) if limit_of is not None else None)
            if limit is None:
                continue
            end, unit = arrived.get((incident, message), (None, commanders.get(incident, "")))
            items.append(TaskItem(float(start), float(limit), _state(start, end, limit, until), end, incident=incident, unit=unit, ref=message))
    return items


def _warning_answers(scenario, events, task, until, _injects) -> list[TaskItem]:
    limit = task.within_minutes or scenario.command.call_answer.answer_minutes
    called = of_kind(events, "warning_called").drop_duplicates(["entity", "unit"])
    answered = of_kind(events, "warning_answered").drop_duplicates(["entity", "unit"]).set_index(["entity", "unit"])["quantity"]
    unanswered = set(zip(*(of_kind(events, "warning_unanswered")[c] for c in ("entity", "unit"))))
    items = []
    for warning, unit, start in zip(called["entity"], called["unit"], called["time"]):
        minutes = answered.get((warning, unit))
        end = None if minutes is None else float(start + minutes)
        state = MISSED_ if (warning, unit) in unanswered else _state(start, end, limit, until)
        items.append(TaskItem(float(start), float(limit), state, end, unit=unit, ref=warning))
    return items


def _roll_calls(scenario, events, task, until, _injects) -> list[TaskItem]:
    started = of_kind(events, "roll_call_started").drop_duplicates("entity").set_index("entity")
    items = []
    for kind in ("roll_call_answered", "roll_call_missed"):
        for call, unit, minutes in zip(*(of_kind(events, kind)[c] for c in ("entity", "unit", "quantity"))):
            start = float(started.loc[call, "time"]) if call in started.index else 0.0
            limit = task.within_minutes or (float(started.loc[call, "quantity"]) if call in started.index else float(minutes))
            if kind == "roll_call_missed":
                items.append(TaskItem(start, limit, MISSED_, None, unit=unit, ref=call))
            else:
                items.append(TaskItem(start, limit, _state(start, start + minutes, limit, until), start + float(minutes), unit=unit, ref=call))
    return items


def _dispatches(scenario, events, task, until, _injects) -> list[TaskItem]:
    """Each need from the moment it waited for a team (or was sent one at once) to its team's dispatch."""
    limit = float(task.within_minutes)
    queued = of_kind(events, "need_queued").drop_duplicates(["incident", "entity"])
    sent = of_kind(events, "team_dispatched").drop_duplicates(["incident", "entity"]).set_index(["incident", "entity"])
    items, seen = [], set()
    for incident, job, start, unit in zip(queued["incident"], queued["entity"], queued["time"], queued["unit"]):
        seen.add((incident, job))
        if not _wanted(task, incident):
            continue
        row = sent.loc[(incident, job)] if (incident, job) in sent.index else None
        end = None if row is None else float(row["time"])
        items.append(TaskItem(float(start), limit, _state(start, end, limit, until), end, incident=incident, unit=unit, team="" if row is None else row["team"], ref=job))
    for (incident, job), row in sent.iterrows():
        if (incident, job) not in seen and _wanted(task, incident):  # sent at once: no wait
            items.append(TaskItem(float(row["time"]), limit, MET, float(row["time"]), incident=incident, unit=row["unit"], team=row["team"], ref=job))
    return items


def _first_arrivals(scenario, events, task, until, _injects) -> list[TaskItem]:
    limit = task.within_minutes or arrival_target(scenario)
    table = incident_table(events)
    arrived = of_kind(events, "team_arrived").drop_duplicates("incident").set_index("incident")["team"]
    items = []
    for incident, row in table.iterrows():
        if not _wanted(task, incident):
            continue
        start = row["detected"] if not np.isnan(row["detected"]) else row["occurred"]
        end = None if np.isnan(row["first_arrival"]) else float(row["first_arrival"])
        items.append(TaskItem(float(start), float(limit), _state(start, end, limit, until), end, incident=incident, unit=row["commander"], team=arrived.get(incident, "")))
    return items


def _steps(scenario, events, task, until, _injects) -> list[TaskItem]:
    limit = float(task.within_minutes)
    started = of_kind(events, "step_started")
    started = started[started["detail"] == task.step].drop_duplicates("incident")
    ended = of_kind(events, "step_ended")
    ended = ended[ended["detail"] == task.step].drop_duplicates("incident").set_index("incident")["time"]
    commanders = of_kind(events, "command_assumed").drop_duplicates("incident").set_index("incident")["unit"]
    items = []
    for incident, start in zip(started["incident"], started["time"]):
        if _wanted(task, incident):
            end = ended.get(incident)
            end = None if end is None else float(end)
            items.append(TaskItem(float(start), limit, _state(start, end, limit, until), end, incident=incident, unit=commanders.get(incident, ""), ref=task.step))
    return items


_STATES = {ON_TIME: MET, LATE: LATE_, MISSED: MISSED_}


def _inject_responses(scenario, events, task, until, injects) -> list[TaskItem]:
    pool = [i for i in (injects if injects is not None else scenario.injects) if i.id in task.injects]
    items = []
    for r in expected_results(pool, events, until):
        incident = r.expected.incident or (r.inject.id if r.inject.effect is not None and r.inject.effect.type == "incident" else "")
        items.append(TaskItem(
            r.issued, r.expected.within_minutes, _STATES.get(r.status, PENDING), r.done_at,
            incident=incident, unit=responsible_unit(scenario, r.inject.target), team=r.team or (r.expected.team or ""), ref=r.inject.id, action=r.expected.action,
        ))
    return items


_MEASURES = {
    "report": _reports,
    "warning_answer": _warning_answers,
    "roll_call": _roll_calls,
    "dispatch": _dispatches,
    "first_arrival": _first_arrivals,
    "step": _steps,
    "inject_response": _inject_responses,
}
