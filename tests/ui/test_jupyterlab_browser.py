"""LiveFigure in JupyterLab: it renders, follows edits, and a reloaded page shows the figure as it is now.

A plain FigureWidget draws the figure as first displayed after a reload
(checked by hand: [1, 2, 3] where Python holds [7, 8, 9]); LiveFigure
answers the page's whole-state request with the current figure.
"""

from __future__ import annotations

import sys

import nbformat
import pytest

from tests.ui.conftest import jupyter_env, running_server

pytestmark = pytest.mark.browser

IDLE = "text=Python 3 (ipykernel) | Idle"  # TESTING.md: wait for it before running cells
PLOT_Y = "() => { const g = document.querySelector('.js-plotly-plot'); return g && g.data && g.data.length === 1 ? Array.from(g.data[0].y) : null; }"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell('from simulator.ui.live_figure import LiveFigure\nf = LiveFigure({"data": [{"type": "scatter", "y": [1, 2, 3]}]})\nf'),
        nbformat.v4.new_code_cell("f.data[0].y = [7, 8, 9]"),
    ]
    nbformat.write(nb, root / "probe.ipynb")
    args = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}"]
    with running_server("lab", args, root, jupyter_env(root), "/api") as (url, _server):
        yield url


def test_live_figure_renders_follows_edits_and_survives_a_reload(lab, browser_page):
    page = browser_page
    page.goto(f"{lab}/lab/tree/probe.ipynb", timeout=120_000)
    page.wait_for_selector(IDLE, timeout=120_000)
    page.click(".jp-Cell .jp-InputArea-editor")
    page.keyboard.press("Shift+Enter")  # show the figure
    page.wait_for_function(f"() => JSON.stringify(({PLOT_Y})()) === '[1,2,3]'")
    page.keyboard.press("Shift+Enter")  # edit it from Python
    page.wait_for_function(f"() => JSON.stringify(({PLOT_Y})()) === '[7,8,9]'")
    page.keyboard.press("Control+s")  # keep the output, so the reloaded page shows the widget again
    page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')")
    page.reload()
    page.wait_for_selector(IDLE, timeout=120_000)
    page.wait_for_function(f"() => JSON.stringify(({PLOT_Y})()) === '[7,8,9]'")
