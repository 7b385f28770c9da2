"""Past drills: their decision logs as tables (CSV, Excel), scripts to replay, comparisons.

An exported decision log is also a script: :func:`read_script` turns the
CSV back into decisions that a :class:`~simulator.drill.deciders.Script`
replays, so a recorded human session becomes a policy for batch runs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from simulator.drill.actions import Decision
from simulator.drill.facilitation import SESSION_ACTIONS  # notes, corrections, MSEL changes: not the players' decisions
from simulator.drill.refusals import refusal_text
from simulator.drill.scoring import score
from simulator.drill.seats import actor_name
from simulator.drill.store import Store
from simulator.drill.stored import open_session
from simulator.i18n import text, tr
from simulator.scenario import ScenarioError, parse_scenario
from simulator.spreadsheet import read_csv, write_csv, write_xlsx

LOG_COLUMNS = ("seq", "time", "step", "action", "args", "actor", "by", "accepted", "reason", "message", "result", "wall_time")


def decision_frame(store: Store, session_id: str, lang: str | None = None) -> pd.DataFrame:
    """One row per decision taken (rejected ones too), with the reason in ``lang``."""
    info = store.get(session_id)
    try:  # for the names of teams and units in the reasons; a drill whose scenario no longer loads keeps the ids
        scenario = parse_scenario(info.scenario_text, info.scenario_path)
    except ScenarioError:
        scenario = None
    rows = [
        {
            "seq": d.seq, "time": d.time, "step": d.step, "action": d.action,
            "args": json.dumps(d.args, sort_keys=True, ensure_ascii=False), "actor": d.actor,
            "by": actor_name(scenario, d.actor, lang),  # a seat by its name (the actor stays an id: the CSV replays)
            "accepted": d.accepted, "reason": d.reason,
            "message": refusal_text(scenario, d.reason, d.params, lang) if d.reason else "",
            "result": d.result, "wall_time": d.wall_time,
        }
        for d in store.decisions(session_id)
    ]
    return pd.DataFrame(rows, columns=list(LOG_COLUMNS))


def export_decisions(store: Store, session_id: str, path: str | Path, lang: str | None = None) -> Path:
    """Write the decision log as ``.csv`` or ``.xlsx`` (the workbook adds the injects played)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = decision_frame(store, session_id, lang)
    if path.suffix.lower() == ".xlsx":  # text a player typed must not become a live formula (simulator.spreadsheet)
        return write_xlsx(path, {"decisions": frame, "injects": pd.DataFrame(store.injects(session_id))})
    return write_csv(frame, path)


def read_script(path: str | Path) -> list[Decision]:
    """Decisions from an exported log or a hand-written CSV (time, action, args; step optional).

    Rows rejected at the time are kept: replayed, they are rejected again.
    """
    frame = read_csv(path)  # every cell text, the exports' formula escapes taken off
    out = []
    for row in frame.to_dict("records"):
        step = row.get("step", "")
        out.append(Decision(
            float(row["time"]), str(row["action"]), json.loads(row.get("args") or "{}"),
            None if step in ("", None) else int(float(step)), str(row.get("actor") or "script"),
        ))
    return out


def compare_sessions(store: Store, session_ids: list[str], lang: str | None = None) -> pd.DataFrame:
    """Sessions side by side: where each got to, its decisions, its score card and main KPIs."""
    rows = []
    for session_id in session_ids:
        info = store.get(session_id)
        session = open_session(store, session_id)
        card = score(session.scenario, session.events(), session.all_injects(), session.now)
        counts = card.counts()
        value = card.score()
        rows.append({
            tr("drill.col.session", lang): info.name,
            tr("drill.col.scenario", lang): text(session.scenario.meta.title, lang),
            tr("drill.col.seed", lang): info.seed,
            tr("drill.col.clock", lang): round(session.now, 1),
            tr("drill.col.decisions", lang): sum(o.accepted for o in session.outcomes if o.decision.action not in SESSION_ACTIONS),
            tr("drill.col.rejected", lang): sum(not o.accepted for o in session.outcomes if o.decision.action not in SESSION_ACTIONS),
            tr("drill.col.on_time", lang): counts["on_time"],
            tr("drill.col.late", lang): counts["late"],
            tr("drill.col.missed", lang): counts["missed"],
            tr("drill.col.objectives", lang): f"{counts['objectives_met']}/{len(card.objectives)}",
            tr("drill.col.score", lang): None if value is None else round(100 * value, 1),
            tr("kpi.first_arrival_mean", lang): card.kpis.get("first_arrival_mean"),
            tr("kpi.incidents_unmet", lang): card.kpis.get("incidents_unmet"),
        })
    return pd.DataFrame(rows)
