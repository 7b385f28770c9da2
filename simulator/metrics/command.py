"""Command-chain KPIs from the event log: latency, timeliness, queues, calls, orders.

Latency of a report is counted from detection (the grid worker's report)
to the commanding unit having handled it. A unit's utilisation is its
handling work divided by (duty staff x horizon); its waits come from
``message_started`` events.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.metrics.select import of_kind as _of
from simulator.scenario.models import Scenario


def report_latency_by_level(events: pd.DataFrame) -> pd.DataFrame:
    """Initial-report latency per response level: count, mean, 90th percentile (minutes)."""
    detected = _of(events, "incident_detected").set_index("incident")["time"]
    commanded = _of(events, "command_assumed").set_index("incident")
    latency = (commanded["time"] - detected.reindex(commanded.index)).rename("latency")
    frame = pd.DataFrame({"level": commanded["level"], "latency": latency})
    grouped = frame.groupby("level")["latency"]
    return pd.DataFrame({
        "count": grouped.count(),
        "mean": grouped.mean(),
        "p90": grouped.quantile(0.9),
    })


def hop_latency(events: pd.DataFrame, message: str = "initial") -> pd.DataFrame:
    """Per hop (unit) of ``message``: mean transmission, wait and handling minutes.

    Transmission is ``message_sent`` to ``message_queued`` for the same
    incident and unit; wait and work come from the desk events.
    """
    sel = events[(events["detail"] == message) & (events["incident"] != "")]
    sent = sel[sel["kind"] == "message_sent"].set_index(["incident", "unit"])["time"]
    queued = sel[sel["kind"] == "message_queued"].set_index(["incident", "unit"])["time"]
    started = sel[sel["kind"] == "message_started"].set_index(["incident", "unit"])["quantity"]
    handled = sel[sel["kind"] == "message_handled"].set_index(["incident", "unit"])["quantity"]
    frame = pd.DataFrame({
        "transmission": queued - sent.reindex(queued.index),
        "wait": started.reindex(queued.index),
        "handling": handled.reindex(queued.index),
    }).dropna()
    table = frame.groupby(level="unit").mean()
    table["count"] = frame.groupby(level="unit").size()
    return table


def timeliness(events: pd.DataFrame) -> pd.DataFrame:
    """Reports against their limits, by message and level: counts met and missed."""
    rows = _of(events, "report_timeliness")
    rows = rows[rows["entity"] != "no_limit"]
    if rows.empty:
        return pd.DataFrame(columns=["met", "missed", "share_met"])
    table = pd.crosstab([rows["detail"], rows["level"]], rows["entity"])
    for column in ("met", "missed"):
        if column not in table:
            table[column] = 0
    table = table[["met", "missed"]]
    table["share_met"] = table["met"] / (table["met"] + table["missed"])
    return table


def unit_load(events: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """Per unit: messages handled, mean and max wait, utilisation of its duty staff."""
    horizon = scenario.meta.horizon
    started = _of(events, "message_started").groupby("unit")["quantity"]
    work = _of(events, "message_handled").groupby("unit")["quantity"].sum()
    rows = []
    for unit in scenario.command.units:
        waits = started.get_group(unit.id) if unit.id in started.groups else pd.Series(dtype=float)
        rows.append({
            "unit": unit.id,
            "level": unit.level,
            "staff": unit.duty_staff,
            "messages": int(len(waits)),
            "wait_mean": float(waits.mean()) if len(waits) else 0.0,
            "wait_max": float(waits.max()) if len(waits) else 0.0,
            "utilisation": float(work.get(unit.id, 0.0)) / (unit.duty_staff * horizon),
        })
    return pd.DataFrame(rows).set_index("unit")


def warning_summary(events: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """Per warning: units answered / unanswered, minutes to the last lowest-tier unit, population warned."""
    issued = _of(events, "warning_issued")
    leaves = _leaf_units(scenario)
    population = sum(p.population for p in scenario.places)
    rows = []
    all_answered, all_unanswered, public = (_of(events, kind) for kind in ("warning_answered", "warning_unanswered", "public_warned"))
    for _, w in issued.iterrows():
        wid = w["entity"]
        answered = all_answered[all_answered["entity"] == wid]
        unanswered = all_unanswered[all_unanswered["entity"] == wid]
        covered = _subtree(scenario, w["unit"]) & leaves
        reached = answered[answered["unit"].isin(covered)].groupby("unit")["time"].min()
        warned = public.loc[public["entity"] == wid, "quantity"].sum()
        rows.append({
            "warning": wid,
            "issued": w["time"],
            "answered": int(answered["unit"].nunique()),
            "unanswered": int(unanswered["unit"].nunique()),
            "lowest_units": len(covered),
            "lowest_reached": int(len(reached)),
            "minutes_to_last": float(reached.max() - w["time"]) if len(reached) == len(covered) and len(covered) else np.nan,
            "population_share": float(warned / population) if population else np.nan,
        })
    return pd.DataFrame(rows).set_index("warning") if rows else pd.DataFrame()


def warned_over_time(events: pd.DataFrame, scenario: Scenario, warning_id: str) -> pd.DataFrame:
    """Cumulative share of the population warned by ``warning_id`` after each reach event."""
    population = sum(p.population for p in scenario.places) or 1
    public = _of(events, "public_warned")
    rows = public[public["entity"] == warning_id].sort_values("seq")
    return pd.DataFrame({"time": rows["time"].to_numpy(), "share": rows["quantity"].cumsum().to_numpy() / population})


def roll_call_summary(events: pd.DataFrame) -> pd.DataFrame:
    """Per roll call: units answered in time and the units that did not."""
    out = []
    for call_id, rows in _of(events, "roll_call_answered", "roll_call_missed").groupby("entity"):
        missed = rows.loc[rows["kind"] == "roll_call_missed", "unit"].tolist()
        out.append({"roll_call": call_id, "answered": int((rows["kind"] == "roll_call_answered").sum()), "missed": len(missed), "missed_units": ",".join(sorted(missed))})
    return pd.DataFrame(out).set_index("roll_call") if out else pd.DataFrame()


def step_durations(events: pd.DataFrame) -> pd.DataFrame:
    """The "3+8" steps of every incident: start, end and minutes (NaN while open)."""
    started = _of(events, "step_started").groupby(["incident", "detail"])["time"].min()
    ended = _of(events, "step_ended").groupby(["incident", "detail"])["time"].min()
    frame = pd.DataFrame({"start": started, "end": ended.reindex(started.index)})
    frame["minutes"] = frame["end"] - frame["start"]
    frame.index.names = ["incident", "step"]
    return frame


def command_kpis(events: pd.DataFrame) -> dict[str, float | None]:
    """The command-chain scalar KPIs that objectives may name."""
    timely = _of(events, "report_timeliness")
    limited = timely[timely["entity"] != "no_limit"]
    orders = _of(events, "order_received")["quantity"]
    waits = _of(events, "message_started")["quantity"]
    calls_missed = len(_of(events, "warning_unanswered")) + len(_of(events, "roll_call_missed"))
    return {
        "report_within_limit_share": float((limited["entity"] == "met").mean()) if len(limited) else None,
        "order_latency_mean": float(orders.mean()) if len(orders) else None,
        "queue_wait_mean": float(waits.mean()) if len(waits) else None,
        "calls_unanswered": float(calls_missed),
        "order_conflicts": float(len(_of(events, "order_conflict"))),
    }


def _subtree(scenario: Scenario, root: str) -> set[str]:
    parent = {u.id: u.parent for u in scenario.command.units}
    out = set()
    for unit in parent:
        node = unit
        while node is not None:
            if node == root:
                out.add(unit)
                break
            node = parent.get(node)
    return out


def _leaf_units(scenario: Scenario) -> set[str]:
    parents = {u.parent for u in scenario.command.units if u.parent and u.kind != "specialised_hq"}
    return {u.id for u in scenario.command.units if u.id not in parents and u.kind != "specialised_hq"}
