"""Times that had not ended when the log did: the one censoring rule every time KPI uses.

A run stops at its horizon with work unfinished. A KPI taken over finished
items only can rank the worse plan better (a plan that never reaches an
incident drops it from the mean). So every time KPI takes each item's start
and end, with the end NaN when it had not happened by ``until`` (the time
the log runs to), and reports:

- the restricted mean: an unfinished item counts ``until - start``, a lower
  bound of its real time, so a worse plan can never read better;
- the restricted quantile, over the same capped times;
- the share completed, shown beside the mean so a reader sees how much of it
  is censored;
- the share within a limit, an unfinished item counting as not within.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.metrics.select import of_kind


@dataclass(frozen=True)
class Censored:
    """Times of items observed until ``until``: capped minutes and whether each had finished."""

    minutes: np.ndarray  # end - start when finished, until - start when not
    done: np.ndarray  # bool per item

    def __len__(self) -> int:
        return len(self.minutes)

    @property
    def mean(self) -> float | None:
        """Restricted mean (None: no item)."""
        return float(self.minutes.mean()) if len(self) else None

    def quantile(self, q: float) -> float | None:
        """Restricted quantile, ``q`` in [0, 1] (None: no item)."""
        return float(np.percentile(self.minutes, 100 * q)) if len(self) else None

    @property
    def completed_share(self) -> float | None:
        return float(self.done.mean()) if len(self) else None

    def share_within(self, limit: float) -> float | None:
        """Share that finished within ``limit`` minutes; an unfinished item is not within."""
        return float((self.done & (self.minutes <= limit)).mean()) if len(self) else None

    @property
    def max(self) -> float | None:
        return float(self.minutes.max()) if len(self) else None


def censor(start, end, until: float) -> Censored:
    """Items from their ``start`` and ``end`` times (NaN end: not finished by ``until``).

    An end after ``until`` had not happened yet when the log stopped, so it
    counts as unfinished too. Every start must be known (a rule of the KPI
    decides where an item that never began its clock starts it).
    """
    start = np.asarray(start, dtype="float64")
    end = np.asarray(end, dtype="float64")
    if np.isnan(start).any():
        raise ValueError("censor: every item needs a start time")
    done = ~np.isnan(end) & (end <= until)
    minutes = np.where(done, end - start, np.maximum(until - start, 0.0))
    return Censored(minutes.astype("float64"), done)


def from_minutes(finished, unfinished_starts, until: float) -> Censored:
    """Items given as the minutes of those finished and the start times of those not."""
    finished = np.asarray(finished, dtype="float64")
    waiting = np.maximum(until - np.asarray(unfinished_starts, dtype="float64"), 0.0)
    return Censored(np.concatenate([finished, waiting]), np.concatenate([np.ones(len(finished), bool), np.zeros(len(waiting), bool)]))


def unmatched(starts: pd.DataFrame, ends: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The ``starts`` rows with no ``ends`` row yet, pairing first in, first out per ``keys``.

    For things served in order per key (messages of one kind for one
    incident at one desk, orders to one team for one incident): the n-th
    end belongs to the n-th start, so the starts left over are the latest.
    """
    if starts.empty:
        return starts
    rank = starts.groupby(keys, sort=False).cumcount().to_numpy()
    ended = ends.groupby(keys).size().rename("_ended")
    have = starts[keys].join(ended, on=keys)["_ended"].fillna(0).to_numpy()
    return starts[rank >= have]


def observed_until(events: pd.DataFrame, horizon: float) -> float:
    """The time a log runs to: its ``run_ended`` row (a finished run), else its last event (a drill under way), at most ``horizon``."""
    ended = of_kind(events, "run_ended")["time"]
    if len(ended):
        return float(min(ended.iloc[-1], horizon))
    return float(min(events["time"].max(), horizon)) if len(events) else float(horizon)
