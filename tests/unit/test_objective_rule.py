"""One objective rule (simulator.metrics.kpis.objective_met) for a run's report and a study's met rates."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from simulator.experiments.objective_rates import met, met_rates
from simulator.metrics import evaluate_objectives
from simulator.metrics.kpis import objective_met


def test_the_rule_by_hand():
    # at the target counts as met either way; no value (None, NaN) is not judged
    assert [objective_met(v, "<=", 15.0) for v in (14.0, 15.0, 15.5, None, float("nan"))] == [True, True, False, None, None]
    assert [objective_met(v, ">=", 0.9) for v in (0.95, 0.9, 0.85, None)] == [True, True, False, None]


def test_a_run_and_a_study_judge_alike():
    values = [10.0, 15.0, 20.0, float("nan")]
    objective = SimpleNamespace(id="fast", name="fast", kpi="first_arrival_mean", op="<=", target=15.0)
    one_by_one = [evaluate_objectives([objective], {"first_arrival_mean": v})[0]["met"] for v in values]
    assert met(pd.Series(values), "<=", 15.0).tolist() == one_by_one == [True, True, False, None]
    # a study of those four runs: 2 met of 3 judged, 1 not judged (no value)
    results = pd.DataFrame({"plan": "a", "replication": range(4), "seed": range(4), "error": "", "first_arrival_mean": values})
    row = met_rates(results, [{"id": "fast", "kpi": "first_arrival_mean", "op": "<=", "target": 15.0}], ["a"]).iloc[0]
    assert (row["met"], row["judged"], row["not_judged"]) == (2, 3, 1)
