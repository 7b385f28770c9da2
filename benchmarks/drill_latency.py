"""Drill latency: the console steps to the next decision point and refreshes every figure.

Drives ``simulator.ui.drill_console.DrillConsole`` headless, as its tests
do (``step_button.click()``): a new drill of ``urban_rainstorm`` in a
temporary store, then step after step to the end of the scenario. Between
steps a stand-in for the players sends the nearest free capable team to
every need waiting for one (through the console's own ``decide``, not
timed), so the drill looks like one a room would play. Each step click is
timed: advancing the session to the next inject or decision point, writing
the move to the store, and refreshing the clock, feed, log, forms, KPI
cards and the four live figures (map, command flows, team Gantt, stock).
Target: median <= 150 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import SCENARIOS, figure, machine, note

TARGET_MS = 150
MAX_STEPS = 400


def _players_decide(console) -> int:
    """Dispatch the nearest free capable team to every need waiting for one; returns decisions made."""
    session = console.session
    pool = session.world.teams
    made = 0
    for a in list(pool.in_priority_order()):
        if a not in pool.waiting or a.incident.commander is None:
            continue
        candidates = pool._candidates(a)
        if not candidates:
            continue
        team = min(candidates, key=lambda c: (c[1], c[0].id))[0]
        console.decide("dispatch_team", {"team": team.id, "incident": a.incident.id, "capability": a.need.capability})
        made += 1
    return made


def main() -> int:
    from simulator.ui.drill_console import DrillConsole

    with tempfile.TemporaryDirectory() as tmp:
        console = DrillConsole(SCENARIOS, data=Path(tmp) / "data", lang="en")
        console.start("urban_rainstorm")
        console.step_button.click()  # first figures built (the slow first fill of each widget)
        times, decisions = [], 0
        while not console.session.ended and len(times) < MAX_STEPS:
            decisions += _players_decide(console)
            started = time.perf_counter()
            console.step_button.click()
            times.append(1000 * (time.perf_counter() - started))
        events = len(console.session.ctx.recorder)
        clock = console.session.now
    times_sorted = sorted(times)
    p90 = times_sorted[int(0.9 * (len(times) - 1))]
    note(f"{machine()}; urban_rainstorm drill to minute {clock:.0f}: {len(times)} steps, {decisions} dispatch decisions, {events} events at the end")
    note(f"step + refresh: median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms, max {max(times):.0f} ms, first {times[0]:.0f} ms, last {times[-1]:.0f} ms")
    figure("drill_step_refresh_median", statistics.median(times), "ms", "<=", TARGET_MS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
