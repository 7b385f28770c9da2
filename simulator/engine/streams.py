"""Random streams keyed by the job a draw belongs to, derived from one root seed.

Common random numbers hold only if a draw depends on *what* it is for, never
on the order in which a shared resource was used: the handling work of one
order at one desk must be the same under multi-head and unified command, and
a plan with an extra duty officer must not shift the absences of the others.
So every stream is named after its job (this incident's initial report at
this unit, this post in this shift, this consignment), and a job splits into
children by purpose (:meth:`Stream.child`) rather than sharing one sequence.

Streams are counter-based: draw ``k`` of a stream is SplitMix64's output
for state ``seed + k * golden`` (Steele, Lea & Flood, "Fast splittable
pseudorandom number generators", OOPSLA 2014), and the stream's 64-bit seed is a
BLAKE2b digest of the root seed, the replication's spawn key and the stream's
name; a child's seed is its parent's mixed with a hash of its purpose. Creating a stream is one hash (about 1 microsecond, against about 5 for a
seeded Mersenne Twister), it holds two integers, and nothing needs keeping or
releasing: asking for a name again gives the same draws from the start, so each
job must have a name of its own. :class:`RandomStreams` can audit that (tests do).

Raise :data:`RNG_VERSION` whenever a change moves any draw (a new key, a
draw added or removed, another transformation): stored drills record it and
refuse to replay under another version.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect
from collections import Counter
from functools import lru_cache
from itertools import accumulate

import numpy as np

# 1: one Mersenne Twister per resource- or message-named stream (drillsim 0.1);
# 2: counter-based SplitMix64 streams keyed by job, with children per purpose;
# 3: new jobs (evacuation calls, publicity, the hazards' places and roads) and hotline
# calls drawn by thinning at the peak rate where a scenario's public information raises it.
RNG_VERSION = 3

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_MIX1 = 0xBF58476D1CE4E5B9
_MIX2 = 0x94D049BB133111EB
_TO_UNIT = 2.0**-53  # the top 53 bits as a float in [0, 1)
_TWO_PI = 2.0 * math.pi


def stream_seed(key: bytes) -> int:
    """The 64-bit seed of the stream named by ``key`` (root entropy, spawn key and name)."""
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")


def _mix(z: int) -> int:
    """SplitMix64's finaliser: a bijection on 64 bits that spreads every input bit over the output."""
    z = ((z ^ (z >> 30)) * _MIX1) & _MASK
    z = ((z ^ (z >> 27)) * _MIX2) & _MASK
    return z ^ (z >> 31)


@lru_cache(maxsize=65536)
def _purpose_hash(purpose: str) -> int:
    # purposes repeat across jobs ("at.<unit>", "to.<unit>"): hash each once
    return stream_seed(purpose.encode("utf-8"))


class Stream:
    """A counter-based stream with the numpy-style draws the models call.

    Every distribution below consumes a fixed number of ``random()`` draws
    (the Poisson count excepted), so a stream's draws are a pure function of
    its name and the order of the calls made on it.
    """

    __slots__ = ("key", "_seed", "_count", "_audit")

    def __init__(self, seed: int, key: bytes = b"", audit: Counter | None = None):
        self.key = key  # the full name, kept only when auditing
        self._seed = seed
        self._count = 0
        self._audit = audit
        if audit is not None:
            audit[key] += 1

    def child(self, purpose: str) -> "Stream":
        """The stream of one part of this job (a hop, a desk, a decision): independent of this one's draws."""
        seed = _mix(self._seed ^ _purpose_hash(purpose))
        if self._audit is None:
            return Stream(seed)
        return Stream(seed, self.key + b"/" + purpose.encode("utf-8"), self._audit)

    def random(self) -> float:
        """Uniform on [0, 1): SplitMix64's finaliser applied to the next counter state."""
        count = self._count + 1
        self._count = count
        z = (self._seed + count * _GOLDEN) & _MASK  # _mix inlined: this is the hottest call of a run
        z = ((z ^ (z >> 30)) * _MIX1) & _MASK
        z = ((z ^ (z >> 27)) * _MIX2) & _MASK
        return ((z ^ (z >> 31)) >> 11) * _TO_UNIT

    def randoms(self, size: int) -> np.ndarray:
        return np.array([self.random() for _ in range(size)])

    def exponential(self, scale: float = 1.0) -> float:
        return -math.log(1.0 - self.random()) * scale if scale > 0 else 0.0

    def uniform(self, low: float = 0.0, high: float = 1.0) -> float:
        return low + (high - low) * self.random()

    def triangular(self, left: float, mode: float, right: float) -> float:
        """Inverse-transform draw (one uniform), as ``random.Random.triangular`` computes it."""
        u = self.random()
        if right == left:
            return left
        c = (mode - left) / (right - left)
        if u > c:
            u, c, left, right = 1.0 - u, 1.0 - c, right, left
        return left + (right - left) * math.sqrt(u * c)

    def normal(self, loc: float = 0.0, scale: float = 1.0) -> float:
        """Box-Muller with two uniforms; the second variate is not kept, so every call takes exactly two draws."""
        radius = math.sqrt(-2.0 * math.log(1.0 - self.random()))
        return loc + scale * radius * math.cos(_TWO_PI * self.random())

    gauss = normal

    def lognormal(self, mean: float = 0.0, sigma: float = 1.0) -> float:
        return math.exp(self.normal(mean, sigma))

    def poisson(self, lam: float) -> int:
        """Poisson count: Knuth's product method for small means, else a normal approximation."""
        if lam <= 0:
            return 0
        if lam > 50:
            return max(0, round(self.normal(lam, math.sqrt(lam))))
        limit, k, product = math.exp(-lam), 0, self.random()
        while product > limit:
            k += 1
            product *= self.random()
        return k

    def integers(self, high: int) -> int:
        """An integer in ``range(high)`` (the bias of scaling 53 bits is below 1e-12 for the sizes used here)."""
        return min(int(self.random() * high), high - 1)

    def choice(self, n: int, p=None) -> int:
        """An index in ``range(n)``, weighted by ``p`` when given."""
        if p is None:
            return self.integers(n)
        cumulative = list(accumulate(p))
        return bisect(cumulative, self.random() * cumulative[-1], 0, n - 1)


class RandomStreams:
    """The streams of one run: ``get(name)`` for a job's stream, ``audit`` to check that no job name is used twice."""

    def __init__(self, seed: int | np.random.SeedSequence, audit: bool = False):
        self.root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        self._prefix = f"{self.root.entropy}|{tuple(self.root.spawn_key)}|".encode()
        # every stream name handed out, with its count: only when asked, since a long run creates millions
        self.audit: Counter | None = Counter() if audit else None

    def branch(self, future: int) -> None:
        """From now on, jobs draw from future ``future`` of this run: a what-if branch at the current minute.

        Streams already handed out (jobs under way) keep their draws; every job
        created after this call (an arrival, a report, an order) draws anew,
        the same for every alternative that branches into the same ``future``
        (common random numbers across alternatives). Future 0 is the run as it
        was: no call, no change.
        """
        if future < 0:
            raise ValueError("a branch's future is numbered from 1 (0 is the run as recorded)")
        if future:
            self._prefix = f"{self.root.entropy}|{tuple(self.root.spawn_key)}|future.{future}|".encode()

    def get(self, name: str) -> Stream:
        """The stream for ``name``: the same root and name always give the same draws, from the first."""
        key = self._prefix + name.encode("utf-8")
        return Stream(stream_seed(key), key, self.audit) if self.audit is not None else Stream(stream_seed(key))

    def reused_names(self) -> list[str]:
        """Names handed out more than once (their draws repeat one another); needs ``audit=True``."""
        if self.audit is None:
            raise RuntimeError("RandomStreams(audit=True) is needed to list reused names")
        skip = len(self._prefix)
        return sorted(key[skip:].decode("utf-8") for key, count in self.audit.items() if count > 1)
