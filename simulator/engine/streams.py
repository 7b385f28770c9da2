"""Named random streams derived from one root ``SeedSequence``.

Each random process (incident arrivals, one incident's messages, a team's
travel noise ...) draws from its own stream, keyed by name rather than by
creation order. Two plan variants run with the same seed therefore see the
same incidents and the same work per message even when one has more staff
or teams (common random numbers).

Streams are created per incident and per message, thousands per run, so a
stream is a Mersenne Twister (``random.Random``) seeded by 64 bits of a SHA-256 digest
of the root's entropy, its spawn key and the name: under 10 microseconds to
create, against about 30 for a numpy ``Generator`` with its own
``SeedSequence``. It exposes the few numpy-style methods the models use.

Many named streams are never drawn from (an incident's step durations when
they are fixed, a report with no hop above its first unit ...), so
:meth:`RandomStreams.get` hands out a :class:`DeferredStream` that seeds its
Mersenne Twister (most of the cost, and 2.5 KB) on the first draw; the
draws are exactly those of the :class:`Stream` it stands for. A model that
is done with a stream for good (a report that has reached the top) may
:meth:`RandomStreams.release` it, so a long run does not keep a Mersenne
Twister per message; asking for a released name again is an error, never
a silently restarted stream.
"""

from __future__ import annotations

import hashlib
import math
import random

import numpy as np


class Stream(random.Random):
    """A ``random.Random`` with the numpy ``Generator`` methods the models call.

    ``random()`` is the Mersenne Twister's own (C) method: the models draw
    from it hundreds of thousands of times a run, and the distributions below
    call it directly rather than through ``random.Random``'s Python layers,
    with the same arithmetic, so the draws are those of ``expovariate`` and
    ``triangular``.
    """

    # integers as drawn since the first version (that is what random.Random picks for a
    # subclass overriding random(), as this class once did): same seeds, same places
    _randbelow = random.Random._randbelow_without_getrandbits

    def randoms(self, size: int) -> np.ndarray:
        return np.array([self.random() for _ in range(size)])

    def exponential(self, scale: float = 1.0) -> float:
        # random.Random.expovariate(1 / scale), inlined
        return -math.log(1.0 - self.random()) / (1.0 / scale) if scale > 0 else 0.0

    def uniform(self, low: float = 0.0, high: float = 1.0) -> float:  # type: ignore[override]
        return low + (high - low) * self.random()

    def triangular(self, left: float, mode: float, right: float) -> float:  # type: ignore[override]
        # random.Random.triangular(left, right, mode), inlined
        u = self.random()
        if right == left:
            return left
        c = (mode - left) / (right - left)
        if u > c:
            u, c, left, right = 1.0 - u, 1.0 - c, right, left
        return left + (right - left) * math.sqrt(u * c)

    def lognormal(self, mean: float = 0.0, sigma: float = 1.0) -> float:
        return math.exp(self.gauss(mean, sigma))

    def normal(self, loc: float = 0.0, scale: float = 1.0) -> float:
        return self.gauss(loc, scale)

    def poisson(self, lam: float) -> int:
        """Poisson count: Knuth's product method for small means, else a normal approximation."""
        if lam <= 0:
            return 0
        if lam > 50:
            return max(0, round(self.gauss(lam, math.sqrt(lam))))
        limit, k, product = math.exp(-lam), 0, self.random()
        while product > limit:
            k += 1
            product *= self.random()
        return k

    def integers(self, high: int) -> int:
        return self.randrange(high)

    def choice(self, n: int, p=None) -> int:  # type: ignore[override]
        """An index in ``range(n)``, weighted by ``p`` when given."""
        if p is None:
            return self.randrange(n)
        return self.choices(range(n), weights=p)[0]


def stream_seed(key: bytes) -> int:
    """64 bits of the SHA-256 digest of the root's entropy, spawn key and the stream's name."""
    return int.from_bytes(hashlib.sha256(key).digest()[:8], "little")


class DeferredStream:
    """Stands for ``Stream(seed)``, created at the first attribute looked up (the first draw).

    The stream's methods are then kept on this object, so a draw costs what
    it costs on the stream itself.
    """

    def __init__(self, key: bytes):
        self._key = key  # hashed into the seed at the first draw: most streams never draw

    def __getattr__(self, name: str):  # called only for what this object does not have yet
        if name.startswith("__"):
            raise AttributeError(name)
        held = self.__dict__
        stream = held.get("_stream")
        if stream is None:
            stream = held["_stream"] = Stream(stream_seed(held["_key"]))
        value = getattr(stream, name)
        if callable(value):
            held[name] = value  # a bound method of the stream: found directly next time
        return value


class RandomStreams:
    def __init__(self, seed: int | np.random.SeedSequence):
        self.root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        self._prefix = f"{self.root.entropy}|{tuple(self.root.spawn_key)}|".encode()
        self._streams: dict[str, DeferredStream] = {}
        self._released: set[str] = set()

    def get(self, name: str) -> Stream:
        """The stream for ``name``; the same root and name always give the same stream."""
        stream = self._streams.get(name)
        if stream is None:
            if name in self._released:
                raise RuntimeError(f"random stream {name!r} was asked for after it was released")
            stream = self._streams[name] = DeferredStream(self._prefix + name.encode("utf-8"))
        return stream  # type: ignore[return-value]  # a Stream in all but name

    def release(self, name: str) -> None:
        """Forget the stream ``name``: its owner will never draw from it again."""
        if self._streams.pop(name, None) is not None:
            self._released.add(name)

    def release_all(self) -> None:
        """Forget every stream: the run is over."""
        self._released.update(self._streams)
        self._streams.clear()
