"""Files the console makes (decision logs, reports) downloaded in the browser, not written on the server.

ipywidgets has no download widget. This small anywidget receives the file's
bytes as a binary buffer of a custom message and has the browser save them
(a blob URL clicked through an anchor with ``download``), so the facilitator
gets the file on the machine in front of them and nobody is shown a path on
the server. The handler is set up once per widget model in the page
(``initialize``), whether or not the widget is on screen, so a file is saved
once however many views there are. Meant for small files (a log, a report):
the whole file travels in one message.
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = """
export default {
  initialize({ model }) {
    model.on("msg:custom", (msg, buffers) => {
      if (!msg || msg.kind !== "download" || !buffers || !buffers.length) return;
      const url = URL.createObjectURL(new Blob([buffers[0]], { type: msg.mime }));
      const a = document.createElement("a");
      a.href = url;
      a.download = msg.name;
      a.style.display = "none";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    });
  },
  render({ el }) {
    el.classList.add("drill-download");
  },
};
"""


class Download(anywidget.AnyWidget):
    """``offer(name, data, mime)`` makes the browser save ``data`` as ``name``."""

    _esm = _ESM
    count = traitlets.Int(0).tag(sync=True)  # files offered so far (for a page to know one came)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.last: tuple[str, bytes, str] | None = None  # the last file offered: name, bytes, type

    def offer(self, name: str, data: bytes, mime: str = "application/octet-stream") -> None:
        self.send({"kind": "download", "name": name, "mime": mime}, buffers=[data])
        self.last = (name, data, mime)
        self.count += 1
