"""A facilitator's step with four seat pages connected: the console's step while four followers keep up.

Each Voila page runs in its own kernel, so the room's other pages are other
processes sharing the machine's cores. Here four follower processes stand in
for four seat pages: each opens the drill in a ``DrillConsole`` with *Follow*
ticked and beats its timer once a second, as the browser's ``Play`` widget
does, catching up from the store and redrawing after every move the
facilitator makes (the way a seat page follows). The facilitator's console,
in this process, plays ``urban_rainstorm`` to the end as in
``drill_latency.py``: between steps a stand-in for the players sends the
nearest free team to every waiting need (not timed), and each
``step_button.click()`` is timed (advance, store the move, refresh what the
screen shows). Target: median <= 100 ms.

(Real seat pages, ``simulator.ui.seat_console``, follow the store the same
way; they can take the followers' place here once they are part of drillsim.)
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import SCENARIOS, figure, machine, note
from drill_latency import MAX_STEPS, _players_decide

TARGET_MS = 100
FOLLOWERS = 4
TICK_S = 1.0


def follow(data: str, session_id: str, stop_file: str) -> None:
    """One seat page: follow the drill until ``stop_file`` appears; print what its ticks cost."""
    from simulator.ui.drill_console import DrillConsole

    page = DrillConsole(SCENARIOS, data=data, lang="zh")
    page.open(session_id)
    page.follow.value = True
    ticks, moved = [], 0
    while not Path(stop_file).exists():
        started = time.perf_counter()
        steps = page.session.steps
        page.timer.value += 1  # what the browser's timer does every second
        ticks.append(time.perf_counter() - started)
        moved += page.session.steps != steps
        time.sleep(max(0.0, TICK_S - ticks[-1]))
    print(json.dumps({"ticks": len(ticks), "moved": moved, "tick_ms_median": 1000 * statistics.median(ticks), "tick_ms_max": 1000 * max(ticks), "reached": page.session.now}), flush=True)


def main() -> int:
    from simulator.ui.drill_console import DrillConsole

    with tempfile.TemporaryDirectory() as tmp:
        data, stop = str(Path(tmp) / "data"), Path(tmp) / "stop"
        console = DrillConsole(SCENARIOS, data=data, lang="en")
        console.start("urban_rainstorm")
        console.step_button.click()  # first figures built (the slow first fill of each widget)
        session_id = console.session.sink.session_id
        pages = [
            subprocess.Popen([sys.executable, __file__, "--follow", data, session_id, str(stop)], stdout=subprocess.PIPE, text=True)
            for _ in range(FOLLOWERS)
        ]
        time.sleep(8)  # the pages open the drill (imports, replay) before the facilitator goes on
        times, decisions = [], 0
        while not console.session.ended and len(times) < MAX_STEPS:
            decisions += _players_decide(console)
            started = time.perf_counter()
            console.step_button.click()
            times.append(1000 * (time.perf_counter() - started))
            time.sleep(0.25)  # a facilitator reads the screen between steps; the pages catch up meanwhile
        time.sleep(2 * TICK_S)
        stop.touch()
        followed = [json.loads(p.communicate(timeout=60)[0].strip().splitlines()[-1]) for p in pages]
        clock = console.session.now
    times_sorted = sorted(times)
    p90 = times_sorted[int(0.9 * (len(times) - 1))]
    note(f"{machine()}; urban_rainstorm drill to minute {clock:.0f}: {len(times)} steps, {decisions} dispatch decisions, {FOLLOWERS} follower pages ticking every {TICK_S:g} s")
    note(f"facilitator's step + refresh: median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms, max {max(times):.0f} ms")
    for n, f in enumerate(followed, 1):
        note(f"page {n}: {f['ticks']} ticks, {f['moved']} caught up a move, tick median {f['tick_ms_median']:.0f} ms, max {f['tick_ms_max']:.0f} ms, reached minute {f['reached']:.0f}")
    figure("console_step_four_seats_median", statistics.median(times), "ms", "<=", TARGET_MS)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--follow"]:
        follow(*sys.argv[2:5])
        sys.exit(0)
    sys.exit(main())
