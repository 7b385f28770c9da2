"""Seeds of a study: one root ``SeedSequence``, replication i gets its child i.

``SeedSequence(root).spawn(n)[i]`` is ``SeedSequence(root, spawn_key=(i,))``,
so a worker rebuilds its replication's sequence from two integers, and a
study that adds replications later (sequential mode) continues the same
sequence of children. Every plan of a study uses the same children: common
random numbers.
"""

from __future__ import annotations

import numpy as np


def spawn_sequences(root_seed: int, n: int) -> list[np.random.SeedSequence]:
    """The first ``n`` children of the root sequence."""
    return np.random.SeedSequence(root_seed).spawn(n)


def replication_sequence(root_seed: int, index: int) -> np.random.SeedSequence:
    """Child ``index`` of ``SeedSequence(root_seed)``, without spawning the others."""
    return np.random.SeedSequence(root_seed, spawn_key=(index,))


def record_seed(sequence: np.random.SeedSequence) -> int:
    """A 32-bit integer derived from a replication's sequence, for the record.

    The run itself draws from the sequence; (root seed, replication index)
    reproduces it exactly.
    """
    return int(sequence.generate_state(1, dtype=np.uint32)[0])
