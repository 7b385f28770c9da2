"""Command-chain KPIs from the event log: latency, timeliness, queues, calls, orders.

Latency of a report is counted from detection (the grid worker's report)
to the commanding unit having handled it. A unit's utilisation is its
handling work divided by (duty staff x horizon); its waits come from
``message_started`` events.

Everything is censored at the end of the log (``until``, see
simulator.metrics.censoring): a message still in a desk's queue has waited
``until - queued``; an order not yet with its team has taken ``until -
dispatched``; a report due at the commanding unit that has not reached it
is *missed* when its limit (from detection, ``command.reporting_limits``)
has passed by the end and *censored* (neither met nor missed, and not
within the limit in the share) when it has not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.metrics.censoring import Censored, censor, from_minutes, observed_until, unmatched
from simulator.metrics.select import of_kind as _of
from simulator.scenario.models import Scenario


def report_latency_by_level(events: pd.DataFrame, until: float | None = None) -> pd.DataFrame:
    """Initial-report latency per response level: count, restricted mean and 90th percentile (minutes), share completed.

    An incident not commanded by the end counts the time it had waited; one
    not detected, from its occurrence (as ``report_latency_mean``).
    """
    until = _until(events, until)
    occurred = _of(events, "incident_occurred").groupby("incident").agg(level=("level", "first"), occurred=("time", "min"))
    detected = _of(events, "incident_detected").groupby("incident")["time"].min()
    commanded = _of(events, "command_assumed").groupby("incident")["time"].min()
    clock = detected.reindex(occurred.index).fillna(occurred["occurred"])
    rows = {}
    for level, ids in occurred.groupby("level").groups.items():
        latency = censor(clock.loc[ids], commanded.reindex(ids), until)
        rows[level] = {"count": len(latency), "mean": latency.mean, "p90": latency.quantile(0.9), "completed_share": latency.completed_share}
    return pd.DataFrame.from_dict(rows, orient="index", columns=["count", "mean", "p90", "completed_share"]).rename_axis("level")


def hop_latency(events: pd.DataFrame, message: str = "initial", until: float | None = None) -> pd.DataFrame:
    """Per hop (unit) of ``message``: mean transmission, wait and handling minutes, count and share completed.

    Transmission is ``message_sent`` to ``message_queued`` for the same
    incident and unit; wait and work come from the desk events. An incident
    may send one kind of message through a unit several times (orders to
    several teams, follow-ups): the n-th of each step pairs with the n-th of
    the next, first in, first out. A message still on its way at the end
    counts in each step it began with the time it had spent there (restricted means).
    """
    until = _until(events, until)
    sel = events[(events["detail"] == message) & (events["incident"] != "")]
    sel = sel[~sel["unit"].isin(set(events["team"]) - {""})]  # an order's last hop is to a team, which has no desk
    steps = [_numbered(sel, kind) for kind in ("message_sent", "message_queued", "message_started", "message_handled")]
    frame = pd.concat([s["time"] for s in steps], axis=1, keys=["sent", "queued", "started", "handled"])
    if frame.empty:
        return pd.DataFrame(columns=["transmission", "wait", "handling", "count", "completed_share"]).rename_axis("unit")
    rows = {}
    for unit, part in frame.groupby(level="unit"):
        sent = part[part["sent"].notna()]
        # a phase starts when the one before it ended; items that never began it are not in it
        phases = {name: censor(sent[a][sent[a].notna()], sent[b][sent[a].notna()], until) for name, a, b in _PHASES}
        rows[unit] = {**{name: c.mean for name, c in phases.items()}, "count": len(sent), "completed_share": float(sent["handled"].notna().mean()) if len(sent) else None}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("unit")


_PHASES = (("transmission", "sent", "queued"), ("wait", "queued", "started"), ("handling", "started", "handled"))


def _numbered(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Rows of ``kind`` indexed by (incident, unit, n): the n-th such row for that incident and unit."""
    found = rows[rows["kind"] == kind]
    number = found.groupby(["incident", "unit"]).cumcount()
    return found.assign(n=number.to_numpy()).set_index(["incident", "unit", "n"])


def due_reports(events: pd.DataFrame, scenario: Scenario | None = None, until: float | None = None) -> pd.DataFrame:
    """Every report due at its commanding unit under a time limit: incident, message, level, state.

    ``state`` is met or missed for reports that arrived (``report_timeliness``);
    for those still on their way at the end (known only with ``scenario``,
    whose ``reporting_limits`` say what was due): missed once their limit from
    detection had passed, else censored.
    """
    until = _until(events, until)
    timely = _of(events, "report_timeliness")
    rows = timely[timely["entity"] != "no_limit"]
    arrived = pd.DataFrame({"incident": rows["incident"], "message": rows["detail"], "level": rows["level"], "state": rows["entity"]}).reset_index(drop=True)
    if scenario is None:
        return arrived
    seen = set(zip(timely["incident"], timely["detail"]))
    messages = [("initial", "phone_minutes")] + ([("written", "written_minutes")] if "written" in scenario.command.reports else [])
    limits = scenario.command.reporting_limits
    pending = []
    detected = _of(events, "incident_detected").drop_duplicates("incident")
    for incident, level, time in zip(detected["incident"], detected["level"], detected["time"]):
        limit = limits.get(level)
        for message, field in messages:
            minutes = getattr(limit, field, None) if limit is not None else None
            if minutes is None or (incident, message) in seen:
                continue
            pending.append({"incident": incident, "message": message, "level": level, "state": "missed" if until - time > minutes else "censored"})
    if not pending:
        return arrived
    return pd.concat([arrived, pd.DataFrame(pending)], ignore_index=True) if len(arrived) else pd.DataFrame(pending)


def timeliness(events: pd.DataFrame, scenario: Scenario | None = None, until: float | None = None) -> pd.DataFrame:
    """Reports against their limits, by message and level: met, missed, censored (still within the limit at the end), share met.

    Without ``scenario`` only the reports that arrived are counted.
    """
    columns = ["met", "missed", "censored"]
    due = due_reports(events, scenario, until)
    if due.empty:
        return pd.DataFrame(columns=[*columns, "share_met"])
    table = pd.crosstab([due["message"], due["level"]], due["state"]).reindex(columns=columns, fill_value=0)
    table.columns.name = None
    table["share_met"] = table["met"] / table[columns].sum(axis=1)
    return table


def unit_load(events: pd.DataFrame, scenario: Scenario, until: float | None = None) -> pd.DataFrame:
    """Per unit: messages queued, mean and max wait, utilisation of its duty staff.

    A message still waiting at the end counts the time it had waited
    (restricted mean); ``completed_share`` is the share whose handling had begun.
    """
    until = _until(events, until)
    horizon = scenario.meta.horizon
    waits = desk_waits(events, until)
    work = _of(events, "message_handled").groupby("unit")["quantity"].sum()
    rows = []
    for unit in scenario.command.units:
        wait = waits.get(unit.id) or from_minutes([], [], until)
        rows.append({
            "unit": unit.id,
            "level": unit.level,
            "staff": unit.duty_staff,
            "messages": len(wait),
            "wait_mean": wait.mean or 0.0,
            "wait_max": wait.max or 0.0,
            "completed_share": wait.completed_share,
            "utilisation": float(work.get(unit.id, 0.0)) / (unit.duty_staff * horizon),
        })
    return pd.DataFrame(rows).set_index("unit")


def desk_waits(events: pd.DataFrame, until: float) -> dict[str, Censored]:
    """Per unit, the waits of every message queued at its desk, those not yet started censored at ``until``.

    A desk serves one unit's messages of one kind for one incident in order,
    so those left unstarted are the latest queued of each.
    """
    queued, started = _of(events, "message_queued"), _of(events, "message_started")
    waiting = unmatched(queued, started, ["unit", "incident", "detail"])
    frame = pd.DataFrame({
        "unit": np.concatenate([started["unit"].to_numpy(), waiting["unit"].to_numpy()]),
        "minutes": np.concatenate([started["quantity"].to_numpy(), np.maximum(until - waiting["time"].to_numpy(), 0.0)]),
        "done": np.arange(len(started) + len(waiting)) < len(started),
    })
    return {unit: Censored(part["minutes"].to_numpy("float64"), part["done"].to_numpy(bool)) for unit, part in frame.groupby("unit", sort=False)}


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


def command_kpis(events: pd.DataFrame, scenario: Scenario | None = None, until: float | None = None) -> dict[str, float | None]:
    """The command-chain scalar KPIs that objectives may name."""
    until = _until(events, until)
    due = due_reports(events, scenario, until)
    orders = order_latency(events, until)
    every_wait = _joined(list(desk_waits(events, until).values()))
    calls_missed = len(_of(events, "warning_unanswered")) + len(_of(events, "roll_call_missed"))
    return {
        "report_within_limit_share": float((due["state"] == "met").mean()) if len(due) else None,
        "order_latency_mean": orders.mean,
        "order_latency_completed_share": orders.completed_share,
        "queue_wait_mean": every_wait.mean,
        "queue_wait_completed_share": every_wait.completed_share,
        "calls_unanswered": float(calls_missed),
        "order_conflicts": float(len(_of(events, "order_conflict"))),
    }


def order_latency(events: pd.DataFrame, until: float) -> Censored:
    """Every order from the commander's decision (the team's dispatch) to the team holding it.

    An order's latency is recorded when the team gets it; one still on its
    way at the end has taken ``until - dispatched``. A team dispatched to an
    incident several times (recalled and sent again) gets its orders in turn.
    """
    received = _of(events, "order_received")
    waiting = unmatched(_of(events, "team_dispatched"), received, ["team", "incident"])
    return from_minutes(received["quantity"], waiting["time"], until)


def _joined(parts: list[Censored]) -> Censored:
    if not parts:
        return from_minutes([], [], 0.0)
    return Censored(np.concatenate([p.minutes for p in parts]), np.concatenate([p.done for p in parts]))


def _until(events: pd.DataFrame, until: float | None) -> float:
    """``until``, or the end of the log (a run's horizon once it has ended)."""
    return observed_until(events, float("inf")) if until is None else until


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
