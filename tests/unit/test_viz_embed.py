"""plotly.js for a page, from viz (the report never imports plotly itself: pyproject's import-linter contract)."""

from __future__ import annotations

from plotly.offline import get_plotlyjs

from simulator.viz.embed import plotly_js_script


def test_the_script_holds_the_installed_plotly_js_whole():
    script = plotly_js_script()
    assert script.startswith('<script charset="utf-8">') and script.endswith("</script>")
    assert script.count("</script>") == 1  # one element: nothing in the library closes it early
    assert script[len('<script charset="utf-8">') : -len("</script>")] == get_plotlyjs()  # the whole library, inline (offline)
    assert len(script) > 1_000_000
