"""The interval statistics against published and hand-calculated cases.

Student's sleep data: Cushny & Peebles' extra hours of sleep under two
hypnotics in the same ten patients, analysed in "Student" (1908), "The
probable error of a mean", Biometrika 6(1):1-25, and shipped with R as
``datasets::sleep``. R's ``t.test(extra ~ group, data = sleep, paired = TRUE)``
reports a mean difference of -1.58 with the 95 percent confidence interval
(-2.4598858, -0.7001142), t = -4.0621, df = 9; here the difference is taken
the other way round (group 2 - group 1).
"""

from __future__ import annotations

import math

import pytest

from simulator.experiments.compare import verdict
from simulator.experiments.statistics import Estimate, mean_interval, paired_interval, t_quantile

SLEEP_GROUP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_GROUP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def test_paired_interval_reproduces_students_sleep_data():
    est = paired_interval(SLEEP_GROUP_1, SLEEP_GROUP_2)
    assert est.n == 10
    assert est.mean == pytest.approx(1.58)
    assert est.low == pytest.approx(0.7001142, abs=1e-6)
    assert est.high == pytest.approx(2.4598858, abs=1e-6)
    # t statistic = mean / (sd / sqrt(n))
    assert est.mean / (est.sd / math.sqrt(est.n)) == pytest.approx(4.0621, abs=1e-4)


def test_t_quantiles_match_the_printed_table():
    # two-sided 95%: the 0.975 quantile (any t table, e.g. Fisher & Yates)
    assert t_quantile(0.975, 1) == pytest.approx(12.706, abs=1e-3)
    assert t_quantile(0.975, 9) == pytest.approx(2.262, abs=1e-3)
    assert t_quantile(0.975, 30) == pytest.approx(2.042, abs=1e-3)
    assert t_quantile(0.975, 1e9) == pytest.approx(1.960, abs=1e-3)


def test_mean_interval_by_hand():
    # 1..5: mean 3, s = sqrt(2.5), s/sqrt(5) = sqrt(0.5), t(0.975, 4) = 2.776445
    est = mean_interval([1, 2, 3, 4, 5])
    half = 2.776445 * math.sqrt(0.5)
    assert (est.n, est.mean) == (5, 3.0)
    assert est.sd == pytest.approx(math.sqrt(2.5))
    assert est.half_width == pytest.approx(half, abs=1e-6)
    assert (est.low, est.high) == (pytest.approx(3 - half, abs=1e-6), pytest.approx(3 + half, abs=1e-6))


def test_missing_values_are_left_out_and_tiny_samples_have_no_interval():
    assert mean_interval([1.0, None, float("nan"), 3.0]).n == 2
    one = mean_interval([4.0])
    assert one.mean == 4.0 and math.isnan(one.half_width)
    assert mean_interval([]).n == 0
    # pairs with a missing side are dropped
    assert paired_interval([1, None, 3], [2, 5, None]).n == 1


def _est(low: float, high: float, n: int = 10) -> Estimate:
    return Estimate(n, (low + high) / 2, 1.0, (high - low) / 2, low, high)


@pytest.mark.parametrize(
    "low, high, better, expected",
    [
        (-3, -1, "lower", "better"),
        (1, 3, "lower", "worse"),
        (1, 3, "higher", "better"),
        (-3, -1, "higher", "worse"),
        (-1, 3, "lower", "not_significant"),
        (1, 3, None, "higher"),
        (-3, -1, None, "lower"),
    ],
)
def test_verdicts_know_which_way_is_better(low, high, better, expected):
    assert verdict(_est(low, high), better) == expected


def test_verdicts_for_identical_and_missing_data():
    assert verdict(Estimate(5, 0.0, 0.0, 0.0, 0.0, 0.0), "lower", all_zero=True) == "identical"
    assert verdict(mean_interval([]), "lower") == "no_data"
    assert verdict(mean_interval([2.0]), "lower") == "not_significant"
