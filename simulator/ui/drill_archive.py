"""Past drills in the console: the list (date, scenario, seats, duration), comparisons and downloads.

Decision logs (CSV, Excel) and the after-action report are made in memory
and downloaded in the facilitator's browser (:class:`~simulator.ui.download.Download`):
nothing is left on the server and no server path is shown to the room.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from html import escape
from pathlib import Path

import ipywidgets as widgets

import simulator

from simulator.drill import SessionInfo, StepModelChanged, score
from simulator.drill.archive import compare_sessions, export_decisions
from simulator.drill.faults import StoreError
from simulator.i18n import resolve_lang, tr
from simulator.metrics import analyse
from simulator.scenario import scenario_hash
from simulator.ui.download import Download
from simulator.ui.what_if import WhatIfPanel

SEAT_ACTOR = "seat:"  # how a seat's decisions are recorded (simulator.drill.seats)
_MIME = {".csv": "text/csv", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".html": "text/html"}


def local_time(stamp: str) -> str:
    """A stored UTC time stamp as local ``YYYY-MM-DD HH:MM`` (the room's clock)."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp[:16].replace("T", " ")


def wall_minutes(info: SessionInfo) -> float:
    """How long the drill was played: from its start to its last move, in minutes of the wall clock."""
    try:
        return max(0.0, (datetime.fromisoformat(info.updated) - datetime.fromisoformat(info.created)).total_seconds() / 60)
    except ValueError:
        return 0.0


def duration_text(minutes: float, lang: str | None = None) -> str:
    whole = int(round(minutes))
    if whole < 60:
        return tr("drills.minutes", lang, minutes=whole)
    return tr("drills.hours_minutes", lang, hours=whole // 60, minutes=whole % 60)


def drill_clock(minutes: float) -> str:
    whole = int(minutes)
    return f"T+{whole // 60:02d}:{whole % 60:02d}"


def session_title(info: SessionInfo, titles: dict[str, str], lang: str | None = None) -> str:
    """A drill's scenario in ``lang``: from the scenarios the console knows, else from the stored name ("en / zh")."""
    if info.scenario_id in titles:
        return titles[info.scenario_id]
    en, _, zh = info.name.partition(" / ")
    return (zh if resolve_lang(lang) == "zh" and zh else en) or info.name


def session_label(info: SessionInfo, titles: dict[str, str], lang: str | None = None) -> str:
    """How a drill is listed in a picker: when it started, its scenario and how far it got."""
    return f"{local_time(info.created)} · {session_title(info, titles, lang)} · {drill_clock(info.clock)}"


def seats_in(decisions) -> list[str]:
    """The seats whose decisions are in a drill's log, in the order they first decided."""
    return list(dict.fromkeys(d.actor[len(SEAT_ACTOR):] for d in decisions if d.actor.startswith(SEAT_ACTOR)))


def past_drills_html(rows: list[dict], lang: str | None = None) -> str:
    """The table of past drills; ``rows`` carry started, scenario, seats, duration, reached, decisions, status."""
    if not rows:
        return f"<p>{escape(tr('drills.none', lang))}</p>"
    cols = ("date", "scenario", "seats", "duration", "reached", "decisions", "status")
    head = "".join(f"<th>{escape(tr('drills.col.' + c, lang))}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(r[c]))}</td>" for c in cols) + "</tr>" for r in rows)
    return f'<table class="drill-past"><tr>{head}</tr>{body}</table>'


class ArchivePanel:
    def __init__(self, console):
        self.console = console
        lang = console.lang
        self.list = widgets.HTML()
        self.list.add_class("drill-past-drills")
        self.compare_picker = widgets.SelectMultiple(options=[], rows=6, description=tr("ui.drill.compare_pick", lang), style={"description_width": "6em"}, layout=widgets.Layout(width="46em"))
        self.compare_button = widgets.Button(description=tr("ui.drill.compare", lang), icon="columns")
        self.csv_button = widgets.Button(description=tr("ui.drill.export_csv", lang), icon="download", layout=widgets.Layout(width="auto"))
        self.xlsx_button = widgets.Button(description=tr("ui.drill.export_xlsx", lang), icon="file-excel-o", layout=widgets.Layout(width="auto"))
        self.report_button = widgets.Button(description=tr("ui.drill.report", lang), icon="file-text-o", layout=widgets.Layout(width="auto"))
        self.download = Download()
        self.table = widgets.HTML()
        self.message = widgets.HTML()
        for name in ("compare_button", "csv_button", "xlsx_button", "report_button", "message"):
            getattr(self, name).add_class("drill-archive-" + name.replace("_", "-"))
        self.compare_button.on_click(lambda _b: self.compare())
        self.csv_button.on_click(lambda _b: self.export(".csv"))
        self.xlsx_button.on_click(lambda _b: self.export(".xlsx"))
        self.report_button.on_click(lambda _b: self.report())
        self.widget = widgets.VBox([
            widgets.HBox([self.csv_button, self.xlsx_button, self.report_button, self.download]),
            self.message,
            widgets.HTML(f"<h4>{escape(tr('ui.drill.archive', lang))}</h4>"),
            self.list,
            widgets.HBox([self.compare_picker, self.compare_button]),
            self.table,
        ])
        self.widget.add_class("drill-archive")
        self.what_if = WhatIfPanel(self)  # issue 15: a chosen decision taken otherwise, over N futures (simulator.ui.what_if)
        self.widget.children += (self.what_if.widget,)

    def refresh(self, infos: list[SessionInfo]) -> None:
        lang, titles = self.console.lang, self.console.scenario_titles()
        self.compare_picker.options = [(session_label(i, titles, lang), i.id) for i in infos]
        rows = []
        for info in infos:
            try:
                decisions = self.console.store.decisions(info.id)
            except StoreError:  # listed without its counts: the list must not fail for one drill
                decisions = []
            seats = seats_in(decisions)
            rows.append({
                "date": local_time(info.created), "scenario": session_title(info, titles, lang),
                "seats": len(seats) if seats else tr("drills.facilitator_only", lang),
                "duration": duration_text(wall_minutes(info), lang), "reached": drill_clock(info.clock),
                "decisions": len(decisions), "status": tr("drills.status." + info.status, lang),
            })
        self.list.value = past_drills_html(rows, lang)

    def compare(self):
        ids = list(self.compare_picker.value)
        if not ids:
            self.message.value = escape(tr("ui.drill.compare_none", self.console.lang))
            return None
        try:
            frame = compare_sessions(self.console.store, ids, self.console.lang)
        except (StepModelChanged, StoreError) as exc:  # a drill that cannot be replayed (another step model) or read
            self.message.value = escape(exc.message(self.console.lang))
            return None
        # each drill as the lists show it (when, scenario, how far), not by its stored bilingual name
        labels = dict(self.compare_picker.options)
        by_id = {v: k for k, v in labels.items()}
        frame[tr("drill.col.session", self.console.lang)] = [by_id.get(i, i) for i in ids]
        self.table.value = frame.to_html(index=False, escape=True, na_rep="—", float_format=lambda v: f"{v:.1f}")
        return frame

    def _current(self) -> str | None:
        session = self.console.session
        if session is None:
            self.message.value = escape(tr("ui.drill.no_session", self.console.lang))
            return None
        return session.sink.session_id

    def _export_target(self) -> str | None:
        """The open drill, else the one chosen in the list (a drill that cannot be reopened still exports)."""
        chosen = list(self.compare_picker.value)
        if self.console.session is None and len(chosen) == 1:
            return chosen[0]
        return self._current()

    def _file_name(self, session_id: str, what: str, suffix: str) -> str:
        info = self.console.store.get(session_id)
        return f"{info.scenario_id}_{local_time(info.created).replace(' ', '_').replace(':', '')}_{what}{suffix}"

    def _offer(self, what_key: str, name: str, data: bytes, suffix: str) -> bytes:
        # the words first: widget updates reach the page in order, so the file never arrives before them
        self.message.value = escape(tr("download.sent", self.console.lang, what=tr(what_key, self.console.lang), name=name))
        self.download.offer(name, data, _MIME[suffix])
        return data

    def export(self, suffix: str) -> bytes | None:
        """The decision log of the open (or chosen) drill as CSV or Excel, downloaded in the browser."""
        session_id = self._export_target()
        if session_id is None:
            return None
        key = "ui.drill.export_csv" if suffix == ".csv" else "ui.drill.export_xlsx"
        try:  # a read-only store still exports (it is only read)
            name = self._file_name(session_id, "decisions", suffix)
            with tempfile.TemporaryDirectory() as tmp:
                data = export_decisions(self.console.store, session_id, Path(tmp) / name, self.console.lang).read_bytes()
        except StoreError as exc:
            self.message.value = escape(exc.message(self.console.lang))
            return None
        except OSError as exc:  # the machine's temporary folder: said without its path
            self.message.value = escape(tr("download.failed", self.console.lang, what=tr(key, self.console.lang), detail=exc.strerror or type(exc).__name__))
            return None
        return self._offer(key, name, data, suffix)

    def report(self) -> bytes | None:
        """The after-action report of the drill so far, with its score card, downloaded in the browser."""
        session_id = self._current()
        if session_id is None:
            return None
        # imported on use: the report pulls in plotly's HTML export, which the first paint does not need
        from simulator.report.html import build_report_html

        s, lang = self.console.session, self.console.lang
        events = s.events()
        kpis, objectives = analyse(s.scenario, events)
        card = score(s.scenario, events, s.all_injects(), s.now)
        meta = {"scenario_id": s.scenario.meta.id, "scenario_hash": scenario_hash(s.scenario), "seed": s.seed, "version": simulator.__version__, "horizon": s.horizon}
        html = build_report_html(s.scenario, events, kpis, objectives, meta, lang, scorecard=card.rows())
        return self._offer("ui.drill.report", self._file_name(session_id, "report", ".html"), html.encode("utf-8"), ".html")
