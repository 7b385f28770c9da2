"""The after-action report's own sections as HTML (escaped here), for the offline report page."""

from __future__ import annotations

from html import escape

from simulator.report.aar import AfterActionReport, FindingBlock, Table

AAR_CSS = """
.aar-summary th{width:14em}
.rating{display:inline-block;min-width:1.6em;text-align:center;font-weight:700;border-radius:3px;padding:0 .3em}
.rating-P{background:#d7f0dc;color:#1a7f37}.rating-S{background:#e8f4d0;color:#4d7c0f}
.rating-M{background:#fde7c7;color:#b45309}.rating-U{background:#f9d4d4;color:#c62828}
.task{margin:.6em 0 1em 1em;padding-left:.8em;border-left:3px solid #ddd}
.finding{margin:.6em 0}.finding h4{margin:.2em 0}
.notes{color:#444;font-style:italic}
"""


def _list(items: list[str], cls: str = "") -> str:
    if not items:
        return ""
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def _table(t: Table, none: str, cls: str = "") -> str:
    if not t.rows:
        return f"<p>{escape(none)}</p>"
    attr = f' class="{cls}"' if cls else ""
    head = "".join(f"<th>{escape(h)}</th>" for h in t.headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in t.rows)
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _findings(blocks: list[FindingBlock], none: str) -> str:
    if not blocks:
        return f"<p>{escape(none)}</p>"
    return "".join(f'<div class="finding"><h4>{escape(b.title)}</h4>{_list(b.lines)}</div>' for b in blocks)


def aar_sections(aar: AfterActionReport) -> str:
    """Summary, objectives and tasks, strengths, areas for improvement, the plan, injects, decisions."""
    h, none = aar.heading, aar.heading("none")
    summary = "<table class=\"aar-summary\"><tbody>" + "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in aar.summary) + "</tbody></table>"
    objectives = []
    for o in aar.objectives:
        tasks = []
        for t in o.tasks:
            tasks.append(
                f'<div class="task"><p><span class="rating rating-{escape(t.rating)}">{escape(t.rating)}</span> '
                f"<strong>{escape(t.name)}</strong> · {escape(t.by)} · {escape(t.standard)}</p>"
                f"<p>{escape(t.source)} · {escape(t.counts)}</p>{_list(t.evidence)}{_list(t.notes, 'notes')}</div>"
            )
        step = f" · {escape(o.step)}" if o.step else ""
        objectives.append(f"<h3>{escape(o.name)}{step}</h3><p><strong>{escape(o.verdict)}</strong> · {escape(o.measure)}</p>{''.join(tasks)}")
    parts = [
        (h("summary"), summary),
        *([(h("luck"), _list(aar.luck))] if aar.luck else []),
        (h("objectives"), "".join(objectives) or f"<p>{escape(none)}</p>"),
        (h("strengths"), _findings(aar.strengths, none)),
        (h("improvements"), _findings(aar.improvements, none)),
        (h("plan"), _table(aar.plan, none, "aar-plan")),
        (h("carried"), _table(aar.carried, none)),
        (h("notes"), _list(aar.notes, "notes") or f"<p>{escape(none)}</p>"),
        (h("injects"), _table(aar.injects, none)),
        (h("decisions"), _table(aar.decisions, none)),
        *([(h("plans"), "".join(_table(t, none) for t in aar.plan_tables))] if aar.plan_tables else []),
    ]
    return "\n".join(f'<section class="aar"><h2>{escape(title)}</h2>{body}</section>' for title, body in parts)
