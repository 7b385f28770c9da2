"""What a run leaves behind: a closed incident keeps no callbacks, and a recorder goes with its last reference.

Objects that outlive their job are walked by the garbage collector's pass
at the end of a run (simulator.engine.stepper.fewer_collections), and a
cycle keeps a run's log alive until a full collection finds it.
"""

from __future__ import annotations

import gc
import weakref
from types import FunctionType

from simulator.engine.context import SimContext
from simulator.engine.recorder import EventRecorder
from simulator.engine.stepper import Stepper
from simulator.models.teams import nearest_team
from simulator.models.world import World


class _Clock:
    _now = 0.0


def test_a_recorder_is_freed_by_its_last_reference():
    rec = EventRecorder(_Clock())
    rec.record("run_ended")
    gone = weakref.ref(rec)
    gc.disable()
    try:
        del rec
        assert gone() is None  # no cycle through its record function: no collector needed
    finally:
        gc.enable()


def test_a_closed_incident_keeps_no_callbacks_or_closures(tiny_scenario):
    ctx = SimContext.create(tiny_scenario, 1)
    world = World(ctx, nearest_team).start()
    Stepper(ctx).run_to_end()
    (inc,) = world.incidents.values()
    assert inc.closed and inc.first_arrival is not None
    assert inc.on_first_arrival is None and inc.command_post is None  # used once, then let go
    assert inc.on_capability_arrival is None  # nobody is trapped in the tiny flood: no rescue to call
    assert not [value for value in vars(inc).values() if isinstance(value, FunctionType)]
