"""The drill console's HTML panels: the big clock, KPI cards, inject feed, decision log, score card.

Plain HTML strings built from the session in the console's language. What
a person reads names things by their names (:class:`simulator.drill.names.Names`),
never by ids. Icons are Font Awesome classes, which Voila and JupyterLab
serve themselves: emoji would need an emoji font the room's machine may not
have (they showed as boxes).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from simulator.drill import DrillSession, ScoreCard
from simulator.drill.names import Names
from simulator.drill.seats import feed_text
from simulator.i18n import text, tr
from simulator.metrics.select import of_kind
from simulator.scenario.vocabulary import STEPS
from simulator.ui.drill_notes import feed_line

KPI_CARDS = ("incidents_total", "incidents_unmet", "report_latency_mean", "first_arrival_mean", "team_utilisation_mean", "supply_fill_rate")

# the "3+8" mechanism: which of its three areas each of the eight steps belongs to
_AREAS = {
    "screening_monitoring": "monitoring", "analysis_warning": "monitoring",
    "information_receipt": "dispatch", "force_mobilisation": "dispatch",
    "command_post": "rescue", "onsite_handling": "rescue", "investigation_assessment": "rescue", "relief": "rescue",
}


def icon(name: str) -> str:
    return f'<i class="fa fa-{name}" aria-hidden="true"></i>'


def clock_label(minutes: float) -> str:
    whole = int(round(minutes))
    return f"T+{whole // 60:02d}:{whole % 60:02d}"


def names_of(session: DrillSession, lang: str) -> Names:
    return Names.of_log(session.scenario, session.events(), lang, session.extra_injects.values())


def drill_phase(session: DrillSession, lang: str) -> str:
    """Where the drill is in the "3+8" mechanism: the area and step of the furthest open incident.

    Before any incident is open the room is monitoring; with the step
    markers switched off (``command.steps.markers: false``) the area follows
    from the incidents alone (open, and whether a team is on scene).
    """
    events = session.events()
    open_ids = {i for i, inc in session.world.incidents.items() if not inc.closed}
    if not open_ids:
        return tr("console.phase.monitoring", lang)
    steps = of_kind(events, "step_started")
    steps = steps[steps["incident"].isin(open_ids)]
    count = tr("console.open_incidents", lang, count=len(open_ids))
    if len(steps):
        furthest = max(steps["detail"], key=lambda s: STEPS.index(s) if s in STEPS else -1)
        area = _AREAS.get(furthest, "dispatch")
        return f"{tr('console.phase.' + area, lang)} · {tr('step.' + furthest, lang)} · {count}"
    arrived = any(session.world.incidents[i].first_arrival is not None for i in open_ids)
    return f"{tr('console.phase.rescue' if arrived else 'console.phase.dispatch', lang)} · {count}"


def clock_html(session: DrillSession | None, running: bool, lang: str) -> str:
    """The big clock for the room: T+hh:mm, the drill's end, the phase, and running / paused / finished."""
    if session is None:
        return f'<div class="drill-clock-face"><span class="drill-time drill-time-idle">T+--:--</span><div class="drill-clock-sub">{escape(tr("ui.drill.no_session", lang))}</div></div>'
    state = "finished" if session.ended else ("running" if running else "paused")
    badge = {"finished": "flag-checkered", "running": "play", "paused": "pause"}[state]
    return (  # data-steps changes with every move, even one that stays on the same minute (for tests and tools)
        f'<div class="drill-clock-face" data-steps="{session.steps}">'
        f'<div><span class="drill-time">{clock_label(session.now)}</span>'
        f'<span class="drill-state drill-state-{state}">{icon(badge)} {escape(tr("ui.drill." + state, lang))}</span></div>'
        f'<div class="drill-clock-sub">{escape(tr("console.of_horizon", lang, horizon=clock_label(session.horizon)))} · {escape(tr("ui.drill.minute", lang, minute=f"{session.now:.0f}"))}</div>'
        f'<div class="drill-phase">{escape(drill_phase(session, lang))}</div>'
        "</div>"
    )


def _fmt(value, name: str) -> str:
    if value is None:
        return "—"
    if name in ("supply_fill_rate", "team_utilisation_mean"):
        return f"{value:.0%}"
    if name.startswith("incidents"):
        return f"{value:.0f}"
    return f"{value:.1f}"


def kpi_cards(kpis: dict, session: DrillSession, lang: str) -> str:
    """One row of cards: teams free, needs waiting, and the drill's main KPIs so far."""
    pool = session.world.teams
    cards = [(tr("ui.drill.teams_free", lang), f"{len(pool.free)}/{len(pool.teams)}"), (tr("ui.drill.needs_waiting", lang), str(len(pool.waiting)))]
    cards += [(tr(f"kpi.{k}", lang), _fmt(kpis.get(k), k)) for k in KPI_CARDS]
    cells = "".join(f'<div class="drill-kpi"><div class="drill-kpi-value">{escape(v)}</div><div class="drill-kpi-label">{escape(label)}</div></div>' for label, v in cards)
    return f'<div class="drill-kpis">{cells}</div>'


def feed_html(session: DrillSession, lang: str, limit: int = 30) -> str:
    """The inject feed, newest first: injects with their addressee and expected actions, needs waiting, supplies short."""
    names = names_of(session, lang)
    items = []
    for item in reversed(_with_plans(session, session.feed[-limit:], cut=len(session.feed) > limit)):
        when = f"<code>{clock_label(item.time)}</code>"
        if item.inject is not None:
            inj = item.inject
            target = f" → <b>{escape(names.target(inj.target))}</b>" if inj.target else ""
            expected = "".join(
                f"<li>{escape(tr('action.' + e.action, lang))} ({escape(tr('ui.drill.within', lang, minutes=f'{e.within_minutes:g}'))})</li>"
                for e in inj.expected_actions
            )
            extra = " <i>(" + escape(tr("ui.drill.unplanned", lang)) + ")</i>" if inj.id in session.extra_injects else ""
            held = _road_held(session, inj, item.time, names, lang)  # an open_road a hazard still overrules
            expected += f"<li><i>{escape(held)}</i></li>" if held else ""
            items.append(f'<li class="drill-feed-inject">{when} {icon("bullhorn")} {escape(text(inj.text, lang))}{target}{extra}' + (f"<ul>{expected}</ul>" if expected else "") + "</li>")
        elif item.reason == "seat":  # a seat's decision, played at this step
            items.append(f'<li class="drill-feed-seat">{when} {icon("user")} {escape(feed_text(session, item.ref, names))}</li>')
        elif item.reason == "supply_short":
            key = "ui.drill.supply_short_" + session.scenario.logistics.shortfall
            line = tr(key, lang, incident=names.incident(item.ref), items=_short_items(session, item, names, lang))
            items.append(f'<li class="drill-feed-short">{when} {icon("exclamation-triangle")} {escape(line)}</li>')
        elif item.reason == "plan":  # a contingency plan activated or stepped up (simulator.models.contingency)
            items.append(f'<li class="drill-feed-plan">{when} {icon("book")} {escape(plan_line(session, item, lang))}</li>')
        elif item.reason in ("note", "correction"):  # the facilitator's notes and corrections (issue 13)
            items.append(feed_line(session, item, lang))
        else:
            items.append(f'<li class="drill-feed-need">{when} {icon("hourglass-half")} {escape(tr("ui.drill.needs_team", lang, incident=names.incident(item.ref)))}</li>')
    body = "".join(items) or f"<li>{escape(tr('ui.drill.feed_empty', lang))}</li>"
    return f'<div class="drill-feed"><ul>{body}</ul></div>'


@dataclass(frozen=True)
class _PlanItem:
    """A contingency plan's activation in the feed: not a pause of the drill, a line among the injects."""

    time: float
    ref: str  # the plan
    level: str  # the response level it started or stepped up to
    reason: str = "plan"
    inject: None = None


def _with_plans(session: DrillSession, feed: list, cut: bool = False) -> list:
    """The feed's items with the plans activated or stepped up, in time order; ``cut``: the feed
    shows only its latest items, so only plans since the first shown."""
    rows = of_kind(session.events(), "plan_activated", "plan_escalated")
    since = feed[0].time if feed and cut else 0.0
    plans = [_PlanItem(float(t), str(p), str(lvl)) for t, p, lvl in zip(rows["time"], rows["entity"], rows["level"]) if t >= since]
    return sorted([*feed, *plans], key=lambda item: item.time)  # stable: at one minute, the pause's own item first


def _road_held(session: DrillSession, inject, minute: float, names: Names, lang: str) -> str:
    """"The road A – B stays closed: the earthquake still holds it" for an open_road inject a hazard overruled."""
    effect = inject.effect
    if effect is None or effect.type != "open_road":
        return ""
    rows = of_kind(session.events(), "road_still_closed")
    rows = rows[(rows["time"] == minute) & (rows["entity"] == f"{effect.source}|{effect.target}")]
    if not len(rows):
        return ""
    causes = tr("words.list_sep", lang).join(tr("road_cause." + c, lang) for c in str(rows["detail"].iloc[-1]).split(",") if c)
    return tr("inbox.road_still_closed", lang, a=names.place(effect.source), b=names.place(effect.target), causes=causes)


def plan_line(session: DrillSession, item: _PlanItem, lang: str) -> str:
    """"Flood special plan activated: Level II" for a feed item of a plan's activation."""
    plan = next((p for p in session.scenario.plans if p.id == item.ref), None)
    name = text(plan.name, lang) if plan is not None else item.ref
    return tr("ui.drill.plan_activated", lang, plan=name, level=tr(f"response.{item.level}", lang) if item.level else "")


def _short_items(session: DrillSession, item, names: Names, lang: str) -> str:
    """What an incident was short of at a feed item's moment: "sandbags 40 bags, pumps 1 sets" (沙袋 40 条、水泵 1 台)."""
    rows = of_kind(session.events(), "supply_short")
    rows = rows[(rows["incident"] == item.ref) & (rows["time"] == item.time)]
    parts = [f"{names.item(i)} {names.quantity(i, q)}" for i, q in zip(rows["item"], rows["quantity"])]
    return tr("words.list_sep", lang).join(parts)


def log_html(session: DrillSession, lang: str, limit: int = 50) -> str:
    """The decision log, newest first: time, who, what (by name), and accepted or why not."""
    names = names_of(session, lang)
    rows = []
    for o in reversed(session.outcomes[-limit:]):
        d = o.decision
        if o.accepted:
            verdict = f'<td class="drill-ok">{icon("check")} {escape(tr("console.accepted", lang))}</td>'
        else:
            verdict = f'<td class="drill-refused">{icon("times")} {escape(tr("console.refused", lang, reason=names.refusal(o.reason, o.params)))}</td>'
        rows.append(
            f"<tr><td><code>{clock_label(d.time)}</code></td><td>{escape(names.actor(d.actor))}</td>"
            f"<td>{escape(tr('action.' + d.action, lang))}</td><td>{escape(names.decision(d.action, d.args))}</td>{verdict}</tr>"
        )
    head = "".join(f"<th>{escape(tr(k, lang))}</th>" for k in ("ui.drill.col.time", "ui.drill.col.actor", "ui.drill.col.action", "ui.drill.col.args", "ui.drill.col.outcome"))
    return f'<div class="drill-log"><table><tr>{head}</tr>{"".join(rows)}</table></div>'


def scorecard_html(card: ScoreCard, lang: str) -> str:
    value = card.score()
    counts = card.counts()
    summary = tr("ui.drill.score_summary", lang, score="—" if value is None else f"{100 * value:.0f}%", met=counts["objectives_met"], objectives=len(card.objectives), on_time=counts["on_time"], late=counts["late"], missed=counts["missed"], pending=counts["pending"])
    rows = []
    for r in card.rows():
        shown = "—" if r["value"] is None else f"{r['value']:.3g}"
        rows.append(
            f"<tr><td>{escape(tr('ui.drill.kind.' + r['kind'], lang))}</td><td>{escape(text(r['name'], lang))}</td>"
            f"<td>{escape(tr('kpi.' + r['what'], lang) if r['kind'] == 'objective' else tr('action.' + r['what'], lang))}</td>"
            f"<td>{escape(str(r['target']))}</td><td>{escape(shown)}</td><td>{escape(tr('score.' + r['status'], lang))}</td></tr>"
        )
    head = "".join(f"<th>{escape(tr(k, lang))}</th>" for k in ("ui.drill.col.kind", "report.col.name", "ui.drill.col.what", "report.col.target", "report.col.value", "report.col.result"))
    return f'<div class="drill-score"><p><b>{escape(summary)}</b></p><table><tr>{head}</tr>{"".join(rows)}</table></div>'
