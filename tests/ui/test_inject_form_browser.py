"""The inject form, the MSEL editor and notes in a real browser (Voila, as on the room's screen).

An inject written through the form, with a colon and quotes in its text,
reaches the feed; a missing text is said beside its field; a note shows in
the feed; a planned inject moved in the MSEL editor plays at its new minute.
"""

from __future__ import annotations

import pytest

from tests.ui.conftest import open_console
from tests.ui.test_drill_console_browser import choose, click_and_wait

pytestmark = pytest.mark.browser

TEXT_EN = 'Media report: "cars" flooded at the underpass: 3 trapped'
TEXT_ZH = "媒体报道:“车辆”在下穿通道被淹:3人被困"


def feed_has(page, words: str) -> None:
    page.wait_for_function("w => document.querySelector('.drill-feed').innerText.includes(w)", arg=words)


def test_an_inject_from_the_form_plays_out_and_a_note_shows_in_the_feed(voila, page):
    url, _server, _data = voila
    open_console(page, url)
    choose(page, ".drill-scenario-picker select", "o.value.startsWith('Street command')")
    page.click(".drill-new-button")
    page.wait_for_selector(".drill-time")

    page.click(".lm-TabBar-tab:has-text('Add inject')")
    page.wait_for_selector(".inject-effect select")
    choose(page, ".inject-effect select", "o.value === 'Close a road'")
    page.wait_for_selector(".inject-road select")
    labels = page.eval_on_selector(".inject-road select", "s => Array.from(s.options).map(o => o.value)")
    assert labels and all("|" not in label for label in labels)  # roads by their places' names
    page.click(".drill-add-inject")  # the texts are still empty: said beside the Chinese text
    page.wait_for_function("() => document.querySelector('.inject-text-zh').closest('.widget-vbox').innerText.includes('must not be empty')")
    page.fill(".inject-text-en textarea", TEXT_EN)
    page.fill(".inject-text-zh textarea", TEXT_ZH)
    page.click(".drill-add-inject")
    page.wait_for_function("() => document.querySelector('.drill-inject-form').innerText.includes('Inject added')")
    page.click(".drill-step-button")  # it goes out at once: played in this minute's next step
    feed_has(page, TEXT_EN)

    page.click(".lm-TabBar-tab:has-text('Decision log')")
    page.fill(".notes-note textarea", 'Room: "who closes the road?"')
    page.click(".notes-add-button")
    feed_has(page, 'Room: "who closes the road?"')


def test_a_planned_inject_moved_in_the_msel_editor_plays_at_its_new_minute(voila, page):
    url, _server, _data = voila
    open_console(page, url)
    choose(page, ".drill-scenario-picker select", "o.value.startsWith('Street command')")
    page.click(".drill-new-button")
    page.wait_for_selector(".drill-time")
    page.click(".lm-TabBar-tab:has-text('Inject plan (MSEL)')")
    page.wait_for_selector(".msel-picker select")
    first = page.eval_on_selector(".msel-picker select", "s => s.value")
    minute = int(first[2:4]) * 60 + int(first[5:7])  # "T+00:20 · ..."
    page.fill(".msel-move-to input", str(minute + 7))
    page.click(".msel-move-button")
    page.wait_for_function("() => document.querySelector('.msel-message').innerText.includes('MSEL changed')")
    page.click(".lm-TabBar-tab:has-text('Drill screen')")
    after = click_and_wait(page, ".drill-step-button")
    assert f"T+{(minute + 7) // 60:02d}:{(minute + 7) % 60:02d}" in after, after
