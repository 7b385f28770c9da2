"""Exercises for students of command structures, with answers worked out from the model.

No answer is stored: each is computed from the scenario (the reporting path,
the leadership settings) or by running the simulation, so an exercise stays
right when the scenario changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from simulator.i18n import text, tr
from simulator.metrics import compute_kpis
from simulator.models import simulate
from simulator.scenario.chain import reporting_path
from simulator.scenario.command import Leadership
from simulator.scenario.models import Scenario


@dataclass(frozen=True)
class Exercise:
    id: str
    question: str
    answer: Callable[[], float]
    tolerance: float = 0.0

    def check(self, given: float, lang: str | None = None) -> tuple[bool, str]:
        expected = self.answer()
        correct = abs(float(given) - expected) <= self.tolerance
        key = "ui.ex.correct" if correct else "ui.ex.wrong"
        return correct, tr(key, lang, expected=f"{expected:g}")


def with_unit(scenario: Scenario, unit_id: str, **changes) -> Scenario:
    """A variant of ``scenario`` with one command unit changed (the original is untouched)."""
    units = tuple(u.model_copy(update=changes) if u.id == unit_id else u for u in scenario.command.units)
    return scenario.model_copy(update={"command": scenario.command.model_copy(update={"units": units})})


def order_latency(scenario: Scenario, seed: int) -> float:
    kpis = compute_kpis(simulate(scenario, seed).events, scenario.meta.horizon)
    return kpis["order_latency_mean"] or 0.0


def exercises(scenario: Scenario, unit_id: str, seed: int, lang: str | None = None) -> list[Exercise]:
    """Three exercises on ``scenario``'s unit ``unit_id`` (a street or township office)."""
    unit = scenario.unit(unit_id)
    lowest = next(u for u in scenario.command.units if u.parent == unit_id)
    hazard = next((src.hazard for src in scenario.incidents), "flood")
    place = scenario.place(lowest.place)
    leadership = scenario.command.leadership_of(unit)
    leaders = leadership.leaders if leadership.mode == "multi_head" else 2
    multi = with_unit(scenario, unit_id, leadership=Leadership(mode="multi_head", leaders=leaders, coordination_minutes=leadership.coordination_minutes, conflict_probability=leadership.conflict_probability, conflict_resolution_minutes=leadership.conflict_resolution_minutes))
    unified = with_unit(scenario, unit_id, leadership=Leadership())
    return [
        Exercise(
            "path",
            tr("ui.ex.path", lang, place=text(place.name, lang)),
            lambda: float(len(reporting_path(scenario, place.id, "III", hazard))),
        ),
        Exercise(
            "rounds",
            tr("ui.ex.rounds", lang, unit=text(unit.name, lang), leaders=leaders),
            lambda: float(leaders - 1),
        ),
        Exercise(
            "unified_gain",
            tr("ui.ex.gain", lang, unit=text(unit.name, lang), seed=seed),
            lambda: round(order_latency(multi, seed) - order_latency(unified, seed), 1),
            tolerance=1.0,
        ),
    ]
