"""LiveFigure: plotly's FigureWidget, loaded so that a page of figures always shows.

plotly's FigureWidget is an anywidget whose front end is plotly's 5 MB widget
bundle, sent and imported once per figure. anywidget gives each model two
seconds to initialise, and on a busy machine (the room's laptop, CI) a page
with the drill console's four figures missed that: some figures stayed blank
for the whole drill ("[anywidget] Failed to initialize model." in the browser
console). LiveFigure keeps everything of FigureWidget on the Python side and
swaps the front end for a small loader (live_figure.js) that imports the
bundle once per page and does not keep anywidget waiting for it.

It also answers a request for its whole state (a reloaded JupyterLab page
rebuilding its widgets from the kernel) with the figure as it is now:
FigureWidget syncs its figure whole only when it opens or is displayed, and
sends later edits as messages, so the reloaded page would show the figure as
first displayed and apply the next edits on top of it.
"""

from __future__ import annotations

import hashlib
from copy import deepcopy
from functools import cache
from pathlib import Path

import plotly
import plotly.graph_objects as go
import traitlets
from plotly.basewidget import BaseFigureWidget

BUNDLE_FILE = Path(plotly.__file__).parent / "package_data" / "widgetbundle.js"

# the Python -> browser messages of a FigureWidget (set, then cleared to None)
HELD_MESSAGES = sorted(name for name in BaseFigureWidget.class_trait_names() if name.startswith("_py2js_"))


@cache
def widget_bundle() -> str:
    return BUNDLE_FILE.read_text(encoding="utf-8")


@cache
def widget_bundle_id() -> str:
    """Names the bundle in the page: figures of another plotly version import their own."""
    return hashlib.sha256(widget_bundle().encode("utf-8")).hexdigest()[:16]


class LiveFigure(go.FigureWidget):
    """A ``go.FigureWidget`` (same Python API) with the once-per-page loader."""

    _esm = Path(__file__).with_name("live_figure.js")
    _bundle = traitlets.Unicode().tag(sync=True)
    _bundle_id = traitlets.Unicode().tag(sync=True)
    _held_messages = traitlets.List(traitlets.Unicode()).tag(sync=True)

    # defaults, not values set after __init__: the front end needs both in
    # the state the widget opens with
    @traitlets.default("_bundle")
    def _default_bundle(self) -> str:
        return widget_bundle()

    @traitlets.default("_bundle_id")
    def _default_bundle_id(self) -> str:
        return widget_bundle_id()

    @traitlets.default("_held_messages")
    def _default_held_messages(self) -> list[str]:
        return list(HELD_MESSAGES)

    def get_state(self, key=None, drop_defaults=False):
        state = super().get_state(key, drop_defaults)
        if not hasattr(self, "_layout_obj"):  # opening, before plotly has built the figure
            return state
        current = {"_widget_data": self._data, "_widget_layout": self._layout_obj._props}
        for name in current.keys() & state.keys():
            to_json = self.trait_metadata(name, "to_json", self._trait_to_json)
            state[name] = to_json(deepcopy(current[name]), self)
        return state
