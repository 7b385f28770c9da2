"""Contingency plans as written and as executed, from the event log (simulator.models.contingency).

Every action of every plan, for every target, is one row of
:func:`plan_execution`: due since its trigger fired (or never called for,
its level not reached), then done, impossible (with the reason) or not done
by the end of the log. Times follow the censoring rule of
simulator.metrics.censoring: an action due but not done by ``until`` (or
never possible) counts ``until - due`` minutes in the restricted mean and
as not on time, never dropped.

Statuses: ``on_time`` (done within the minutes the plan allows),
``late``, ``impossible``, ``not_done`` (still waiting at the end: censored)
and ``not_called`` (written for a level the plan never reached).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from simulator.metrics.censoring import censor
from simulator.metrics.select import of_kind
from simulator.scenario.contingency import action_targets

COLUMNS = ("plan", "action", "do", "level", "target", "trigger", "due", "within", "done", "minutes", "status", "reason", "waited", "short")
STATUSES = ("on_time", "late", "impossible", "not_done", "not_called")


def action_rows(events: pd.DataFrame) -> pd.DataFrame:
    """The ``plan_action`` rows split into plan, action, target, trigger, outcome and reason."""
    rows = of_kind(events, "plan_action")
    parts = rows["detail"].str.split("|", expand=True).reindex(columns=range(5)) if len(rows) else pd.DataFrame(columns=range(5))
    return pd.DataFrame({
        "time": rows["time"].to_numpy(),
        "plan": rows["entity"].to_numpy(),
        "action": parts[0].to_numpy(),
        "target": parts[1].to_numpy(),
        "trigger": parts[2].to_numpy(),
        "outcome": parts[3].to_numpy(),
        "reason": parts[4].astype(object).fillna("").to_numpy(),
        "quantity": rows["quantity"].to_numpy(),
    })


def plan_execution(scenario, events: pd.DataFrame, until: float) -> pd.DataFrame:
    """One row per plan, action and target as written, with what happened to it by ``until``."""
    got = action_rows(events)
    short = _shortfalls(events, until)
    seen: dict[tuple[str, str, str], dict[str, pd.Series]] = {}
    for row in got.itertuples(index=False):
        if row.time <= until:
            seen.setdefault((row.plan, row.action, row.target), {}).setdefault(row.outcome, row)
    out = []
    for plan in scenario.plans:
        for action in plan.actions:
            for target in action_targets(scenario, plan, action):
                marks = seen.get((plan.id, action.id, target), {})
                due, done, impossible = marks.get("due"), marks.get("done"), marks.get("impossible")
                within = plan.within(action)
                row = {"plan": plan.id, "action": action.id, "do": action.do, "level": action.level, "target": target, "trigger": "", "due": math.nan,
                       "within": within, "done": math.nan, "minutes": math.nan, "status": "not_called", "reason": "", "waited": "waiting" in marks,
                       "short": short.get((plan.id, action.do, target), 0.0)}
                if due is not None:
                    row.update(trigger=due.trigger, due=due.time)
                    if done is not None:
                        row.update(done=done.time, minutes=done.time - due.time, status="on_time" if done.time - due.time <= within else "late",
                                   reason=done.reason)  # "already": in effect before the plan asked
                    elif impossible is not None:
                        row.update(status="impossible", reason=impossible.reason, minutes=impossible.time - due.time)
                    else:
                        row.update(status="not_done", minutes=until - due.time)
                out.append(row)
    return pd.DataFrame(out, columns=list(COLUMNS))


def _shortfalls(events: pd.DataFrame, until: float) -> dict[tuple[str, str, str], float]:
    """What an action left short: stock a release could not find, people of an evacuated place who found no shelter.

    Keyed (plan, action kind, target); people turned away are counted for every plan that evacuated the place.
    """
    out: dict[tuple[str, str, str], float] = {}
    stock = of_kind(events, "plan_stock_short")
    for plan, depot, quantity, time in zip(stock["entity"], stock["detail"], stock["quantity"], stock["time"]):
        if time <= until:
            out[(plan, "release_stock", depot)] = out.get((plan, "release_stock", depot), 0.0) + float(quantity)
    ordered = of_kind(events, "evacuation_ordered")
    plans_of = {}
    for place, cause in zip(ordered["entity"], ordered["detail"]):
        if cause.startswith("plan:"):
            plans_of.setdefault(place, set()).add(cause.removeprefix("plan:"))
    away = of_kind(events, "people_turned_away", "evacuation_no_shelter")
    for place, quantity, time in zip(away["entity"], away["quantity"], away["time"]):
        for plan in plans_of.get(place, ()):
            if time <= until:
                out[(plan, "evacuate", place)] = out.get((plan, "evacuate", place), 0.0) + float(quantity)
    return out


def plan_kpis(scenario, events: pd.DataFrame, until: float) -> dict[str, float | None]:
    """Minutes from trigger to action (restricted mean), the share of due actions done on time, and done at all.

    None for a scenario without plans (or none called for): nothing is computed for it.
    """
    none = {"plan_action_minutes_mean": None, "plan_actions_on_time_share": None, "plan_actions_completed_share": None}
    if scenario is None or not scenario.plans:
        return none
    table = plan_execution(scenario, events, until)
    called = table[table["status"] != "not_called"]
    if called.empty:
        return none
    times = censor(called["due"], called["done"], until)  # impossible or still waiting: censored at the end
    on_time = (called["status"] == "on_time").to_numpy()
    return {
        "plan_action_minutes_mean": times.mean,
        "plan_actions_on_time_share": float(np.mean(on_time)),
        "plan_actions_completed_share": times.completed_share,
    }


def activations(events: pd.DataFrame) -> pd.DataFrame:
    """Plans activated, raised, taken over or with a trigger ignored, in order."""
    kinds = ["plan_activated", "plan_escalated", "plan_taken_over", "plan_trigger_ignored"]
    rows = events[events["kind"].isin(kinds)]
    return rows[["time", "kind", "entity", "detail", "level", "quantity"]].reset_index(drop=True)
