"""The drill store: SQLite settings, schema version, one revision per write, exports."""

from __future__ import annotations

import sqlite3

import openpyxl
import pytest

from simulator.drill import StaleSession, StepModelChanged, Store, data_dir, open_session, start_session
from simulator.drill.archive import compare_sessions, decision_frame, export_decisions, read_script
from simulator.drill.store import MIGRATIONS, SCHEMA_VERSION, StoredDecision
from simulator.engine.streams import RNG_VERSION
from simulator.models import STEP_MODEL
from tests.conftest import SCENARIOS


def new(store: Store, **kw):
    fields = dict(name="d", scenario_id="s", scenario_path="s.yaml", scenario_text="x", scenario_hash="h", seed=1, step_model=2, rng_version=2)
    return store.create_session(**(fields | kw))


def test_data_directory_comes_from_the_argument_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DRILLSIM_DATA", str(tmp_path / "env"))
    assert data_dir() == tmp_path / "env"
    assert data_dir(tmp_path / "arg") == tmp_path / "arg"
    monkeypatch.delenv("DRILLSIM_DATA")
    assert data_dir().name == ".drillsim"


def test_sqlite_is_set_up_as_testing_md_says(tmp_path):
    store = Store(tmp_path)
    db = store.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert store.schema_version() == SCHEMA_VERSION
    assert Store(tmp_path).schema_version() == SCHEMA_VERSION  # reopening migrates nothing twice
    assert Store.existing(tmp_path / "nowhere") is None and not (tmp_path / "nowhere").exists()


def test_a_newer_schema_is_refused(tmp_path):
    Store(tmp_path).close()
    with sqlite3.connect(tmp_path / "drills.sqlite") as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(RuntimeError, match="newer"):
        Store(tmp_path)


def test_each_write_bumps_the_revision_and_a_stale_one_is_refused(tmp_path):
    store = Store(tmp_path)
    info = new(store)
    row = StoredDecision(0, 5.0, 3, "recall_team", {"team": "a"}, "player", False, "team_not_out", {"team": "a"}, "", "now")
    assert store.save(info.id, 0, clock=5.0, steps=3, finished=False, decision=row, injects=(("i1", 5.0, "scenario", "en", "中", ""),)) == 1
    with pytest.raises(StaleSession):
        store.save(info.id, 0, clock=6.0, steps=4, finished=False)
    with pytest.raises(sqlite3.IntegrityError):  # the same decision twice: the whole write is rolled back
        store.save(info.id, 1, clock=6.0, steps=4, finished=False, decision=row)
    got = store.get(info.id)
    assert (got.revision, got.clock, got.steps) == (1, 5.0, 3)
    assert store.decisions(info.id)[0].params == {"team": "a"}
    assert store.injects(info.id)[0]["text_zh"] == "中"


def test_foreign_keys_hold_and_deleting_a_session_deletes_its_log(tmp_path):
    store = Store(tmp_path)
    info = new(store)
    store.save(info.id, 0, clock=1, steps=1, finished=False, decision=StoredDecision(0, 1, 1, "a", {}, "player", True, "", {}, "", "now"))
    with pytest.raises(sqlite3.IntegrityError):  # CHECK on the origin
        store.save(info.id, 1, clock=1, steps=1, finished=False, injects=(("i", 1, "nobody", "", "", ""),))
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.db.execute("INSERT INTO injects VALUES ('no-such-session', 'i', 1, 'scenario', '', '', '')")
    store.delete(info.id)
    assert store.db.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0


def test_backup_is_a_consistent_copy(tmp_path):
    store = Store(tmp_path / "a")
    info = new(store, name="kept")
    copy = Store(store.backup(tmp_path / "copy.sqlite"))
    assert copy.get(info.id).name == "kept"


def test_decision_logs_export_to_csv_and_excel_and_compare(tmp_path):
    store = Store(tmp_path / "data")
    session, info = start_session(store, SCENARIOS / "street_command.yaml")
    session.step()
    session.decide("issue_warning", unit="street_office", level="red")
    session.decide("dispatch_team", team="ghost", incident="nowhere")
    frame = decision_frame(store, info.id, "zh")
    assert frame["accepted"].tolist() == [True, False]
    assert frame["message"].iloc[1] == "没有队伍 'ghost'"
    csv = export_decisions(store, info.id, tmp_path / "log.csv")
    assert [d.action for d in read_script(csv)] == ["issue_warning", "dispatch_team"]
    book = openpyxl.load_workbook(export_decisions(store, info.id, tmp_path / "log.xlsx", "en"))
    assert book.sheetnames == ["decisions", "injects"]
    assert book["decisions"]["D2"].value == "issue_warning"
    assert book["injects"]["A2"].value == "morning_roll_call"
    table = compare_sessions(store, [info.id], "en")
    assert table.loc[0, "decisions"] == 1 and table.loc[0, "refused"] == 1


def test_a_drill_from_an_older_step_model_is_kept_and_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "drills.sqlite"
    with sqlite3.connect(path) as db:  # a store as the first schema wrote it, with one decision taken
        db.executescript(MIGRATIONS[0])
        db.execute("PRAGMA user_version=1")
        db.execute(
            "INSERT INTO sessions (id, name, scenario_id, scenario_path, scenario_text, scenario_hash, seed, created, updated, clock, steps) "
            "VALUES ('old1', 'Old drill', 'street_command', 's.yaml', ?, 'h', 3, 't', 't', 95, 412)",
            ((SCENARIOS / "street_command.yaml").read_text(encoding="utf-8"),),
        )
        db.execute("INSERT INTO decisions VALUES ('old1', 0, 60, 300, 'issue_warning', '{}', 'player', 1, '', '{}', '', 't')")
    db.close()
    store = Store(path)
    info = store.get("old1")
    assert store.schema_version() == SCHEMA_VERSION and info.step_model == 1 and info.steps == 412
    with pytest.raises(StepModelChanged) as refused:
        open_session(store, "old1")
    assert "old1" in str(refused.value) and "step model 1" in str(refused.value)
    assert "步进模型 1" in refused.value.message("zh")
    assert decision_frame(store, "old1", "en")["action"].tolist() == ["issue_warning"]  # nothing was lost
    session, new_info = start_session(store, SCENARIOS / "street_command.yaml")
    assert new_info.step_model == STEP_MODEL and open_session(store, new_info.id).now == session.now


def test_a_drill_drawn_under_another_random_draws_version_is_refused(tmp_path):
    """The same step model but other random draws would replay to another log: refused, and kept."""
    store = Store(tmp_path / "drills.sqlite")
    session, info = start_session(store, SCENARIOS / "street_command.yaml")
    assert info.rng_version == RNG_VERSION
    with store.db:
        store.db.execute("UPDATE sessions SET rng_version = ? WHERE id = ?", (RNG_VERSION - 1, info.id))
    with pytest.raises(StepModelChanged) as refused:
        open_session(store, info.id)
    assert f"draws version {RNG_VERSION - 1}" in str(refused.value)
    assert f"随机抽样版本 {RNG_VERSION - 1}" in refused.value.message("zh")
