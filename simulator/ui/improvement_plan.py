"""The improvement plan in the console: corrective actions drafted from the findings, edited, tracked, exported.

Open actions of earlier drills of the same scenario (or with the same units)
are listed first, so the room sees them when the next drill starts and can
close them there. This drill's areas for improvement become actions with
*Draft*; each row's capability, action, responsible unit, due date and status
are edited in place and saved to the drill store. The after-action report
(HTML, Word) and the plan (Excel) are downloaded in the browser.
"""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path

import ipywidgets as widgets

import simulator
from simulator.drill import score
from simulator.drill.evaluation import STATUSES, Action, EvaluationRejected, actions_of, carried_actions, draft_actions, drill_record, update_action
from simulator.drill.faults import StoreError
from simulator.i18n import text, tr
from simulator.metrics.findings import draft_findings
from simulator.report.aar import write_exercise_report
from simulator.report.aar_names import label
from simulator.scenario import scenario_hash
from simulator.ui.download import Download

_MIME = {
    "html": "text/html",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _error(message: str) -> str:
    return f'<span style="color:#c62828">{escape(message)}</span>'


class ActionRow:
    """One corrective action's fields, editable, with its own Save."""

    def __init__(self, panel: "ImprovementPlanPanel", action: Action, units: list[tuple[str, str]]):
        self.panel, self.action = panel, action
        lang = panel.console.lang
        w = lambda width: widgets.Layout(width=width)  # noqa: E731
        self.capability = widgets.Text(value=label("step", action.capability, lang), layout=w("11em"))
        self.description = widgets.Textarea(value=action.description, layout=w("26em"))
        options = units if action.unit in {v for _, v in units} or not action.unit else [(action.unit_name or action.unit, action.unit), *units]
        self.unit = widgets.Dropdown(options=[(tr("eval.no_unit", lang), ""), *options], value=action.unit, layout=w("14em"))
        self.due = widgets.Text(value=action.due, placeholder="YYYY-MM-DD", layout=w("8em"))
        self.status = widgets.Dropdown(options=[(tr(f"eval.status.{s}", lang), s) for s in STATUSES], value=action.status, layout=w("8em"))
        self.save_button = widgets.Button(description=tr("ui.plan.save", lang), icon="save", layout=w("7em"))
        self.save_button.on_click(lambda _b: self.save())
        self.widget = widgets.HBox([self.capability, self.description, self.unit, self.due, self.status, self.save_button])
        self.widget.add_class("plan-row")

    def save(self) -> Action | None:
        steps = {tr(f"step.{s}", self.panel.console.lang): s for s in _steps()}
        unit = self.unit.value
        names = {u.id: text(u.name, "en") for u in self.panel.console.session.scenario.command.units}
        changes = dict(
            capability=steps.get(self.capability.value.strip(), self.capability.value.strip()),
            description=self.description.value.strip(), unit=unit, unit_name=names.get(unit, self.action.unit_name if unit == self.action.unit else ""),
            due=self.due.value.strip(), status=self.status.value,
        )
        return self.panel.save(self.action, changes)


def _steps() -> tuple[str, ...]:
    from simulator.scenario.vocabulary import STEPS

    return STEPS


class ImprovementPlanPanel:
    def __init__(self, console):
        self.console = console
        lang = console.lang
        self.title = tr("ui.plan.tab", lang)
        self.draft_button = widgets.Button(description=tr("ui.plan.draft", lang), icon="list", tooltip=tr("ui.plan.draft_tip", lang))
        self.html_button = widgets.Button(description=tr("ui.plan.report_html", lang), icon="file-text-o")
        self.docx_button = widgets.Button(description=tr("ui.plan.report_docx", lang), icon="file-word-o")
        self.xlsx_button = widgets.Button(description=tr("ui.plan.plan_xlsx", lang), icon="file-excel-o")
        self.message = widgets.HTML()
        self.carried_box = widgets.VBox()
        self.own_box = widgets.VBox()
        self.download = Download()
        self.draft_button.on_click(lambda _b: self.draft())
        for fmt in ("html", "docx", "xlsx"):
            getattr(self, f"{fmt}_button").on_click(lambda _b, fmt=fmt: self.export(fmt))
        self.rows: list[ActionRow] = []
        self.carried_rows: list[ActionRow] = []
        self.widget = widgets.VBox([
            widgets.HBox([self.draft_button, self.html_button, self.docx_button, self.xlsx_button, self.download]),
            self.message,
            widgets.HTML(f"<h4>{escape(tr('ui.plan.carried', lang))}</h4>"), self.carried_box,
            widgets.HTML(f"<h4>{escape(tr('ui.plan.own', lang))}</h4>"), self.own_box,
        ])
        self.widget.add_class("plan-panel")

    def _units(self) -> list[tuple[str, str]]:
        return [(text(u.name, self.console.lang), u.id) for u in self.console.session.scenario.command.units]

    def refresh(self) -> None:
        session, lang = self.console.session, self.console.lang
        if session is None:
            self.carried_box.children, self.own_box.children, self.rows, self.carried_rows = (), (), [], []
            return
        try:
            carried = carried_actions(self.console.store, session.scenario, session.sink.session_id)
            own = actions_of(self.console.store, session.sink.session_id)
        except StoreError as exc:
            self.message.value = _error(exc.message(lang))
            return
        units = self._units()
        self.carried_rows = [ActionRow(self, a, units) for a in carried]
        self.rows = [ActionRow(self, a, units) for a in own]
        none = widgets.HTML(escape(tr("aar.section.none", lang)))
        self.carried_box.children = [r.widget for r in self.carried_rows] or [none]
        self.own_box.children = [r.widget for r in self.rows] or [widgets.HTML(escape(tr("ui.plan.none_yet", lang)))]

    def open_from_earlier(self) -> int:
        """How many open actions earlier drills left for this one (said when a drill starts)."""
        session = self.console.session
        if session is None:
            return 0
        try:
            return len(carried_actions(self.console.store, session.scenario, session.sink.session_id))
        except StoreError:
            return 0

    def draft(self) -> list[Action]:
        session, lang = self.console.session, self.console.lang
        if session is None:
            self.message.value = _error(tr("ui.drill.no_session", lang))
            return []
        try:
            info = self.console.store.get(session.sink.session_id)
            findings = draft_findings(session.scenario, session.events(), session.all_injects(), session.now)
            made = draft_actions(self.console.store, info, session.scenario, findings, lang)
        except StoreError as exc:
            self.message.value = _error(exc.message(lang))
            return []
        self.message.value = escape(tr("ui.plan.drafted", lang, count=len(made)))
        self.refresh()
        return made

    def save(self, action: Action, changes: dict) -> Action | None:
        lang = self.console.lang
        try:
            saved = update_action(self.console.store, action.id, self.console.session.sink.session_id, **changes)
        except EvaluationRejected as exc:  # the row keeps what was typed: correct it and save again
            self.message.value = _error(exc.message(lang))
            return None
        except StoreError as exc:
            self.message.value = _error(exc.message(lang))
            return None
        self.message.value = escape(tr("ui.plan.saved", lang))
        self.refresh()
        return saved

    def export(self, fmt: str) -> bytes | None:
        """The after-action report (html, docx) or the plan (xlsx) of the drill so far, downloaded in the browser."""
        session, lang = self.console.session, self.console.lang
        if session is None:
            self.message.value = _error(tr("ui.drill.no_session", lang))
            return None
        s, session_id = session, session.sink.session_id
        try:
            record = drill_record(self.console.store, session_id, s.scenario, lang, extra_injects=s.extra_injects.values(), clock=s.now)
        except StoreError as exc:
            self.message.value = _error(exc.message(lang))
            return None
        events = s.events()
        meta = {"scenario_id": s.scenario.meta.id, "scenario_hash": scenario_hash(s.scenario), "seed": s.seed, "version": simulator.__version__, "horizon": s.horizon}
        card = score(s.scenario, events, s.all_injects(), s.now)
        name = f"{session_id}_{'improvement_plan' if fmt == 'xlsx' else 'aar'}.{fmt}"
        with tempfile.TemporaryDirectory() as tmp:
            path = write_exercise_report(Path(tmp) / name, fmt, s.scenario, events, meta, lang, record, card.rows())
            data = path.read_bytes()
        self.download.offer(name, data, _MIME[fmt])
        self.message.value = escape(tr("ui.plan.downloaded", lang, name=name))
        return data


class EvaluationTabs:
    """The evaluator's panel and the improvement plan as two extra tabs of the console.

    When a drill is started or opened, the actions earlier drills left open
    are announced on the console's status line (the console writes its own
    "started" there after refreshing, so the notice is added to whatever it says
    next) and counted in the plan tab's title.
    """

    def __init__(self, console):
        from simulator.ui.evaluator_panel import EvaluatorPanel

        self.console = console
        self.evaluator = EvaluatorPanel(console)
        self.plan = ImprovementPlanPanel(console)
        console.extra_tabs += [(self.evaluator.title, self.evaluator.widget), (self.plan.title, self.plan.widget)]
        self._shown: str | None = None  # the drill whose carried actions were announced
        self._observed = None  # the console's tab widget this listens to
        self._notice = ""  # the announcement kept on the status line until the drill is next refreshed
        console.message.observe(self._on_message, names="value")

    def _on_message(self, change) -> None:
        if self._notice and self._notice not in (change["new"] or ""):
            self.console.message.value = f"{change['new']} {self._notice}".strip()

    def refresh(self) -> None:
        """Redraw the tab on show; when a drill is opened, say what earlier drills left open."""
        console = self.console
        tabs = getattr(console, "tabs", None)
        if tabs is not None and tabs is not self._observed:  # the console's tabs are built after its panels (again on a language switch)
            self._observed = tabs
            tabs.observe(lambda _c: self.refresh(), names="selected_index")
        session = console.session
        if session is None:
            return
        if self._shown != session.sink.session_id:
            self._shown = session.sink.session_id
            count = self.plan.open_from_earlier()
            notice = escape(tr("ui.plan.carried_notice", console.lang, count=count)) if count else ""
            self.plan.message.value = notice
            if tabs is not None:
                index = len(tabs.children) - 1  # the plan is the last extra tab
                tabs.set_title(index, tr("ui.plan.tab_open", console.lang, count=count) if count else self.plan.title)
            if notice:
                self._notice = notice
                self._on_message({"new": console.message.value})
            self.plan.refresh()
        else:
            self._notice = ""
        tab = console.tab
        if tab == self.evaluator.title:
            self.evaluator.refresh()
        elif tab in (self.plan.title, tabs.titles[-1] if tabs is not None else None):
            self.plan.refresh()
