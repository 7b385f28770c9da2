"""Exercise evaluation: evaluators' observations and the improvement plan, in the drill store.

An evaluator (a seat, or the panel on the facilitator's screen) records
what they saw against a critical task: the drill minute, free text and a
rating P / S / M / U (HSEEP: performed without challenges, with some, with
major challenges, unable to perform). Observations are not decisions: they
change nothing in the simulation, so they are kept beside the decision log
(each in its own transaction, committed when this returns, so a killed
kernel loses none) and never replayed. Writing one does not move the
drill's revision either: an evaluator's screen never makes the
facilitator's console stale.

Each area for improvement becomes a corrective action (capability,
responsible unit, due date, status). Actions outlive their drill: when the
next drill of the same scenario, or of a scenario with the same units,
starts, the open ones are listed, and closing one there records in which
drill it was closed, which that drill's after-action report says.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, timezone

from simulator.drill.store import SessionInfo, Store, wall_time
from simulator.i18n import text, tr
from simulator.metrics.findings import IMPROVEMENT, Finding
from simulator.metrics.tasks import RATINGS
from simulator.scenario.models import Scenario

STATUSES = ("open", "in_progress", "closed")
DUE_DAYS = 30  # a drafted action's due date: a month after the drill, for the room to change
MAX_TEXT = 4000


class EvaluationRejected(ValueError):
    """Bad input to an observation or an action; ``key`` names the i18n message (``eval.error.<key>``)."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(tr(f"eval.error.{key}", "en", **params))

    def message(self, lang: str | None = None) -> str:
        return tr(f"eval.error.{self.key}", lang, **self.params)


@dataclass(frozen=True)
class Observation:
    seq: int
    time: float
    objective: str
    task: str
    rating: str  # "" or one of RATINGS
    text: str
    evaluator: str
    wall_time: str


@dataclass(frozen=True)
class Action:
    id: str
    scenario_id: str
    opened_in: str
    finding: str
    capability: str
    description: str
    unit: str
    unit_name: str
    due: str
    status: str
    closed_in: str
    created: str
    updated: str

    def row(self) -> dict:
        return asdict(self)


def _task_objective(scenario: Scenario, task_id: str) -> str:
    for objective in scenario.objectives:
        if any(t.id == task_id for t in objective.critical_tasks):
            return objective.id
    raise EvaluationRejected("unknown_task", task=task_id)


def _missing_table(exc: sqlite3.Error) -> bool:
    return "no such table" in str(exc)  # a read-only store of an older schema: nothing recorded


# -- observations -------------------------------------------------------------------------------


def record_observation(store: Store, session_id: str, scenario: Scenario, *, time: float, task: str = "", rating: str = "", note: str = "", evaluator: str = "") -> Observation:
    """Write one observation (committed on return); raises :class:`EvaluationRejected` on bad input.

    ``task`` is a critical task id ("" for a general note); the observation
    needs a rating or some text.
    """
    rating = (rating or "").strip().upper()
    note = (note or "").strip()
    if rating not in ("", *RATINGS):
        raise EvaluationRejected("bad_rating", rating=rating, allowed=" / ".join(RATINGS))
    if not rating and not note:
        raise EvaluationRejected("empty")
    if len(note) > MAX_TEXT:
        raise EvaluationRejected("too_long", limit=MAX_TEXT)
    objective = _task_objective(scenario, task) if task else ""
    stamp = wall_time()
    with store.transaction() as db:
        seq = db.execute("SELECT COALESCE(MAX(seq) + 1, 0) FROM observations WHERE session_id = ?", (session_id,)).fetchone()[0]
        db.execute(
            "INSERT INTO observations VALUES (?,?,?,?,?,?,?,?,?)",
            (session_id, seq, float(time), objective, task, rating, note, (evaluator or "").strip(), stamp),
        )
    return Observation(seq, float(time), objective, task, rating, note, (evaluator or "").strip(), stamp)


def observations(store: Store, session_id: str) -> list[Observation]:
    try:
        with store._errors():
            rows = store.db.execute("SELECT * FROM observations WHERE session_id = ? ORDER BY seq", (session_id,)).fetchall()
    except sqlite3.Error as exc:
        if _missing_table(exc):
            return []
        raise
    return [Observation(r["seq"], r["time"], r["objective"], r["task"], r["rating"], r["text"], r["evaluator"], r["wall_time"]) for r in rows]


# -- the improvement plan ---------------------------------------------------------------------------


def _action(row) -> Action:
    return Action(**dict(row))


def _actions(store: Store, where: str, params: tuple) -> list[Action]:
    try:
        with store._errors():
            rows = store.db.execute(f"SELECT * FROM improvement_actions WHERE {where} ORDER BY created, rowid", params).fetchall()
    except sqlite3.Error as exc:
        if _missing_table(exc):
            return []
        raise
    return [_action(r) for r in rows]


def actions_of(store: Store, session_id: str) -> list[Action]:
    """The corrective actions drafted from this drill's findings."""
    return _actions(store, "opened_in = ?", (session_id,))


def closed_in(store: Store, session_id: str) -> list[Action]:
    """Actions of earlier drills that were closed during this one."""
    return _actions(store, "closed_in = ? AND opened_in != ?", (session_id, session_id))


def carried_actions(store: Store, scenario: Scenario, session_id: str | None = None) -> list[Action]:
    """Actions from earlier drills still open, for a drill of ``scenario``: the same scenario, or one of its units."""
    names = {text(u.name, "en") for u in scenario.command.units}
    candidates = _actions(store, "status != 'closed' AND opened_in != ?", (session_id or "",))
    return [a for a in candidates if a.scenario_id == scenario.meta.id or (a.unit_name and a.unit_name in names)]


def draft_actions(store: Store, info: SessionInfo, scenario: Scenario, findings: list[Finding], lang: str | None = None, today: date | None = None) -> list[Action]:
    """One corrective action per area for improvement that has none from this drill yet; returns the new ones."""
    have = {a.finding for a in actions_of(store, info.id)}
    units = {u.id: u for u in scenario.command.units}
    due = ((today or datetime.now(timezone.utc).date()) + timedelta(days=DUE_DAYS)).isoformat()
    stamp = wall_time()
    new = []
    for f in findings:
        if f.kind != IMPROVEMENT or f.key in have:
            continue
        unit = units.get(f.unit)
        description = tr(f"finding.action.{f.rule}", lang, unit=text(unit.name, lang) if unit else tr("eval.no_unit", lang))
        new.append(Action(uuid.uuid4().hex[:12], scenario.meta.id, info.id, f.key, f.step, description, f.unit, text(unit.name, "en") if unit else "", due, "open", "", stamp, stamp))
    if new:
        with store.transaction() as db:
            db.executemany("INSERT INTO improvement_actions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", [tuple(a.row().values()) for a in new])
    return new


_EDITABLE = ("capability", "description", "unit", "unit_name", "due", "status")


def update_action(store: Store, action_id: str, session_id: str | None = None, **changes) -> Action:
    """Change an action's editable fields; closing it records ``session_id`` as the drill it was closed in.

    Raises :class:`EvaluationRejected` naming the field when a value is not valid; nothing is written then.
    """
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise EvaluationRejected("bad_field", field=", ".join(sorted(unknown)))
    if "status" in changes and changes["status"] not in STATUSES:
        raise EvaluationRejected("bad_status", status=changes["status"], allowed=" / ".join(STATUSES))
    if changes.get("due"):
        try:
            date.fromisoformat(str(changes["due"]))
        except ValueError:
            raise EvaluationRejected("bad_due", due=changes["due"]) from None
    for name in ("description", "capability"):
        if name in changes and len(str(changes[name])) > MAX_TEXT:
            raise EvaluationRejected("too_long", limit=MAX_TEXT)
    found = _actions(store, "id = ?", (action_id,))
    if not found:
        raise EvaluationRejected("unknown_action", id=action_id)
    current = found[0]
    values = {k: str(v) for k, v in changes.items()}
    if values.get("status") == "closed" and current.status != "closed":
        values["closed_in"] = session_id or current.opened_in
    elif "status" in values and values["status"] != "closed":
        values["closed_in"] = ""
    values["updated"] = wall_time()
    with store.transaction() as db:
        db.execute(f"UPDATE improvement_actions SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?", (*values.values(), action_id))
    return _actions(store, "id = ?", (action_id,))[0]


# -- what the after-action report needs of a stored drill -------------------------------------------


def drill_record(store: Store, session_id: str, scenario: Scenario, lang: str | None = None, *, extra_injects=(), clock: float | None = None) -> dict:
    """A drill's record as plain data for :func:`simulator.report.aar.build_aar` (the report layer reads no store).

    ``extra_injects`` and ``clock`` come from the replayed session (the
    facilitator's injects, where the drill got to); the rest from the store.
    """
    from simulator.drill.refusals import refusal_text  # a refusal in the report's language

    info = store.get(session_id)
    decisions = [
        {"time": d.time, "actor": d.actor, "action": d.action, "args": d.args, "accepted": bool(d.accepted),
         "message": refusal_text(scenario, d.reason, d.params, lang) if d.reason else ""}
        for d in store.decisions(session_id)
    ]
    return {
        "id": info.id, "name": info.name, "seed": info.seed, "created": info.created,
        "clock": info.clock if clock is None else clock,
        "extra_injects": list(extra_injects),
        "decisions": decisions,
        "injects": store.injects(session_id),
        "observations": [asdict(o) for o in observations(store, session_id)],
        "actions": [a.row() for a in actions_of(store, session_id)],
        "closed": [a.row() for a in closed_in(store, session_id)],
        "carried": [a.row() for a in carried_actions(store, scenario, session_id) if _opened_before(store, a, info)],
    }


def _opened_before(store: Store, action: Action, info: SessionInfo) -> bool:
    """Whether ``action`` comes from a drill started before this one (a later drill's actions are not carried back)."""
    started = {i.id: i.created for i in store.sessions()}
    return started.get(action.opened_in, action.created) <= info.created
