"""The facilitator console of a tabletop drill, for JupyterLab and for the room's screen (Voila).

    console = DrillConsole("../scenarios", lang="zh")
    console                       # the widgets in a notebook or a Voila page
    console.start("urban_rainstorm")   # what "Start a new drill" does
    console.step_button.click()        # what the room sees when the facilitator steps

Every move and decision is written to the drill store (SQLite, see
:mod:`simulator.drill.store`) as it happens. Voila starts a kernel per page
load, so the store, not a kernel, is what viewers share: the room's screen
opens the same drill and follows it, catching up from the store on a timer,
and a console whose kernel died reopens the drill where it was.

Real time is a ``widgets.Play`` timer in the browser; each tick advances the
session by a fixed number of simulated minutes. The session itself only
moves when told, so it stays deterministic.

When the store refuses a write (locked by another program, disk full,
read-only) the status line says why, with the store's path and what to do;
the drill stays as the store has it, and the decision form keeps its
choices so the facilitator can press Decide again.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets

from simulator.drill import DrillSession, StaleSession, StepModelChanged, Store, data_dir, open_session, score, start_session, sync
from simulator.drill.refusals import refusal_text
from simulator.drill.faults import StoreError, StoreReadOnly
from simulator.i18n import resolve_lang, text, tr
from simulator.scenario import ScenarioError, load_scenario
from simulator.ui.drill_archive import ArchivePanel
from simulator.ui.drill_forms import DecisionForm, InjectForm
from simulator.ui.drill_views import LiveFigures, clock_html, feed_html, log_html, scorecard_html

TICK_MS = 1000


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
        self.view = widgets.VBox()
        self.view.add_class("drill-console")
        self._build()

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
        lang, style = self.lang, {"description_width": "8em"}
        self.lang_toggle = widgets.ToggleButtons(options=[("English", "en"), ("中文", "zh")], value=lang)
        self.lang_toggle.add_class("drill-lang")
        self.lang_toggle.observe(lambda c: self.set_lang(c["new"]), names="value")

        self.scenario_picker = widgets.Dropdown(options=self._scenario_options(), description=tr("ui.lab.scenario", lang), style=style, layout=widgets.Layout(width="32em"))
        self.seed = widgets.IntText(value=0, description=tr("ui.cmd.seed", lang), style=style)
        self.new_button = widgets.Button(description=tr("ui.drill.new", lang), button_style="primary", icon="play-circle")
        self.session_picker = widgets.Dropdown(options=[], description=tr("ui.drill.past", lang), style=style, layout=widgets.Layout(width="32em"))
        self.open_button = widgets.Button(description=tr("ui.drill.open", lang), icon="folder-open")
        self.session_status = widgets.HTML()
        for name in ("scenario_picker", "new_button", "session_picker", "open_button", "session_status"):
            getattr(self, name).add_class("drill-" + name.replace("_", "-"))
        self.scenario_picker.observe(lambda _c: self._on_scenario(), names="value")
        self.new_button.on_click(lambda _b: self.start())
        self.open_button.on_click(lambda _b: self.open(self.session_picker.value))

        self.clock = widgets.HTML()
        self.step_button = widgets.Button(description=tr("ui.drill.step", lang), icon="step-forward", tooltip=tr("ui.drill.step_tip", lang))
        self.jump_to = widgets.BoundedFloatText(value=0, min=0, max=1e6, description=tr("ui.drill.jump_to", lang), style=style, layout=widgets.Layout(width="16em"))
        self.jump_button = widgets.Button(description=tr("ui.drill.jump", lang), icon="fast-forward")
        self.realtime = widgets.ToggleButton(value=False, description=tr("ui.drill.realtime", lang), icon="clock-o")
        self.speed = widgets.BoundedFloatText(value=5, min=0.1, max=600, step=0.5, description=tr("ui.drill.speed", lang), style=style, layout=widgets.Layout(width="16em"))
        self.pause_at_points = widgets.Checkbox(value=True, description=tr("ui.drill.pause_at_points", lang), indent=False)
        self.follow = widgets.Checkbox(value=False, description=tr("ui.drill.follow", lang), indent=False)
        self.timer = widgets.Play(value=0, min=0, max=10**9, step=1, interval=self.tick_ms, layout=widgets.Layout(display="none"))
        self.message = widgets.HTML()
        for name in ("clock", "step_button", "jump_to", "jump_button", "realtime", "follow", "message"):
            getattr(self, name).add_class("drill-" + name.replace("_", "-"))
        self.step_button.on_click(lambda _b: self.step())
        self.jump_button.on_click(lambda _b: self.jump(self.jump_to.value))
        self.realtime.observe(lambda c: self._on_realtime(c["new"]), names="value")
        self.follow.observe(lambda c: self._on_follow(c["new"]), names="value")
        self.timer.observe(lambda _c: self.tick(), names="value")

        self.feed = widgets.HTML()
        self.log = widgets.HTML()
        self.feed.add_class("drill-feed-box")
        self.log.add_class("drill-log-box")
        self.decision_form = DecisionForm(lang, self.decide)
        self.inject_form = InjectForm(lang, self.add_inject)
        self.figures = LiveFigures()
        self.score_button = widgets.Button(description=tr("ui.drill.score", lang), icon="trophy")
        self.scorecard = widgets.HTML()
        self.score_button.on_click(lambda _b: self.show_score())
        self.archive = ArchivePanel(self)

        h = lambda key: widgets.HTML(f"<h4>{escape(tr(key, lang))}</h4>")  # noqa: E731
        session_box = widgets.VBox([
            widgets.HBox([self.scenario_picker, self.seed, self.new_button]),
            widgets.HBox([self.session_picker, self.open_button]),
            self.session_status,
        ])
        controls = widgets.VBox([
            self.clock,
            widgets.HBox([self.step_button, self.jump_to, self.jump_button]),
            widgets.HBox([self.realtime, self.speed, self.pause_at_points, self.follow, self.timer]),
            self.message,
        ])
        self.view.children = [
            widgets.HBox([widgets.HTML(f"<h3>{escape(tr('ui.drill.title', lang))}</h3>"), self.lang_toggle]),
            session_box, controls,
            widgets.HBox([widgets.VBox([h("ui.drill.feed"), self.feed], layout=widgets.Layout(width="50%")), widgets.VBox([h("ui.drill.log"), self.log], layout=widgets.Layout(width="50%"))]),
            widgets.HBox([self.decision_form.widget, self.inject_form.widget]),
            self.figures.widget,
            widgets.VBox([self.score_button, self.scorecard]),
            self.archive.widget,
        ]
        self._on_scenario()
        self.refresh_sessions()
        self.refresh()

    def set_lang(self, lang: str) -> None:
        """Switch the whole console to ``lang`` (the drill goes on where it is)."""
        self.timer.playing = False  # the old timer's widget goes; its ticks must not go on
        self.lang = resolve_lang(lang)
        self._build()

    def _repr_mimebundle_(self, **kwargs):
        return self.view._repr_mimebundle_(**kwargs)

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
                options.append((f"{text(scenario.meta.title, self.lang)} ({path.name})", str(path)))
        return options

    def _on_scenario(self) -> None:
        if self.scenario_picker.value:
            self.seed.value = self._scenario(self.scenario_picker.value).meta.seed

    def refresh_sessions(self) -> None:
        try:
            store = self._existing_store()
            infos = store.sessions() if store is not None else []
        except StoreError as exc:  # a damaged store: say so and list nothing, the console still opens
            self.message.value = _error(exc.message(self.lang))
            infos = []
        self.session_picker.options = [(f"{i.name} · {i.created[:16].replace('T', ' ')} · T+{int(i.clock) // 60:02d}:{int(i.clock) % 60:02d} · {i.id}", i.id) for i in infos]
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
            self.message.value = _error(exc.message(self.lang))
            return self.session
        self.realtime.value = False
        self.message.value = _ok(tr("ui.drill.started", self.lang))
        self.refresh_sessions()
        self.refresh()
        return self.session

    def open(self, session_id: str | None) -> DrillSession | None:
        """Reopen a stored drill where it was: its decision log replayed with its seed."""
        if not session_id:
            return None
        try:
            self.session = open_session(self.store, session_id)
        except (StepModelChanged, StoreError) as exc:  # say so, keep what is open
            self.message.value = _error(exc.message(self.lang))
            return None
        self.message.value = _ok(tr("ui.drill.resumed", self.lang, decisions=len(self.session.outcomes)))
        self.refresh_sessions()
        self.refresh()
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
            self.message.value = _error(tr("ui.drill.no_session", self.lang))
            return False
        place = (self.session.steps, self.session.now)
        try:
            if self.store.read_only:  # view and export only: said before anything moves
                raise StoreReadOnly("store.read_only", self.store.path)
            self.session, _ = sync(self.session, self.store)
            move()
        except StaleSession:
            self.session = open_session(self.store, self.session.sink.session_id)
            self.message.value = _error(tr("ui.drill.stale", self.lang))
        except StoreError as exc:
            self.realtime.value = False  # every tick would fail the same way
            self.message.value = _error(self._refused(exc, refused, place))
            self.refresh()
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
        self.message.value = ""
        self._guarded(lambda: self._report(self.session.step()))

    def jump(self, minute: float) -> None:
        self.message.value = ""
        self._guarded(lambda: self._report(self.session.run_until(minute, stop=self.pause_at_points.value)))

    def _report(self, points: list) -> None:
        if points:
            self.message.value = escape(tr("ui.drill.stopped_at", self.lang, count=len({(p.reason, p.ref) for p in points})))

    def tick(self) -> None:
        """One beat of the timer: follow the store, or advance in real time."""
        if self.session is None:
            return
        if self.follow.value:
            try:
                self.session, changed = sync(self.session, self.store)
            except StoreError as exc:
                self.message.value = _error(exc.message(self.lang))
                return
            if changed:
                self.refresh()
            return
        if not self.realtime.value:
            return
        minutes = self.speed.value * self.tick_ms / 1000

        def move():
            points = self.session.advance(minutes, stop=self.pause_at_points.value)
            if (points and self.pause_at_points.value) or self.session.ended:
                self.realtime.value = False
                self._report(points)

        self._guarded(move)

    def _on_realtime(self, on: bool) -> None:
        if on and self.session is None:
            self.realtime.value = False
            return
        if on:
            self.follow.value = False
        self.timer.playing = on or self.follow.value
        if self.session is not None:
            try:
                self.store.set_status(self.session.sink.session_id, "running" if on else "paused", self.speed.value)
            except StoreError as exc:  # the room's screen cannot be told: nor can the drill be saved, so stop
                self.message.value = _error(exc.message(self.lang))
                self.realtime.value = False

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
            form.message.value = self.message.value  # the form keeps its choices: Decide again retries
            return
        if outcome is None:
            return
        if outcome.accepted:
            form.message.value = _ok(tr("ui.drill.accepted", self.lang, action=tr("action." + action, self.lang)))
        else:
            form.message.value = _error(refusal_text(self.session.scenario, outcome.reason, outcome.params, self.lang))

    def add_inject(self, yaml_text: str) -> None:
        form = self.inject_form
        if self.session is None:
            form.message.value = _error(tr("ui.drill.no_session", self.lang))
            return
        try:
            inject = None

            def move():
                nonlocal inject
                inject = self.session.add_inject(yaml_text)

            if not self._guarded(move, "ui.drill.inject_not_saved"):
                form.message.value = self.message.value  # the text stays in the box: Add inject again retries
                return
        except ScenarioError as exc:
            form.message.value = f'<pre style="color:#c62828;white-space:pre-wrap">{escape(exc.render(self.lang))}</pre>'
            return
        form.message.value = _ok(tr("ui.drill.inject_added", self.lang))
        form.fill(self.session)

    # -- showing it -------------------------------------------------------------------------------

    def refresh(self) -> None:
        session, lang = self.session, self.lang
        if session is None:
            self.clock.value = clock_html(None, "", lang)
            self.session_status.value = escape(tr("ui.drill.choose", lang))
            return
        try:
            info = self.store.get(session.sink.session_id)
        except StoreError as exc:  # the drill is shown as this console has it; the status line says why
            info = None
            self.message.value = _error(exc.message(lang))
        # a following screen shows what the driving console set; the driver knows its own state
        running = (info is not None and info.status == "running") if self.follow.value else self.realtime.value
        self.clock.value = clock_html(session, tr("ui.drill.running" if running else "ui.drill.paused", lang), lang)
        if info is not None:
            self.session_status.value = escape(tr("ui.drill.session_line", lang, name=info.name, seed=info.seed, id=info.id))
        self.jump_to.max = session.horizon
        self.feed.value = feed_html(session, lang)
        self.log.value = log_html(session, lang)
        self.decision_form.refresh(session)
        if not self.inject_form.text.value:
            self.inject_form.fill(session)
        self.figures.update(session, lang)
        if session.ended:
            self.show_score()

    def show_score(self):
        if self.session is None:
            return None
        s = self.session
        card = score(s.scenario, s.events(), s.all_injects(), s.now)
        self.scorecard.value = scorecard_html(card, self.lang)
        return card
