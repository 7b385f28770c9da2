"""A signal from the page: it has shown the console (a page loaded, or the view drawn again).

Voila can keep a kernel ready with the console already built (its
pre-heated kernels, ``make console``), minutes before anyone opens the
page; what the console read then (the drills in the store) may be stale
when the room finally opens it. This tiny anywidget sends the kernel a
message whenever a view of it is drawn, so the console reads the store
again at that moment.
"""

from __future__ import annotations

from collections.abc import Callable

import anywidget

_ESM = """
export default {
  render({ model, el }) {
    el.classList.add("drill-page-shown");
    model.send({ kind: "shown" });
  },
};
"""


class PageShown(anywidget.AnyWidget):
    """Calls ``on_shown()`` each time the page draws this widget."""

    _esm = _ESM

    def __init__(self, on_shown: Callable[[], None], **kwargs):
        super().__init__(**kwargs)
        self.on_msg(lambda _widget, content, _buffers: on_shown() if isinstance(content, dict) and content.get("kind") == "shown" else None)
