"""Rows of an event log by kind, found once per log.

The KPIs pick rows by kind dozens of times. Comparing the whole kind column
for each pick, then copying every column of the rows that match, was about
half of ``compute_kpis``. Here the positions of every kind are found once
per frame and kept while the frame lives. Event frames must not be changed
in place (the recorder and ``GrowingEventsFrame`` build new ones, and no
metric edits the frame it is given): a frame that changes length is indexed
afresh, but an edit that keeps the length is not seen.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import numpy as np
import pandas as pd

# id(frame) -> (the frame, weakly; its length when indexed; kind -> row positions; tables derived from it)
_INDEXED: dict[int, tuple[weakref.ref, int, dict[str, np.ndarray], dict[str, pd.DataFrame]]] = {}


def _forget(key: int) -> None:
    _INDEXED.pop(key, None)


def _entry(events: pd.DataFrame) -> tuple[weakref.ref, int, dict[str, np.ndarray], dict[str, pd.DataFrame]]:
    key = id(events)
    kept = _INDEXED.get(key)
    if kept is not None and kept[0]() is events and kept[1] == len(events):
        return kept
    codes, kinds = pd.factorize(events["kind"])
    order = np.argsort(codes, kind="stable")  # each kind's positions stay in log order
    bounds = np.searchsorted(codes[order], np.arange(len(kinds) + 1))
    positions = {str(kind): order[bounds[i] : bounds[i + 1]] for i, kind in enumerate(kinds)}
    kept = _INDEXED[key] = (weakref.ref(events, lambda _ref, key=key: _forget(key)), len(events), positions, {})
    return kept


def _positions(events: pd.DataFrame) -> dict[str, np.ndarray]:
    return _entry(events)[2]


def derived(events: pd.DataFrame, name: str, build: Callable[[pd.DataFrame], pd.DataFrame]) -> pd.DataFrame:
    """``build(events)``, built once per frame and kept as the kind positions are; each caller gets its own copy.

    For a table several parts of one report derive from the same log (the
    incident table: the KPIs, the tasks, the report's tables and three
    figures each asked for it again).
    """
    tables = _entry(events)[3]
    if name not in tables:
        tables[name] = build(events)
    return tables[name].copy()


def of_kind(events: pd.DataFrame, *kinds: str) -> pd.DataFrame:
    """The rows of any of ``kinds``, in log order, with their index: what ``events[events["kind"].isin(kinds)]`` gives."""
    positions = _positions(events)
    parts = [positions[kind] for kind in dict.fromkeys(kinds) if kind in positions]  # a kind named twice once
    if not parts:
        return events.iloc[0:0]
    at = parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts))
    return events.take(at)


def count_of(events: pd.DataFrame, kind: str) -> int:
    """How many rows are of ``kind``."""
    found = _positions(events).get(kind)
    return 0 if found is None else len(found)
