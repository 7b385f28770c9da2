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
