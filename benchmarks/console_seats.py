"""A facilitator's step with four seat pages connected: the console's step while four seats keep up.

Each Voila page runs in its own kernel, so the room's other pages are other
processes sharing the machine's cores. Here four processes each open a seat
page of the drill (``simulator.ui.seat_console.SeatConsole``: the first four
seats of ``urban_rainstorm``) and beat its timer every 2 s as its kernel's
ticker does, catching up from the store after every move the facilitator
makes and redrawing its inbox, incidents and form. The facilitator's
console, in this process, plays ``urban_rainstorm`` to the end as in
``drill_latency.py``: between steps a stand-in for the players sends the
nearest free team to every waiting need (not timed), and each
``step_button.click()`` is timed (advance, store the move, refresh what the
screen shows). Target: median <= 100 ms.
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
SEATS = 4


def seat_page(data: str, session_id: str, seat: str, stop_file: str) -> None:
    """One seat's page: follow the drill until ``stop_file`` appears; print what its beats cost."""
    from simulator.ui.seat_console import TICK_MS, SeatConsole

    page = SeatConsole(data=data, lang="zh", seat=seat, drill=session_id)
    beats, moved = [], 0
    while not Path(stop_file).exists():
        started = time.perf_counter()
        steps = page.session.steps
        page.tick()  # what the page's ticker in its kernel does
        beats.append(time.perf_counter() - started)
        moved += page.session.steps != steps
        time.sleep(max(0.0, TICK_MS / 1000 - beats[-1]))
    print(json.dumps({"seat": seat, "ticks": len(beats), "moved": moved, "tick_ms_median": 1000 * statistics.median(beats), "tick_ms_max": 1000 * max(beats), "reached": page.session.now}), flush=True)


def main() -> int:
    from simulator.scenario.seats import seats_of
    from simulator.ui.drill_console import DrillConsole

    with tempfile.TemporaryDirectory() as tmp:
        data, stop = str(Path(tmp) / "data"), Path(tmp) / "stop"
        console = DrillConsole(SCENARIOS, data=data, lang="en")
        console.start("urban_rainstorm")
        console.step_button.click()  # first figures built (the slow first fill of each widget)
        session_id = console.session.sink.session_id
        seats = [s.id for s in seats_of(console.session.scenario)][:SEATS]
        pages = [subprocess.Popen([sys.executable, __file__, "--seat", data, session_id, seat, str(stop)], stdout=subprocess.PIPE, text=True) for seat in seats]
        time.sleep(8)  # the pages open the drill (imports, replay) before the facilitator goes on
        times, decisions = [], 0
        while not console.session.ended and len(times) < MAX_STEPS:
            decisions += _players_decide(console)
            started = time.perf_counter()
            console.step_button.click()
            times.append(1000 * (time.perf_counter() - started))
            time.sleep(0.25)  # a facilitator reads the screen between steps; the pages catch up meanwhile
        time.sleep(5)  # the pages' last beats
        stop.touch()
        followed = [json.loads(p.communicate(timeout=60)[0].strip().splitlines()[-1]) for p in pages]
        clock = console.session.now
    times_sorted = sorted(times)
    p90 = times_sorted[int(0.9 * (len(times) - 1))]
    note(f"{machine()}; urban_rainstorm drill to minute {clock:.0f}: {len(times)} steps, {decisions} dispatch decisions, {len(pages)} seat pages following")
    note(f"facilitator's step + refresh: median {statistics.median(times):.0f} ms, p90 {p90:.0f} ms, max {max(times):.0f} ms")
    for f in followed:
        note(f"seat {f['seat']}: {f['ticks']} beats, {f['moved']} caught up a move, beat median {f['tick_ms_median']:.0f} ms, max {f['tick_ms_max']:.0f} ms, reached minute {f['reached']:.0f}")
    figure("console_step_four_seats_median", statistics.median(times), "ms", "<=", TARGET_MS)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--seat"]:
        seat_page(*sys.argv[2:6])
        sys.exit(0)
    sys.exit(main())
