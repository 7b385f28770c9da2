"""Seats' decisions on their way into the drill: written by a seat's page, played by the facilitator's.

A seat's page never steps the simulation (Voila gives each page its own
kernel; only the facilitator's session moves the drill). It writes a
*pending* row to the store: seat, action, arguments, wall time. The
facilitator's session takes the pending rows at its next move
(:meth:`StoreSink.moving <simulator.drill.stored.StoreSink.moving>`), in the
order the seats decided them (the row id), and plays them at the current
step through the same checks as any decision; each is marked played, with
the decision's ``seq``, in the transaction that commits the decision, so a
kill between the two loses or doubles nothing. From then on it is an
ordinary decision of the drill (actor ``seat:<id>``): a replay plays it
from the decision log, not from here.

The facilitator may *hold* a pending decision (it waits until released);
its seat may *withdraw* it while it is pending or held.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from simulator.drill.actions import Decision
from simulator.drill.deciders import Decider
from simulator.drill.seats import seat_actor
from simulator.drill.store import Store, wall_time

PENDING, HELD, PLAYED, WITHDRAWN = "pending", "held", "played", "withdrawn"
OPEN = (PENDING, HELD)  # not played yet: shown to the facilitator


@dataclass(frozen=True)
class SeatDecision:
    id: int
    seat: str
    action: str
    args: dict
    wall_time: str
    status: str
    seq: int | None  # the drill's decision it became, once played
    changed: str


def submit(store: Store, session_id: str, seat: str, action: str, args: dict) -> SeatDecision:
    """A seat's decision, pending until the facilitator's next move; raises a store error when not written."""
    args = {k: v for k, v in args.items() if v not in (None, "")}  # as the console's queue keeps them
    now = wall_time()
    with store.transaction() as db:
        store.get(session_id)  # a drill that is gone is said as such, not as a foreign-key failure
        cur = db.execute(
            "INSERT INTO seat_decisions (session_id, seat, action, args, wall_time, changed) VALUES (?,?,?,?,?,?)",
            (session_id, seat, action, json.dumps(args, sort_keys=True, ensure_ascii=False), now, now),
        )
        row_id = cur.lastrowid
    return SeatDecision(row_id, seat, action, args, now, PENDING, None, now)


def seat_decisions(store: Store, session_id: str, seat: str | None = None, statuses: tuple[str, ...] | None = None) -> list[SeatDecision]:
    """A drill's seat decisions in the order they were made, of one seat and some statuses when given."""
    query = "SELECT * FROM seat_decisions WHERE session_id = ?"
    params: list = [session_id]
    if seat is not None:
        query += " AND seat = ?"
        params.append(seat)
    if statuses is not None:
        query += f" AND status IN ({','.join('?' * len(statuses))})"
        params += list(statuses)
    with store._errors():
        try:
            rows = store.db.execute(query + " ORDER BY id", params).fetchall()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):  # a read-only store of an older schema: no seat ever decided there
                return []
            raise
    return [SeatDecision(r["id"], r["seat"], r["action"], json.loads(r["args"]), r["wall_time"], r["status"], r["seq"], r["changed"]) for r in rows]


def pending(store: Store, session_id: str) -> list[SeatDecision]:
    """What the facilitator's next move plays, in order (held ones wait)."""
    return seat_decisions(store, session_id, statuses=(PENDING,))


def _move(store: Store, session_id: str, decision_id: int, to: str, frm: tuple[str, ...], seat: str | None = None) -> bool:
    query = f"UPDATE seat_decisions SET status = ?, changed = ? WHERE id = ? AND session_id = ? AND status IN ({','.join('?' * len(frm))})"
    params: list = [to, wall_time(), decision_id, session_id, *frm]
    if seat is not None:
        query += " AND seat = ?"
        params.append(seat)
    with store.transaction() as db:
        return db.execute(query, params).rowcount == 1


def hold(store: Store, session_id: str, decision_id: int) -> bool:
    """The facilitator holds a pending decision: the next moves leave it. False: it is not pending any more."""
    return _move(store, session_id, decision_id, HELD, (PENDING,))


def release(store: Store, session_id: str, decision_id: int) -> bool:
    """A held decision goes back to pending: the next move plays it."""
    return _move(store, session_id, decision_id, PENDING, (HELD,))


def withdraw(store: Store, session_id: str, decision_id: int, seat: str) -> bool:
    """A seat takes back its own decision before it is played. False: it was played (or is not this seat's)."""
    return _move(store, session_id, decision_id, WITHDRAWN, OPEN, seat=seat)


class SeatQueue(Decider):
    """The pending decisions the facilitator's move took, played at the current step in order."""

    def __init__(self) -> None:
        self._queue: list[SeatDecision] = []

    def take(self, rows: list[SeatDecision]) -> None:
        """The rows pending now (replacing any not played: they are still pending in the store)."""
        self._queue = list(rows)

    def due(self, step: int, now: float) -> list[Decision]:
        out = [Decision(now, r.action, dict(r.args), step, seat_actor(r.seat), ref=r.id) for r in self._queue]
        self._queue.clear()
        return out


def seat_queue(session) -> SeatQueue:
    """The session's seat queue, put before the console's own queue the first time it is needed."""
    found = next((d for d in session.deciders if isinstance(d, SeatQueue)), None)
    if found is None:
        found = SeatQueue()
        session.deciders.insert(session.deciders.index(session.human), found)
    return found

