"""The run budget: a run ends, or stops with a clear RunBudgetExceeded, and counting changes nothing."""

from __future__ import annotations

import pytest
from pandas.testing import assert_frame_equal
from typer.testing import CliRunner

from simulator.cli import app
from simulator.engine import SimContext, Stepper
from simulator.engine.stepper import RunBudgetExceeded
from simulator.models import simulate
from simulator.models.teams import nearest_team
from simulator.models.world import World
from tests.conftest import to_yaml
from tests.unit.test_hostile_yaml import BOMB


def _world(scenario):
    ctx = SimContext.create(scenario)
    World(ctx, nearest_team).start()
    return ctx


def _simpy_steps(scenario):
    """Steps simpy's own ``env.run`` takes to the horizon (counted around env.step), and the log."""
    ctx = _world(scenario)
    real, count = ctx.env.step, [0]

    def counted():
        count[0] += 1
        real()

    ctx.env.step = counted
    ctx.env.run(until=scenario.meta.horizon)
    return count[0], ctx.recorder.to_frame()


def test_the_budgeted_stepper_takes_simpys_steps_exactly(tiny_scenario):
    steps, log = _simpy_steps(tiny_scenario)
    ctx = _world(tiny_scenario)
    stepper = Stepper(ctx, max_events=steps)  # exactly enough
    stepper.run_to_end()
    assert stepper.events == steps
    assert_frame_equal(ctx.recorder.to_frame(), log)
    assert ctx.now == tiny_scenario.meta.horizon


def test_one_step_short_stops_with_a_clear_error(tiny_scenario):
    steps, _ = _simpy_steps(tiny_scenario)
    ctx = _world(tiny_scenario)
    stepper = Stepper(ctx, max_events=steps - 1)
    with pytest.raises(RunBudgetExceeded) as info:
        stepper.run_to_end()
    assert stepper.events == steps - 1
    assert info.value.limit == steps - 1 and info.value.horizon == 600
    assert info.value.message("en").startswith(f"the run stopped after {steps - 1:,} simulation events at minute ")
    assert info.value.message("zh").endswith("场景产生的工作量超过了运行预算")


def test_stepping_to_decisions_spends_the_same_budget(tiny_scenario):
    ctx = _world(tiny_scenario)
    stepper = Stepper(ctx, max_events=3)
    with pytest.raises(RunBudgetExceeded):
        while not stepper.finished:
            stepper.run_until_decision()
    assert stepper.events == 3


def test_simulate_takes_a_budget(tiny_scenario):
    with pytest.raises(RunBudgetExceeded):
        simulate(tiny_scenario, max_events=5)
    assert len(simulate(tiny_scenario).events) > 0  # the default budget is far above a small run


def test_cli_run_out_of_budget_exits_2_with_the_file_named_and_writes_nothing(tiny, tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(to_yaml(tiny), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(path), "--max-events", "10", "--out", str(out), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{path}: the run stopped after 10 simulation events at minute " in result.stderr
    assert "raise --max-events" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not out.exists()


def test_cli_validate_and_run_refuse_an_alias_bomb_with_exit_2(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    for command in (["validate", str(path)], ["run", str(path), "--out", str(tmp_path / "out")]):
        result = CliRunner().invoke(app, [*command, "--lang", "zh"])
        assert result.exit_code == 2, command
        assert result.stderr.startswith(f"{path}:6: 别名(*name)在此处展开后超过 100000 个值"), command


def test_a_drill_refuses_to_step_past_the_budget(tiny_scenario, monkeypatch):
    from simulator.drill import session as drill_session

    monkeypatch.setattr(drill_session, "MAX_EVENTS", 4)
    drill = drill_session.DrillSession(tiny_scenario)
    with pytest.raises(RunBudgetExceeded) as info:
        while not drill.ended:
            drill.advance(10)
    assert drill.steps == 4 and info.value.limit == 4
    clock = drill.now
    with pytest.raises(RunBudgetExceeded):  # refused before stepping: the clock stays where it was
        drill.advance(10)
    assert drill.now == clock and drill.steps == 4
