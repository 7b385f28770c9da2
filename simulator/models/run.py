"""Run a scenario headless from start to horizon and keep what it produced."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

import simulator
from simulator.engine.context import SimContext
from simulator.engine.stepper import DEFAULT_MAX_EVENTS, Stepper, fewer_collections
from simulator.models.teams import DispatchPolicy, nearest_team
from simulator.models.world import World
from simulator.scenario.loader import scenario_hash
from simulator.scenario.models import Scenario


# The way the models split a run into SimPy steps. A stored drill replays its
# decisions at recorded step counts, so it can be replayed only by models that
# step the same way; raise this whenever a change moves events into, out of or
# between processes. 1: drillsim 0.1's first drills; 2: report hops and desks
# run inline in their process, zero-minute waits take no step; 3: supplies an
# incident site is short of stay owed and are allocated again (a round of
# their own) when stock comes in or a road changes; 4: the written report is
# drafted from the moment the local unit has the incident, while the phone
# report climbs (its drafting starts inside the relay, not after it); 5: contingency
# plans, evacuation flows, public information and the four hazards add steps of their
# own, detection scales with grid workers, on-scene work with team size, and a team a
# plan pre-positioned sets off without a second turnout; and (issue 19) the processes
# nobody waits for (a need's dispatch, the supply round and its consignments, the lifecycle,
# the written, follow-up and final reports) start without a process object
# (simulator.models.spawning): the same steps in the same order, less their end steps; a
# team's order runs inside the team's process (spawning.detachable: no start and end steps
# of its own), which moves some rows within their minute; 6 (issue 19, second session):
# a team drives its planned route in one wait, stopped at the junction ahead when the
# roads change, and a one-truckload shipment runs inside its consignment (no _ship/trip
# processes): rows move within their minute. The random draws have a version of their
# own (simulator.engine.streams.RNG_VERSION).
STEP_MODEL = 6


@dataclass(frozen=True)
class RunResult:
    scenario: Scenario
    seed: int
    events: pd.DataFrame
    scenario_hash: str
    version: str
    wall_seconds: float

    def meta(self) -> dict:
        return {
            "scenario_id": self.scenario.meta.id,
            "scenario_hash": self.scenario_hash,
            "seed": self.seed,
            "version": self.version,
            "horizon": self.scenario.meta.horizon,
            "wall_seconds": round(self.wall_seconds, 3),
        }


def simulate(
    scenario: Scenario,
    seed: int | None = None,
    seed_sequence: np.random.SeedSequence | None = None,
    policy: DispatchPolicy = nearest_team,
    max_events: int | None = DEFAULT_MAX_EVENTS,
) -> RunResult:
    """Run ``scenario`` to its horizon with default decisions; RunBudgetExceeded past ``max_events`` steps."""
    started = time.perf_counter()
    ctx = SimContext.create(scenario, seed, seed_sequence)
    world = World(ctx, policy).start()
    with fewer_collections():
        Stepper(ctx, max_events).run_to_end()
        world.finish()
        # the recorder is done: its columns become the frame's. Taken before the collector's threshold
        # comes back, so the last rows' tuples are freed unseen instead of traversed by the pass it sets off
        events = ctx.recorder.take_frame()
    return RunResult(
        scenario=scenario,
        seed=ctx.seed,
        events=events,
        scenario_hash=scenario_hash(scenario),
        version=simulator.__version__,
        wall_seconds=time.perf_counter() - started,
    )
