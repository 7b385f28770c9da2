"""Back-test: the SHA-256 of each bundled scenario's event log for a few seeds.

The draw order is a contract: a stored drill replays its decisions only if
the models step and draw as they did when it was recorded. A change that
moves any of these logs must say so: bump ``STEP_MODEL`` (simulator.models.run)
when events move between SimPy steps, ``RNG_VERSION`` (simulator.engine.streams)
when a draw changes, and write the hashes again on purpose:

    .venv/bin/python -m tests.backtest.event_logs --write

(after pydesrap_mms's back-tests, which compare outputs against kept results).
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from pathlib import Path

from simulator.engine.streams import RNG_VERSION
from simulator.eventlog import write_events
from simulator.models import STEP_MODEL, simulate
from simulator.scenario import load_scenario

HERE = Path(__file__).resolve().parent
KEPT = HERE / "event_log_hashes.json"
SCENARIOS = HERE.parents[1] / "scenarios"
BUNDLED = ("urban_rainstorm", "street_command", "mountain_landslide", "typhoon", "chemical_park", "earthquake", "forest_fire")
SEEDS = (1, 2, 3)


def log_hash(name: str, seed: int) -> str:
    events = simulate(load_scenario(SCENARIOS / f"{name}.yaml"), seed).events
    buffer = io.StringIO()
    write_events(events, buffer)
    return hashlib.sha256(buffer.getvalue().encode("utf-8")).hexdigest()


def current() -> dict:
    return {
        "step_model": STEP_MODEL,
        "rng_version": RNG_VERSION,
        "hashes": {f"{name}/{seed}": log_hash(name, seed) for name in BUNDLED for seed in SEEDS},
    }


def kept() -> dict:
    return json.loads(KEPT.read_text(encoding="utf-8"))


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.backtest.event_logs --write")
    KEPT.write_text(json.dumps(current(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {KEPT}")
