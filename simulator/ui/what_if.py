"""The past-drills panel's "what if": one decision of a drill taken differently, over N futures.

The facilitator picks a drill in the past-drills list, one of its decisions
and what would have been different (earlier or later by some minutes, not
taken, or the standing procedure from then on). The drill is branched where
the change starts (:func:`simulator.experiments.branching.run_branch`, in
this kernel: a what-if of a room's drill is small) and the alternative is
compared with the decisions as recorded over the same futures; the table
says it in the user's language, and the full comparison is downloaded in
the browser as one HTML file.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from simulator.drill import StepModelChanged
from simulator.drill.faults import StoreError
from simulator.i18n import tr
from simulator.scenario import ScenarioError
from simulator.scenario.base import Text
from simulator.ui.download import Download

CHANGES = ("earlier", "later", "removed", "standard")
_SHOWN = ("focus_need_wait", "need_wait_mean", "first_arrival_mean", "incident_duration_mean", "incidents_unmet")
_PLAYER = ("dispatch_team", "recall_team", "set_response_level", "issue_warning", "request_military", "switch_command_mode", "release_supplies")


class WhatIfPanel:
    def __init__(self, archive):
        self.archive = archive
        lang = archive.console.lang
        self.decision = widgets.Dropdown(options=[], description=tr("ui.whatif.decision", lang), style={"description_width": "6em"}, layout=widgets.Layout(width="46em"))
        self.change = widgets.Dropdown(options=[(tr(f"ui.whatif.change.{c}", lang), c) for c in CHANGES], value="earlier", description=tr("ui.whatif.change", lang), style={"description_width": "6em"})
        self.minutes = widgets.BoundedIntText(value=10, min=1, max=10_000, description=tr("ui.whatif.minutes", lang), style={"description_width": "5em"}, layout=widgets.Layout(width="12em"))
        self.futures = widgets.BoundedIntText(value=10, min=2, max=500, description=tr("ui.whatif.futures", lang), style={"description_width": "5em"}, layout=widgets.Layout(width="12em"))
        self.run_button = widgets.Button(description=tr("ui.whatif.run", lang), icon="random", layout=widgets.Layout(width="auto"))
        self.report_button = widgets.Button(description=tr("ui.whatif.report", lang), icon="download", disabled=True, layout=widgets.Layout(width="auto"))
        self.download = Download()
        self.message = widgets.HTML()
        self.table = widgets.HTML()
        for name in ("decision", "change", "minutes", "futures", "run_button", "report_button", "message", "table"):
            getattr(self, name).add_class("what-if-" + name.replace("_", "-"))
        self.study = None
        self._decisions: dict[int, object] = {}
        self.run_button.on_click(lambda _b: self.run())
        self.report_button.on_click(lambda _b: self.report())
        self.change.observe(lambda _c: self._minutes_shown(), "value")
        archive.compare_picker.observe(lambda _c: self.load(), "value")
        self.widget = widgets.VBox([
            widgets.HTML(f"<h4>{escape(tr('ui.whatif.title', lang))}</h4><p>{escape(tr('ui.whatif.help', lang))}</p>"),
            self.decision,
            widgets.HBox([self.change, self.minutes, self.futures]),
            widgets.HBox([self.run_button, self.report_button, self.download]),
            self.message,
            self.table,
        ])
        self.widget.add_class("what-if")
        self.load()

    @property
    def lang(self) -> str:
        return self.archive.console.lang

    def drill_id(self) -> str | None:
        """The drill chosen in the list (exactly one), else the open drill."""
        chosen = list(self.archive.compare_picker.value)
        if len(chosen) == 1:
            return chosen[0]
        session = self.archive.console.session
        return session.sink.session_id if session is not None and not chosen else None

    def load(self) -> None:
        """The chosen drill's decisions a room took (accepted), by minute and with names."""
        self.study, self.report_button.disabled, self.table.value = None, True, ""
        drill = self.drill_id()
        if drill is None:
            self.decision.options, self._decisions = [], {}
            self.message.value = escape(tr("ui.whatif.pick_drill", self.lang))
            return
        from simulator.report.branch_report import decision_text  # on use: the report side pulls in plotly

        store = self.archive.console.store
        try:
            info = store.get(drill)
            rows = [d for d in store.decisions(drill) if d.accepted and d.action in _PLAYER]
            scenario = _scenario(info)
        except (StoreError, ScenarioError) as exc:
            self.message.value = escape(exc.message(self.lang) if isinstance(exc, StoreError) else exc.render(self.lang))
            return
        self._decisions = {d.seq: d for d in rows}
        self.decision.options = [
            (tr("ui.whatif.decision_at", self.lang, minute=f"{d.time:.0f}", decision=decision_text(scenario, d.action, d.args, self.lang)), d.seq) for d in rows
        ]
        self.decision.value = rows[0].seq if rows else None  # a Dropdown given new options keeps no value
        self.message.value = "" if rows else escape(tr("ui.whatif.no_decisions", self.lang))

    def _minutes_shown(self) -> None:
        self.minutes.disabled = self.change.value in ("removed", "standard")

    def alternative(self):
        """The chosen change as an alternative, and the minute to branch at."""
        from simulator.drill.alternatives import Alternative, Change

        d = self._decisions[self.decision.value]
        timed = self.change.value in ("earlier", "later")
        key = "ui.whatif.name_minutes" if timed else "ui.whatif.name"
        what = self.decision.label.split(" · ", 1)[-1]  # in the console's language: the alternative is named for this room
        label = {lang: tr(key, lang, change=tr(f"ui.whatif.change.{self.change.value}", lang), minutes=self.minutes.value, decision=what) for lang in ("zh", "en")}
        name = Text(zh=label["zh"], en=label["en"])
        if self.change.value == "earlier":
            at = max(0.0, float(int(d.time - self.minutes.value)))
            return Alternative("what_if", name, change=(Change(seq=d.seq, time=max(at, d.time - self.minutes.value)),)), at
        at = float(int(d.time))
        if self.change.value == "later":
            return Alternative("what_if", name, change=(Change(seq=d.seq, shift=float(self.minutes.value)),)), at
        if self.change.value == "removed":
            return Alternative("what_if", name, remove=(d.seq,)), at
        return Alternative("what_if", name, decisions="none", policy="standard"), at

    def run(self):
        """Branch the drill and compare the changed decision with the recorded one; returns the study (None on a problem)."""
        from simulator.drill.branch import BranchSource
        from simulator.experiments.branching import run_branch
        from simulator.report.branch_report import alternative_names
        from simulator.report.comparison import verdict_frame

        drill = self.drill_id()
        if drill is None or self.decision.value is None:
            self.message.value = escape(tr("ui.whatif.pick_drill" if drill is None else "ui.whatif.no_decisions", self.lang))
            return None
        alternative, at = self.alternative()
        self.message.value = escape(tr("ui.whatif.running", self.lang, futures=self.futures.value))
        try:
            source = BranchSource.from_drill(self.archive.console.store, drill)
            chosen = next((p for p in source.room_plan() if p.seq == self.decision.value), None)
            focus = chosen.answers_need if chosen is not None else None  # the need the chosen decision answered
            study = run_branch(source, at, [alternative], self.futures.value, "serial", focus=focus)
        except (StepModelChanged, StoreError) as exc:
            self.message.value = escape(exc.message(self.lang))
            return None
        except ScenarioError as exc:
            self.message.value = escape(exc.render(self.lang))
            return None
        self.study, self.summary = study, study.summary()
        names = alternative_names(study.meta(), self.lang)
        differences = self.summary.differences
        shown = differences["kpi"].isin(_SHOWN) | differences["verdict"].isin(["better", "worse"])
        frame = verdict_frame(_only(self.summary, shown), names, self.lang)
        head = tr("ui.whatif.summary", self.lang, alternative=names["what_if"], futures=self.futures.value, at=f"{at:g}")
        self.message.value = escape(head)
        self.table.value = frame.to_html(index=False, escape=True)
        self.report_button.disabled = False
        return study

    def report(self) -> bytes | None:
        """The whole comparison as one offline HTML file, downloaded in the browser."""
        from simulator.report.branch_report import build_branch_html

        if self.study is None:
            return None
        html = build_branch_html(self.study.meta(), self.summary, self.study.results, self.study.ledger, self.study.source.scenario, self.lang)
        data = html.encode("utf-8")
        name = f"{self.study.source.scenario.meta.id}_what_if_{self.study.at:g}.html"
        self.download.offer(name, data, "text/html")
        self.message.value = escape(tr("ui.whatif.sent", self.lang, name=name))
        return data


def _scenario(info):
    from simulator.scenario import parse_scenario

    return parse_scenario(info.scenario_text, info.scenario_path)


def _only(summary, rows):
    from dataclasses import replace

    return replace(summary, differences=summary.differences[rows])
