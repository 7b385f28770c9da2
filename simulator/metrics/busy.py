"""Busy shares of the horizon from start and end events (teams out, trucks on a trip)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def busy_shares(moves: pd.DataFrame, key: str, start_kind: str, horizon: float, known: Iterable[str] = ()) -> pd.Series:
    """Share of the horizon each ``moves[key]`` spends between a ``start_kind`` row and the next other row.

    ``moves`` holds only the start and end rows, in log order; one still busy
    at the end counts to the horizon; ``known`` keys with no rows count as idle.
    A start while already busy (a team redeployed from one job straight to
    the next) continues the spell that began first.
    """
    busy = dict.fromkeys(known, 0.0)
    since: dict[str, float] = {}
    for who, kind, time in zip(moves[key], moves["kind"], moves["time"]):
        if kind == start_kind:
            since.setdefault(who, time)
        elif who in since:
            busy[who] = busy.get(who, 0.0) + time - since.pop(who)
    for who, start in since.items():
        busy[who] = busy.get(who, 0.0) + horizon - start
    return pd.Series({k: b / horizon for k, b in sorted(busy.items())}, dtype="float64")
