"""The event log's columns and its file format.

The log is the one contract between the models and everything above them,
so its schema and CSV I/O live here, below the engine: the analysis layers
(metrics, viz, report) read saved runs without importing SimPy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

COLUMNS = (
    "seq",
    "time",
    "kind",
    "entity",
    "location",
    "incident",
    "team",
    "unit",
    "item",
    "quantity",
    "level",
    "detail",
)
_DTYPES = {
    "seq": "int64",
    "time": "float64",
    "quantity": "float64",
}


def events_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    return frame.astype(_DTYPES)


def numbered_events_frame(rows: list[tuple]) -> pd.DataFrame:
    """``events_frame`` of rows without their ``seq`` (each row's number in the list is its seq)."""
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS[1:]))
    frame.insert(0, "seq", np.arange(len(frame), dtype="int64"))
    return frame.astype(_DTYPES)


def read_events(path) -> pd.DataFrame:
    """Read an event log written by :func:`write_events`."""
    frame = pd.read_csv(path, keep_default_na=False, na_values={"quantity": [""]})
    str_cols = [c for c in COLUMNS if c not in _DTYPES]
    frame[str_cols] = frame[str_cols].astype(str)
    return frame.astype(_DTYPES)


def write_events(frame: pd.DataFrame, path) -> None:
    """Write the log as CSV: byte-identical for identical runs."""
    # full precision (shortest round-trip repr), so a re-analysis equals the original
    frame.to_csv(path, index=False, lineterminator="\n")


class GrowingEventsFrame:
    """A live log's DataFrame, extended by the rows added since the last call.

    A drill console redraws after every move; rebuilding the whole frame
    each time grows with the drill. The log is append-only, so the frame
    built so far stays right and only the new rows are converted. ``log``
    is anything with ``len()`` and ``rows(start)`` (the engine's recorder).
    A different or shorter log (a drill reopened) starts the frame afresh.
    """

    def __init__(self) -> None:
        self._log = None
        self._frame = events_frame([])

    def of(self, log) -> pd.DataFrame:
        done = len(self._frame)
        if log is not self._log or len(log) < done:
            self._log, done = log, 0
            self._frame = events_frame([])
        if len(log) > done:
            new = events_frame(log.rows(done))
            # concat with an empty frame would turn the typed columns to object
            self._frame = new if done == 0 else pd.concat([self._frame, new], ignore_index=True)
        return self._frame
