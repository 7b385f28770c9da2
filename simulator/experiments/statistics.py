"""Means and paired differences with Student-t confidence intervals.

For n values with mean m and sample standard deviation s, the interval is
m +/- t(1 - a/2, n - 1) * s / sqrt(n). A paired difference is the same
interval on the per-replication differences (plan B - plan A on the same
seed), which common random numbers make much narrower than the difference
of two independent means.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass

import numpy as np
from scipy.special import (
    ndtri,  # the standard normal quantile (scipy.stats.norm.ppf uses it)
    stdtrit,  # scipy.stats' t.ppf uses the same routine; special imports faster
)

NAN = float("nan")


@dataclass(frozen=True)
class Estimate:
    n: int
    mean: float
    sd: float
    half_width: float
    low: float
    high: float
    confidence: float = 0.95

    def excludes_zero(self) -> bool:
        return self.n >= 2 and math.isfinite(self.half_width) and (self.low > 0 or self.high < 0)

    def as_dict(self) -> dict:
        return asdict(self)


def t_quantile(probability: float, df: float) -> float:
    """The ``probability`` quantile of Student's t with ``df`` degrees of freedom."""
    if df <= 0:
        return NAN
    return float(stdtrit(df, probability))


def _finite(values: Iterable) -> np.ndarray:
    arr = np.asarray([np.nan if v is None else v for v in values], dtype="float64")
    return arr[np.isfinite(arr)]


def mean_interval(values: Iterable, confidence: float = 0.95) -> Estimate:
    """Mean and its two-sided ``confidence`` interval; missing values are left out.

    With fewer than two values the half width is NaN (no interval).
    """
    x = _finite(values)
    n = len(x)
    if n == 0:
        return Estimate(0, NAN, NAN, NAN, NAN, NAN, confidence)
    mean = float(x.mean())
    if n == 1:
        return Estimate(1, mean, NAN, NAN, NAN, NAN, confidence)
    sd = float(x.std(ddof=1))
    half = t_quantile((1 + confidence) / 2, n - 1) * sd / math.sqrt(n)
    return Estimate(n, mean, sd, half, mean - half, mean + half, confidence)


def _pair(a: Iterable, b: Iterable) -> tuple[np.ndarray, np.ndarray]:
    xa = np.asarray([np.nan if v is None else v for v in a], dtype="float64")
    xb = np.asarray([np.nan if v is None else v for v in b], dtype="float64")
    if xa.shape != xb.shape:
        raise ValueError("paired samples must have the same length")
    both = np.isfinite(xa) & np.isfinite(xb)
    return xa[both], xb[both]


def paired_interval(a: Iterable, b: Iterable, confidence: float = 0.95) -> Estimate:
    """Interval of the mean of ``b - a`` over the pairs where both are present."""
    xa, xb = _pair(a, b)
    return mean_interval(xb - xa, confidence)


def unpaired_half_width(a: Iterable, b: Iterable, confidence: float = 0.95) -> float:
    """Half width of Welch's interval on ``mean(b) - mean(a)``, the pairs taken as independent samples.

    Computed on the same complete pairs as :func:`paired_interval`. Common
    random numbers leave each plan's own variance as it is, so this is what
    the study would have got with independent seeds per plan (Law & Kelton,
    Simulation Modeling and Analysis, 5th ed., 2015, section 11.2: the
    paired-t against Welch's two-sample interval). NaN with fewer than two
    pairs; 0 when neither plan varies.
    """
    xa, xb = _pair(a, b)
    n = len(xa)
    if n < 2:
        return NAN
    va, vb = float(xa.var(ddof=1)) / n, float(xb.var(ddof=1)) / n
    if va + vb == 0:
        return 0.0
    # Welch-Satterthwaite degrees of freedom
    df = (va + vb) ** 2 / (va**2 / (n - 1) + vb**2 / (n - 1))
    return t_quantile((1 + confidence) / 2, df) * math.sqrt(va + vb)


def variance_reduction(a: Iterable, b: Iterable) -> float:
    """1 - Var(b - a) / (Var(a) + Var(b)) on the complete pairs: the share of the
    difference's variance that common random numbers removed.

    0: no gain (as with independent seeds); negative: the plans' outputs were
    negatively correlated and pairing hurt. NaN with fewer than two pairs or
    when neither plan varies.
    """
    xa, xb = _pair(a, b)
    if len(xa) < 2:
        return NAN
    total = float(xa.var(ddof=1) + xb.var(ddof=1))
    if total == 0:
        return NAN
    return 1.0 - float((xb - xa).var(ddof=1)) / total


@dataclass(frozen=True)
class Proportion:
    """``successes`` of ``n`` with its Wilson interval (NaN bounds when n is 0)."""

    successes: int
    n: int
    rate: float
    low: float
    high: float
    confidence: float = 0.95


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> Proportion:
    """The Wilson score interval of a proportion (Wilson, "Probable inference, the law of
    succession, and statistical inference", JASA 22, 1927, pp. 209-212):

        (p + z^2/2n +/- z * sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n),  z = Phi^-1(1 - a/2).

    Unlike the Wald interval p +/- z sqrt(p(1-p)/n) it stays inside [0, 1] and
    does not collapse to a point at 0 of 30 or 30 of 30; Brown, Cai and DasGupta
    ("Interval estimation for a binomial proportion", Statistical Science 16(2),
    2001, pp. 101-133) recommend it for small n such as a study's replications.
    """
    if n <= 0:
        return Proportion(0, 0, NAN, NAN, NAN, confidence)
    if not 0 <= successes <= n:
        raise ValueError(f"successes {successes} not within 0..{n}")
    p = successes / n
    z = float(ndtri((1 + confidence) / 2))
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z2n / (4 * n))
    # at 0 or n the bound on that side is exactly 0 or 1; the formula leaves rounding noise
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Proportion(int(successes), int(n), p, low, high, confidence)
