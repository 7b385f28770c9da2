"""The facilitator and two player seats in three pages at once, on one Voila server (Debian's chromium).

Each page has its own browser context (its own cookies and storage, as on
three devices) and its own kernel; what they share is the drill store. The
seats see only their own inbox, both decide, the facilitator steps, and both
decisions appear in the facilitator's log and on the map attributed to their
seats; a seat's page reloaded mid-drill shows the same seat and decisions.
State is read from the page's text and the map's data, never from pixels.
"""

from __future__ import annotations

import os
import sys

import pytest

from simulator.drill import Store, open_session
from tests.conftest import ROOT
from tests.ui.conftest import CHROMIUM, FLAGS, PAGE_TIMEOUT_MS, jupyter_env, running_server

pytestmark = pytest.mark.browser

ATTRIBUTED_ON_THE_MAP = """(pairs) => {
    const g = document.querySelector('.js-plotly-plot.drill-map');
    return g && g.data && g.data.length === 6 && pairs.every(([team, seat]) => g.data[5].customdata.some(c => c[0] === team && c[3] === seat));
}"""


@pytest.fixture(scope="module")
def voila_notebooks(tmp_path_factory):
    """(base URL, data directory) of a Voila server on the notebooks folder: the console and the seat page side by side."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    root = tmp_path_factory.mktemp("voila_seats")
    env = jupyter_env(root)
    env["DRILLSIM_DATA"] = str(root / "data")
    env["DRILLSIM_LANG"] = "en"
    args = [sys.executable, "-m", "voila", str(ROOT / "notebooks"), "--no-browser", "--Voila.ip=127.0.0.1"]
    with running_server("voila", args, root, env, "/voila/static/voila.js") as (url, _server):
        yield url, root / "data"


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        errors: list[str] = []

        def device():
            """A page in a context of its own: one device at one table."""
            context = chromium.new_context(viewport={"width": 1400, "height": 1000})
            context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.on("pageerror", lambda error: errors.append(str(error)))
            return page

        yield device
        chromium.close()
    assert not errors, f"uncaught errors in the pages: {errors}"


def choose(page, selector: str, label: str) -> None:
    """Pick the option of a dropdown whose label starts with ``label`` (labels are the option values)."""
    value = page.eval_on_selector(selector, "(s, p) => Array.from(s.options).find(o => o.value.startsWith(p)).value", label)
    page.select_option(selector, value=value)


def open_seat(page, url: str, seat: str, drill: str) -> None:
    page.goto(f"{url}/voila/render/drill_seat.ipynb?seat={seat}&drill={drill}", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(".seat-title h3", timeout=PAGE_TIMEOUT_MS)


def step(page) -> None:
    before = page.inner_text(".drill-clock")
    page.click(".drill-step-button")
    page.wait_for_function("b => document.querySelector('.drill-clock').innerText !== b", arg=before)


def test_facilitator_and_two_seats_decide_step_and_a_seat_reloads(voila_notebooks, browser):
    url, data = voila_notebooks
    page_console = browser()
    page_console.goto(url + "/voila/render/tabletop_drill.ipynb", timeout=PAGE_TIMEOUT_MS)
    page_console.wait_for_selector(".drill-new-button", timeout=PAGE_TIMEOUT_MS)
    choose(page_console, ".drill-scenario-picker select", "Street command in a flash flood")
    page_console.click(".drill-new-button")
    page_console.wait_for_selector(".drill-time:not(.drill-time-idle)")  # the drill has started (and is in the store)
    store = Store.existing(data)
    drill = store.sessions()[0].id
    for _ in range(15):  # to the first incident reported to the street office
        step(page_console)
        session = open_session(store, drill)
        if any(i.commander is not None and not i.closed for i in session.world.incidents.values()):
            break

    office, flood = browser(), browser()
    open_seat(office, url, "street_office", drill)
    open_seat(flood, url, "flood_hq", drill)
    assert "Seat: Street office" in office.inner_text(".seat-title") and "Seat: Flood HQ" in flood.inner_text(".seat-title")
    # each seat sees only its own units' desk: the street office's reports are not the flood HQ's
    office.wait_for_function("() => document.querySelector('.seat-inbox').innerText.includes('reaches Tiansheng street emergency office')")
    assert "reaches Tiansheng street emergency office" not in flood.inner_text(".seat-inbox")
    assert "flash_flood-" not in office.inner_text(".seat-inbox") + office.inner_text(".seat-incidents")  # names, never ids

    # both seats decide: the street office sends its shock team, the flood HQ a street volunteer team as reinforcement
    choose(office, ".seat-team select", "Street shock team")
    office.click(".seat-send")
    office.wait_for_function("() => document.querySelector('.seat-message').innerText.startsWith('Sent:')")
    choose(flood, ".seat-team select", "Binjiang volunteers")
    flood.click(".seat-send")
    flood.wait_for_function("() => document.querySelector('.seat-message').innerText.startsWith('Sent:')")
    assert "waiting for the next step" in office.inner_text(".seat-mine")

    step(page_console)  # the facilitator's next step plays both
    page_console.wait_for_function("() => ['Street office', 'Flood HQ'].every(s => document.querySelector('.drill-log-box').textContent.includes(s))")
    page_console.wait_for_function(ATTRIBUTED_ON_THE_MAP, arg=[["street_shock", "street_office"], ["c1_volunteers", "flood_hq"]])
    for seat in (office, flood):
        seat.wait_for_function("() => document.querySelector('.seat-mine').innerText.includes('done')")

    # a seat's page reloads mid-drill: a new kernel, the same seat, clock and decisions
    office.reload(timeout=PAGE_TIMEOUT_MS)
    office.wait_for_selector(".seat-title h3", timeout=PAGE_TIMEOUT_MS)
    office.wait_for_function("() => document.querySelector('.seat-mine').innerText.includes('done')")
    assert "Seat: Street office" in office.inner_text(".seat-title")
    assert office.inner_text(".seat-clock .drill-time") == page_console.inner_text(".drill-clock .drill-time")
    assert "Street shock team" in office.inner_text(".seat-mine")
