"""A study's replications written to its output directory as they finish, and read back to resume.

    out/study.json      what the study is (scenario and plan hashes, root seed, pilot size, version)
    out/rows.jsonl      one finished replication per line, appended batch by batch

Each batch's lines are flushed and synced before the next batch is handled,
so a Ctrl-C, a closed laptop or a killed job loses only the batches that
were running. A resumed study (``drillsim experiment ... --resume``) reads
the rows back, checks that it is the same study (same scenario and plans
after overrides, same root seed, same package version: otherwise the old
rows would not be the runs it would make) and runs only what is missing.
Same seeds give the same runs, so a study stopped and resumed has the
results of one that never stopped.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

STUDY_FILE = "study.json"
ROWS_FILE = "rows.jsonl"
FORMAT = 1


class JournalMismatch(Exception):
    """The output directory holds a different study; ``field`` says what differs."""

    def __init__(self, field: str, saved: object, current: object):
        self.field, self.saved, self.current = field, saved, current
        super().__init__(f"{field}: saved {saved!r}, now {current!r}")


class NothingToResume(Exception):
    """``--resume`` on a directory without a study in it."""


def _clean(value: object) -> object:
    return None if isinstance(value, float) and not math.isfinite(value) else value


@dataclass
class Journal:
    """The study definition and finished rows in ``directory``."""

    directory: Path
    definition: dict
    rows: list[dict]

    @classmethod
    def start(cls, directory: str | Path, definition: dict) -> Journal:
        """A new study in ``directory``: any earlier journal there is replaced."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        (out / ROWS_FILE).write_text("", encoding="utf-8")
        _write_json(out / STUDY_FILE, {"format": FORMAT, **definition})
        return cls(out, definition, [])

    @classmethod
    def resume(cls, directory: str | Path, definition: dict) -> Journal:
        """The study in ``directory``, which must be the one ``definition`` describes."""
        out = Path(directory)
        try:
            saved = json.loads((out / STUDY_FILE).read_text(encoding="utf-8"))
        except (FileNotFoundError, NotADirectoryError, json.JSONDecodeError):
            raise NothingToResume(str(out)) from None
        for key, value in definition.items():
            if saved.get(key) != value:
                raise JournalMismatch(key, saved.get(key), value)
        rows = read_rows(out / ROWS_FILE)
        # rewritten clean: a line cut short by a kill would swallow the next appended row
        (out / ROWS_FILE).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        return cls(out, definition, rows)

    def on_disk(self) -> list[dict]:
        """The finished rows as the file holds them: after a Ctrl-C, what a resume will find."""
        return read_rows(self.directory / ROWS_FILE)

    def done(self) -> frozenset[tuple[str, int]]:
        """(plan, replication) pairs already run."""
        return frozenset((r["plan"], int(r["replication"])) for r in self.rows)

    def append(self, rows: list[dict]) -> None:
        """Add finished rows, on disk before this returns.

        One ``write`` call on an append-only descriptor: a Ctrl-C arrives
        before or after it, never inside a line.
        """
        if not rows:
            return
        self.rows.extend(rows)
        data = "".join(json.dumps({k: _clean(v) for k, v in row.items()}, ensure_ascii=False) + "\n" for row in rows).encode("utf-8")
        fd = os.open(self.directory / ROWS_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)


def read_rows(path: Path) -> list[dict]:
    """The rows of a journal; a last line cut short by a kill is left out, as is a repeated replication."""
    rows: list[dict] = []
    seen: set[tuple[str, int]] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return rows
    for line in lines:
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        key = (row["plan"], int(row["replication"]))
        if key not in seen:
            seen.add(key)
            rows.append(row)  # a missing value stays None, as in a fresh row
    return rows


def _write_json(path: Path, payload: dict) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
