"""What can go wrong with the drill store file, said in the user's language with its path.

SQLite's own errors ("database is locked", "file is not a database") say
neither which file nor what to do. :func:`store_fault` turns them into one
of these, each naming the store's path and the remedy:

- :class:`StoreDamaged`: the file cannot be read as a drill store (corrupt,
  empty, written by a newer drillsim); restore it from a copy.
- :class:`StoreReadOnly`: drills can be listed, opened and exported, not continued.
- :class:`StoreWriteFailed`: a write did not happen (another program holds the
  lock, the disk is full, an I/O error); nothing was changed, fix it and retry.
- :class:`SessionNotFound`: no drill with that id in this store.

Errors that are bugs (an integrity or programming error) are left as they are.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from simulator.i18n import tr


class StoreError(RuntimeError):
    """A drill store problem with a catalogue key; ``message(lang)`` says it in zh or en."""

    def __init__(self, key: str, path: str | Path, **params: object):
        self.key = key
        self.params = {"path": str(path), **params}
        super().__init__(tr(key, "en", **self.params))

    def message(self, lang: str | None = None) -> str:
        return tr(self.key, lang, **self.params)


class StoreDamaged(StoreError):
    """The file is not a drill store this drillsim can read."""


class StoreReadOnly(StoreError):
    """The store can be read but not written."""


class StoreWriteFailed(StoreError):
    """A write was refused and rolled back: the store and the session are as they were."""


class SessionNotFound(StoreError, KeyError):
    """No drill with that id (still a KeyError, for callers that looked ids up that way)."""

    def __str__(self) -> str:  # KeyError would show the repr of the message
        return RuntimeError.__str__(self)


# SQLite result codes (sqlite_errorname, Python 3.11+) and, for errors raised
# without one, the text SQLite gives them.
_CODES = {
    "SQLITE_BUSY": "busy", "SQLITE_LOCKED": "busy", "SQLITE_FULL": "full",
    "SQLITE_READONLY": "read_only", "SQLITE_NOTADB": "corrupt", "SQLITE_CORRUPT": "corrupt",
    "SQLITE_CANTOPEN": "cannot_open",
}
_TEXTS = (
    ("database is locked", "busy"), ("disk is full", "full"), ("readonly database", "read_only"),
    ("not a database", "corrupt"), ("malformed", "corrupt"), ("unable to open", "cannot_open"),
)


def fault_kind(exc: sqlite3.Error) -> str:
    """busy, full, read_only, corrupt, cannot_open or io."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    for prefix, kind in _CODES.items():
        if name == prefix or name.startswith(prefix + "_"):  # extended codes: SQLITE_READONLY_DBMOVED, ...
            return kind
    text = str(exc).lower()
    return next((kind for needle, kind in _TEXTS if needle in text), "io")


def store_fault(exc: sqlite3.Error, path: str | Path, busy_seconds: float) -> StoreError | None:
    """The store error that ``exc`` means, or None when it is a bug to let through."""
    if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return None
    kind = fault_kind(exc)
    if kind == "corrupt":
        return StoreDamaged("store.corrupt", path, detail=str(exc))
    if kind == "read_only":
        return StoreReadOnly("store.read_only", path)
    if kind == "busy":
        return StoreWriteFailed("store.busy", path, seconds=f"{busy_seconds:g}")
    if kind == "full":
        return StoreWriteFailed("store.full", path)
    if kind == "cannot_open":
        return StoreDamaged("store.cannot_open", path, detail=str(exc))
    return StoreWriteFailed("store.io", path, detail=str(exc))
