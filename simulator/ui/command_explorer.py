"""The command explorer: students see the chain, follow a report up and an order
down, change the structure and watch the timings change.

    explorer = CommandExplorer(load_scenario("../scenarios/street_command.yaml"), "street_office", lang="zh")
    explorer            # the widgets in a notebook
    explorer.run()      # what the Run button does

With ``exercises_apart=True`` the exercises are left out of ``explorer`` and shown where the
notebook puts ``explorer.exercise_panel``, under its own exercises heading.

The figures are plotly FigureWidgets (``LiveFigure``) updated in place; every number shown is
read from the run's event log by simulator.metrics.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from simulator.i18n import resolve_lang, text, tr
from simulator.metrics import compute_kpis
from simulator.metrics.command import unit_load
from simulator.models import RunResult, simulate
from simulator.scenario.command import Leadership
from simulator.scenario.models import Scenario
from simulator.ui.exercises import exercises, with_unit
from simulator.ui.live_figure import LiveFigure
from simulator.viz import command_chain_graph, message_swimlanes, step_timeline
from simulator.viz.command import unit_load as messages_per_unit

SHOWN_KPIS = ("report_latency_mean", "order_latency_mean", "queue_wait_mean", "first_arrival_mean", "report_within_limit_share", "order_conflicts")


class CommandExplorer:
    def __init__(self, scenario: Scenario, unit_id: str, lang: str | None = None, seed: int | None = None, exercises_apart: bool = False):
        self.scenario = scenario
        self.unit_id = unit_id
        self.lang = lang = resolve_lang(lang)
        self.result: RunResult | None = None
        unit = scenario.unit(unit_id)
        lead = scenario.command.leadership_of(unit)
        self._multi = lead if lead.mode == "multi_head" else Leadership(mode="multi_head", leaders=2)
        style = {"description_width": "8em"}

        self.mode = widgets.ToggleButtons(
            options=[(tr("ui.cmd.unified", lang), "unified"), (tr("ui.cmd.multi_head", lang), "multi_head")],
            value=lead.mode, description=tr("ui.cmd.mode", lang), style=style,
        )
        self.staff = widgets.IntSlider(value=unit.duty_staff, min=1, max=12, description=tr("ui.cmd.staff", lang), style=style)
        self.ab_roles = widgets.Checkbox(value=unit.ab_roles, description=tr("ui.cmd.ab_roles", lang), indent=False)
        self.seed = widgets.IntText(value=scenario.meta.seed if seed is None else seed, description=tr("ui.cmd.seed", lang), style=style)
        self.run_button = widgets.Button(description=tr("ui.cmd.run", lang), button_style="primary", icon="play")
        self.follow = widgets.Dropdown(options=[], description=tr("ui.cmd.follow", lang), style=style)
        self.status = widgets.HTML()
        self.kpi_table = widgets.HTML()
        self.graph = LiveFigure(command_chain_graph(scenario, lang=lang))
        self.swimlanes = LiveFigure()
        self.steps = LiveFigure()
        self.exercise_boxes = self._exercise_widgets()
        self.exercise_panel = widgets.VBox(self.exercise_boxes)

        self.run_button.on_click(lambda _button: self.run())
        self.follow.observe(lambda change: self.show_incident(change["new"]), names="value")
        title = widgets.HTML(f"<h3>{escape(tr('ui.cmd.title', lang))}: {escape(text(unit.name, lang))}</h3>")
        controls = widgets.VBox([self.mode, self.staff, self.ab_roles, widgets.HBox([self.seed, self.run_button]), self.status])
        # the exercises' heading comes before their boxes, here or in the notebook's own markdown
        exercises_here = [] if exercises_apart else [widgets.HTML(f"<h3>{escape(tr('ui.ex.title', lang))}</h3>"), self.exercise_panel]
        self.view = widgets.VBox([title, controls, self.kpi_table, self.graph, self.follow, self.swimlanes, self.steps, *exercises_here])

    def _ipython_display_(self):  # shown when it is the last expression of a cell
        from IPython.display import display

        display(self.view)

    def variant(self) -> Scenario:
        """The scenario with the office as the controls set it."""
        leadership = Leadership() if self.mode.value == "unified" else self._multi
        return with_unit(self.scenario, self.unit_id, duty_staff=self.staff.value, ab_roles=self.ab_roles.value, leadership=leadership)

    def run(self) -> RunResult:
        scenario = self.variant()
        self.result = result = simulate(scenario, int(self.seed.value))
        events = result.events
        kpis = compute_kpis(events, scenario.meta.horizon, scenario=scenario)  # the scenario's limits judge reports still on their way
        rows = "".join(
            f"<tr><td>{escape(tr('kpi.' + name, self.lang))}</td><td style='text-align:right'>{'—' if kpis[name] is None else f'{kpis[name]:.2f}'}</td></tr>"
            for name in SHOWN_KPIS
        )
        load = unit_load(events, scenario)
        self.kpi_table.value = f"<table>{rows}</table>"
        self.status.value = escape(tr("ui.cmd.ran", self.lang, incidents=int(kpis["incidents_total"]), messages=int(load["messages"].sum())))
        fresh = command_chain_graph(scenario, load=messages_per_unit(events), lang=self.lang)
        with self.graph.batch_update():
            for trace, new in zip(self.graph.data, fresh.data):
                trace.marker = new.marker
        incidents = sorted(events.loc[events["kind"] == "command_assumed", "incident"].unique())
        self.follow.options = incidents
        if incidents:
            self.follow.value = incidents[0]
            self.show_incident(incidents[0])
        return result

    def show_incident(self, incident: str | None) -> None:
        """Redraw the swimlanes and 3+8 steps for one incident of the last run."""
        if not incident or self.result is None:
            return
        events = self.result.events
        for widget, fig in ((self.swimlanes, message_swimlanes(events, self.result.scenario, incident, self.lang)), (self.steps, step_timeline(events, incident, self.lang))):
            with widget.batch_update():
                widget.data = []
                for trace in fig.data:
                    widget.add_trace(trace)
                widget.layout = fig.layout

    def _exercise_widgets(self) -> list[widgets.Widget]:
        boxes = []
        self.exercises = exercises(self.scenario, self.unit_id, int(self.seed.value), self.lang)
        self.answers: dict[str, widgets.FloatText] = {}
        self.feedback: dict[str, widgets.HTML] = {}
        for number, ex in enumerate(self.exercises, start=1):
            answer = self.answers[ex.id] = widgets.FloatText(description=tr("ui.ex.answer", self.lang))
            feedback = self.feedback[ex.id] = widgets.HTML()
            button = widgets.Button(description=tr("ui.ex.check", self.lang))
            button.on_click(lambda _b, ex=ex: self.check(ex.id))
            boxes.append(widgets.VBox([widgets.HTML(f"<p>{number}. {escape(ex.question)}</p>"), widgets.HBox([answer, button]), feedback]))
        return boxes

    def check(self, exercise_id: str) -> bool:
        exercise = next(e for e in self.exercises if e.id == exercise_id)
        correct, message = exercise.check(self.answers[exercise_id].value, self.lang)
        self.feedback[exercise_id].value = escape(message)
        return correct
