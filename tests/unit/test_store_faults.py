"""The drill store under faults: a refused write loses nothing, and each fault is said with the store's path.

Every drill here is the tiny scenario (tests/conftest.py), whose times are
fixed: the flood at the village starts at minute 100 and its report reaches
a commanding unit at 118, the one dispatch point. A team dispatched at 118
arrives at 139 = 118 + 1 (order over one command link) + 5 (mobilisation)
+ 10 + 5 (roads city-town-village), as test_drill_session also finds.
"""

from __future__ import annotations

import hashlib
import os
import random
import site
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from simulator.drill import DrillSession, Store, open_session, start_session
from simulator.drill.archive import decision_frame, export_decisions
from simulator.drill.faults import SessionNotFound, StoreDamaged, StoreReadOnly, StoreWriteFailed
from simulator.eventlog import write_events
from simulator.i18n import tr
from tests.conftest import ROOT, to_yaml

DISPATCH = {"team": "city_team", "incident": "flood-001"}


@pytest.fixture
def tiny_file(tmp_path, tiny) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(to_yaml(tiny), encoding="utf-8")
    return path


def hold_write_lock(path: Path) -> sqlite3.Connection:
    """Another program holding the store's write lock (a second console mid-write, a database browser)."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def log_bytes(session: DrillSession, path: Path) -> bytes:
    write_events(session.events(), path)
    return path.read_bytes()


def uninterrupted(scenario, args: dict = DISPATCH) -> DrillSession:
    """The same drill with nothing going wrong: step to the dispatch point, dispatch, run to the end."""
    session = DrillSession(scenario)
    session.step()
    assert session.decide("dispatch_team", **args).accepted
    session.run_until(session.horizon)
    return session


def finish_and_compare(session: DrillSession, store_dir: Path, session_id: str, tmp_path: Path) -> None:
    """Run to the end, drop the session (as after kill -9), reopen it from the store: the log of an uninterrupted drill."""
    session.run_until(session.horizon)
    events = session.events()
    assert events.loc[events["kind"] == "team_arrived", "time"].tolist() == [139]
    scenario, args = session.scenario, session.outcomes[0].decision.args
    del session
    reopened = open_session(Store(store_dir), session_id)
    assert log_bytes(reopened, tmp_path / "reopened.csv") == log_bytes(uninterrupted(scenario, args), tmp_path / "straight.csv")


def test_a_decision_refused_by_a_locked_store_is_not_played_and_can_be_taken_again(tmp_path, tiny_file):
    store = Store(tmp_path / "data", busy_timeout_ms=50)  # the default waits 5 s for the other writer
    session, info = start_session(store, tiny_file)
    assert [(p.time, p.reason) for p in session.step()] == [(118, "dispatch")]
    revision = store.get(info.id).revision
    other = hold_write_lock(store.path)
    with pytest.raises(StoreWriteFailed) as refused:
        session.decide("dispatch_team", **DISPATCH)
    other.execute("ROLLBACK")  # the other program is closed
    other.close()
    en, zh = refused.value.message("en"), refused.value.message("zh")
    assert str(store.path) in en and "0.05 s" in en and "Close the other program" in en
    assert str(store.path) in zh and "关闭" in zh
    # nothing changed, in memory or in the store
    assert session.outcomes == [] and "decision" not in session.events()["kind"].tolist()
    assert store.decisions(info.id) == [] and store.get(info.id).revision == revision
    assert session.decide("dispatch_team", **DISPATCH).accepted  # the facilitator presses Decide again
    assert [(d.seq, d.accepted) for d in store.decisions(info.id)] == [(0, True)]
    finish_and_compare(session, tmp_path / "data", info.id, tmp_path)


def test_a_full_disk_at_commit_rolls_the_decision_back(tmp_path, tiny_file):
    """A full disk shows at COMMIT in WAL mode: the whole transaction goes, and the session plays nothing."""
    store = Store(tmp_path / "data")
    session, info = start_session(store, tiny_file)
    session.step()

    class FullAtCommit:  # the store's connection, whose next COMMIT meets a full disk
        def __init__(self, db):
            self.db, self.failed = db, False

        def execute(self, sql, *args):
            if sql == "COMMIT" and not self.failed:
                self.failed = True
                raise sqlite3.OperationalError("database or disk is full")
            return self.db.execute(sql, *args)

        def __getattr__(self, name):
            return getattr(self.db, name)

    real, store.db = store.db, FullAtCommit(store.db)
    with pytest.raises(StoreWriteFailed) as refused:
        session.decide("dispatch_team", **DISPATCH)
    assert "Free disk space" in refused.value.message("en") and "清理磁盘空间" in refused.value.message("zh")
    assert not real.in_transaction and store.decisions(info.id) == [] and session.outcomes == []
    assert session.decide("dispatch_team", **DISPATCH).accepted
    store.db = real
    finish_and_compare(session, tmp_path / "data", info.id, tmp_path)


def test_a_really_full_database_refuses_the_write_with_sqlite_full(tmp_path, tiny_file):
    """SQLite's own SQLITE_FULL: the file may not grow (max_page_count), and a decision needs new pages."""
    store = Store(tmp_path / "data")
    session, info = start_session(store, tiny_file)
    session.step()
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count={pages}")
    big = {**DISPATCH, "note": "x" * 20000}  # an argument the model ignores, too big for the free space
    with pytest.raises(StoreWriteFailed) as refused:
        session.decide("dispatch_team", **big)
    assert refused.value.__cause__.sqlite_errorname == "SQLITE_FULL" and refused.value.key == "store.full"
    assert session.outcomes == [] and store.decisions(info.id) == []
    store.db.execute(f"PRAGMA max_page_count={2**30}")  # space freed
    assert session.decide("dispatch_team", **big).accepted
    finish_and_compare(session, tmp_path / "data", info.id, tmp_path)


def test_an_outcome_not_recorded_is_recomputed_on_reopen_and_written_with_the_next_write(tmp_path, tiny_file, monkeypatch):
    store = Store(tmp_path / "data")
    session, info = start_session(store, tiny_file)
    session.step()

    def refuse(*_args):
        raise StoreWriteFailed("store.full", store.path)

    monkeypatch.setattr(store, "record_outcomes", refuse)
    assert session.decide("dispatch_team", **DISPATCH).accepted  # committed first, so played
    assert [(d.seq, d.accepted) for d in store.decisions(info.id)] == [(0, None)]
    assert decision_frame(store, info.id, "en")["accepted"].tolist() == [None]
    monkeypatch.undo()
    del session  # killed before any other write
    reopened = open_session(Store(tmp_path / "data"), info.id)
    assert [o.accepted for o in reopened.outcomes] == [True]
    reopened.advance(5)
    assert [(d.seq, d.accepted) for d in reopened.sink.store.decisions(info.id)] == [(0, True)]
    finish_and_compare(reopened, tmp_path / "data", info.id, tmp_path)


def test_a_failed_move_is_written_by_the_next_write(tmp_path, tiny_file):
    """A move the store refused is in memory only: the next write records the place and the injects since."""
    store = Store(tmp_path / "data", busy_timeout_ms=50)
    session, info = start_session(store, tiny_file)
    other = hold_write_lock(store.path)
    with pytest.raises(StoreWriteFailed):
        session.step()
    other.execute("ROLLBACK")
    other.close()
    assert (store.get(info.id).clock, session.now) == (0, 118)
    assert session.decide("dispatch_team", **DISPATCH).accepted
    assert (store.get(info.id).clock, store.get(info.id).steps) == (118, session.steps)
    finish_and_compare(session, tmp_path / "data", info.id, tmp_path)


def test_a_corrupt_store_is_named_and_left_as_it_is(tmp_path):
    store_file = tmp_path / "drills.sqlite"
    store_file.write_bytes(random.Random(18).randbytes(8192))  # no SQLite header
    before = store_file.read_bytes()
    with pytest.raises(StoreDamaged) as damaged:
        Store(tmp_path)
    with pytest.raises(StoreDamaged):
        Store.existing(tmp_path)
    assert damaged.value.key == "store.corrupt"
    assert str(store_file) in damaged.value.message("en") and "backup copy" in damaged.value.message("en")
    assert str(store_file) in damaged.value.message("zh") and "备份" in damaged.value.message("zh")
    assert store_file.read_bytes() == before


def test_an_empty_store_file_is_damage_not_a_new_store(tmp_path):
    (tmp_path / "drills.sqlite").write_bytes(b"")
    with pytest.raises(StoreDamaged) as damaged:
        Store(tmp_path)
    assert damaged.value.key == "store.empty" and "0 bytes" in str(damaged.value) and "0 字节" in damaged.value.message("zh")
    assert (tmp_path / "drills.sqlite").stat().st_size == 0
    # drillsim's own new store is built aside and linked in whole, so it is never 0 bytes, and leaves nothing behind
    Store(tmp_path / "fresh").close()
    assert [p.name for p in (tmp_path / "fresh").iterdir()] == ["drills.sqlite"]


def test_an_unknown_drill_is_named_with_the_store(tmp_path):
    store = Store(tmp_path)
    with pytest.raises(KeyError) as missing:  # still a KeyError for old callers
        store.get("nope")
    assert isinstance(missing.value, SessionNotFound)
    assert "nope" in str(missing.value) and str(store.path) in str(missing.value) and "nope" in missing.value.message("zh")


def test_a_newer_store_says_so_in_both_languages(tmp_path):
    Store(tmp_path).close()
    with sqlite3.connect(tmp_path / "drills.sqlite") as db:
        db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(StoreDamaged) as newer:
        Store(tmp_path)
    assert "schema 99" in str(newer.value) and "99" in newer.value.message("zh") and str(tmp_path) in newer.value.message("zh")


def recorded_drill(tmp_path: Path, tiny_file: Path) -> tuple[Path, str]:
    """A closed store holding one drill: dispatched at 118, then run to minute 200."""
    store = Store(tmp_path / "data")
    session, info = start_session(store, tiny_file)
    session.step()
    session.decide("dispatch_team", **DISPATCH)
    session.run_until(200)
    store.close()
    return store.path, info.id


def test_a_read_only_store_lists_replays_and_exports_but_writes_nothing(tmp_path, tiny_file):
    path, session_id = recorded_drill(tmp_path, tiny_file)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    os.chmod(path, 0o444)
    if os.geteuid() == 0:  # root: access() lets it write anyway, so the mode bits alone say "read-only"
        assert os.access(path, os.W_OK)
    store = Store.existing(path.parent)
    assert store.read_only
    assert [i.id for i in store.sessions()] == [session_id]
    session = open_session(store, session_id)
    assert session.now == 200 and [o.accepted for o in session.outcomes] == [True]
    exported = export_decisions(store, session_id, tmp_path / "out" / "log.csv")
    assert exported.read_text(encoding="utf-8").startswith("seq,time,step,action")
    with pytest.raises(StoreReadOnly) as refused:
        session.decide("recall_team", team="city_team")
    assert session.outcomes[1:] == []  # refused before it was played
    assert str(path) in refused.value.message("en") and "read-only" in refused.value.message("en") and "只读" in refused.value.message("zh")
    with pytest.raises(StoreReadOnly):
        start_session(store, tiny_file)
    store.close()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert Store(path, read_only=True).read_only  # asked for explicitly, on any file


CHILD = """
import sys
from simulator.drill import Store, open_session
from simulator.drill.faults import StoreReadOnly
store = Store.existing(sys.argv[1])
print(store.read_only, [i.id for i in store.sessions()], float(open_session(store, sys.argv[2]).now))
try:
    store.set_status(sys.argv[2], "running")
except StoreReadOnly as exc:
    print(exc.key)
"""


def run_as_nobody(args: list[str]) -> subprocess.CompletedProcess | None:
    """Run CHILD as the user nobody with this interpreter, or one of the same version given this one's
    packages (this one may live under /root); None when no interpreter can import drillsim as nobody."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    packages = os.pathsep.join([str(ROOT), *site.getsitepackages()])
    for python in dict.fromkeys([sys.executable, f"/usr/bin/{version}", f"/usr/local/bin/{version}"]):
        try:
            run = subprocess.run([python, "-c", CHILD, *args], user="nobody", cwd="/", env={"PYTHONPATH": packages},
                                 capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            continue
        if "ImportError" not in run.stderr and "ModuleNotFoundError" not in run.stderr:
            return run
    return None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to run a child as another user")
def test_a_store_in_a_read_only_folder_opens_for_a_user_who_cannot_write_it(tmp_path, tiny_file):
    """What a facilitator who is not root meets: file and folder not writable, so SQLite cannot make its
    WAL index (SQLITE_READONLY_DIRECTORY); the store is then read as an immutable file."""
    path, session_id = recorded_drill(tmp_path, tiny_file)
    shared = Path(tempfile.mkdtemp(prefix="drillsim-ro-"))  # tmp_path's parents are closed to other users
    try:
        copy = shared / "drills.sqlite"
        copy.write_bytes(path.read_bytes())
        copy.chmod(0o444)
        shared.chmod(0o555)
        run = run_as_nobody([str(shared), session_id])
        if run is None:
            pytest.skip("no interpreter the user nobody can run drillsim with")
        assert run.returncode == 0, run.stderr
        assert run.stdout.split("\n")[:2] == [f"True ['{session_id}'] 200.0", "store.read_only"]
        assert sorted(p.name for p in shared.iterdir()) == ["drills.sqlite"]  # it could not, and did not, write
    finally:
        shared.chmod(0o755)
        for p in shared.iterdir():
            p.unlink()
        shared.rmdir()


def test_every_store_message_names_the_path_in_both_languages():
    for key in ("store.corrupt", "store.empty", "store.missing", "store.newer", "store.cannot_open", "store.read_only",
                "store.folder_read_only", "store.busy", "store.full", "store.io", "store.no_session"):
        for lang in ("en", "zh"):
            assert "/x/drills.sqlite" in tr(key, lang, path="/x/drills.sqlite", detail="d", seconds=5, found=9, supported=3, id="i"), (key, lang)
