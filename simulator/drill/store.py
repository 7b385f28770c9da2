"""The drill store: every session, inject and decision in one SQLite file.

Voila starts a kernel per page load, so what viewers share lives here, not
in a kernel. A killed kernel loses nothing: each decision is written in its
own transaction, and a session is rebuilt by replaying its decision log with
its seed to the stored step and clock (see :mod:`simulator.drill.stored`).

SQLite as the facts in TESTING.md say: WAL (readers never block the writer),
``foreign_keys=ON`` (off by default), a ``busy_timeout`` for two consoles
writing at once, one explicit transaction per logical write, and the schema
version in ``PRAGMA user_version`` with migrations applied in order (:mod:`simulator.drill.schema`).
Concurrent writers are kept apart by ``revision``: a write names the
revision it builds on and fails with :class:`StaleSession` when another
console moved the drill in between.

A decision is committed before it is played (see :mod:`simulator.drill.stored`):
its row is written with ``accepted`` NULL, and the outcome is recorded once
the models have said it. A failed write is rolled back whole and raised as a
:mod:`simulator.drill.faults` error naming this file and what to do; so is a
corrupt, empty or newer store. A file that is not writable is opened
read-only: its drills can be listed, replayed and exported.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from simulator.drill.faults import SessionNotFound, StoreDamaged, StoreReadOnly, StoreWriteFailed, fault_kind, store_fault
from simulator.drill.schema import MIGRATIONS, SCHEMA_VERSION

FILE_NAME = "drills.sqlite"
BUSY_TIMEOUT_MS = 5000


class StaleSession(RuntimeError):
    """Another console moved this drill since this one last read it."""


class SeatDecisionGone(StoreWriteFailed):
    """A seat withdrew the decision being played: the write is rolled back, nothing was played."""


def data_dir(path: str | Path | None = None) -> Path:
    """Where drills are kept: ``path``, else ``$DRILLSIM_DATA``, else ``~/.drillsim``."""
    chosen = path or os.environ.get("DRILLSIM_DATA") or Path.home() / ".drillsim"
    return Path(chosen).expanduser()


def store_file(path: str | Path | None = None) -> Path:
    """The store's file: ``path`` itself when it names a ``.sqlite``/``.db`` file, else ``drills.sqlite`` in that directory."""
    path = Path(path) if path is not None else data_dir()
    return path if path.suffix in (".sqlite", ".db") else path / FILE_NAME


def writable(file: Path) -> bool:
    """Whether drillsim may write the store ``file``.

    The folder must be writable too (WAL keeps its side files there). Root
    passes ``os.access`` on any file of a writable file system, so the mode
    bits are checked as well: a store someone marked read-only (``chmod a-w``,
    an archived drill) stays read-only even for root.
    """
    return bool(file.stat().st_mode & 0o222) and os.access(file, os.W_OK) and os.access(file.parent, os.W_OK)


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
    rng_version: int


@dataclass(frozen=True)
class StoredDecision:
    seq: int
    time: float
    step: int
    action: str
    args: dict
    actor: str
    accepted: bool | None  # None: committed, its outcome not recorded yet (a replay computes it)
    reason: str
    params: dict
    result: str
    wall_time: str


# (seq, accepted, reason, params, result): the outcome of a committed decision
OutcomeRow = tuple[int, bool, str, dict, str]


class Store:
    def __init__(self, path: str | Path | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, read_only: bool | None = None):
        """Open (creating if needed) the store: ``path`` is a directory or a ``.sqlite`` file.

        ``busy_timeout_ms``: how long a write waits for another writer before it fails.
        ``read_only``: None opens read-only exactly when the file is not :func:`writable`.
        Raises a :class:`~simulator.drill.faults.StoreError` naming the file when it cannot be used.
        """
        self.path = store_file(path)
        self.busy_timeout_ms = int(busy_timeout_ms)
        exists = self.path.exists()
        self.read_only = bool(read_only) if read_only is not None else exists and not writable(self.path)
        if not exists:
            if self.read_only:
                raise StoreDamaged("store.missing", self.path)
            self._create()
        elif self.path.stat().st_size == 0:  # never one of ours (see _create): its drills are gone
            raise StoreDamaged("store.empty", self.path)
        with self._errors():
            self._open()

    def _open(self) -> None:
        """Connect and bring the schema up to date; a connection that fails on the way is closed."""
        self.db = self._connect(immutable=False)
        try:
            self._upgrade()
            return
        except sqlite3.OperationalError as exc:
            self.db.close()
            # a read-only folder: SQLite cannot make the WAL index beside the file
            # (SQLITE_READONLY_DIRECTORY). With no WAL file left the database file holds
            # everything, so read it as an immutable file (nobody can write it here either)
            if not self.read_only or fault_kind(exc) not in ("read_only", "cannot_open"):
                raise
            if Path(f"{self.path}-wal").exists():  # recent writes wait in the WAL: unreadable without its index
                raise StoreDamaged("store.cannot_open", self.path, detail=str(exc)) from exc
        except BaseException:
            self.db.close()
            raise
        self.db = self._connect(immutable=True)
        try:
            self._upgrade()
        except BaseException:
            self.db.close()
            raise

    @classmethod
    def existing(cls, path: str | Path | None = None, **options) -> "Store | None":
        """The store at ``path`` if it exists (so merely looking creates no files)."""
        file = store_file(path)
        return cls(file, **options) if file.exists() else None

    def _connect(self, immutable: bool) -> sqlite3.Connection:
        # autocommit mode: transactions are opened explicitly, one per logical write
        options = dict(timeout=self.busy_timeout_ms / 1000, isolation_level=None, uri=True)
        mode = "ro&immutable=1" if immutable else ("ro" if self.read_only else "rw")  # rw: never create a file here
        db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode={mode}", **options)
        try:
            db.row_factory = sqlite3.Row
            if not self.read_only:
                db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            db.execute(f"PRAGMA busy_timeout={self.busy_timeout_ms}")
        except BaseException:
            db.close()
            raise
        return db

    def _create(self) -> None:
        """Build a new store under a temporary name, then link it into place.

        The store's path therefore never holds a half-made file, even after a
        kill: a 0-byte store is damage, not a store drillsim was creating.
        """
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreReadOnly("store.folder_read_only", self.path.parent, detail=exc.strerror or str(exc)) from exc
        if not os.access(self.path.parent, os.W_OK):
            raise StoreReadOnly("store.folder_read_only", self.path.parent, detail=os.strerror(errno.EACCES))
        tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex[:8]}.new")
        try:
            with self._errors():
                db = sqlite3.connect(tmp, isolation_level=None)
                try:
                    db.execute("PRAGMA journal_mode=WAL")
                    _upgrade(db, tmp)
                finally:
                    db.close()  # the last connection checkpoints the WAL into the file
            try:
                os.link(tmp, self.path)  # atomic, and refuses to replace a store another console made meanwhile
            except FileExistsError:
                pass
            except OSError:  # a file system without hard links
                if not self.path.exists():
                    os.replace(tmp, self.path)
        except OSError as exc:
            raise StoreWriteFailed("store.io", self.path, detail=str(exc)) from exc
        finally:
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                leftover.unlink(missing_ok=True)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite errors as store faults naming this file (integrity and programming errors pass)."""
        try:
            yield
        except sqlite3.Error as exc:
            fault = store_fault(exc, self.path, self.busy_timeout_ms / 1000)
            if fault is None:
                raise
            raise fault from exc

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, all or nothing: any failure rolls it back and is raised (as a store fault when it is one)."""
        if self.read_only:
            raise StoreReadOnly("store.read_only", self.path)
        with self._errors():
            self.db.execute("BEGIN IMMEDIATE")  # take the write lock now: no upgrade deadlock
            try:
                yield self.db
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.in_transaction:  # SQLite may have rolled back already (a full disk can)
                    with suppress(sqlite3.Error):
                        self.db.execute("ROLLBACK")
                raise

    def _upgrade(self) -> None:
        if self.read_only:  # nothing can be migrated; an older schema is read as it is (see _info)
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreDamaged("store.newer", self.path, found=version, supported=SCHEMA_VERSION)
            return
        _upgrade(self.db, self.path)

    def schema_version(self) -> int:
        with self._errors():
            return self.db.execute("PRAGMA user_version").fetchone()[0]

    def backup(self, dest: str | Path) -> Path:
        """A consistent copy (WAL keeps recent writes in side files, so never copy the file itself)."""
        dest = Path(dest)
        with self._errors(), sqlite3.connect(dest) as target:
            self.db.backup(target)
        target.close()
        return dest

    # -- sessions ------------------------------------------------------------------------

    def create_session(self, *, name: str, scenario_id: str, scenario_path: str, scenario_text: str, scenario_hash: str, seed: int, step_model: int, rng_version: int, auto_dispatch: bool = False) -> SessionInfo:
        session_id = uuid.uuid4().hex[:12]
        now = _stamp()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO sessions (id, name, scenario_id, scenario_path, scenario_text, scenario_hash, seed, auto_dispatch, created, updated, step_model, rng_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (session_id, name, scenario_id, scenario_path, scenario_text, scenario_hash, int(seed), int(auto_dispatch), now, now, int(step_model), int(rng_version)),
            )
        return self.get(session_id)

    def get(self, session_id: str) -> SessionInfo:
        with self._errors():
            row = self.db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise SessionNotFound("store.no_session", self.path, id=session_id)
        return _info(row)

    def sessions(self) -> list[SessionInfo]:
        """Every session, the most recently updated first."""
        with self._errors():
            return [_info(r) for r in self.db.execute("SELECT * FROM sessions ORDER BY updated DESC, created DESC, id")]

    def delete(self, session_id: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    def set_status(self, session_id: str, status: str, speed: float | None = None) -> None:
        """Running or paused (real-time mode), for other viewers; does not move the drill."""
        with self.transaction() as db:
            db.execute("UPDATE sessions SET status = ?, speed = COALESCE(?, speed) WHERE id = ? AND status != 'finished'", (status, speed, session_id))

    def save(self, session_id: str, revision: int, *, clock: float, steps: int, finished: bool, decision: StoredDecision | None = None, injects: tuple = (), outcomes: tuple[OutcomeRow, ...] = (), claim: int | None = None) -> int:
        """Write one move or one decision of a drill in one transaction; returns the new revision.

        ``injects`` are ``(inject_id, time, origin, text_en, text_zh, target)`` rows played since the last write;
        ``outcomes`` those of earlier decisions not recorded yet; ``claim`` the seat's pending decision
        (``seat_decisions.id``) that ``decision`` plays, marked played in the same transaction.
        """
        with self.transaction() as db:
            status = "finished" if finished else None
            cur = db.execute(
                "UPDATE sessions SET clock = ?, steps = ?, revision = revision + 1, updated = ?, status = COALESCE(?, status) WHERE id = ? AND revision = ?",
                (float(clock), int(steps), _stamp(), status, session_id, revision),
            )
            if cur.rowcount != 1:
                raise StaleSession(session_id)
            _record(db, session_id, outcomes)
            if decision is not None:
                d = decision
                db.execute(
                    "INSERT INTO decisions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                    (session_id, d.seq, d.time, d.step, d.action, json.dumps(d.args, sort_keys=True, ensure_ascii=False), d.actor, None if d.accepted is None else int(d.accepted), d.reason, json.dumps(d.params, sort_keys=True, ensure_ascii=False, default=str), d.result, d.wall_time),
                )
            if claim is not None:  # still pending, or its seat withdrew it meanwhile: then nothing is written
                cur = db.execute(
                    "UPDATE seat_decisions SET status = 'played', seq = ?, changed = ? WHERE id = ? AND session_id = ? AND status = 'pending'",
                    (decision.seq, _stamp(), claim, session_id),
                )
                if cur.rowcount != 1:
                    raise SeatDecisionGone("seat.gone", self.path)
            # a replayed inject is written again: keep the first row (and still check the others)
            db.executemany("INSERT INTO injects VALUES (?,?,?,?,?,?,?) ON CONFLICT (session_id, inject_id) DO NOTHING", [(session_id, *row) for row in injects])
        return revision + 1

    def record_outcomes(self, session_id: str, outcomes: tuple[OutcomeRow, ...]) -> None:
        """Record what committed decisions came to (no new revision: the drill did not move)."""
        with self.transaction() as db:
            _record(db, session_id, outcomes)

    # -- decisions and injects ----------------------------------------------------------

    def decisions(self, session_id: str, start: int = 0) -> list[StoredDecision]:
        with self._errors():
            rows = self.db.execute("SELECT * FROM decisions WHERE session_id = ? AND seq >= ? ORDER BY seq", (session_id, start))
            return [
                StoredDecision(r["seq"], r["time"], r["step"], r["action"], json.loads(r["args"]), r["actor"], None if r["accepted"] is None else bool(r["accepted"]), r["reason"], json.loads(r["params"]), r["result"], r["wall_time"])
                for r in rows
            ]

    def injects(self, session_id: str) -> list[dict]:
        with self._errors():
            rows = self.db.execute("SELECT inject_id, time, origin, text_en, text_zh, target FROM injects WHERE session_id = ? ORDER BY time, inject_id", (session_id,))
            return [dict(r) for r in rows]


def _upgrade(db: sqlite3.Connection, path: Path) -> None:
    """Apply the migrations this store lacks, in one transaction (none, without taking the write lock)."""
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreDamaged("store.newer", path, found=version, supported=SCHEMA_VERSION)
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in filter(str.strip, script.split(";")):
                db.execute(statement)
            db.execute(f"PRAGMA user_version={number}")
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


def _record(db: sqlite3.Connection, session_id: str, outcomes: tuple[OutcomeRow, ...]) -> None:
    db.executemany(
        "UPDATE decisions SET accepted = ?, reason = ?, params = ?, result = ? WHERE session_id = ? AND seq = ? AND accepted IS NULL",
        [(int(accepted), reason, json.dumps(params, sort_keys=True, ensure_ascii=False, default=str), result, session_id, seq) for seq, accepted, reason, params, result in outcomes],
    )


def _info(row: sqlite3.Row) -> SessionInfo:
    data = dict(row)
    data["auto_dispatch"] = bool(data["auto_dispatch"])
    data.setdefault("step_model", 1)  # a read-only store of an older schema is read without migrating
    data.setdefault("rng_version", 1)
    return SessionInfo(**data)


def wall_time() -> str:
    return _stamp()

