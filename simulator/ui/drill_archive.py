"""Past drills in the console: compare sessions, export the decision log, write the report.

Files go to the drill data directory (``exports/`` and ``reports/``), the
same place as the store, so the facilitator finds them after the session.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

import simulator

from simulator.drill import StepModelChanged, score
from simulator.drill.archive import compare_sessions, export_decisions
from simulator.drill.faults import StoreError
from simulator.i18n import tr
from simulator.metrics import analyse
from simulator.report.html import write_report
from simulator.scenario import scenario_hash


class ArchivePanel:
    def __init__(self, console):
        self.console = console
        lang = console.lang
        self.compare_picker = widgets.SelectMultiple(options=[], rows=5, description=tr("ui.drill.compare_pick", lang), style={"description_width": "8em"}, layout=widgets.Layout(width="40em"))
        self.compare_button = widgets.Button(description=tr("ui.drill.compare", lang), icon="columns")
        self.csv_button = widgets.Button(description=tr("ui.drill.export_csv", lang), icon="download")
        self.xlsx_button = widgets.Button(description=tr("ui.drill.export_xlsx", lang), icon="file-excel-o")
        self.report_button = widgets.Button(description=tr("ui.drill.report", lang), icon="file-text-o")
        self.table = widgets.HTML()
        self.message = widgets.HTML()
        self.compare_button.on_click(lambda _b: self.compare())
        self.csv_button.on_click(lambda _b: self.export(".csv"))
        self.xlsx_button.on_click(lambda _b: self.export(".xlsx"))
        self.report_button.on_click(lambda _b: self.report())
        body = widgets.VBox([
            widgets.HBox([self.csv_button, self.xlsx_button, self.report_button]),
            self.compare_picker, self.compare_button, self.message, self.table,
        ])
        self.widget = widgets.Accordion(children=[body], titles=(tr("ui.drill.archive", lang),), selected_index=None)

    def refresh(self, infos) -> None:
        self.compare_picker.options = [(f"{i.name} · {i.id}", i.id) for i in infos]

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

    def export(self, suffix: str):
        session_id = self._export_target()
        if session_id is None:
            return None
        path = self.console.data / "exports" / f"{session_id}{suffix}"
        try:  # a read-only store still exports (it is only read); its folder may not take the file
            export_decisions(self.console.store, session_id, path, self.console.lang)
        except StoreError as exc:
            self.message.value = escape(exc.message(self.console.lang))
            return None
        except OSError as exc:
            self.message.value = escape(tr("ui.drill.export_failed", self.console.lang, path=str(path), detail=exc.strerror or str(exc)))
            return None
        self.message.value = escape(tr("ui.drill.written", self.console.lang, path=str(path)))
        return path

    def report(self):
        """The after-action report of the drill so far, with its score card."""
        session_id = self._current()
        if session_id is None:
            return None
        s, lang = self.console.session, self.console.lang
        events = s.events()
        kpis, objectives = analyse(s.scenario, events)
        card = score(s.scenario, events, s.all_injects(), s.now)
        meta = {"scenario_id": s.scenario.meta.id, "scenario_hash": scenario_hash(s.scenario), "seed": s.seed, "version": simulator.__version__, "horizon": s.horizon}
        path = write_report(self.console.data / "reports" / f"{session_id}.html", s.scenario, events, kpis, objectives, meta, lang, scorecard=card.rows())
        self.message.value = escape(tr("ui.drill.written", lang, path=str(path)))
        return path
