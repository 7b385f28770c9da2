"""Strengths and areas for improvement, drafted by rules over the event log.

Pure functions of the log and the scenario (and the facilitator's injects
of a drill), so a drill and a batch run get the same findings, and a saved
run is re-analysed without re-simulating. Each finding carries its
evidence (times, incidents, units, teams) and the unit it falls to, which
becomes the responsible unit of its corrective action; ``key`` (rule and
unit) follows the same finding from one drill to the next.

The rules, each an area for improvement when it fires:

- ``late_report``: a report (phone, written) reached its commanding unit
  after the scenario's reporting limit, or had not reached it when the limit
  passed (censored: a report still on its way at the end whose limit has
  passed is late, not dropped);
- ``unanswered_warning``: a unit did not answer a warning call after every
  re-call (叫应), and the units under it were called directly instead;
- ``missed_roll_call``: a unit did not answer a roll call (点名) in time;
- ``need_waiting``: a need waited longer than the arrival target for a team
  (dispatched late, or still waiting at the end); needs whose late dispatch
  is already an inject's late decision are left to that rule;
- ``order_conflict``: leaders' orders conflicted (multi-head leadership);
- ``idle_team``: a team never sent anywhere while a need it could serve waited;
- ``desk_saturated``: a duty desk where a message waited too long, or whose
  staff were busy most of the time;
- ``late_decision``: a decision an inject expected came late or not at all.

Strengths are the same rules where there was something to judge and
nothing fired: every report on time, every call answered, every expected
decision on time, every need served in time, coordinated orders without conflict.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from simulator.metrics.censoring import observed_until
from simulator.metrics.command import unit_load
from simulator.metrics.expected import LATE, MISSED, ON_TIME, expected_results
from simulator.metrics.kpis import arrival_target
from simulator.metrics.select import of_kind
from simulator.scenario.models import Scenario

IMPROVEMENT, STRENGTH = "improvement", "strength"
DESK_WAIT_MINUTES = 30.0  # a message waiting half an hour at a desk is a finding whatever the hop limits
DESK_BUSY_SHARE = 0.8  # staff busy four fifths of the drill leave no slack for a surge

# the "3+8" step each rule is about: the capability of its corrective action
RULE_STEPS = {
    "late_report": "information_receipt",
    "unanswered_warning": "analysis_warning",
    "missed_roll_call": "analysis_warning",
    "need_waiting": "force_mobilisation",
    "order_conflict": "force_mobilisation",
    "idle_team": "force_mobilisation",
    "desk_saturated": "information_receipt",
    "late_decision": "force_mobilisation",
    "reports_on_time": "information_receipt",
    "calls_answered": "analysis_warning",
    "decisions_on_time": "force_mobilisation",
    "needs_served": "force_mobilisation",
    "orders_coordinated": "force_mobilisation",
}
ACTION_STEPS = {
    "dispatch_team": "force_mobilisation",
    "request_military": "force_mobilisation",
    "recall_team": "onsite_handling",
    "set_response_level": "information_receipt",
    "issue_warning": "analysis_warning",
    "switch_command_mode": "command_post",
    "release_supplies": "relief",
}


@dataclass(frozen=True)
class Evidence:
    """One fact behind a finding: when, about what and whom, how long against which limit."""

    time: float
    state: str = ""  # late | missed | unanswered | bypassed | conflict | waiting | idle | busy | met ...
    incident: str = ""
    unit: str = ""
    team: str = ""
    ref: str = ""  # a report message, warning, roll call, inject, capability or need
    minutes: float | None = None
    limit: float | None = None
    other: str = ""  # a second unit, a level, an expected action


@dataclass(frozen=True)
class Finding:
    kind: str  # improvement | strength
    rule: str
    unit: str = ""  # the unit it falls to ("" when none can be named)
    step: str = ""
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    @property
    def key(self) -> str:
        """Stable across drills of one scenario: the rule and the unit."""
        return f"{self.rule}:{self.unit}" if self.unit else self.rule


def draft_findings(scenario: Scenario, events: pd.DataFrame, injects=None, until: float | None = None, players: bool = True) -> list[Finding]:
    """Areas for improvement first (rule by rule, unit by unit), then strengths.

    ``players`` False (a batch run: the dispatch rules decide, nobody answers
    the injects) leaves out what injects expected of players.
    """
    until = observed_until(events, scenario.meta.horizon) if until is None else until
    expected = expected_results(list(injects if injects is not None else scenario.injects), events, until) if players else []
    areas: list[Finding] = []
    strengths: list[Finding] = []
    for rule in (_late_reports, _unanswered_warnings, _missed_roll_calls, _needs_waiting, _order_conflicts, _idle_teams, _busy_desks, _late_decisions):
        found, strength = rule(scenario, events, until, expected)
        areas += found
        if strength is not None:
            strengths.append(strength)
    return areas + strengths


def _grouped(rule: str, rows: list[Evidence], step: str | None = None) -> list[Finding]:
    by_unit: dict[str, list[Evidence]] = defaultdict(list)
    for e in rows:
        by_unit[e.unit].append(e)
    return [
        Finding(IMPROVEMENT, rule, unit, step or RULE_STEPS[rule], tuple(sorted(ev, key=lambda e: (e.time, e.incident, e.ref))))
        for unit, ev in sorted(by_unit.items(), key=lambda kv: (min(e.time for e in kv[1]), kv[0]))
    ]


def responsible_unit(scenario: Scenario, target: str | None) -> str:
    """The command unit an inject's target means: the unit itself, or a seat's first unit."""
    if not target:
        return ""
    if any(u.id == target for u in scenario.command.units):
        return target
    seat = next((s for s in getattr(scenario, "seats", ()) or () if s.id == target), None)
    return seat.units[0] if seat is not None and getattr(seat, "units", None) else target


def _commanders(events: pd.DataFrame) -> pd.Series:
    return of_kind(events, "command_assumed").drop_duplicates("incident").set_index("incident")["unit"]


# -- the rules: each returns (areas for improvement, a strength or None) ----------------------


def _late_reports(scenario, events, until, _expected):
    limits = scenario.command.reporting_limits
    fields = {"initial": "phone_minutes", "written": "written_minutes"}
    timely = of_kind(events, "report_timeliness")
    judged = timely[timely["entity"] != "no_limit"]
    detected = of_kind(events, "incident_detected").drop_duplicates("incident").set_index("incident")
    late = []
    for row in judged[judged["entity"] == "missed"].itertuples():
        limit = getattr(limits.get(row.level), fields[row.detail], None)
        start = float(detected.loc[row.incident, "time"]) if row.incident in detected.index else row.time - row.quantity
        late.append(Evidence(start, "late", row.incident, row.unit, ref=row.detail, minutes=float(row.quantity), limit=limit, other=row.level))
    arrived = set(zip(timely["incident"], timely["detail"]))
    commanders = _commanders(events)
    sent = ["initial"] + (["written"] if "written" in scenario.command.reports else [])
    pending = 0
    for incident, row in detected.iterrows():
        limit_of = limits.get(row["level"])
        for message in sent:
            limit = getattr(limit_of, fields[message], None) if limit_of is not None else None
            if limit is None or (incident, message) in arrived:
                continue
            if until - row["time"] > limit:  # its limit passed before the end: late, though it never arrived
                late.append(Evidence(float(row["time"]), "missed", incident, commanders.get(incident, ""), ref=message, minutes=None, limit=limit, other=row["level"]))
            else:
                pending += 1
    met = int((judged["entity"] == "met").sum())
    strength = None
    if not late and met:
        strength = Finding(STRENGTH, "reports_on_time", step=RULE_STEPS["reports_on_time"], evidence=(Evidence(float(judged["time"].max()), "met", minutes=float(judged["quantity"].max()), ref=str(met)),))
    return _grouped("late_report", late), strength


def _unanswered_warnings(scenario, events, until, _expected):
    rows = [Evidence(float(r.time), "unanswered", unit=r.unit, ref=r.entity, other=r.detail, minutes=float(r.quantity)) for r in of_kind(events, "warning_unanswered").itertuples()]
    bypassed = defaultdict(list)
    for r in of_kind(events, "warning_bypassed").itertuples():
        bypassed[(r.entity, r.detail)].append(r.unit)
    rows = [Evidence(e.time, e.state, unit=e.unit, ref=e.ref, other=",".join(bypassed.get((e.ref, e.unit), [])), minutes=e.minutes) for e in rows]
    answered = of_kind(events, "warning_answered")
    strength = None
    if not rows and len(answered):
        strength = Finding(STRENGTH, "calls_answered", step=RULE_STEPS["calls_answered"], evidence=(Evidence(float(answered["time"].max()), "met", ref=str(answered["unit"].nunique()), minutes=float(answered["quantity"].max())),))
    return _grouped("unanswered_warning", rows), strength


def _missed_roll_calls(scenario, events, until, _expected):
    rows = [Evidence(float(r.time), "missed", unit=r.unit, ref=r.entity, limit=float(r.quantity)) for r in of_kind(events, "roll_call_missed").itertuples()]
    return _grouped("missed_roll_call", rows), None


def _late_dispatch_incidents(expected) -> set[str]:
    out = set()
    for r in expected:
        if r.expected.action == "dispatch_team" and r.status in (LATE, MISSED):
            out.add(r.expected.incident or r.inject.id)
    return out


def _waits(events: pd.DataFrame, until: float) -> list[tuple]:
    """(incident, job, unit, capability, queued, dispatched or None, team) of every need that waited for a team."""
    queued = of_kind(events, "need_queued").drop_duplicates(["incident", "entity"])
    sent = of_kind(events, "team_dispatched").drop_duplicates(["incident", "entity"]).set_index(["incident", "entity"])
    out = []
    for r in queued.itertuples():
        row = sent.loc[(r.incident, r.entity)] if (r.incident, r.entity) in sent.index else None
        out.append((r.incident, r.entity, r.unit, r.detail, float(r.time), None if row is None else float(row["time"]), "" if row is None else row["team"]))
    return out


def _needs_waiting(scenario, events, until, expected):
    target = arrival_target(scenario)
    skip = _late_dispatch_incidents(expected)
    rows, served = [], 0
    for incident, _job, unit, capability, queued, dispatched, team in _waits(events, until):
        waited = (dispatched if dispatched is not None else until) - queued
        if waited <= target:
            served += dispatched is not None
            continue
        if incident in skip:
            continue
        rows.append(Evidence(queued, "waiting" if dispatched is None else "late", incident, unit, team, ref=capability, minutes=waited, limit=target))
    served += len(of_kind(events, "team_dispatched")) - sum(1 for w in _waits(events, until) if w[5] is not None)  # sent at once
    strength = None
    if not rows and served > 0 and not skip:
        strength = Finding(STRENGTH, "needs_served", step=RULE_STEPS["needs_served"], evidence=(Evidence(until, "met", ref=str(served), limit=target),))
    return _grouped("need_waiting", rows), strength


def _order_conflicts(scenario, events, until, _expected):
    resolved = of_kind(events, "order_conflict_resolved")
    rows = []
    for r in of_kind(events, "order_conflict").itertuples():
        later = resolved[(resolved["unit"] == r.unit) & (resolved["incident"] == r.incident) & (resolved["time"] >= r.time)]["time"]
        rows.append(Evidence(float(r.time), "conflict", r.incident, r.unit, minutes=float(later.min() - r.time) if len(later) else None))
    coordinated = of_kind(events, "order_coordinated")
    strength = None
    if not rows and len(coordinated):
        strength = Finding(STRENGTH, "orders_coordinated", step=RULE_STEPS["orders_coordinated"], evidence=(Evidence(float(coordinated["time"].max()), "met", ref=str(len(coordinated))),))
    return _grouped("order_conflict", rows), None if rows else strength


def _idle_teams(scenario, events, until, _expected):
    target = arrival_target(scenario)
    used = set(of_kind(events, "team_dispatched")["team"])
    waits = [w for w in _waits(events, until) if ((w[5] if w[5] is not None else until) - w[4]) > target]
    rows = []
    for team in scenario.teams:
        if team.id in used:
            continue
        for incident, _job, unit, capability, queued, _dispatched, _team in waits:
            if capability in team.capabilities and team.available_from <= queued:
                rows.append(Evidence(queued, "idle", incident, unit, team.id, ref=capability))
                break  # one need is enough to show the team was wanted
    return _grouped("idle_team", rows), None


def _busy_desks(scenario, events, until, _expected):
    load = unit_load(events, scenario, until)
    horizon = scenario.meta.horizon
    rows = []
    for unit, r in load.iterrows():
        utilisation = r["utilisation"] * horizon / until if until > 0 else 0.0  # busy share of the time so far
        if r["wait_max"] >= DESK_WAIT_MINUTES or utilisation >= DESK_BUSY_SHARE:
            rows.append(Evidence(until, "busy", unit=unit, minutes=float(r["wait_max"]), limit=DESK_WAIT_MINUTES, ref=str(int(r["messages"])), other=f"{utilisation:.2f}"))
    return _grouped("desk_saturated", rows), None


def _late_decisions(scenario, events, until, expected):
    rows = [
        Evidence(r.issued, "late" if r.status == LATE else "missed", r.expected.incident or (r.inject.id if r.inject.effect is not None and r.inject.effect.type == "incident" else ""),
                 responsible_unit(scenario, r.inject.target), r.team, ref=r.inject.id, minutes=r.delay, limit=r.expected.within_minutes, other=r.expected.action)
        for r in expected if r.status in (LATE, MISSED)
    ]
    found = []
    for f in _grouped("late_decision", rows):  # the capability follows the action most of its evidence is about
        actions = [e.other for e in f.evidence]
        found.append(Finding(f.kind, f.rule, f.unit, ACTION_STEPS.get(max(set(actions), key=actions.count), f.step), f.evidence))
    on_time = [r for r in expected if r.status == ON_TIME]
    strength = None
    if not rows and on_time:
        strength = Finding(STRENGTH, "decisions_on_time", step=RULE_STEPS["decisions_on_time"], evidence=tuple(Evidence(r.issued, "met", ref=r.inject.id, minutes=r.delay, limit=r.expected.within_minutes, other=r.expected.action) for r in on_time))
    return found, strength
