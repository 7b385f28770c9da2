"""An (s, S) depot facing Poisson demand matches the exact lost-sales results.

Source: the lost-sales (Q, r) model with a fixed lead time and at most one
order outstanding (r < Q), treated exactly in Hadley, G. & Whitin, T. M.
(1963), *Analysis of Inventory Systems*, Prentice-Hall, ch. 4. With unit
Poisson demand the continuous-review (s, S) rule is that model with r = s,
Q = S - s. The formulas are derived here with the renewal-reward theorem
(Ross, S. M. (1996), *Stochastic Processes*, 2nd ed., Wiley, ch. 3). A
cycle starts when an order is placed (on hand = s); D ~ Poisson(m), m = λL,
is the demand in the lead time L:

  E[C]            = L + (Q - s + E[(s - D)+]) / λ
  E[∫ on hand]    = Σ_{k=1..s} k·P(D ≥ s-k+1)/λ                     (lead time)
                  + E[T(T+1) - s(s+1)] / (2λ),  T = Q + (s - D)+    (after arrival)
  E[time at zero] = L - Σ_{j=0..s-1} P(D ≥ j+1)/λ

using ∫_0^L P(N(t) = j) dt = P(Poisson(λL) ≥ j+1)/λ. Long-run average on
hand = E[∫ on hand]/E[C]; the stockout probability (share of time with
nothing on hand, which by PASTA is also the share of demand lost) =
E[time at zero]/E[C].

Demand that finds no stock is lost in that model, so the scenario sets
``logistics.shortfall: lost``; by default drillsim keeps it owed and fills
it when stock comes in (tests/functional/test_supplies.py).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator.engine import SimContext, Stepper
from simulator.metrics.supplies import stock_levels
from simulator.models.geography import RoadNetwork
from simulator.models.supplies import SupplySystem
from simulator.models.supplies.allocation import Site
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml

RATE_PER_HOUR = 2.0  # λ
LEAD = 240.0  # L, minutes
S_LOW, S_HIGH = 10, 25  # s, S (Q = 15 > s: at most one order outstanding)
HORIZON = 2000 * 60.0  # 2,000 hours a replication, about 300 cycles
WARM_UP = 50 * 60.0  # left out: the run starts full, not in the steady state
REPLICATIONS = 8
T_99 = 3.499  # Student t, 7 degrees of freedom, two-sided 99%


def _poisson_tail(m: float, n: int) -> float:
    """P(D >= n), D ~ Poisson(m)."""
    return 1.0 - sum(math.exp(-m) * m**k / math.factorial(k) for k in range(n))


def analytic(lam: float, lead: float, s: int, big_s: int) -> tuple[float, float]:
    """(average on hand, stockout probability); lam per minute."""
    q, m = big_s - s, lam * lead
    pmf = [math.exp(-m) * m**d / math.factorial(d) for d in range(s + 1)]
    p_more = 1.0 - sum(pmf)  # D > s: nothing left at arrival
    left = {d: s - d for d in range(s + 1)} | {None: 0}
    probs = {d: pmf[d] for d in range(s + 1)} | {None: p_more}
    cycle = lead + sum(p * (q - s + left[d]) for d, p in probs.items()) / lam
    during_lead = sum(k * _poisson_tail(m, s - k + 1) for k in range(1, s + 1)) / lam
    after = sum(p * ((q + left[d]) * (q + left[d] + 1) - s * (s + 1)) for d, p in probs.items()) / (2 * lam)
    at_zero = lead - sum(_poisson_tail(m, j + 1) for j in range(s)) / lam
    return (during_lead + after) / cycle, at_zero / cycle


def scenario():
    t = {"zh": "甲", "en": "a"}
    return parse_scenario(to_yaml({
        "schema_version": 1,
        "meta": {"id": "sS", "title": t, "description": t, "horizon": HORIZON},
        "places": [{"id": "p", "name": t, "level": "city", "x": 0, "y": 0}],
        "command": {"units": [{"id": "bureau", "name": t, "level": "city", "place": "p"}]},
        "items": [{"id": "kit", "name": t, "unit": t}],
        "logistics": {"shortfall": "lost"},
        "depots": [{"id": "store", "name": t, "tier": "city", "place": "p", "stock": {"kit": S_HIGH}, "loading_minutes": 0,
                    "reorder": {"kit": {"s": S_LOW, "S": S_HIGH, "lead_minutes": LEAD}}}],
    }))


def replicate(sc, seed: int) -> tuple[float, float, float]:
    """(time-average on hand, share of time at zero, share of demand lost) from the event log."""
    ctx = SimContext.create(sc, seed)
    supplies = SupplySystem(ctx, RoadNetwork(sc))
    gaps = ctx.rng("test.demand")

    def demand():
        n = 0
        while True:
            yield ctx.env.timeout(float(gaps.exponential(60.0 / RATE_PER_HOUR)))
            n += 1
            supplies.bureau.submit(Site(f"d{n}", "p", "incident", 1, f"d{n}"), {"kit": 1})

    ctx.env.process(demand())
    Stepper(ctx).run_to_end()
    ev = ctx.recorder.to_frame()
    levels = stock_levels(ev)
    # each level holds from its change until the next (clipped to the measured window)
    times = np.clip(np.append(levels["time"].to_numpy(), HORIZON), WARM_UP, HORIZON)
    held = np.diff(times)
    on_hand = levels["on_hand"].to_numpy()
    window = HORIZON - WARM_UP
    late = ev[ev["time"] >= WARM_UP]
    lost = late.loc[late["kind"] == "supply_short", "quantity"].sum() / late.loc[late["kind"] == "supply_requested", "quantity"].sum()
    return float((on_hand * held).sum() / window), float(held[on_hand <= 1e-9].sum() / window), float(lost)


@pytest.fixture(scope="module")
def runs():
    sc = scenario()
    return np.array([replicate(sc, seed) for seed in range(1, REPLICATIONS + 1)])


def _ci(values: np.ndarray) -> tuple[float, float]:
    half = T_99 * values.std(ddof=1) / math.sqrt(len(values))
    return values.mean() - half, values.mean() + half


def test_average_on_hand_matches_hadley_whitin(runs):
    expected, _ = analytic(RATE_PER_HOUR / 60, LEAD, S_LOW, S_HIGH)
    low, high = _ci(runs[:, 0])
    assert low <= expected <= high, (low, expected, high)
    assert high - low < 0.05 * expected  # the interval is tight enough to mean something


@pytest.mark.parametrize("column", [1, 2], ids=["share_of_time_at_zero", "share_of_demand_lost"])
def test_stockout_probability_matches_hadley_whitin(runs, column):
    _, expected = analytic(RATE_PER_HOUR / 60, LEAD, S_LOW, S_HIGH)
    low, high = _ci(runs[:, column])
    assert low <= expected <= high, (low, expected, high)
