"""Same scenario + seed gives a byte-identical event log; another seed differs."""

from __future__ import annotations

from simulator.engine import write_events
from simulator.models import simulate


def _log_bytes(scenario, seed, path):
    write_events(simulate(scenario, seed).events, path)
    return path.read_bytes()


def test_same_seed_gives_byte_identical_log(rainstorm, tmp_path):
    a = _log_bytes(rainstorm, 11, tmp_path / "a.csv")
    b = _log_bytes(rainstorm, 11, tmp_path / "b.csv")
    assert len(a) > 10_000
    assert a == b


def test_another_seed_gives_another_log(rainstorm, tmp_path):
    assert _log_bytes(rainstorm, 11, tmp_path / "a.csv") != _log_bytes(rainstorm, 12, tmp_path / "b.csv")


def test_default_seed_is_the_scenarios(rainstorm):
    assert simulate(rainstorm).seed == rainstorm.meta.seed
    assert simulate(rainstorm).events.equals(simulate(rainstorm, rainstorm.meta.seed).events)


def test_street_scenario_with_every_mechanism_is_deterministic(street, tmp_path):
    # warnings, roll calls, channel outages, absences, public calls and conflicts all draw randomness
    a = _log_bytes(street, 5, tmp_path / "a.csv")
    assert a == _log_bytes(street, 5, tmp_path / "b.csv")
    assert a != _log_bytes(street, 6, tmp_path / "c.csv")
