"""The event log: the one contract between the models and everything above.

Long format and append-only. Models append plain tuples (cheap on the hot
path); every ``PACK_ROWS`` rows the recorder packs them into one numpy array
per column, and a DataFrame is built once, at the end or on demand during a
drill, from those arrays.

Why pack: a row kept as a tuple costs about 176 bytes (the tuple, its slot
in the list, its float time), packed 88 (a pointer per text column, 8 bytes
per number; the strings themselves are shared). The 72-hour benchmark city
logs about 590,000 rows, so packing saves about 50 MB of the run's peak, and
the frame is built from the packed columns without a pass over tuples.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from itertools import chain

import numpy as np
import pandas as pd

from simulator.eventlog import COLUMNS

PACK_ROWS = 1 << 15  # a few MB of tuples at a time: small beside the log, large enough that packing is rare
_NAMES = COLUMNS[1:]  # a row's fields, in order (its seq is its place in the log)
_NUMBERS = frozenset(("time", "quantity"))
_NAN = float("nan")


def _columns(rows: list[tuple], views: bool = False) -> list[np.ndarray]:
    """Rows as one array per field: float64 for numbers (ints and NaN alike), objects for texts.

    ``views``: the texts as views into one table, for rows about to be joined to
    the packs or framed (copied then anyway), instead of a copy each kept as a pack.
    """
    table = _table(rows)
    return [table[:, k].astype(np.float64) if name in _NUMBERS else table[:, k] if views else table[:, k].copy() for k, name in enumerate(_NAMES)]


def _table(rows: list[tuple]) -> np.ndarray:
    """A 2-D object array, a row per tuple: pandas' own converter (what ``from_records`` uses), half
    the time of transposing with ``zip(*rows)``; a value that is itself a tuple stays one element."""
    if _to_object_array_tuples is not None:
        return _to_object_array_tuples(rows).reshape(len(rows), len(_NAMES))  # reshape: an empty list gives (0, 0)
    flat = np.fromiter(chain.from_iterable(rows), dtype=object, count=len(rows) * len(_NAMES))
    return flat.reshape(len(rows), len(_NAMES))


try:  # an internal of pandas (pandas._libs.lib): used when there, the plain numpy way otherwise
    from pandas._libs.lib import to_object_array_tuples as _to_object_array_tuples
except ImportError:  # pragma: no cover
    _to_object_array_tuples = None


class EventRecorder:
    """Collects events stamped with the simulation clock.

    A row is kept without its ``seq`` (its place in the log is its seq):
    an int object per event is a good part of a long run's memory.
    """

    def __init__(self, env):
        self._env = env  # a simpy Environment started at 0.0 (anything with a float ``_now``)
        self._rows: list[tuple] = []  # the newest rows, as the models gave them
        self._packed: list[list[np.ndarray]] = [[] for _ in _NAMES]  # older rows: per column, one array per pack
        # record(kind, entity="", location="", incident="", team="", unit="", item="", quantity=nan, level="", detail=""), by keyword
        self.record = _recording(env, self._rows, self._packed)

    def _pack(self) -> None:
        _pack(self._rows, self._packed)

    def __len__(self) -> int:
        return sum(map(len, self._packed[0])) + len(self._rows)

    def rows(self, start: int = 0) -> list[tuple]:
        """Rows from ``start`` on, each with its seq first (a drill console polls for new events)."""
        out: list[tuple] = []
        first = 0  # seq of the first row of the pack looked at
        for k in range(len(self._packed[0])):
            size = len(self._packed[0][k])
            if start < first + size:
                skip = max(0, start - first)
                columns = [packed[k][skip:].tolist() for packed in self._packed]
                out.extend((seq, *row) for seq, row in enumerate(zip(*columns), first + skip))
            first += size
        out.extend((seq, *row) for seq, row in enumerate(self._rows[max(0, start - first):], max(start, first)))
        return out

    def to_frame(self) -> pd.DataFrame:
        """The log so far as a DataFrame (``simulator.eventlog.COLUMNS``; texts as ``str``, numbers as float64)."""
        columns = {}
        for name, packed, tail in zip(_NAMES, self._packed, _columns(self._rows, views=True)):
            parts = [*packed, tail]
            columns[name] = parts[0] if len(parts) == 1 else np.concatenate(parts)
        return _frame(columns)

    def take_frame(self) -> pd.DataFrame:
        """``to_frame`` for the end of a run: the recorder hands its columns over and is empty afterwards.

        Each column's packs are joined and let go one column at a time, so
        the log is never held twice (``to_frame`` keeps the packs: a drill
        reads on).
        """
        if self._rows:  # the newest rows join their column's packs as views (the join copies them once)
            for column, packed in zip(_columns(self._rows, views=True), self._packed):
                packed.append(column)
            self._rows.clear()
        columns = {}
        for name, packed in zip(_NAMES, self._packed):
            joined = len(packed) > 1
            columns[name] = np.concatenate(packed) if joined else packed[0] if packed else _columns([])[len(columns)]
            packed.clear()
            if joined:  # a long log: else the next column's array comes on top of the freed packs
                _give_back_freed_memory()
        return _frame(columns)


def _recording(env, rows: list[tuple], packed: list[list[np.ndarray]]):
    """A recorder's ``record``: a closure over its row list and clock, not a method, since it is the
    hottest call of a run (21 rows an incident) and nothing is looked up per row; it holds no
    reference to the recorder (no cycle keeping a run's packs alive). The clock is read as SimPy's
    own loop reads it (``_now``: the ``now`` property is a call)."""
    append, pack_rows = rows.append, PACK_ROWS

    # The fields are passed by keyword (``record("team_arrived", team=..., incident=...)``) but not declared
    # keyword-only: CPython fills a missing keyword-only argument by a dict lookup in ``__kwdefaults__``,
    # a positional one from the defaults tuple (about 55 ns less a row, some 6 of the 9 fields missing).
    def record(
        kind: str,
        entity: str = "",
        location: str = "",
        incident: str = "",
        team: str = "",
        unit: str = "",
        item: str = "",
        quantity: float = _NAN,
        level: str = "",
        detail: str = "",
    ) -> None:
        append((env._now, kind, entity, location, incident, team, unit, item, quantity, level, detail))
        if len(rows) == pack_rows:
            _pack(rows, packed)

    return record


def _pack(rows: list[tuple], packed: list[list[np.ndarray]]) -> None:
    """Move ``rows`` into one array per column at the end of ``packed``; ``rows`` is emptied in place (``record`` appends to it)."""
    for column, arrays in zip(_columns(rows), packed):
        arrays.append(column)
    rows.clear()


def _malloc_trim():
    """glibc's ``malloc_trim``, or None on other C libraries (macOS, Windows, musl)."""
    try:
        trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


_TRIM = _malloc_trim()


def _give_back_freed_memory() -> None:
    """Return freed heap pages to the system (glibc), so that freed packs count no more in the peak.

    The packs are a few hundred KB each and glibc keeps them on its heap
    between other allocations; freed, they stay in the resident set, and a
    joined column then needs new pages: measured on the 72-hour city, the
    frame added 55 MB to the peak without this and about 5 with it (dask's
    worker memory docs describe the same effect and the same call).
    """
    if _TRIM is not None:
        _TRIM(0)


# The dtype pandas infers for a column of str (pandas 3: its "str" StringDtype; object before).
_TEXT = pd.Series(["a"]).dtype


def _frame(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """The frame of the columns, taken as they are (``copy=False``: the recorder hands them over).

    The texts are made ``_TEXT`` arrays directly: left to the constructor, pandas
    first checks every value of every object column for a string to infer that
    dtype (``lib.is_string_array``), two thirds of building the frame (61,000 rows:
    8.5 ms, 2.6 ms this way). The models write str into the text columns, and the
    frame is the same (tests/unit/test_event_recorder.py compares it with the
    frame pandas infers from the tuples).
    """
    seq = np.arange(len(columns["time"]), dtype=np.int64)
    if isinstance(_TEXT, pd.StringDtype) and len(seq):  # an empty object column stays object, as pandas infers it
        make = _TEXT.construct_array_type()._from_sequence
        columns = {name: values if name in _NUMBERS else make(values, dtype=_TEXT) for name, values in columns.items()}
    return pd.DataFrame({"seq": seq, **columns}, copy=False)
