"""The bundled scenarios' event logs are those kept in tests/backtest (see tests/backtest/event_logs.py)."""

from __future__ import annotations

from tests.backtest.event_logs import current, kept


def test_event_logs_match_the_kept_hashes_under_the_same_versions():
    expected, now = kept(), current()
    assert (now["step_model"], now["rng_version"]) == (expected["step_model"], expected["rng_version"]), (
        "STEP_MODEL or RNG_VERSION changed: write the hashes again on purpose (python -m tests.backtest.event_logs --write)"
    )
    moved = sorted(key for key, digest in now["hashes"].items() if expected["hashes"].get(key) != digest)
    assert not moved, (
        f"event logs moved for {moved}: if the change moves steps or draws, bump STEP_MODEL or RNG_VERSION "
        "(stored drills then refuse to replay instead of diverging); then write the hashes again on purpose"
    )
