"""Public information KPIs: how soon the first authoritative release and the press conference came.

For every incident at a level that needs a release (``public_information.levels``,
I-II by default) the clock starts at its detection (the same moment the
release targets count from, simulator.scenario.publicity); an incident not
detected by the end counts from its occurrence, as report latency does.
Censoring (simulator.metrics.censoring): a release not out by the end of the
log counts in the restricted mean with the time it had waited and as not
within its target in the share; it is *late* in the report's table once its
target has passed, else *pending*.

Hotline calls while a release is awaited: public calls (``public_call``
messages queued at a desk) at a unit while some incident in its area (its
local unit and every unit above) was detected and not yet released. The KPI
counts each call once however many incidents were awaiting; the table gives
each incident the calls in its own area and gap, so rows may share calls.

A scenario without ``public_information`` has no releases to judge: every
KPI here is None (no data), not 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.metrics.censoring import Censored, censor, observed_until
from simulator.metrics.select import of_kind
from simulator.scenario.chain import ChainIndex
from simulator.scenario.models import Scenario

KPI_NAMES = (
    "public_release_mean",
    "public_release_completed_share",
    "public_release_within_target_share",
    "press_conference_within_target_share",
    "hotline_calls_awaiting_release",
)

_COLUMNS = ["place", "hazard", "level", "start", "detected", "released", "conference", "gap_calls"]


def publicity_table(events: pd.DataFrame, scenario: Scenario, until: float | None = None) -> pd.DataFrame:
    """One row per incident that needs a release, indexed by incident.

    Columns: place, hazard, level; ``start`` (detection, else occurrence),
    ``detected``, ``released`` and ``conference`` (times, NaN: not by the end
    of the log); ``gap_calls``: public calls in its area from its detection
    to its release (or the end).
    """
    spec = scenario.public_information
    if spec is None:
        return pd.DataFrame(columns=_COLUMNS).rename_axis("incident")
    until = observed_until(events, scenario.meta.horizon) if until is None else until
    occurred = of_kind(events, "incident_occurred").drop_duplicates("incident").set_index("incident")
    major = _ever_major(events, occurred["level"], spec.levels)
    table = pd.DataFrame(
        {"place": occurred.loc[major, "location"], "hazard": occurred.loc[major, "detail"], "level": _last_level(events, occurred["level"])[major]},
        index=major,
    )
    detected = _first(events, "incident_detected").reindex(table.index)
    table["start"] = detected.fillna(occurred.loc[major, "time"])
    table["detected"] = detected
    table["released"] = _first(events, "public_release").reindex(table.index)
    table["conference"] = _first(events, "press_conference").reindex(table.index)
    table["gap_calls"] = _gap_calls(events, scenario, table, until)
    return table.sort_values("start")


def publicity_kpis(events: pd.DataFrame, scenario: Scenario | None, until: float | None = None) -> dict[str, float | None]:
    """The public information KPIs objectives may name (module docstring); None without the section."""
    if scenario is None or scenario.public_information is None:
        return dict.fromkeys(KPI_NAMES)
    spec = scenario.public_information
    until = observed_until(events, scenario.meta.horizon) if until is None else until
    table = publicity_table(events, scenario, until)
    release, conference = release_times(table, until)
    return {
        "public_release_mean": release.mean,
        "public_release_completed_share": release.completed_share,
        "public_release_within_target_share": release.share_within(spec.release_target_minutes),
        "press_conference_within_target_share": conference.share_within(spec.press_conference_target_minutes),
        "hotline_calls_awaiting_release": float(_calls_in_gaps(events, scenario, table, until)),
    }


def release_times(table: pd.DataFrame, until: float) -> tuple[Censored, Censored]:
    """Minutes from each row's start to its release and to its press conference, censored at ``until``."""
    return censor(table["start"], table["released"], until), censor(table["start"], table["conference"], until)


def _first(events: pd.DataFrame, kind: str) -> pd.Series:
    return of_kind(events, kind).groupby("incident")["time"].min()


# Where the model logs a level change (simulator.models.decisions, simulator.models.contingency):
# a player's or a plan's ``set_response_level`` decision (kind ``decision`` / ``plan_decision``,
# the action in ``entity``), and an area's level applied to an incident as it occurs
# (``response_level_applied``). ``level`` holds the new level in each.
_DECIDED = ("decision", "plan_decision")
_APPLIED = "response_level_applied"


def level_changes(events: pd.DataFrame) -> pd.DataFrame:
    """Every change of an incident's response level, in log order (columns ``incident``, ``level``)."""
    rows = of_kind(events, *_DECIDED, _APPLIED)
    rows = rows[(rows["kind"] == _APPLIED) | (rows["entity"] == "set_response_level")]
    return rows[["time", "incident", "level"]]


def _ever_major(events: pd.DataFrame, occurred: pd.Series, levels) -> pd.Index:
    """Incidents at one of ``levels`` when they occurred or after a plan or the players raised them.

    The model starts a release for either (simulator.models.publicity), and
    one under way is not called back when the level is lowered again.
    """
    major = set(occurred.index[occurred.isin(levels)])
    changes = level_changes(events)
    major |= set(changes.loc[changes["level"].isin(levels), "incident"])
    return pd.Index([i for i in occurred.index if i in major], name="incident")


def _last_level(events: pd.DataFrame, occurred: pd.Series) -> pd.Series:
    changes = level_changes(events)
    if changes.empty:
        return occurred
    last = changes.drop_duplicates("incident", keep="last").set_index("incident")["level"]
    return last.reindex(occurred.index).fillna(occurred)


def _gaps(scenario: Scenario, table: pd.DataFrame, until: float) -> dict[str, list[tuple[float, float]]]:
    """unit id -> the intervals (detected, released or until) of the incidents in its area."""
    chain = ChainIndex(scenario)
    out: dict[str, list[tuple[float, float]]] = {}
    for _, row in table[table["detected"].notna()].iterrows():
        end = row["released"] if row["released"] == row["released"] else until
        for unit in chain.chain_up(chain.local_unit(row["place"])):
            out.setdefault(unit.id, []).append((row["detected"], min(end, until)))
    return out


def _calls(events: pd.DataFrame) -> pd.DataFrame:
    queued = of_kind(events, "message_queued")
    return queued[queued["detail"] == "public_call"]


def _gap_calls(events: pd.DataFrame, scenario: Scenario, table: pd.DataFrame, until: float) -> pd.Series:
    calls = _calls(events)
    chain = ChainIndex(scenario)
    counts = []
    for _, row in table.iterrows():
        if row["detected"] != row["detected"]:  # not detected: nobody knew, nobody called about it
            counts.append(0)
            continue
        end = min(row["released"], until) if row["released"] == row["released"] else until
        area = {u.id for u in chain.chain_up(chain.local_unit(row["place"]))}
        t = calls["time"].to_numpy()
        inside = calls["unit"].isin(area).to_numpy() & (t >= row["detected"]) & (t < end)
        counts.append(int(inside.sum()))
    return pd.Series(counts, index=table.index, dtype="int64")


def _calls_in_gaps(events: pd.DataFrame, scenario: Scenario, table: pd.DataFrame, until: float) -> int:
    calls = _calls(events)
    total = 0
    for unit, intervals in _gaps(scenario, table, until).items():
        t = calls.loc[calls["unit"] == unit, "time"].to_numpy()
        inside = np.zeros(len(t), dtype=bool)
        for start, end in intervals:
            inside |= (t >= start) & (t < end)
        total += int(inside.sum())
    return total
