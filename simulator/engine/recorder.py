"""The event log: the one contract between the models and everything above.

Long format and append-only. Models append plain tuples (cheap on the hot
path); a DataFrame is built once, at the end or on demand during a drill.
"""

from __future__ import annotations

import pandas as pd

from simulator.eventlog import numbered_events_frame


class EventRecorder:
    """Collects events stamped with the simulation clock.

    A row is kept without its ``seq`` (its place in the list is its seq):
    an int object per event is a good part of a long run's memory.
    """

    def __init__(self, env):
        self._env = env  # anything with a float ``now`` (a simpy Environment started at 0.0)
        self._rows: list[tuple] = []

    def record(
        self,
        kind: str,
        *,
        entity: str = "",
        location: str = "",
        incident: str = "",
        team: str = "",
        unit: str = "",
        item: str = "",
        quantity: float = float("nan"),
        level: str = "",
        detail: str = "",
    ) -> None:
        self._rows.append((self._env.now, kind, entity, location, incident, team, unit, item, quantity, level, detail))

    def __len__(self) -> int:
        return len(self._rows)

    def rows(self, start: int = 0) -> list[tuple]:
        """Rows from ``start`` on, each with its seq first (a drill console polls for new events)."""
        return [(seq, *row) for seq, row in enumerate(self._rows[start:], start)]

    def to_frame(self) -> pd.DataFrame:
        return numbered_events_frame(self._rows)
