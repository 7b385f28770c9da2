"""Figures in an HTML page: plotly.js embedded once, inline, so the page works offline, and each figure's div.

The report layer writes HTML pages but never imports plotly itself
(ARCHITECTURE.md: only viz does; an import-linter contract keeps it so):
a page that draws its figures with ``include_plotlyjs=False`` takes the
library from here, and writes viz's figure dicts (the ``*_spec`` builders)
with :func:`figure_html`.
"""

from __future__ import annotations

import plotly.io as pio
from plotly.offline import get_plotlyjs

CONFIG = {"displaylogo": False, "responsive": True}


def figure_html(spec: dict, div_id: str, *, include_plotlyjs: bool = False, post_script: str | None = None) -> str:
    """A figure dict as a ``<div>`` plotly.js draws, with a fixed id (plotly would pick a random one).

    The dict goes to the page as it is: no plotly Figure is built, validated or
    deep-copied for it (the tests build each with validation on instead).
    """
    return pio.to_html(spec, config=CONFIG, include_plotlyjs=include_plotlyjs, full_html=False, div_id=div_id, post_script=post_script, validate=False)


def plotly_js_script() -> str:
    """The whole plotly.js library in one ``<script>`` element (about 3.5 MB)."""
    return f'<script charset="utf-8">{get_plotlyjs()}</script>'
