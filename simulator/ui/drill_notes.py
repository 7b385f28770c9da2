"""Notes attached to moments of a drill, and undo of a decision, for the facilitator.

Both are recorded with the drill (see :mod:`simulator.drill.facilitation`):
a note is free text for a minute (now or earlier, also after the end, for
the debrief); undo corrects a decision as :mod:`simulator.drill.corrections`
defines per action, or says why it cannot. :func:`feed_line` is how both
read in the inject feed.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from simulator.drill.corrections import UNDOABLE
from simulator.drill.msel import undone
from simulator.drill.refusals import named, refusal_text
from simulator.i18n import text, tr

_STYLE = {"description_width": "initial"}


def clock(minutes: float) -> str:
    whole = int(round(minutes))
    return f"T+{whole // 60:02d}:{whole % 60:02d}"


def decision_words(session, outcome, lang: str) -> str:
    """A decision for a reader: "#3 T+01:58 Dispatch a team: City team → flood-001"."""
    d = outcome.decision
    args = named(session.scenario, d.args, lang)
    if d.action == "add_inject":
        what = text(session.inject(d.args["inject"]["id"]).text, lang) if session.inject(d.args["inject"]["id"]) else d.args["inject"]["id"]
    elif d.action == "change_inject":
        inject = session.inject(d.args.get("inject_id") or d.args["inject"]["id"])
        what = text(inject.text, lang) if inject is not None else ""
    else:
        if "incident" in d.args:
            args["incident"] = incident_words(session, d.args["incident"], lang)
        what = " → ".join(str(args[k]) for k in ("team", "unit", "incident", "level", "mode", "item", "quantity") if k in args)
    return f"#{outcome.seq} {clock(d.time)} {tr('action.' + d.action, lang)}: {what}"


def incident_words(session, incident_id: str, lang: str) -> str:
    """An incident by its source's name and number and its place ("Waterlogging #1 · Village"), not its id."""
    inc = session.world.incidents.get(incident_id)
    if inc is None:
        return incident_id
    place = text(session.scenario.place(inc.place).name, lang)
    source = next((s for s in session.scenario.incidents if s.id == inc.source), None)
    number = incident_id.rpartition("-")[2]
    if source is not None and number.isdigit():
        return f"{text(source.name, lang)} #{int(number)} · {place}"
    return f"{tr('hazard.' + inc.hazard, lang)} · {place}"


def result_words(result: str, lang: str) -> str:
    """What a correction did ("recall_team:city_team" -> "team recalled")."""
    kind = result.split(":", 1)[0]
    return tr(f"undo.result.{kind}", lang) if kind else ""


def feed_line(session, item, lang: str) -> str:
    """A note or a correction as a line of the inject feed (HTML)."""
    when = f"<code>{clock(item.time)}</code>"
    if item.reason == "note":
        return f'<li class="drill-feed-note">{when} <i class="fa fa-sticky-note-o"></i> {escape(tr("feed.note", lang, when=clock(item.time), text=item.ref))}</li>'
    target = session.outcomes[int(item.ref)]
    correction = next((o for o in session.outcomes if o.decision.action == "undo" and o.accepted and str(o.decision.args.get("seq")) == item.ref), None)
    line = tr("feed.correction", lang, decision=decision_words(session, target, lang), result=result_words(correction.result if correction else "", lang))
    return f'<li class="drill-feed-correction">{when} <i class="fa fa-undo"></i> {escape(line)}</li>'


class NotesPanel:
    """A note for a minute, and undo of a decision; played through the console so a refused store write is said."""

    def __init__(self, console):
        self.console = console
        lang = self.lang = console.lang
        self.note = widgets.Textarea(rows=2, placeholder=tr("ui.notes.text", lang), layout=widgets.Layout(width="30em"))
        self.now = widgets.Checkbox(value=True, description=tr("ui.inject.at_once", lang), indent=False, layout=widgets.Layout(width="auto"))
        self.minute = widgets.BoundedFloatText(value=0, min=0, max=1e6, description=tr("ui.notes.minute", lang), style=_STYLE, disabled=True, layout=widgets.Layout(width="14em"))
        self.add_button = widgets.Button(description=tr("ui.notes.add", lang), icon="sticky-note-o")
        self.decision = widgets.Dropdown(options=[], description=tr("ui.notes.decision", lang), style=_STYLE, layout=widgets.Layout(width="30em"))
        self.undo_button = widgets.Button(description=tr("ui.notes.undo", lang), icon="undo", button_style="warning")
        self.message = widgets.HTML()
        for name in ("note", "minute", "add_button", "decision", "undo_button", "message"):
            getattr(self, name).add_class("notes-" + name.replace("_", "-"))
        self.now.observe(lambda c: setattr(self.minute, "disabled", c["new"]), names="value")
        self.add_button.on_click(lambda _b: self.add_note())
        self.undo_button.on_click(lambda _b: self.undo(self.decision.value))
        self.widget = widgets.VBox([
            widgets.HTML(f"<h4>{escape(tr('ui.notes.title', lang))}</h4>"),
            self.note, widgets.HBox([self.now, self.minute, self.add_button]),
            widgets.HBox([self.decision, self.undo_button]), self.message,
        ])
        self.widget.add_class("drill-notes")

    def refresh(self) -> None:
        session, lang = self.console.session, self.lang
        if session is None:
            self.decision.options = []
            return
        self.minute.max = max(session.now, 0)
        if self.now.value:
            self.minute.value = round(session.now, 1)
        skip = undone(session)
        options = [(decision_words(session, o, lang), o.seq) for o in reversed(session.outcomes) if o.accepted and o.decision.action in UNDOABLE and o.seq not in skip]
        chosen = self.decision.value
        self.decision.options = options or [(tr("ui.notes.no_decisions", lang), None)]
        values = [v for _, v in self.decision.options]
        self.decision.value = chosen if chosen in values else values[0]  # the newest decision first

    def _play(self, act):
        outcome = None

        def move():
            nonlocal outcome
            outcome = act(self.console.session)

        if self.console.session is None or not self.console._guarded(move, "ui.drill.decision_not_saved"):
            self.message.value = self.console.message.value or escape(tr("ui.drill.no_session", self.lang))
            return None
        return outcome

    def add_note(self):
        minute = None if self.now.value else self.minute.value
        outcome = self._play(lambda s: s.note(self.note.value, minute))
        if outcome is None:
            return None
        if outcome.accepted:
            self.note.value = ""
            self.message.value = f'<span style="color:#1a7f37">{escape(tr("ui.notes.added", self.lang))}</span>'
        else:
            self.message.value = f'<span style="color:#c62828">{escape(refusal_text(self.console.session.scenario, outcome.reason, outcome.params, self.lang))}</span>'
        self.refresh()
        return outcome

    def undo(self, seq):
        if seq is None:
            return None
        outcome = self._play(lambda s: s.undo(seq))
        if outcome is None:
            return None
        if outcome.accepted:
            self.message.value = f'<span style="color:#1a7f37">{escape(tr("ui.notes.undone", self.lang, result=result_words(outcome.result, self.lang)))}</span>'
        else:
            self.message.value = f'<span style="color:#c62828">{escape(refusal_text(self.console.session.scenario, outcome.reason, outcome.params, self.lang))}</span>'
        self.refresh()
        return outcome
