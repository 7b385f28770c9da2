"""plotly.js for a page that embeds it once, inline, so the page works offline.

The report layer writes HTML pages but never imports plotly itself
(ARCHITECTURE.md: only viz does; an import-linter contract keeps it so):
a page that draws its figures with ``include_plotlyjs=False`` takes the
library from here.
"""

from __future__ import annotations

from plotly.offline import get_plotlyjs


def plotly_js_script() -> str:
    """The whole plotly.js library in one ``<script>`` element (about 3.5 MB)."""
    return f'<script charset="utf-8">{get_plotlyjs()}</script>'
