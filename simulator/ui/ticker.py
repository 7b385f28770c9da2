"""A timer in the kernel: call a function every few seconds on the kernel's event loop.

``widgets.Play`` keeps its timer in the browser and starts it only when
``playing`` changes after the page has drawn it, so a page that must
follow the store from its first paint (a seat's page, the facilitator's
seat panel) would wait for a click. ipykernel runs an asyncio loop, in
JupyterLab and in Voila alike, so the kernel ticks itself. In plain Python
(tests, scripts) no loop runs: nothing is scheduled, and the caller calls
the function itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable


class Ticker:
    def __init__(self, seconds: float, beat: Callable[[], object], on_error: Callable[[Exception], None] | None = None):
        self.seconds = seconds
        self.beat = beat
        self.on_error = on_error
        self._task: asyncio.Task | None = None

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> bool:
        """Tick from now on; False when no event loop runs here (then nothing ticks)."""
        if self.running:
            return True
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        self._task = loop.create_task(self._run())
        return True

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.seconds)
            try:
                self.beat()
            except Exception as exc:  # a beat that failed must not stop the page following the drill
                if self.on_error is not None:
                    self.on_error(exc)
