"""Named random streams spawned from one root ``SeedSequence``.

Each random process (incident arrivals, handling times, travel noise ...)
draws from its own stream, keyed by name rather than by creation order. Two
plan variants run with the same seed therefore see the same incidents even
when one has more teams (common random numbers).
"""

from __future__ import annotations

import hashlib

import numpy as np


def _name_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "little")


class RandomStreams:
    def __init__(self, seed: int | np.random.SeedSequence):
        self.root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        self._streams: dict[str, np.random.Generator] = {}

    def get(self, name: str) -> np.random.Generator:
        """The generator for ``name``; the same name always gives the same stream."""
        gen = self._streams.get(name)
        if gen is None:
            child = np.random.SeedSequence(
                entropy=self.root.entropy,
                spawn_key=(*self.root.spawn_key, _name_key(name)),
            )
            gen = self._streams[name] = np.random.default_rng(child)
        return gen
