"""The drill score card in the after-action report.

Takes the plain rows of :meth:`simulator.drill.ScoreCard.rows` rather than
the card itself: the report layer works from recorded data and must not
import the drill layer (which runs the models, hence SimPy).
"""

from __future__ import annotations

from simulator.i18n import text, tr
from simulator.report.tables import table

_CLASSES = {"met": "met", "on_time": "met", "not_met": "not-met", "missed": "not-met", "late": "not-met", "no_data": "no-data", "pending": "no-data"}


def scorecard_section(rows: list[dict], lang: str | None = None) -> str:
    if not rows:
        return f"<p>{tr('report.none', lang)}</p>"
    body, classes = [], []
    for r in rows:
        what = tr("kpi." + r["what"], lang) if r["kind"] == "objective" else tr("action." + r["what"], lang)
        target = r["target"] if r["kind"] == "objective" else tr("ui.drill.within", lang, minutes=f"{r['target']:g}")
        value = "—" if r["value"] is None else f"{r['value']:.3g}"
        body.append([tr("ui.drill.kind." + r["kind"], lang), text(r["name"], lang), what, target, value, tr("score." + r["status"], lang)])
        classes.append([""] * 5 + [_CLASSES.get(r["status"], "")])
    headers = [tr(k, lang) for k in ("ui.drill.col.kind", "report.col.name", "ui.drill.col.what", "report.col.target", "report.col.value", "report.col.result")]
    return table(headers, body, classes)
