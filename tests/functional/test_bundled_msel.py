"""Every bundled scenario carries a full MSEL and objectives per "3+8" step, and its windows can be met."""

from __future__ import annotations

import pytest

from simulator.drill import DrillSession
from simulator.metrics.command import step_durations
from simulator.models import simulate
from simulator.report.aar import build_aar
from simulator.scenario import load_scenario
from tests.conftest import SCENARIOS

# every scenario the product ships, hazards included: a new file is checked without being listed here
BUNDLED = tuple(sorted(p.stem for p in SCENARIOS.glob("*.yaml")))


@pytest.fixture(scope="module", params=BUNDLED)
def scenario(request):
    return load_scenario(SCENARIOS / f"{request.param}.yaml")


def test_at_least_six_injects_expect_something_of_the_room(scenario):
    assert sum(1 for i in scenario.injects if i.expected_actions) >= 6


def test_every_step_the_scenario_exercises_has_an_objective_with_critical_tasks(scenario):
    durations = step_durations(simulate(scenario, scenario.meta.seed).events)
    exercised = set(durations[durations["minutes"] > 0].index.get_level_values("step"))
    covered = {o.step for o in scenario.objectives}
    assert None not in covered and exercised <= covered
    for step in exercised:
        assert any(o.critical_tasks for o in scenario.objectives if o.step == step), step
    injects_judged = {i for o in scenario.objectives for t in o.critical_tasks for i in t.injects}
    assert injects_judged == {i.id for i in scenario.injects if i.expected_actions}  # every expectation is some task's


def test_a_dispatch_is_never_expected_before_the_need_reaches_the_room(scenario):
    """On the scenario's own seed, each inject's incident is commanded (its need waits for the room) before the dispatch is due."""
    session = DrillSession(scenario, scenario.meta.seed)
    session.run_until(scenario.meta.horizon)
    events = session.events()
    queued = events[events["kind"] == "need_queued"].groupby("incident")["time"].min()
    for inject in scenario.injects:
        for expected in inject.expected_actions:
            if expected.action == "dispatch_team" and inject.effect is not None and inject.effect.type == "incident":
                assert queued[inject.id] < inject.time + expected.within_minutes, (inject.id, queued[inject.id])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_batch_run_report_names_things_never_ids(scenario, lang):
    run = simulate(scenario, scenario.meta.seed)
    aar = build_aar(scenario, run.events, run.meta(), lang)
    assert aar.improvements or aar.strengths
    ids = {u.id for u in scenario.command.units} | {t.id for t in scenario.teams} | {p.id for p in scenario.places}
    # in English an id with an underscore is never a word (a place id such as "county" may be); in Chinese no id is
    ids = {i for i in ids if "_" in i or (lang == "zh" and len(i) > 3)}
    texts = [line for f in aar.improvements + aar.strengths for line in [f.title, *f.lines]]
    texts += [line for o in aar.objectives for t in o.tasks for line in [t.name, t.by, *t.evidence]]
    for text in texts:
        assert not [i for i in ids if i in text.split() or f"({i})" in text], text
