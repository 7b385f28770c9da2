"""An incident's lifecycle makes a child stream only for a "3+8" step whose duration takes a draw."""

from __future__ import annotations

from simulator.engine.context import SimContext
from simulator.engine.stepper import Stepper
from simulator.models.teams import nearest_team
from simulator.models.world import World
from simulator.scenario import load_scenario
from tests.conftest import SCENARIOS


def _step_children(name: str) -> set[str]:
    ctx = SimContext.create(load_scenario(SCENARIOS / name), 1, audit_streams=True)
    World(ctx, nearest_team).start()
    Stepper(ctx).run_to_end()
    keys = [key.decode() for key in ctx.streams.audit]
    assert any(key.endswith(".steps") for key in keys)  # the lifecycle's own stream is there to have children
    return {key.rsplit("/", 1)[1] for key in keys if ".steps/" in key}


def test_street_command_draws_its_command_post_only():
    # street_command.yaml: command_post_minutes triangular 10/20/40 (a draw), assessment 30 and relief 60 fixed
    purposes = _step_children("street_command.yaml")
    assert purposes == {"command_post"}  # before: assessment and relief too, never drawn from


def test_fixed_steps_make_no_child_stream():
    # urban_rainstorm.yaml sets none of the three: each is the default fixed 0, which takes no draw
    purposes = _step_children("urban_rainstorm.yaml")
    assert purposes == set()
