"""The facilitator's screen in a real browser at 1920x1080, served by Voila as ``make console`` serves it.

Measured in the page: no vertical scroll on the main tab in English and in
Chinese with a drill under way; no request to any host but the server's;
no emoji (the room's machine has no emoji font); names, not ids; the
decision log downloads in the browser; a closed page's kernel is culled
while an open page's is kept.
"""

from __future__ import annotations

import os
import re
import sys
import time

import pytest

from simulator.drill import Store, start_session
from tests.conftest import ROOT, SCENARIOS
from tests.ui.conftest import CHROMIUM, FLAGS, PAGE_TIMEOUT_MS, console_config, console_flags, jupyter_env, kernel_pids, open_console, running_server

pytestmark = pytest.mark.browser

SCREEN = {"width": 1920, "height": 1080}

# How far the page scrolls: the document itself, and any element around the console that scrolls
# (an element inside a panel, the feed or the log, may scroll on its own: that is not the page)
PAGE_OVERFLOW = """() => {
    const doc = document.scrollingElement || document.documentElement;
    const out = {document: doc.scrollHeight - window.innerHeight, ancestors: [], bottom: 0};
    const consoleEl = document.querySelector('.drill-console');
    out.bottom = consoleEl.getBoundingClientRect().bottom - window.innerHeight;
    for (let el = consoleEl.parentElement; el && el !== document.documentElement; el = el.parentElement) {
        const style = getComputedStyle(el);
        if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1)
            out.ancestors.push([el.tagName + '.' + el.className, el.scrollHeight - el.clientHeight]);
    }
    return out;
}"""

EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2300-\u23FF\u2600-\u27BF\uFE0F]")
INCIDENT_ID = re.compile(r"\b[a-z][a-z_]*-\d{3}\b")  # trapped-001, as the models number incidents


@pytest.fixture
def screen(voila):
    """A 1920x1080 page of Debian's chromium; every request to another host is refused and noted."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport=SCREEN, accept_downloads=True)
        outside: list[str] = []

        def route(r):
            if r.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "blob:", "data:")):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(60_000)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.outside = outside
        yield page
        browser.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def clock(page) -> str:
    return page.inner_text(".drill-clock")


def step(page) -> None:
    """Click Next inject and wait for the kernel's answer (the clock's step count moves even on the same minute)."""
    steps = "() => document.querySelector('.drill-clock-face').dataset.steps"
    before = page.evaluate(steps)
    page.click(".drill-step-button")
    page.wait_for_function(f"b => ({steps})() !== b", arg=before)


def start_flagship(page) -> None:
    value = page.eval_on_selector(".drill-scenario-picker select", "s => Array.from(s.options).find(o => o.value.startsWith('Urban extreme rainstorm')).value")
    page.select_option(".drill-scenario-picker select", value=value)
    page.click(".drill-new-button")
    page.wait_for_selector(".drill-time")
    page.wait_for_selector(".js-plotly-plot.drill-map")
    page.wait_for_selector(".js-plotly-plot.drill-msel")
    for _ in range(8):
        step(page)
    if page.eval_on_selector(".drill-incident select", "s => s.options.length"):
        page.select_option(".drill-incident select", index=0)
        page.click(".drill-decide")
        page.wait_for_function("() => document.querySelector('.drill-decision-message').innerText.length > 0")


def fits(page) -> None:
    page.wait_for_timeout(1500)  # figures and panels laid out
    overflow = page.evaluate(PAGE_OVERFLOW)
    assert overflow["document"] <= 0 and not overflow["ancestors"] and overflow["bottom"] <= 0, overflow


def test_the_main_tab_fits_1920x1080_without_scrolling_in_both_languages(voila, screen, tmp_path):
    url, _server, _data = voila
    open_console(screen, url)
    fits(screen)  # before a drill
    start_flagship(screen)
    fits(screen)
    screen.screenshot(path=str(tmp_path / "screen_en.png"))
    text = screen.inner_text(".drill-console")
    assert not EMOJI.findall(text) and not INCIDENT_ID.findall(text), (EMOJI.findall(text), INCIDENT_ID.findall(text))
    for name in ("T+", "Inject plan", "teams free", "Injects and decision points", "Decide"):
        assert name in text
    before = clock(screen)
    screen.click(".drill-lang >> text=中文")
    screen.wait_for_function("() => document.querySelector('.drill-tabs') && document.querySelector('.drill-tabs').innerText.includes('演练大屏')")
    # the same figures, drawn again in Chinese
    screen.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot.drill-map .gtitle')].some(t => t.textContent === '态势图')")
    screen.wait_for_function("() => document.querySelector('.js-plotly-plot.drill-map').data.length === 6")
    assert clock(screen).split()[0] == before.split()[0]  # the same drill time, now in Chinese
    fits(screen)
    screen.screenshot(path=str(tmp_path / "screen_zh.png"))
    text = screen.inner_text(".drill-console")
    assert not EMOJI.findall(text) and not INCIDENT_ID.findall(text)
    assert "演练大屏" in text and "空闲队伍" in text
    assert screen.outside == [], screen.outside  # nothing asked of a CDN (fonts, icons) or any other host


def test_the_decision_log_downloads_in_the_browser(voila, screen):
    url, _server, data = voila
    open_console(screen, url)
    start_flagship(screen)
    screen.click(".lm-TabBar-tab:has-text('Drills and exports')")
    screen.wait_for_selector(".drill-archive-csv-button")
    with screen.expect_download() as download:
        screen.click(".drill-archive-csv-button")
    file = download.value
    assert file.suggested_filename.startswith("urban_rainstorm_") and file.suggested_filename.endswith("_decisions.csv")
    assert open(file.path(), encoding="utf-8").read().startswith("seq,time,step,action")
    said = screen.inner_text(".drill-archive-message")
    assert file.suggested_filename in said and str(data) not in said and "/" not in said
    assert not (data / "exports").exists()
    assert "Urban extreme rainstorm" in screen.inner_text(".drill-past-drills")


@pytest.fixture(scope="module")
def quick_culling(tmp_path_factory):
    """Voila as ``make console`` runs it, with kernels culled after 4 idle seconds instead of 300."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    root = tmp_path_factory.mktemp("voila-cull")
    env = {**jupyter_env(root), "DRILLSIM_DATA": str(root / "data"), "DRILLSIM_LANG": "en", **console_config()}
    args = [
        sys.executable, "-m", "voila", str(ROOT / "notebooks" / "tabletop_drill.ipynb"), "--no-browser", "--Voila.ip=127.0.0.1",
        "--MappingKernelManager.cull_idle_timeout=4", "--MappingKernelManager.cull_interval=1",
    ]
    with running_server("voila", args, root, env, "/voila/static/voila.js") as (url, server):
        yield url, server


def test_a_closed_page_frees_its_kernel_and_an_open_one_keeps_it(quick_culling):
    from playwright.sync_api import sync_playwright

    url, server = quick_culling
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport=SCREEN)
        context.route(lambda u: not u.startswith("http://127.0.0.1"), lambda r: r.abort())
        kept, closed = context.new_page(), context.new_page()
        for page in (kept, closed):
            page.goto(url + "/", timeout=PAGE_TIMEOUT_MS)
            page.wait_for_selector(".drill-new-button", timeout=PAGE_TIMEOUT_MS)
        assert len(kernel_pids(server.pid)) == 2
        closed.close()  # as a browser tab closed without saying goodbye (no beforeunload)
        deadline = time.monotonic() + 60
        while len(kernel_pids(server.pid)) > 1 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert len(kernel_pids(server.pid)) == 1
        time.sleep(6)  # longer than the idle timeout: the open page's kernel stays
        assert len(kernel_pids(server.pid)) == 1
        kept.click(".drill-new-button")
        kept.wait_for_selector(".drill-time", timeout=PAGE_TIMEOUT_MS)
        browser.close()


def test_a_page_served_by_a_pre_heated_kernel_lists_the_drills_of_now(tmp_path):
    """``make console`` keeps a kernel ready with the console built; a drill started after that is listed when the page opens."""
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    flags = console_flags()
    assert "--VoilaConfiguration.preheat_kernel=True" in flags
    data = tmp_path / "data"
    env = {**jupyter_env(tmp_path), "DRILLSIM_DATA": str(data), "DRILLSIM_LANG": "en", **console_config()}
    args = [sys.executable, "-m", "voila", str(ROOT / "notebooks" / "tabletop_drill.ipynb"), "--no-browser", "--Voila.ip=127.0.0.1", *flags]
    with running_server("voila", args, tmp_path, env, "/voila/static/voila.js") as (url, server), sync_playwright() as p:
        deadline = time.monotonic() + 60
        while "Kernel started" not in (tmp_path / "voila.log").read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(10)  # the pool's kernel has run the notebook: its console listed the store as it was then
        store = Store(data)
        _session, info = start_session(store, SCENARIOS / "street_command.yaml")
        store.close()
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_context(viewport=SCREEN).new_page()
        page.context.route(lambda u: not u.startswith("http://127.0.0.1"), lambda r: r.abort())
        open_console(page, url)
        assert "Using pre-heated kernel" in (tmp_path / "voila.log").read_text()
        page.wait_for_function("() => Array.from(document.querySelector('.drill-session-picker select').options).some(o => o.value.includes('Street command'))")
        page.select_option(".drill-session-picker select", index=0)
        page.click(".drill-open-button")
        page.wait_for_function("id => document.querySelector('.drill-session-status').innerText.endsWith(id)", arg=info.id)
        browser.close()
