"""The facilitator console of a tabletop drill, for the room's projector (Voila) and for JupyterLab.

    console = DrillConsole("../scenarios", lang="zh")
    console                       # the widgets in a notebook or a Voila page
    console.start("urban_rainstorm")   # what "Start a new drill" does
    console.step_button.click()        # what the room sees when the facilitator steps

One 1920x1080 screen, no page scrolling (:mod:`simulator.ui.console_style`):
a header to start or open a drill; the big clock (T+hh:mm, the drill's
phase, running or paused, a labelled Run/Pause); the inject plan on a time
line; the status line; KPI cards; then the map, the inject feed and a side
panel (decisions, unplanned injects, seats, the decision log). The detail
views (inject plan, command chain, team Gantt, supplies, score card, past
drills and exports) are tabs.

Every move and decision is written to the drill store (SQLite, see
:mod:`simulator.drill.store`) as it happens. Voila starts a kernel per page
load, so the store, not a kernel, is what viewers share: the room's screen
opens the same drill and follows it, catching up from the store on a timer,
and a console whose kernel died reopens the drill where it was.

Real time is a ``widgets.Play`` timer in the browser; each tick advances the
session by a fixed number of simulated minutes. The session itself only
moves when told, so it stays deterministic.

The status line says what the last action came to; it is cleared once the
drill has moved on from where it was said (a stale "Stopped at ..." would
mislead the room). When the store refuses a write (locked by another
program, disk full, read-only) it says why and what to do; the drill stays
as the store has it, and the decision form keeps its choices so the
facilitator can press Decide again.
"""

from __future__ import annotations

import importlib
import threading
from html import escape
from pathlib import Path

import ipywidgets as widgets

from simulator.drill import DrillSession, StaleSession, StepModelChanged, Store, data_dir, open_session, score, start_session, sync
from simulator.drill.faults import StoreError, StoreReadOnly
from simulator.engine.stepper import RunBudgetExceeded
from simulator.i18n import resolve_lang, text, tr
from simulator.scenario import ScenarioError, load_scenario
from simulator.ui.console_style import CSS, MAP_HEIGHT, MSEL_HEIGHT
from simulator.ui.drill_archive import ArchivePanel, session_label, session_title
from simulator.ui.improvement_plan import EvaluationTabs
from simulator.ui.drill_forms import DecisionForm, InjectForm
from simulator.ui.seat_panel import SeatPanel
from simulator.ui.drill_panels import clock_html, feed_html, log_html, names_of, scorecard_html
from simulator.ui.drill_views import LiveFigures, msel_rows
from simulator.ui.msel_panel import msel_table_html, next_inject_html
from simulator.ui.page_shown import PageShown
from simulator.ui.drill_notes import NotesPanel
from simulator.ui.msel_editor import MselEditor

TICK_MS = 1000
# the tabs, and the figures each one shows (kept current only while their tab is open)
TABS = ("screen", "msel", "command", "teams", "stock", "score", "drills")
TAB_FIGURES = {"screen": ("msel", "map"), "command": ("command",), "teams": ("gantt",), "stock": ("stock",)}


def _error(message: str) -> str:
    return f'<span style="color:#c62828">{escape(message)}</span>'


def _ok(message: str) -> str:
    return f'<span style="color:#1a7f37">{escape(message)}</span>'


class DrillConsole:
    def __init__(self, scenarios_dir: str | Path = "scenarios", data: str | Path | None = None, lang: str | None = None, tick_ms: int = TICK_MS):
        self.scenarios_dir = Path(scenarios_dir)
        self.data = data_dir(data)
        self.lang = resolve_lang(lang)
        self.tick_ms = tick_ms
        self.session: DrillSession | None = None
        self._store: Store | None = None
        self._scenarios: dict[str, object] = {}  # path -> Scenario or ScenarioError, loaded once
        self._said: dict[int, tuple] = {}  # id(message widget) -> the drill's place when it was said
        self.figures: LiveFigures | None = None
        self._retired: list[LiveFigures] = []  # the figures of the languages before, closed once the drill moves
        self._built_at: tuple | None = None
        self.view = widgets.VBox()
        self.view.add_class("drill-console")
        self._build()
        # plotly's widget module takes seconds to import (nbformat, jsonschema): import it while the
        # room looks at the first paint, so the first drill's figures do not wait for it
        threading.Thread(target=importlib.import_module, args=("simulator.ui.live_figure",), daemon=True).start()

    # -- the store, opened on first use so that merely showing the console writes nothing --

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.data)
        return self._store

    def _existing_store(self) -> Store | None:
        if self._store is None:
            self._store = Store.existing(self.data)
        return self._store

    # -- building the widgets (again on a language switch) ----------------------------------

    def _build(self) -> None:
        lang = self.lang
        self._built_at = self._place()
        self._said.clear()  # the message widgets are made anew
        self._build_header(lang)
        self._build_clock(lang)
        self._build_panels(lang)
        self._assemble(lang)
        self._on_scenario()
        self.refresh_sessions()
        self.refresh()

    def _build_header(self, lang: str) -> None:
        style = {"description_width": "initial"}
        self.lang_toggle = widgets.ToggleButtons(options=[("English", "en"), ("中文", "zh")], value=lang, style={"button_width": "5em"})
        self.lang_toggle.add_class("drill-lang")
        self.lang_toggle.observe(lambda c: self.set_lang(c["new"]), names="value")
        self.scenario_picker = widgets.Dropdown(options=self._scenario_options(), description=tr("ui.lab.scenario", lang), style=style, layout=widgets.Layout(width="24em"))
        self.seed = widgets.IntText(value=0, description=tr("ui.cmd.seed", lang), style=style, layout=widgets.Layout(width="12em"))
        self.new_button = widgets.Button(description=tr("ui.drill.new", lang), button_style="primary", icon="play-circle", layout=widgets.Layout(width="auto"))
        self.session_picker = widgets.Dropdown(options=[], description=tr("ui.drill.past", lang), style=style, layout=widgets.Layout(width="30em"))
        self.open_button = widgets.Button(description=tr("ui.drill.open", lang), icon="folder-open", layout=widgets.Layout(width="auto"))
        self.session_status = widgets.HTML()
        # a page opened long after the console was built (Voila's pre-heated kernel) lists the drills as they are now
        self.page_shown = PageShown(self.refresh_sessions)
        for name in ("scenario_picker", "new_button", "session_picker", "open_button", "session_status"):
            getattr(self, name).add_class("drill-" + name.replace("_", "-"))
        self.scenario_picker.observe(lambda _c: self._on_scenario(), names="value")
        self.new_button.on_click(lambda _b: self.start())
        self.open_button.on_click(lambda _b: self.open(self.session_picker.value))

    def _build_clock(self, lang: str) -> None:
        style = {"description_width": "initial"}
        self.clock = widgets.HTML()
        self.next_inject = widgets.HTML()
        self.realtime = widgets.ToggleButton(value=False, description=tr("console.run", lang), icon="play", button_style="success", layout=widgets.Layout(width="9em"))
        self.step_button = widgets.Button(description=tr("ui.drill.step", lang), icon="step-forward", tooltip=tr("ui.drill.step_tip", lang), layout=widgets.Layout(width="auto"))
        self.jump_to = widgets.BoundedFloatText(value=0, min=0, max=1e6, description=tr("ui.drill.jump_to", lang), style=style, layout=widgets.Layout(width="14em"))
        self.jump_button = widgets.Button(description=tr("ui.drill.jump", lang), icon="fast-forward", layout=widgets.Layout(width="auto"))
        self.speed = widgets.BoundedFloatText(value=5, min=0.1, max=600, step=0.5, description=tr("ui.drill.speed", lang), style=style, layout=widgets.Layout(width="14em"))
        self.pause_at_points = widgets.Checkbox(value=True, description=tr("ui.drill.pause_at_points", lang), indent=False, layout=widgets.Layout(width="auto"))
        self.follow = widgets.Checkbox(value=False, description=tr("ui.drill.follow", lang), indent=False, layout=widgets.Layout(width="auto"))
        self.timer = widgets.Play(value=0, min=0, max=10**9, step=1, interval=self.tick_ms, layout=widgets.Layout(display="none"))
        self.message = widgets.HTML()
        for name in ("clock", "next_inject", "step_button", "jump_to", "jump_button", "realtime", "follow", "message"):
            getattr(self, name).add_class("drill-" + name.replace("_", "-"))
        self.step_button.on_click(lambda _b: self.step())
        self.jump_button.on_click(lambda _b: self.jump(self.jump_to.value))
        self.realtime.observe(lambda c: self._on_realtime(c["new"]), names="value")
        self.follow.observe(lambda c: self._on_follow(c["new"]), names="value")
        self.timer.observe(lambda _c: self.tick(), names="value")

    def _build_panels(self, lang: str) -> None:
        self.feed = widgets.HTML()
        self.log = widgets.HTML()
        self.feed.add_class("drill-feed-box")
        self.log.add_class("drill-log-box")
        self.decision_form = DecisionForm(lang, self.decide)
        self.inject_form = InjectForm(lang, self.add_inject)
        # A language switch draws new figures. The old ones are closed at the next refresh, once the
        # page has taken their views away: closed at once, their views' last messages fail in the page.
        # (Redrawing the same figures in the new language fails in plotly's front end: their views are
        # made again in the new layout from a stale state.)
        if self.figures is not None:
            self._retired.append(self.figures)
        self.figures = LiveFigures({"map": MAP_HEIGHT, "msel": MSEL_HEIGHT})
        self.score_button = widgets.Button(description=tr("ui.drill.score", lang), icon="trophy")
        self.scorecard = widgets.HTML()
        self.score_button.on_click(lambda _b: self.show_score())
        self.msel_table = widgets.HTML()
        self.archive = ArchivePanel(self)
        # Places other panels plug into (build them here, before _assemble):
        # - seat_slot: the facilitator's view of seats' pending decisions (side panel, "Seats" tab)
        # - msel_slot: the inject-plan editor, under the plan's table (tab "Inject plan")
        # - extra_tabs: more detail tabs, (title, widget), after the built-in ones (an evaluator's panel)
        self.seat_panel = SeatPanel(self)  # seats' decisions waiting for the next step, with hold and release
        self.seat_slot = widgets.VBox([self.seat_panel.widget])
        self.msel_editor = MselEditor(self)  # issue 13: the inject-plan editor
        self.msel_slot = widgets.VBox([self.msel_editor.widget])
        self.notes_panel = NotesPanel(self)  # notes and undo, above the decision log
        self.extra_tabs: list[tuple[str, widgets.Widget]] = []
        self.evaluation = EvaluationTabs(self)  # issue 14: the evaluator's panel and the improvement plan, as extra tabs

    def _assemble(self, lang: str) -> None:
        h = lambda key: widgets.HTML(f"<h4>{escape(tr(key, lang))}</h4>")  # noqa: E731
        header = widgets.HBox(
            [widgets.HTML(f"<h3>{escape(tr('ui.drill.title', lang))}</h3>"), self.scenario_picker, self.seed, self.new_button, self.session_picker, self.open_button, self.lang_toggle, self.page_shown],
            layout=widgets.Layout(width="100%", justify_content="flex-start", grid_gap="6px"),
        )
        header.add_class("drill-header")
        controls = widgets.VBox([
            widgets.HBox([self.realtime, self.step_button]),
            widgets.HBox([self.jump_to, self.jump_button]),
            widgets.HBox([self.speed, self.pause_at_points]),
            widgets.HBox([self.follow, self.timer]),
        ], layout=widgets.Layout(width="450px", min_width="450px"))
        clock_box = widgets.VBox([self.clock, self.next_inject, self.session_status], layout=widgets.Layout(width="500px", min_width="500px", overflow="hidden"))
        msel_box = self.figures.box("msel")
        msel_box.layout.flex = "1 1 auto"
        clock_row = widgets.HBox([clock_box, controls, msel_box], layout=widgets.Layout(width="100%"))
        clock_row.add_class("drill-clock-row")

        self.side = widgets.Tab(
            children=[self.decision_form.widget, self.inject_form.widget, self.seat_slot, widgets.VBox([self.notes_panel.widget, self.log])],
            titles=[tr(k, lang) for k in ("console.side.decide", "console.side.inject", "console.side.seats", "console.side.log")],
            layout=widgets.Layout(width="34%", height=f"{MAP_HEIGHT + 10}px"),
        )
        self.side.add_class("drill-side")
        feed_panel = widgets.VBox([h("ui.drill.feed"), self.feed], layout=widgets.Layout(width="24%"))
        feed_panel.add_class("drill-panel")
        map_box = self.figures.box("map")
        map_box.layout.width = "42%"
        main_row = widgets.HBox([map_box, feed_panel, self.side], layout=widgets.Layout(width="100%", grid_gap="6px"))
        screen = widgets.VBox([clock_row, self.message, self.figures.kpis, main_row])

        details = {
            "msel": widgets.VBox([self.msel_table, self.msel_slot]),
            "command": self.figures.box("command"),
            "teams": self.figures.box("gantt"),
            "stock": self.figures.box("stock"),
            "score": widgets.VBox([self.score_button, self.scorecard]),
            "drills": self.archive.widget,
        }
        self.tabs = widgets.Tab(
            children=[screen, *details.values(), *(w for _, w in self.extra_tabs)],
            titles=[tr(f"console.tab.{t}", lang) for t in TABS] + [title for title, _ in self.extra_tabs],
        )
        self.tabs.add_class("drill-tabs")
        self.tabs.observe(lambda _c: self._on_tab(), names="selected_index")
        self.view.children = [widgets.HTML(CSS), header, self.tabs]
        self._on_tab()

    def set_lang(self, lang: str) -> None:
        """Switch the whole console to ``lang`` (the drill goes on where it is)."""
        self.timer.playing = False  # the old timer's widget goes; its ticks must not go on
        self.lang = resolve_lang(lang)
        self._build()

    def _repr_mimebundle_(self, **kwargs):
        return self.view._repr_mimebundle_(**kwargs)

    @property
    def tab(self) -> str:
        """The tab on show: one of TABS, or an extra tab's title."""
        index = self.tabs.selected_index or 0
        return TABS[index] if index < len(TABS) else self.extra_tabs[index - len(TABS)][0]

    def _on_tab(self) -> None:
        self.figures.show(TAB_FIGURES.get(self.tab, ()))
        if self.session is not None or self.tab == "drills":
            self._refresh_tab()

    def _refresh_tab(self) -> None:
        """What only one tab shows, drawn when it is open."""
        if self.tab == "msel":
            self.msel_editor.refresh()
            self.msel_table.value = msel_table_html(msel_rows(self.session, self.lang), self.lang)
        elif self.tab == "score":
            self.show_score()
        elif self.tab == "drills":  # where each drill got to changes with every move: listed afresh when looked at
            self.refresh_sessions()

    # -- the status lines: said at a place of the drill, cleared once it moves on --------------

    def _place(self) -> tuple | None:
        s = self.session
        return None if s is None else (s.sink.session_id if s.sink else id(s), s.steps, s.now)

    def say(self, widget: widgets.HTML, html: str) -> None:
        widget.value = html
        self._said[id(widget)] = self._place()

    def _clear_stale(self) -> None:
        place = self._place()
        for widget in (self.message, self.decision_form.message, self.inject_form.message, self.archive.message):
            if widget.value and self._said.get(id(widget), place) != place:
                widget.value = ""

    # -- scenarios and sessions -------------------------------------------------------------

    def _scenario(self, path: str):
        if path not in self._scenarios:
            try:
                self._scenarios[path] = load_scenario(path)
            except ScenarioError as exc:
                self._scenarios[path] = exc
        return self._scenarios[path]

    def _scenario_options(self) -> list[tuple[str, str]]:
        options = []
        for path in sorted(self.scenarios_dir.glob("*.yaml")):
            scenario = self._scenario(str(path))
            if not isinstance(scenario, ScenarioError):
                options.append((text(scenario.meta.title, self.lang), str(path)))
        return options

    def scenario_titles(self) -> dict[str, str]:
        """Scenario id -> title in the console's language, of the scenarios it has loaded."""
        return {s.meta.id: text(s.meta.title, self.lang) for s in self._scenarios.values() if not isinstance(s, ScenarioError)}

    def _on_scenario(self) -> None:
        if self.scenario_picker.value:
            self.seed.value = self._scenario(self.scenario_picker.value).meta.seed

    def refresh_sessions(self) -> None:
        try:
            store = self._existing_store()
            infos = store.sessions() if store is not None else []
        except StoreError as exc:  # a damaged store: say so and list nothing, the console still opens
            self.say(self.message, _error(exc.message(self.lang)))
            infos = []
        titles = self.scenario_titles()
        self.session_picker.options = [(session_label(i, titles, self.lang), i.id) for i in infos]
        if self.session is not None and self.session.sink.session_id in [i.id for i in infos]:
            self.session_picker.value = self.session.sink.session_id
        self.archive.refresh(infos)

    def start(self, scenario: str | None = None, seed: int | None = None) -> DrillSession:
        """Start a new drill (``scenario``: a file stem or path; else the picker's choice)."""
        path = self.scenario_picker.value
        if scenario is not None:
            path = next((p for _, p in self.scenario_picker.options if Path(p).stem == scenario or p == scenario), scenario)
        try:
            self.session, _info = start_session(self.store, path, self.seed.value if seed is None else seed)
        except StoreError as exc:
            self.say(self.message, _error(exc.message(self.lang)))
            return self.session
        self.realtime.value = False
        self.refresh_sessions()
        self.refresh()
        self.say(self.message, _ok(tr("ui.drill.started", self.lang)))
        return self.session

    def open(self, session_id: str | None) -> DrillSession | None:
        """Reopen a stored drill where it was: its decision log replayed with its seed."""
        if not session_id:
            return None
        try:
            self.session = open_session(self.store, session_id)
        except (StepModelChanged, StoreError) as exc:  # say so, keep what is open
            self.say(self.message, _error(exc.message(self.lang)))
            return None
        self.refresh_sessions()
        self.refresh()
        self.say(self.message, _ok(tr("ui.drill.resumed", self.lang, decisions=len(self.session.outcomes))))
        return self.session

    # -- moving the clock ---------------------------------------------------------------------

    def _guarded(self, move, refused: str = "ui.drill.move_not_saved") -> bool:
        """Catch up with the store, make ``move``; False when the store refused it.

        A lost race with another console is reloaded. A refused write is said
        on the status line with ``refused``: a decision or an inject was not
        played (it is committed first), a move was, so the drill is reopened
        where the store has it.
        """
        if self.session is None:
            self.say(self.message, _error(tr("ui.drill.no_session", self.lang)))
            return False
        place = (self.session.steps, self.session.now)
        try:
            if self.store.read_only:  # view and export only: said before anything moves
                raise StoreReadOnly("store.read_only", self.store.path)
            self.session, _ = sync(self.session, self.store)
            move()
        except StaleSession:
            self.session = open_session(self.store, self.session.sink.session_id)
            self.refresh()
            self.say(self.message, _error(tr("ui.drill.stale", self.lang)))
            return True
        except StoreError as exc:
            self.realtime.value = False  # every tick would fail the same way
            problem = self._refused(exc, refused, place)
            self.refresh()
            self.say(self.message, _error(problem))
            return False
        except RunBudgetExceeded as exc:  # the session refused the step before taking it: nothing moved
            self.realtime.value = False
            self.refresh()
            self.say(self.message, _error(exc.message(self.lang)))
            return False
        self.refresh()
        return True

    def _refused(self, exc: StoreError, key: str, place: tuple) -> str:
        """The status line for a refused write; a session that moved in memory goes back to the stored place."""
        problem = exc.message(self.lang)
        if (self.session.steps, self.session.now) != place:
            try:
                self.session = open_session(self.store, self.session.sink.session_id)
            except StoreError as again:
                return again.message(self.lang)
        minute = f"{self.session.now:g}"
        return tr(key, self.lang, problem=problem, minute=minute)

    def step(self) -> None:
        """To the next inject or decision point."""
        points: list = []
        if self._guarded(lambda: points.extend(self.session.step())):
            self._report(points)

    def jump(self, minute: float) -> None:
        points: list = []
        if self._guarded(lambda: points.extend(self.session.run_until(minute, stop=self.pause_at_points.value))):
            self._report(points)

    def _report(self, points: list) -> None:
        if points:
            self.say(self.message, escape(tr("ui.drill.stopped_at", self.lang, count=len({(p.reason, p.ref) for p in points}))))

    def tick(self) -> None:
        """One beat of the timer: follow the store, or advance in real time."""
        if self.session is None:
            return
        if self.follow.value:
            try:
                self.session, changed = sync(self.session, self.store)
            except StoreError as exc:
                self.say(self.message, _error(exc.message(self.lang)))
                return
            if changed:
                self.refresh()
            return
        if not self.realtime.value:
            return
        minutes = self.speed.value * self.tick_ms / 1000
        points: list = []

        def move():
            points.extend(self.session.advance(minutes, stop=self.pause_at_points.value))
            if (points and self.pause_at_points.value) or self.session.ended:
                self.realtime.value = False

        if self._guarded(move) and not self.realtime.value:
            self._report(points)

    def _on_realtime(self, on: bool) -> None:
        if on and self.session is None:
            self.realtime.value = False
            return
        if on:
            self.follow.value = False
        # the button says what pressing it does: Run when paused, Pause when running
        self.realtime.description = tr("console.pause" if on else "console.run", self.lang)
        self.realtime.icon = "pause" if on else "play"
        self.realtime.button_style = "warning" if on else "success"
        self.timer.playing = on or self.follow.value
        if self.session is not None:
            try:
                self.store.set_status(self.session.sink.session_id, "running" if on else "paused", self.speed.value)
            except StoreError as exc:  # the room's screen cannot be told: nor can the drill be saved, so stop
                self.say(self.message, _error(exc.message(self.lang)))
                self.realtime.value = False
            self._show_clock(self._store_info())

    def _on_follow(self, on: bool) -> None:
        if on:
            self.realtime.value = False
        self.timer.playing = on

    # -- decisions ------------------------------------------------------------------------------

    def decide(self, action: str, args: dict) -> None:
        """What the decision form's button does: play the decision now and say how it went."""
        form = self.decision_form
        outcome = None

        def move():
            nonlocal outcome
            outcome = self.session.decide(action, **args)

        if not self._guarded(move, "ui.drill.decision_not_saved"):
            self.say(form.message, self.message.value)  # the form keeps its choices: Decide again retries
            return
        if outcome is None:
            return
        if outcome.accepted:
            self.say(form.message, _ok(tr("ui.drill.accepted", self.lang, action=tr("action." + action, self.lang))))
        else:
            self.say(form.message, _error(names_of(self.session, self.lang).refusal(outcome.reason, outcome.params)))

    def add_inject(self, yaml_text: str) -> None:
        form = self.inject_form
        if self.session is None:
            self.say(form.message, _error(tr("ui.drill.no_session", self.lang)))
            return
        try:
            inject = None

            def move():
                nonlocal inject
                inject = self.session.add_inject(yaml_text)

            if not self._guarded(move, "ui.drill.inject_not_saved"):
                self.say(form.message, self.message.value)  # the text stays in the box: Add inject again retries
                return
        except ScenarioError as exc:
            self.say(form.message, f'<pre style="color:#c62828;white-space:pre-wrap">{escape(exc.render(self.lang))}</pre>')
            return
        self.say(form.message, _ok(tr("ui.drill.inject_added", self.lang)))
        form.fill(self.session)

    # -- showing it -------------------------------------------------------------------------------

    def _store_info(self):
        try:
            return self.store.get(self.session.sink.session_id)
        except StoreError as exc:  # the drill is shown as this console has it; the status line says why
            self.say(self.message, _error(exc.message(self.lang)))
            return None

    def _show_clock(self, info) -> None:
        # a following screen shows what the driving console set; the driver knows its own state
        running = (info is not None and info.status == "running") if self.follow.value else self.realtime.value
        self.clock.value = clock_html(self.session, running, self.lang)

    def refresh(self) -> None:
        session, lang = self.session, self.lang
        self._clear_stale()
        if self._retired and self._built_at != self._place():
            for figures in self._retired:
                figures.close()
            self._retired = []
        self.seat_panel.refresh(force=True)
        if session is None:
            self.clock.value = clock_html(None, False, lang)
            self.session_status.value = escape(tr("ui.drill.choose", lang))
            return
        info = self._store_info()
        self._show_clock(info)
        if info is not None:
            title = session_title(info, self.scenario_titles(), lang)
            self.session_status.value = escape(tr("console.drill_line", lang, scenario=title, seed=info.seed, id=info.id))
        self.jump_to.max = session.horizon
        rows = msel_rows(session, lang)
        self.next_inject.value = next_inject_html(rows, lang)
        self.feed.value = feed_html(session, lang)
        self.log.value = log_html(session, lang)
        self.decision_form.refresh(session)
        self.inject_form.refresh(session)
        self.notes_panel.refresh()
        self.figures.update(session, lang)
        self._refresh_tab()
        self.evaluation.refresh()
        if session.ended:
            self.show_score()

    def show_score(self):
        if self.session is None:
            return None
        s = self.session
        card = score(s.scenario, s.events(), s.all_injects(), s.now)
        self.scorecard.value = scorecard_html(card, self.lang)
        return card
