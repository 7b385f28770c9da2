"""The drill store: every session, inject and decision in one SQLite file.

Voila starts a kernel per page load, so what viewers share lives here, not
in a kernel. A killed kernel loses nothing: each decision is written in its
own transaction, and a session is rebuilt by replaying its decision log with
its seed to the stored step and clock (see :mod:`simulator.drill.stored`).

SQLite as the facts in TESTING.md say: WAL (readers never block the writer),
``foreign_keys=ON`` (off by default), a ``busy_timeout`` for two consoles
writing at once, one explicit transaction per logical write, and the schema
version in ``PRAGMA user_version`` with migrations applied in order.
Concurrent writers are kept apart by ``revision``: a write names the
revision it builds on and fails with :class:`StaleSession` when another
console moved the drill in between.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

FILE_NAME = "drills.sqlite"
BUSY_TIMEOUT_MS = 5000

# One script per schema version; a new version appends one, never edits old ones.
MIGRATIONS = (
    """
    CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        scenario_id TEXT NOT NULL,
        scenario_path TEXT NOT NULL,
        scenario_text TEXT NOT NULL,
        scenario_hash TEXT NOT NULL,
        seed INTEGER NOT NULL,
        auto_dispatch INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        clock REAL NOT NULL DEFAULT 0,
        steps INTEGER NOT NULL DEFAULT 0,
        revision INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'paused' CHECK (status IN ('paused', 'running', 'finished')),
        speed REAL NOT NULL DEFAULT 1
    );
    CREATE TABLE decisions (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        time REAL NOT NULL,
        step INTEGER NOT NULL,
        action TEXT NOT NULL,
        args TEXT NOT NULL,
        actor TEXT NOT NULL,
        accepted INTEGER NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        params TEXT NOT NULL DEFAULT '{}',
        result TEXT NOT NULL DEFAULT '',
        wall_time TEXT NOT NULL,
        PRIMARY KEY (session_id, seq)
    );
    CREATE TABLE injects (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        inject_id TEXT NOT NULL,
        time REAL NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('scenario', 'facilitator')),
        text_en TEXT NOT NULL,
        text_zh TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (session_id, inject_id)
    );
    """,
    # 2: the step model a drill was recorded with (see simulator.models.run.STEP_MODEL); older drills are 1
    """
    ALTER TABLE sessions ADD COLUMN step_model INTEGER NOT NULL DEFAULT 1;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class StaleSession(RuntimeError):
    """Another console moved this drill since this one last read it."""


def data_dir(path: str | Path | None = None) -> Path:
    """Where drills are kept: ``path``, else ``$DRILLSIM_DATA``, else ``~/.drillsim``."""
    chosen = path or os.environ.get("DRILLSIM_DATA") or Path.home() / ".drillsim"
    return Path(chosen).expanduser()


def _stamp() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SessionInfo:
    id: str
    name: str
    scenario_id: str
    scenario_path: str
    scenario_text: str
    scenario_hash: str
    seed: int
    auto_dispatch: bool
    created: str
    updated: str
    clock: float
    steps: int
    revision: int
    status: str
    speed: float
    step_model: int


@dataclass(frozen=True)
class StoredDecision:
    seq: int
    time: float
    step: int
    action: str
    args: dict
    actor: str
    accepted: bool
    reason: str
    params: dict
    result: str
    wall_time: str


class Store:
    def __init__(self, path: str | Path | None = None):
        """Open (creating if needed) the store: ``path`` is a directory or a ``.sqlite`` file."""
        path = Path(path) if path is not None else data_dir()
        self.path = path if path.suffix in (".sqlite", ".db") else path / FILE_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # autocommit mode: transactions are opened explicitly, one per logical write
        self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self._migrate()

    @classmethod
    def existing(cls, path: str | Path | None = None) -> "Store | None":
        """The store at ``path`` if it exists (so merely looking creates no files)."""
        path = Path(path) if path is not None else data_dir()
        file = path if path.suffix in (".sqlite", ".db") else path / FILE_NAME
        return cls(file) if file.exists() else None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")  # take the write lock now: no upgrade deadlock
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _migrate(self) -> None:
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(f"{self.path}: schema version {version} is newer than this drillsim ({SCHEMA_VERSION})")
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={number}")

    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def backup(self, dest: str | Path) -> Path:
        """A consistent copy (WAL keeps recent writes in side files, so never copy the file itself)."""
        dest = Path(dest)
        with sqlite3.connect(dest) as target:
            self.db.backup(target)
        target.close()
        return dest

    # -- sessions ------------------------------------------------------------------------

    def create_session(self, *, name: str, scenario_id: str, scenario_path: str, scenario_text: str, scenario_hash: str, seed: int, step_model: int, auto_dispatch: bool = False) -> SessionInfo:
        session_id = uuid.uuid4().hex[:12]
        now = _stamp()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO sessions (id, name, scenario_id, scenario_path, scenario_text, scenario_hash, seed, auto_dispatch, created, updated, step_model) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (session_id, name, scenario_id, scenario_path, scenario_text, scenario_hash, int(seed), int(auto_dispatch), now, now, int(step_model)),
            )
        return self.get(session_id)

    def get(self, session_id: str) -> SessionInfo:
        row = self.db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise KeyError(session_id)
        return _info(row)

    def sessions(self) -> list[SessionInfo]:
        """Every session, the most recently updated first."""
        return [_info(r) for r in self.db.execute("SELECT * FROM sessions ORDER BY updated DESC, created DESC, id")]

    def delete(self, session_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def set_status(self, session_id: str, status: str, speed: float | None = None) -> None:
        """Running or paused (real-time mode), for other viewers; does not move the drill."""
        with self.transaction() as db:
            db.execute("UPDATE sessions SET status = ?, speed = COALESCE(?, speed) WHERE id = ? AND status != 'finished'", (status, speed, session_id))

    def save(self, session_id: str, revision: int, *, clock: float, steps: int, finished: bool, decision: StoredDecision | None = None, injects: tuple = ()) -> int:
        """Write one move or one decision of a drill in one transaction; returns the new revision.

        ``injects`` are ``(inject_id, time, origin, text_en, text_zh, target)`` rows played since the last write.
        """
        with self.transaction() as db:
            status = "finished" if finished else None
            cur = db.execute(
                "UPDATE sessions SET clock = ?, steps = ?, revision = revision + 1, updated = ?, status = COALESCE(?, status) WHERE id = ? AND revision = ?",
                (float(clock), int(steps), _stamp(), status, session_id, revision),
            )
            if cur.rowcount != 1:
                raise StaleSession(session_id)
            if decision is not None:
                d = decision
                db.execute(
                    "INSERT INTO decisions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (session_id, d.seq, d.time, d.step, d.action, json.dumps(d.args, sort_keys=True, ensure_ascii=False), d.actor, int(d.accepted), d.reason, json.dumps(d.params, sort_keys=True, ensure_ascii=False, default=str), d.result, d.wall_time),
                )
            # a replayed inject is written again: keep the first row (and still check the others)
            db.executemany("INSERT INTO injects VALUES (?,?,?,?,?,?,?) ON CONFLICT (session_id, inject_id) DO NOTHING", [(session_id, *row) for row in injects])
        return revision + 1

    # -- decisions and injects ----------------------------------------------------------

    def decisions(self, session_id: str, start: int = 0) -> list[StoredDecision]:
        rows = self.db.execute("SELECT * FROM decisions WHERE session_id = ? AND seq >= ? ORDER BY seq", (session_id, start))
        return [
            StoredDecision(r["seq"], r["time"], r["step"], r["action"], json.loads(r["args"]), r["actor"], bool(r["accepted"]), r["reason"], json.loads(r["params"]), r["result"], r["wall_time"])
            for r in rows
        ]

    def injects(self, session_id: str) -> list[dict]:
        rows = self.db.execute("SELECT inject_id, time, origin, text_en, text_zh, target FROM injects WHERE session_id = ? ORDER BY time, inject_id", (session_id,))
        return [dict(r) for r in rows]


def _info(row: sqlite3.Row) -> SessionInfo:
    data = dict(row)
    data["auto_dispatch"] = bool(data["auto_dispatch"])
    return SessionInfo(**data)


def wall_time() -> str:
    return _stamp()
