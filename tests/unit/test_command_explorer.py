"""The command explorer driven from Python, as a student's clicks would."""

from __future__ import annotations

import pytest

from simulator.ui.command_explorer import CommandExplorer


@pytest.fixture
def explorer(street):
    return CommandExplorer(street, "street_office", lang="en")


def test_run_fills_the_kpis_and_follows_an_incident(explorer):
    explorer.run_button.click()
    assert "mean order latency (min)" in explorer.kpi_table.value
    assert explorer.follow.options and explorer.follow.value == explorer.follow.options[0]
    assert len(explorer.swimlanes.data) >= 2  # at least the report's hops and desks
    assert len(explorer.steps.data) == 1 and len(explorer.steps.data[0].y) >= 3


def test_switching_to_unified_command_removes_coordination(explorer):
    explorer.run()
    multi = explorer.result.events
    assert "order_coordinated" in multi["kind"].tolist()
    explorer.mode.value = "unified"
    explorer.run()
    assert "order_coordinated" not in explorer.result.events["kind"].tolist()
    assert explorer.result.scenario.unit("street_office").leadership.mode == "unified"
    # the loaded scenario itself is never changed
    assert explorer.scenario.unit("street_office").leadership.mode == "multi_head"


def test_staff_and_ab_controls_reach_the_model(explorer):
    explorer.staff.value = 6
    explorer.ab_roles.value = True
    unit = explorer.variant().unit("street_office")
    assert unit.duty_staff == 6 and unit.ab_roles


def test_following_another_incident_redraws_its_figures(explorer):
    explorer.run()
    second = explorer.follow.options[1]
    explorer.follow.value = second
    shown = {trace.name for trace in explorer.swimlanes.data}
    assert shown  # traces of that incident's messages


def test_exercises_check_answers_computed_from_the_model(explorer):
    # the level III path from Binjiang: its station, the street office, the district HQ and its flood HQ
    explorer.answers["path"].value = 4
    assert explorer.check("path")
    explorer.answers["rounds"].value = 1  # three leaders need two rounds
    assert not explorer.check("rounds")
    assert "2" in explorer.feedback["rounds"].value
