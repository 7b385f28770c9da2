"""of_kind: rows by kind from a per-frame index, the same as a boolean mask."""

from __future__ import annotations

import pandas as pd
import pytest

from simulator.metrics.select import count_of, of_kind
from simulator.models import simulate


@pytest.fixture(scope="module")
def events(street):
    return simulate(street, 1).events


@pytest.mark.parametrize("kinds", [("team_arrived",), ("message_sent", "incident_detected"), ("no_such_kind",), ("no_such_kind", "incident_closed"), ("team_arrived", "team_arrived")])
def test_same_rows_order_and_index_as_a_mask(events, kinds):
    pd.testing.assert_frame_equal(of_kind(events, *kinds), events[events["kind"].isin(kinds)])
    assert count_of(events, kinds[0]) == int((events["kind"] == kinds[0]).sum())


def test_a_subset_and_a_grown_frame_are_indexed_on_their_own(events):
    part = events.iloc[::3]
    pd.testing.assert_frame_equal(of_kind(part, "message_sent"), part[part["kind"] == "message_sent"])

    # a drill's frame grows by concatenation (GrowingEventsFrame): a new frame, indexed afresh
    head = events.iloc[:100]
    before = count_of(head, "message_sent")
    grown = pd.concat([head, events.iloc[100:]])
    assert count_of(grown, "message_sent") == int((grown["kind"] == "message_sent").sum()) > before
    pd.testing.assert_frame_equal(of_kind(grown, "message_sent"), grown[grown["kind"] == "message_sent"])


def test_a_derived_table_is_built_once_per_frame_and_each_caller_gets_a_copy(events):
    from simulator.metrics.select import derived

    calls = []

    def build(frame):
        calls.append(len(frame))
        return of_kind(frame, "incident_occurred")[["time", "incident"]]

    first = derived(events, "occurred", build)
    first["time"] = -1.0  # a caller changing its copy changes nobody else's
    second = derived(events, "occurred", build)
    assert calls == [len(events)]
    pd.testing.assert_frame_equal(second, events[events["kind"] == "incident_occurred"][["time", "incident"]])
    head = events.iloc[:50]  # another frame: built for it
    derived(head, "occurred", build)
    assert calls == [len(events), 50]
