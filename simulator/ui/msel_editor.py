"""The MSEL editor: add, edit, move or delete planned injects, and save the MSEL into a scenario file.

Before a drill it edits the scenario picked in the console's header (each
change a new Scenario, checked by the scenario rules, see
:mod:`simulator.drill.msel`); saving writes a scenario file the console can
start a drill from. During a drill it changes the injects still to come:
each change is recorded with the drill and replayed (an inject already
played, withdrawn or lapsed cannot be changed), and the drill's MSEL as it
stands can be saved to a file for the next run. Injects are listed by
minute and text in the console's language; ids stay behind the dropdowns.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from simulator.drill.injects import inject_data, inject_yaml
from simulator.drill.msel import add_planned, delete_planned, move_planned, replace_planned
from simulator.drill.msel_file import save_msel
from simulator.drill.refusals import refusal_text
from simulator.i18n import text, tr
from simulator.scenario import ScenarioError
from simulator.scenario.loader import read_source
from simulator.ui.inject_forms import InjectEditor

_STYLE = {"description_width": "initial"}


def _red(message: str) -> str:
    return f'<span style="color:#c62828">{escape(message)}</span>'


def _green(message: str) -> str:
    return f'<span style="color:#1a7f37">{escape(message)}</span>'


def clock(minutes: float) -> str:
    whole = int(round(minutes))
    return f"T+{whole // 60:02d}:{whole % 60:02d}"


class MselEditor:
    def __init__(self, console):
        self.console = console
        lang = self.lang = console.lang
        self.draft = None  # before a drill: the scenario being edited
        self._draft_path: str | None = None
        self._source = ""  # that scenario file's text, for saving
        self.editor: InjectEditor | None = None
        self._editing: str | None = None  # the inject being edited, None: a new one
        self.mode_line = widgets.HTML()
        self.table = widgets.HTML()
        self.picker = widgets.Dropdown(options=[], description=tr("ui.msel.pick", lang), style=_STYLE, layout=widgets.Layout(width="40em"))
        self.new_button = widgets.Button(description=tr("ui.msel.new", lang), icon="plus")
        self.edit_button = widgets.Button(description=tr("ui.msel.edit", lang), icon="pencil")
        self.delete_button = widgets.Button(description=tr("ui.msel.delete", lang), icon="trash", button_style="danger")
        self.move_to = widgets.BoundedFloatText(value=0, min=0, max=1e6, description=tr("ui.msel.move_to", lang), style=_STYLE, layout=widgets.Layout(width="14em"))
        self.move_button = widgets.Button(description=tr("ui.msel.move", lang), icon="clock-o")
        self.form_box = widgets.VBox()
        self.save_edit = widgets.Button(description=tr("ui.inject.save_edit", lang), icon="check", button_style="primary")
        self.cancel = widgets.Button(description=tr("ui.inject.cancel", lang), icon="times")
        self.file_name = widgets.Text(description=tr("ui.msel.save_as", lang), style=_STYLE, layout=widgets.Layout(width="26em"))
        self.overwrite = widgets.Checkbox(value=False, description=tr("ui.msel.overwrite", lang), indent=False, layout=widgets.Layout(width="auto"))
        self.save_button = widgets.Button(description=tr("ui.msel.save", lang), icon="save")
        self.message = widgets.HTML()
        for name in ("picker", "new_button", "edit_button", "delete_button", "move_to", "move_button", "save_edit", "cancel", "file_name", "save_button", "message", "table"):
            getattr(self, name).add_class("msel-" + name.replace("_", "-"))
        self.new_button.on_click(lambda _b: self.new())
        self.edit_button.on_click(lambda _b: self.edit(self.picker.value))
        self.delete_button.on_click(lambda _b: self.delete(self.picker.value))
        self.move_button.on_click(lambda _b: self.move(self.picker.value, self.move_to.value))
        self.save_edit.on_click(lambda _b: self.save_form())
        self.cancel.on_click(lambda _b: self.close_form())
        self.save_button.on_click(lambda _b: self.save_file())
        self.picker.observe(lambda _c: self._picked(), names="value")
        self.editing_box = widgets.VBox([self.form_box, widgets.HBox([self.save_edit, self.cancel])], layout=widgets.Layout(display="none"))
        self.widget = widgets.VBox([
            widgets.HTML(f"<h4>{escape(tr('ui.msel.title', lang))}</h4>"), self.mode_line, self.table,
            widgets.HBox([self.picker, self.edit_button, self.delete_button]),
            widgets.HBox([self.move_to, self.move_button, self.new_button]),
            self.editing_box,
            widgets.HBox([self.file_name, self.overwrite, self.save_button]),
            self.message,
        ])
        self.widget.add_class("msel-editor")
        self._quiet = False  # set while this editor itself changes the header's scenario list
        console.scenario_picker.observe(lambda _c: self.refresh() if self.session is None and not self._quiet else None, names="value")
        self.refresh()

    # -- what is being edited ----------------------------------------------------------------

    @property
    def session(self):
        s = self.console.session
        return s if s is not None and not s.ended else None

    @property
    def scenario(self):
        return self.session.scenario if self.session is not None else self.draft

    def injects(self) -> tuple:
        return self.session.msel() if self.session is not None else (self.draft.injects if self.draft is not None else ())

    def editable(self, inject_id: str) -> bool:
        return self.session.world.injects.is_pending(inject_id) if self.session is not None else True

    def _load_draft(self) -> None:
        """Before a drill: the scenario picked in the console's header, as loaded (edits start again on another pick)."""
        path = self.console.scenario_picker.value
        if path == self._draft_path:
            return
        self._draft_path, self.draft, self._source = path, None, ""
        if not path:
            return
        scenario = self.console._scenario(path)  # the console's cache of loaded scenarios
        if isinstance(scenario, ScenarioError):
            self.message.value = _red(scenario.render(self.lang))
            return
        raw, _name = read_source(path)
        self.draft, self._source = scenario, raw.decode("utf-8-sig")
        self.file_name.value = f"{Path(path).stem}_msel.yaml"

    def refresh(self) -> None:
        """Show the MSEL as it is now (the console calls this when the tab opens and after every move)."""
        lang = self.lang
        if self.session is None:
            self._load_draft()
            self.mode_line.value = f"<i>{escape(tr('ui.msel.before_drill', lang))}</i>"
        else:
            self.mode_line.value = f"<i>{escape(tr('ui.msel.during_drill', lang))}</i>"
            if not self.file_name.value:
                self.file_name.value = f"{self.session.scenario.meta.id}_msel.yaml"
        injects = self.injects()
        self.table.value = self._table(injects) if self.session is None else ""  # during a drill the console's plan table shows it
        options = [(f"{clock(i.time)} · {text(i.text, lang)[:60]}", i.id) for i in injects]
        value = self.picker.value
        self.picker.options = options
        ids = [v for _, v in options]
        self.picker.value = value if value in ids else next((v for v in ids if self.editable(v)), ids[0] if ids else None)
        if self.scenario is not None:
            self.move_to.max = self.scenario.meta.horizon
        self._picked()

    def _status(self, inject) -> str:
        lang, session = self.lang, self.session
        if session is None:
            return tr("ui.msel.status.planned", lang)
        schedule = session.world.injects
        if inject.id in schedule.played:
            return tr("ui.msel.status.played", lang, time=clock(schedule.played[inject.id]))
        if not schedule.is_pending(inject.id):
            return tr("ui.msel.status.lapsed", lang)
        if inject.condition is not None:
            return tr("ui.msel.status.waiting", lang, condition=tr("condition." + inject.condition.kind, lang))
        return tr("ui.msel.status.planned", lang)

    def _table(self, injects) -> str:
        lang = self.lang
        if not injects:
            return f"<p>{escape(tr('ui.msel.empty', lang))}</p>"
        head = "".join(f"<th>{escape(tr(f'ui.msel.col.{c}', lang))}</th>" for c in ("time", "text", "effect", "status"))
        rows = []
        for i in injects:
            kind = i.effect.type if i.effect is not None else (i.category or "note")
            label = tr(f"effect.{kind}", lang) if i.effect is not None or kind == "note" else tr(f"category.{kind}", lang)
            rows.append(f"<tr><td><code>{clock(i.time)}</code></td><td>{escape(text(i.text, lang))}</td><td>{escape(label)}</td><td>{escape(self._status(i))}</td></tr>")
        return f'<div class="msel-list" style="max-height:16em;overflow-y:auto"><table><tr>{head}</tr>{"".join(rows)}</table></div>'

    def _picked(self) -> None:
        inject_id = self.picker.value
        editable = inject_id is not None and self.editable(inject_id)
        for button in (self.edit_button, self.delete_button, self.move_button):
            button.disabled = not editable
        current = next((i for i in self.injects() if i.id == inject_id), None)
        if current is not None:
            self.move_to.value = current.time

    # -- the form -------------------------------------------------------------------------------------

    def _form(self) -> InjectEditor | None:
        if self.scenario is None:
            return None
        if self.editor is None or self.editor.scenario is not self.scenario:
            self.editor = InjectEditor(self.lang, self.scenario)
            self.form_box.children = [self.editor.widget]
        self.editor.set_injects(self.injects())
        return self.editor

    def new(self) -> None:
        form = self._form()
        if form is None:
            return
        taken = {i.id for i in self.injects()} | (self.session.taken_ids() if self.session is not None else set())
        n = 1
        while f"inject_{n}" in taken:
            n += 1
        form.reset(f"inject_{n}", round(self.session.now, 1) if self.session is not None else 0)
        self._editing = None
        self.editing_box.layout.display = None

    def edit(self, inject_id: str | None) -> None:
        form = self._form()
        inject = next((i for i in self.injects() if i.id == inject_id), None)
        if form is None or inject is None:
            return
        form.load(inject)
        self._editing = inject_id
        self.editing_box.layout.display = None

    def close_form(self) -> None:
        self.editing_box.layout.display = "none"
        self._editing = None

    def save_form(self) -> bool:
        """Add the new inject or save the edit, checked by the scenario rules; problems beside their fields."""
        form = self.editor
        if form is None:
            return False
        yaml_text = form.yaml()
        try:
            if self.session is not None:
                done = self._live(lambda s: s.add_inject(yaml_text) if self._editing is None else s.edit_inject(self._editing, yaml_text))
            else:
                self.draft = add_planned(self.draft, yaml_text) if self._editing is None else replace_planned(self.draft, yaml_text, self._editing)
                done = True
        except ScenarioError as exc:
            form.show_problems(exc)
            self.message.value = _red(tr("ui.inject.fix_fields", self.lang))
            return False
        if done:
            self.close_form()
            self.message.value = _green(tr("ui.msel.changed", self.lang))
        self.refresh()
        return done

    # -- delete and move ----------------------------------------------------------------------------------

    def delete(self, inject_id: str | None) -> None:
        if inject_id is None:
            return
        self._change(lambda s: s.delete_inject(inject_id), lambda sc: delete_planned(sc, inject_id))

    def move(self, inject_id: str | None, minute: float) -> None:
        inject = next((i for i in self.injects() if i.id == inject_id), None)
        if inject is None:
            return
        moved = inject_yaml({**inject_data(inject), "time": float(minute)})
        self._change(lambda s: s.edit_inject(inject_id, moved), lambda sc: move_planned(sc, inject_id, minute))

    def _change(self, live, draft) -> None:
        try:
            if self.session is not None:
                done = self._live(live)
            else:
                self.draft = draft(self.draft)
                done = True
        except ScenarioError as exc:
            self.message.value = _red(exc.render(self.lang))
            return
        if done:
            self.message.value = _green(tr("ui.msel.changed", self.lang))
        self.refresh()

    def _live(self, change) -> bool:
        """Make a recorded change on the drill through the console (so a refused store write is said); True when accepted."""
        session, outcome = self.console.session, None

        def move():
            nonlocal outcome
            outcome = change(self.console.session)

        if not self.console._guarded(move, "ui.drill.inject_not_saved"):
            self.message.value = self.console.message.value
            return False
        if outcome is None:
            return False
        if not outcome.accepted:
            self.message.value = _red(refusal_text(session.scenario, outcome.reason, outcome.params, self.lang))
            return False
        return True

    # -- saving to a file ------------------------------------------------------------------------------------

    def save_file(self):
        """Write the MSEL into a scenario file in the console's scenario folder; it must validate, or nothing is written."""
        name = self.file_name.value.strip()
        if not name:
            return None
        if not name.endswith((".yaml", ".yml")):
            name += ".yaml"
        path = self.console.scenarios_dir / Path(name).name
        if self.session is not None:
            source = self.console.store.get(self.session.sink.session_id).scenario_text
        else:
            source = self._source
        try:
            save_msel(path, source, tuple(self.injects()), overwrite=self.overwrite.value)
        except ScenarioError as exc:
            self.message.value = _red(exc.render(self.lang))
            return None
        picker = self.console.scenario_picker
        chosen, self._quiet = picker.value, True
        try:
            self.console._scenarios.pop(str(path), None)  # the console loads it afresh
            picker.options = self.console._scenario_options()  # a drill can start from it
            if chosen in [v for _, v in picker.options]:
                picker.value = chosen  # and the header keeps the scenario being edited
        finally:
            self._quiet = False
        self.message.value = _green(tr("ui.msel.saved", self.lang, count=len(self.injects()), path=path.name))
        return path
