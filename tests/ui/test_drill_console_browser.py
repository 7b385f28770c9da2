"""The drill console in a real browser, served by Voila as on the room's screen.

Few and robust (TESTING.md): state is read from the page's text and from
the plotly figure's data, never from pixels.
"""

from __future__ import annotations

import os
import signal

import pytest

from tests.ui.conftest import kernel_pids, open_console

pytestmark = pytest.mark.browser

TEAM_ON_THE_MAP = """() => {
    const g = document.querySelector('.js-plotly-plot.drill-map');
    return g && g.data && g.data.length === 6 && g.data[5].customdata.some(c => c[0] === 'street_shock' && c[1] !== 'at_base');
}"""


def clock(page) -> str:
    return page.inner_text(".drill-clock")


def click_and_wait(page, selector: str) -> str:
    """Click, then wait for the kernel to answer by moving the clock."""
    before = clock(page)
    page.click(selector)
    page.wait_for_function("b => document.querySelector('.drill-clock').innerText !== b", arg=before)
    return clock(page)


def choose(page, selector: str, test: str, arg=None) -> None:
    """Pick the option of a dropdown whose label passes ``test`` (labels are in option values)."""
    value = page.eval_on_selector(selector, f"(s, arg) => Array.from(s.options).find(o => {test}).value", arg)
    page.select_option(selector, value=value)


def start_and_dispatch(page) -> None:
    choose(page, ".drill-scenario-picker select", "o.value.startsWith('Street command')")
    page.click(".drill-new-button")
    page.wait_for_selector(".drill-time")
    for _ in range(10):
        click_and_wait(page, ".drill-step-button")
        if page.eval_on_selector(".drill-incident select", "s => s.options.length"):
            break
    choose(page, ".drill-team select", "o.value.startsWith('Street shock')")
    page.select_option(".drill-incident select", index=0)
    page.click(".drill-decide")
    page.wait_for_function("() => document.querySelector('.drill-log-box').innerText.includes('Street shock team')")


def test_start_a_drill_dispatch_a_team_and_see_it_on_the_map(voila, page):
    url, _server, _data = voila
    open_console(page, url)
    start_and_dispatch(page)
    log = page.inner_text(".drill-log-box")
    assert "Dispatch a team" in log and "Street shock team" in log and "accepted" in log and "street_shock" not in log
    page.wait_for_function("() => document.querySelector('.drill-decision-message').innerText.includes('Done')")
    page.wait_for_function(TEAM_ON_THE_MAP)
    click_and_wait(page, ".drill-step-button")
    page.wait_for_function(TEAM_ON_THE_MAP)


def test_kill_the_kernel_reload_and_resume_with_every_decision(voila, page):
    url, server, _data = voila
    open_console(page, url)
    start_and_dispatch(page)
    choose(page, ".drill-action select", "o.value === 'Issue a warning'")
    page.click(".drill-decide")
    page.wait_for_function("() => document.querySelector('.drill-log-box').innerText.includes('Issue a warning')")
    click_and_wait(page, ".drill-step-button")
    before_clock, before_log = clock(page), page.inner_text(".drill-log-box")
    session_id = page.inner_text(".drill-session-status").rsplit(" ", 1)[-1]

    kernels = kernel_pids(server.pid)
    assert kernels
    for pid in kernels:  # the kernel dies mid-drill
        os.kill(pid, signal.SIGKILL)

    open_console(page, url)  # reload: Voila starts a new kernel
    page.select_option(".drill-session-picker select", index=0)  # the drill moved last is listed first
    page.click(".drill-open-button")
    page.wait_for_function("c => document.querySelector('.drill-clock').innerText === c", arg=before_clock)
    # the clock and the log are separate widgets: wait for the log to render too
    page.wait_for_function("b => document.querySelector('.drill-log-box').innerText === b", arg=before_log)
    page.wait_for_function("() => document.querySelector('.drill-message').innerText.includes('2 decisions replayed')")
    assert page.inner_text(".drill-session-status").endswith(session_id)
    page.wait_for_function(TEAM_ON_THE_MAP)
