"""The evaluator's panel: observations against the critical tasks, with a P / S / M / U rating.

A tab of the facilitator's console (or an evaluator's own page on the same
drill: the store is what they share). Each observation is written to the
drill store the moment it is recorded, at the drill's current minute; it
never moves the drill. The table beside it shows every critical task with
the rating drafted from the log so far and the evaluator's, if any.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from simulator.drill.evaluation import EvaluationRejected, observations, record_observation
from simulator.drill.faults import StoreError
from simulator.i18n import text, tr
from simulator.metrics.tasks import RATINGS, final_rating, measure_tasks
from simulator.report.aar_names import Names, clock


def _error(message: str) -> str:
    return f'<span style="color:#c62828">{escape(message)}</span>'


class EvaluatorPanel:
    def __init__(self, console):
        self.console = console
        lang = console.lang
        style = {"description_width": "7em"}
        self.title = tr("ui.eval.tab", lang)
        self.task = widgets.Dropdown(options=[], description=tr("ui.eval.task", lang), style=style, layout=widgets.Layout(width="42em"))
        self.rating = widgets.ToggleButtons(
            options=[(tr("ui.eval.no_rating", lang), ""), *((r, r) for r in RATINGS)],
            tooltips=[tr("ui.eval.no_rating_tip", lang), *(tr(f"eval.rating.{r}", lang) for r in RATINGS)],
            description=tr("ui.eval.rating", lang), style={**style, "button_width": "4em"},
        )
        self.evaluator = widgets.Text(description=tr("ui.eval.evaluator", lang), placeholder=tr("ui.eval.evaluator_tip", lang), style=style)
        self.note = widgets.Textarea(description=tr("ui.eval.note", lang), placeholder=tr("ui.eval.note_tip", lang), style=style, layout=widgets.Layout(width="42em", height="6em"))
        self.record_button = widgets.Button(description=tr("ui.eval.record", lang), button_style="primary", icon="pencil")
        self.message = widgets.HTML()
        self.tasks = widgets.HTML()
        self.recorded = widgets.HTML()
        self.record_button.on_click(lambda _b: self.record())
        for name in ("task", "rating", "note", "record_button", "message", "tasks", "recorded"):
            getattr(self, name).add_class("eval-" + name.replace("_", "-"))
        form = widgets.VBox([self.task, self.rating, self.evaluator, self.note, self.record_button, self.message], layout=widgets.Layout(width="46em"))
        self.widget = widgets.HBox([form, widgets.VBox([self.tasks, self.recorded], layout=widgets.Layout(flex="1 1 auto"))])
        self.widget.add_class("eval-panel")
        self._scenario = None

    def _fill_tasks(self) -> None:
        sc, lang = self.console.session.scenario, self.console.lang
        if sc is self._scenario:
            return
        self._scenario = sc
        names = Names(sc, self.console.session.events(), lang)
        options = [(tr("ui.eval.general", lang), "")]
        for o in sc.objectives:
            options += [(f"{text(o.name, lang)} › {text(t.name, lang)} ({names.doer(t.by)})", t.id) for t in o.critical_tasks]
        self.task.options = options

    def refresh(self) -> None:
        session, lang = self.console.session, self.console.lang
        if session is None:
            self.tasks.value = escape(tr("ui.drill.no_session", lang))
            self.recorded.value = ""
            return
        self._fill_tasks()
        try:
            seen = observations(self.console.store, session.sink.session_id)
        except StoreError as exc:
            self.message.value = _error(exc.message(lang))
            seen = []
        events = session.events()
        names = Names(session.scenario, events, lang, session.extra_injects.values())
        rows = []
        for r in measure_tasks(session.scenario, events, session.now, session.all_injects()):
            given = [o.rating for o in seen if o.task == r.task.id and o.rating]
            rating, source = final_rating(r.drafted_rating, given)
            c = r.counts()
            rows.append(
                f"<tr><td>{escape(text(r.task.name, lang))}</td><td>{escape(names.doer(r.task.by))}</td>"
                f"<td>{escape(tr('aar.task_counts', lang, **c))}</td><td><b>{escape(rating or '—')}</b> {escape(tr(f'aar.rating_source.{source}', lang))}</td></tr>"
            )
        head = "".join(f"<th>{escape(tr(k, lang))}</th>" for k in ("ui.eval.col.task", "ui.eval.col.by", "ui.eval.col.so_far", "ui.eval.col.rating"))
        self.tasks.value = f"<table class='eval-tasks'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>" if rows else escape(tr("ui.eval.no_tasks", lang))
        labels = dict((v, k) for k, v in self.task.options)
        items = [
            f"<li><code>{clock(o.time)}</code> {escape(o.evaluator or tr('aar.evaluator', lang))} · {escape(labels.get(o.task, tr('ui.eval.general', lang)))}"
            f"{' · <b>' + escape(o.rating) + '</b>' if o.rating else ''}: {escape(o.text)}</li>"
            for o in reversed(seen)
        ]
        self.recorded.value = f"<h4>{escape(tr('ui.eval.recorded', lang))}</h4><ul>{''.join(items)}</ul>" if items else ""

    def record(self):
        """Write the observation at the drill's current minute; the form keeps its text when it is refused."""
        session, lang = self.console.session, self.console.lang
        if session is None:
            self.message.value = _error(tr("ui.drill.no_session", lang))
            return None
        try:
            saved = record_observation(
                self.console.store, session.sink.session_id, session.scenario, time=session.now,
                task=self.task.value or "", rating=self.rating.value, note=self.note.value, evaluator=self.evaluator.value,
            )
        except EvaluationRejected as exc:
            self.message.value = _error(exc.message(lang))
            return None
        except StoreError as exc:
            self.message.value = _error(exc.message(lang))
            return None
        self.note.value = ""
        self.rating.value = ""
        self.message.value = escape(tr("ui.eval.saved", lang, time=clock(saved.time)))
        self.refresh()
        return saved
