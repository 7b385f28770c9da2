"""An incident's lifecycle makes its steps stream, and a child of it, only for a "3+8" step whose duration takes a draw."""

from __future__ import annotations

from simulator.engine.context import SimContext
from simulator.engine.stepper import Stepper
from simulator.models.teams import nearest_team
from simulator.models.world import World
from simulator.scenario import load_scenario
from tests.conftest import SCENARIOS


def _step_streams(name: str) -> tuple[int, set[str]]:
    """How many incidents' steps streams were made, and the purposes of their children."""
    ctx = SimContext.create(load_scenario(SCENARIOS / name), 1, audit_streams=True)
    World(ctx, nearest_team).start()
    Stepper(ctx).run_to_end()
    keys = [key.decode() for key in ctx.streams.audit]
    assert not ctx.streams.reused_names()
    return sum(key.endswith(".steps") for key in keys), {key.rsplit("/", 1)[1] for key in keys if ".steps/" in key}


def test_street_command_draws_its_command_post_only():
    # street_command.yaml: command_post_minutes triangular 10/20/40 (a draw), assessment 30 and relief 60 fixed
    made, purposes = _step_streams("street_command.yaml")
    assert made > 0 and purposes == {"command_post"}  # before: assessment and relief too, never drawn from


def test_fixed_steps_make_no_child_stream():
    # urban_rainstorm.yaml sets none of the three: each is the default fixed 0, which takes no draw
    made, purposes = _step_streams("urban_rainstorm.yaml")
    assert (made, purposes) == (0, set())  # before: a steps stream per incident, never drawn from


def test_a_report_over_fixed_links_and_desks_makes_no_child_stream(tiny_scenario):
    # tiny: link_minutes 1, every unit's handling time fixed (3, 4, 2 minutes): nothing to draw per hop or desk
    ctx = SimContext.create(tiny_scenario, 1, audit_streams=True)
    World(ctx, nearest_team).start()
    Stepper(ctx).run_to_end()
    keys = [key.decode() for key in ctx.streams.audit]
    assert any(key.endswith(".initial") for key in keys)  # the report's job stream is there
    assert not [key for key in keys if "/to." in key or "/at." in key]
