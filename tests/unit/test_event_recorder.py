"""The recorder packs rows into columns (memory); the frame it gives must be the one the tuples gave.

The reference is ``simulator.eventlog.numbered_events_frame`` over the rows
as the models appended them (the frame's builder before packing).
"""

from __future__ import annotations

import math

import pytest
from pandas.testing import assert_frame_equal

import simulator.engine.recorder as recorder
from simulator.engine.context import SimContext
from simulator.engine.recorder import EventRecorder
from simulator.engine.stepper import Stepper
from simulator.eventlog import numbered_events_frame
from simulator.models.teams import nearest_team
from simulator.models.world import World


class _Clock:
    _now = 0.0  # the recorder reads a simpy Environment's clock as SimPy does


def _hand_log(rec: EventRecorder, clock: _Clock) -> list[tuple]:
    """Eleven rows written by hand: ints and NaN in quantity, empty and repeated texts; returns them as tuples."""
    expected = []
    for k in range(11):
        clock._now = 1.5 * k
        quantity = k if k % 3 == 0 else float("nan")  # 0, 3, 6, 9 as ints: the frame turns them into floats
        kind = ("incident_occurred", "team_arrived")[k % 2]
        rec.record(kind, incident=f"i{k // 2}", team="t1" if k % 2 else "", quantity=quantity, detail=str(k))
        expected.append((clock._now, kind, "", "", f"i{k // 2}", "t1" if k % 2 else "", "", "", quantity, "", str(k)))
    return expected


@pytest.mark.parametrize("pandas_converter", [True, False])
@pytest.mark.parametrize("pack", [1, 4, 11, 1000])
def test_frame_and_rows_equal_the_tuples_whatever_the_pack_size(monkeypatch, pack, pandas_converter):
    monkeypatch.setattr(recorder, "PACK_ROWS", pack)
    if not pandas_converter:  # the plain numpy way, for a pandas without its internal converter
        monkeypatch.setattr(recorder, "_to_object_array_tuples", None)
    clock = _Clock()
    rec = EventRecorder(clock)
    expected = _hand_log(rec, clock)
    reference = numbered_events_frame(expected)
    assert len(rec) == 11
    assert_frame_equal(rec.to_frame(), reference)  # values and dtypes (str, float64, int64)
    assert_frame_equal(rec.to_frame().astype(object), reference.astype(object))
    for start in (0, 1, 3, 4, 8, 10, 11, 12):
        got = rec.rows(start)
        assert [row[0] for row in got] == list(range(start, 11))  # each row's seq first
        for row, want in zip(got, expected[start:]):
            assert row[1:9] + row[10:] == want[:8] + want[9:]
            assert row[9] == want[8] or (math.isnan(row[9]) and math.isnan(want[8]))
    taken = rec.take_frame()
    assert_frame_equal(taken, reference)
    assert len(rec) == 0 and len(rec.take_frame()) == 0


def test_an_empty_log_has_the_columns_and_types_it_had():
    rec = EventRecorder(_Clock())
    assert_frame_equal(rec.to_frame(), numbered_events_frame([]))
    assert_frame_equal(rec.take_frame(), numbered_events_frame([]))


def _run(scenario, pack: int, monkeypatch) -> EventRecorder:
    monkeypatch.setattr(recorder, "PACK_ROWS", pack)
    ctx = SimContext.create(scenario, 3)
    World(ctx, nearest_team).start()
    Stepper(ctx, None).run_to_end()
    return ctx.recorder


def test_a_run_logs_the_same_frame_packed_or_not(tiny_scenario, monkeypatch):
    unpacked = _run(tiny_scenario, 10**9, monkeypatch)
    reference = numbered_events_frame(unpacked._rows)  # the rows as the models appended them
    assert len(reference) > 20  # packs of 7 below: several packs and a tail
    packed = _run(tiny_scenario, 7, monkeypatch)
    assert_frame_equal(packed.to_frame(), reference)
    assert_frame_equal(packed.take_frame(), reference)
