"""One object per run: environment, scenario, random streams and recorder travel together."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import simpy

from simulator.engine.recorder import EventRecorder
from simulator.engine.streams import RandomStreams
from simulator.scenario.models import Scenario


@dataclass(frozen=True)
class DecisionPoint:
    """A moment where a drill may pause for players (an inject, a choice to make)."""

    time: float
    reason: str
    ref: str = ""


@dataclass
class SimContext:
    env: simpy.Environment
    scenario: Scenario
    seed: int
    streams: RandomStreams
    recorder: EventRecorder
    pending_decisions: list[DecisionPoint] = field(default_factory=list)

    @classmethod
    def create(
        cls, scenario: Scenario, seed: int | None = None, seed_sequence: np.random.SeedSequence | None = None, audit_streams: bool = False
    ) -> "SimContext":
        """A fresh context; ``seed`` defaults to the scenario's own seed; ``audit_streams`` keeps every stream name (tests)."""
        env = simpy.Environment(initial_time=0.0)  # a float clock from the start: the log's times need no conversion
        seed = scenario.meta.seed if seed is None else seed
        streams = RandomStreams(seed_sequence if seed_sequence is not None else seed, audit=audit_streams)
        return cls(env=env, scenario=scenario, seed=seed, streams=streams, recorder=EventRecorder(env))

    @property
    def now(self) -> float:
        return self.env.now

    @property
    def horizon(self) -> float:
        return self.scenario.meta.horizon

    def __post_init__(self) -> None:
        # ``ctx.record(kind, **fields)`` is the recorder's own method: no second pass over the keywords
        self.record = self.recorder.record
        # ``ctx.rng(name)``: the stream of a job, ``streams.get`` itself (a few calls an incident)
        self.rng = self.streams.get

    def flag_decision(self, reason: str, ref: str = "") -> None:
        """Ask the stepper to pause here (a drill shows it to the players)."""
        self.pending_decisions.append(DecisionPoint(self.env.now, reason, ref))
