"""Swimlanes on a hand-made log: each message arrives at its receiver's next queueing after it was sent.

Two phone reports from the grid reach the village station in turn, the
second sent after the first was queued, so the first queueing after the
first sending is not the second one's arrival (found by bisection over the
station's queueings, not by a filter per message).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.viz import message_swimlanes

COLUMNS = ["seq", "time", "kind", "entity", "location", "incident", "team", "unit", "item", "quantity", "level", "detail"]


def _log(rows):
    frame = pd.DataFrame([{c: r.get(c, np.nan if c == "quantity" else "") for c in COLUMNS[1:]} for r in rows], columns=COLUMNS[1:])
    frame.insert(0, "seq", range(len(frame)))
    return frame.astype({"time": "float64", "quantity": "float64"})


def _report(time, kind, incident, unit, entity=""):
    return {"time": time, "kind": kind, "incident": incident, "unit": unit, "entity": entity, "detail": "initial"}


EVENTS = _log([
    _report(1, "message_sent", "a", "village_station", "grid:v"),  # seq 0
    _report(2, "message_queued", "a", "village_station"),  # seq 1: a arrives at 2
    _report(3, "message_sent", "b", "village_station", "grid:v"),  # seq 2
    _report(4, "message_queued", "b", "village_station"),  # seq 3: b arrives at 4 (seq 1 came before it was sent)
    _report(6, "message_handled", "a", "village_station"),
    _report(6, "message_sent", "a", "town_office", "village_station"),  # seq 5: up to the township
    _report(7, "message_queued", "a", "town_office"),  # arrives at 7
    _report(9, "message_handled", "b", "village_station"),
    _report(11, "message_handled", "a", "town_office"),
    _report(12, "message_sent", "b", "town_office", "village_station"),  # never queued before the log ends: drawn as sent
])


def test_each_report_arrives_at_the_next_queueing_after_it_was_sent(tiny_scenario):
    fig = message_swimlanes(EVENTS, tiny_scenario, lang="en")
    hops, desks = fig.data[0], fig.data[1]
    # sent -> arrived per hop, in log order: a 1->2, b 3->4, a 6->7 (township), b 12->12
    assert list(hops.x) == [1, 2, None, 3, 4, None, 6, 7, None, 12, 12, None]
    lanes = list(fig.layout.yaxis.ticktext)
    assert [lanes[y] for y in hops.y[:2]] == ["grid", "village / community"]
    assert [lanes[y] for y in hops.y[6:8]] == ["village / community", "township / street"]
    # desks sorted by unit, then incident: the town office (a 7-11), then the village station (a 2-6, b 4-9)
    assert list(desks.x) == [7, 11, None, 2, 6, None, 4, 9, None]


def test_one_incident_keeps_only_its_own_hops(tiny_scenario):
    fig = message_swimlanes(EVENTS, tiny_scenario, "b", lang="en")
    assert list(fig.data[0].x) == [3, 4, None, 12, 12, None]
    assert list(fig.data[1].x) == [4, 9, None]
