"""The inject plan (MSEL) as text: the next inject under the clock, and the whole plan as a table.

Both are built from the timeline's rows (:func:`simulator.ui.drill_views.msel_rows`),
so the strip, the table and the figure always agree.
"""

from __future__ import annotations

from html import escape

from simulator.i18n import tr
from simulator.ui.drill_panels import clock_label, icon
from simulator.viz.msel_timeline import MselRow

_ICONS = {"delivered": "check-circle", "due": "exclamation-circle", "upcoming": "clock-o"}


def next_inject_html(rows: list[MselRow], lang: str) -> str:
    """The next planned inject not delivered yet (the earliest), or that none is left."""
    waiting = sorted((r for r in rows if r.state != "delivered"), key=lambda r: r.time)
    if not waiting:
        return f'<div class="drill-next">{escape(tr("msel.none_left", lang))}</div>'
    r = waiting[0]
    said = tr("msel.next", lang, time=clock_label(r.time), text=r.text, target=r.target or tr("msel.everyone", lang))
    return f'<div class="drill-next" title="{escape(said)}">{icon("forward")} {escape(said)}</div>'


def msel_table_html(rows: list[MselRow], lang: str) -> str:
    """Every inject of the plan in time order: when, what, to whom, and delivered / due / upcoming."""
    head = "".join(f"<th>{escape(tr('msel.col.' + c, lang))}</th>" for c in ("time", "text", "target", "state"))
    body = []
    for r in sorted(rows, key=lambda r: r.time):
        marks = (f" {tr('msel.unplanned', lang)}" if r.unplanned else "") + (f" {tr('msel.conditional', lang)}" if r.conditional else "")
        body.append(
            f"<tr><td><code>{clock_label(r.time)}</code></td><td>{escape(r.text + marks)}</td><td>{escape(r.target or tr('msel.everyone', lang))}</td>"
            f'<td class="drill-msel-{r.state}">{icon(_ICONS[r.state])} {escape(tr("msel." + r.state, lang))}</td></tr>'
        )
    return f'<table class="drill-msel-table"><tr>{head}</tr>{"".join(body)}</table>'
