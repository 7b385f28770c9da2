"""Domain-free simulation core: context, random streams, event log, stepper."""

from simulator.engine.context import DecisionPoint, SimContext
from simulator.engine.recorder import EventRecorder
from simulator.engine.sampling import sample
from simulator.engine.stepper import Stepper
from simulator.engine.streams import RandomStreams
from simulator.eventlog import COLUMNS, read_events, write_events

__all__ = [
    "COLUMNS",
    "DecisionPoint",
    "EventRecorder",
    "RandomStreams",
    "SimContext",
    "Stepper",
    "read_events",
    "sample",
    "write_events",
]
