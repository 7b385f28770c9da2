"""First paint of the drill console: from opening the page to the console on screen, in a real browser.

Serves ``notebooks/tabletop_drill.ipynb`` with Voila exactly as ``make
console`` does (``config/``: the drillsim template, kernel culling; the
Makefile's ``CONSOLE_FLAGS``: one pre-heated kernel with the console already
run) on a free loopback port, and opens it in Debian's chromium at
1920x1080 (the room's projector), five times, each in a fresh browser
context, 15 s apart (a room's pages open minutes apart; Voila refills its
pool of one in about 5 s). Timed from ``page.goto`` to the console's first
widgets shown (the Start button and the clock). The same five loads without
the pre-heated kernel (each page load runs the notebook in a new kernel)
are noted for comparison. Target: median <= 5 s.

Needs /usr/bin/chromium (``make chromium``) and Playwright (the test
extras). Holds /tmp/browser.lock while it runs, as the browser tests do, so
it never shares the machine with another browser run.
"""

from __future__ import annotations

import fcntl
import statistics
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, figure, machine, note

TARGET_S = 5.0
LOADS = 5
APART_S = 15
LOCK = "/tmp/browser.lock"


def first_paints(flags: list[str]) -> tuple[list[float], list[str]]:
    """Seconds from opening the page to the console shown, for LOADS page loads; and any request to another host."""
    from playwright.sync_api import sync_playwright

    from tests.ui.conftest import CHROMIUM, FLAGS, PAGE_TIMEOUT_MS, console_config, jupyter_env, running_server

    times, outside = [], []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = {**jupyter_env(root), "DRILLSIM_DATA": str(root / "data"), "DRILLSIM_LANG": "zh", **console_config()}
        args = [sys.executable, "-m", "voila", str(ROOT / "notebooks" / "tabletop_drill.ipynb"), "--no-browser", "--Voila.ip=127.0.0.1", *flags]
        with running_server("voila", args, root, env, "/voila/static/voila.js") as (url, _server), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for _ in range(LOADS):
                time.sleep(APART_S)
                context = browser.new_context(viewport={"width": 1920, "height": 1080})
                context.route(lambda u: not u.startswith("http://127.0.0.1"), lambda r: (outside.append(r.request.url), r.abort()))
                page = context.new_page()
                started = time.perf_counter()
                page.goto(url + "/", timeout=PAGE_TIMEOUT_MS)
                page.wait_for_selector(".drill-new-button", timeout=PAGE_TIMEOUT_MS)
                page.wait_for_selector(".drill-clock-face", timeout=PAGE_TIMEOUT_MS)
                times.append(time.perf_counter() - started)
                context.close()
            browser.close()
    return times, outside


def main() -> int:
    from tests.ui.conftest import console_flags

    flags = console_flags()
    with open(LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        times, outside = first_paints(flags)
        cold, cold_outside = first_paints([])
    note(f"{machine()}; Voila as make console runs it (config/, {' '.join(flags) or 'no flags'}), chromium 1920x1080, {LOADS} page loads {APART_S} s apart")
    note("first paint: " + ", ".join(f"{t:.2f}" for t in times) + f" s; requests to other hosts: {len(outside) + len(cold_outside)}")
    note("without the pre-heated kernel (the notebook run at each page load): " + ", ".join(f"{t:.2f}" for t in cold) + f" s, median {statistics.median(cold):.2f} s")
    figure("console_first_paint_median", statistics.median(times), "s", "<=", TARGET_S)
    return 0


if __name__ == "__main__":
    sys.exit(main())
