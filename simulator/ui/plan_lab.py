"""The plan lab: pick a scenario and plans, run seeded replications, read the verdicts.

    lab = PlanLab("../scenarios", lang="zh")
    lab.select("urban_rainstorm", ["stock_at_city", "stock_at_townships"])
    lab                 # the widgets in a notebook
    lab.run()           # what the Run button does

Plans are the YAML files of ``<scenarios>/plans`` written for the chosen
scenario (or for any). The baseline (the scenario as it is) can join as a
plan. Results show as each plan's spread of one KPI, the paired differences
against the first plan with their intervals, and a verdict per KPI.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from simulator.experiments.kpis import KPI_DIRECTIONS
from simulator.experiments.study import Study, prepare_plans, run_study
from simulator.i18n import resolve_lang, text, tr
from simulator.report.comparison import means_frame, verdict_frame
from simulator.scenario import Scenario, ScenarioError, load_scenario
from simulator.scenario.variants import Plan, baseline_plan, load_plan
from simulator.ui.live_figure import LiveFigure
from simulator.viz.experiments import (
    kpi_distribution,
    kpi_label,
    paired_difference_chart,
)

UI_EXECUTORS = ("serial", "process")


class PlanLab:
    def __init__(
        self,
        scenarios_dir: str | Path = "scenarios",
        plans_dir: str | Path | None = None,
        lang: str | None = None,
        replications: int = 10,
        seed: int | None = None,
        executor: str = "serial",
    ):
        self.lang = resolve_lang(lang)
        self.scenarios_dir = Path(scenarios_dir)
        self.plans_dir = Path(plans_dir) if plans_dir is not None else self.scenarios_dir / "plans"
        self.study: Study | None = None
        self.summary = None
        self._names: dict[str, str] = {}
        self._loaded: dict[str, Scenario | ScenarioError] = {}
        lang = self.lang
        style = {"description_width": "9em"}
        wide = widgets.Layout(width="36em")

        self.scenario_picker = widgets.Dropdown(options=self._scenario_options(), description=tr("ui.lab.scenario", lang), style=style, layout=wide)
        self.plan_picker = widgets.SelectMultiple(options=[], rows=5, description=tr("ui.lab.plans", lang), style=style, layout=wide)
        self.include_baseline = widgets.Checkbox(value=True, description=tr("ui.lab.include_baseline", lang), style=style)
        self.replications = widgets.BoundedIntText(value=replications, min=2, max=1000, description=tr("ui.lab.replications", lang), style=style)
        self.seed = widgets.IntText(value=0, description=tr("ui.lab.seed", lang), style=style)
        self.executor = widgets.Dropdown(options=[(tr(f"ui.lab.executor.{k}", lang), k) for k in UI_EXECUTORS], value=executor, description=tr("ui.lab.executor", lang), style=style)
        self.kpi_picker = widgets.Dropdown(options=[(kpi_label(k, lang), k) for k in KPI_DIRECTIONS], value="report_latency_mean", description=tr("ui.lab.kpi", lang), style=style, layout=wide)
        self.run_button = widgets.Button(description=tr("ui.lab.run", lang), button_style="primary", icon="play")
        self.progress = widgets.IntProgress(value=0, min=0, max=1, layout=widgets.Layout(width="24em"))
        self.status = widgets.HTML()
        self.means = widgets.HTML()
        self.verdicts = widgets.HTML()
        self.figures = widgets.VBox([])

        self.scenario_picker.observe(self._on_scenario, names="value")
        self.kpi_picker.observe(lambda _change: self._draw(), names="value")
        self.run_button.on_click(lambda _button: self.run())
        self._on_scenario()
        if seed is not None:
            self.seed.value = seed

        self.widget = widgets.VBox([
            widgets.HTML(f"<h3>{escape(tr('ui.lab.title', lang))}</h3>"),
            self.scenario_picker,
            self.plan_picker,
            self.include_baseline,
            widgets.HBox([self.replications, self.seed]),
            self.executor,
            widgets.HBox([self.run_button, self.progress]),
            self.status,
            self.kpi_picker,
            self.figures,
            self.means,
            self.verdicts,
        ])

    # ------------------------------------------------------------ choices

    def _scenario_options(self) -> list[tuple[str, str]]:
        options = []
        for path in sorted(self.scenarios_dir.glob("*.yaml")):
            scenario = self._scenario(str(path))
            label = path.name if isinstance(scenario, ScenarioError) else f"{text(scenario.meta.title, self.lang)} ({path.name})"
            options.append((label, str(path)))
        return options

    def _plan_options(self, scenario_id: str | None) -> list[tuple[str, str]]:
        options = []
        for path in sorted(self.plans_dir.glob("*.yaml")) if self.plans_dir.is_dir() else []:
            try:
                plan = load_plan(path)
            except ScenarioError:
                options.append((f"{path.name} ({tr('ui.lab.broken', self.lang)})", str(path)))
                continue
            if plan.scenario_id in (None, scenario_id):
                options.append((f"{plan.label(self.lang)} ({plan.id})", str(path)))
        return options

    def _on_scenario(self, _change=None) -> None:
        path = self.scenario_picker.value
        scenario_id = None
        scenario = self._scenario(path) if path else None
        if isinstance(scenario, Scenario):
            scenario_id = scenario.meta.id
            self.seed.value = scenario.meta.seed
        self.plan_picker.options = self._plan_options(scenario_id)
        self.plan_picker.value = ()

    def _scenario(self, path: str) -> Scenario | ScenarioError:
        """The scenario at ``path``, loaded once (or the error it gave)."""
        if path not in self._loaded:
            try:
                self._loaded[path] = load_scenario(path)
            except ScenarioError as exc:
                self._loaded[path] = exc
        return self._loaded[path]

    def select(self, scenario: str, plans: list[str] = (), kpi: str | None = None) -> "PlanLab":
        """Choose a scenario (file name or stem) and plans (ids or file stems) as the widgets would."""
        for _label, path in self.scenario_picker.options:
            if Path(path).stem == scenario or Path(path).name == scenario:
                self.scenario_picker.value = path
                break
        chosen = []
        for label, path in self.plan_picker.options:
            if Path(path).stem in plans or any(label.endswith(f"({p})") for p in plans):
                chosen.append(path)
        self.plan_picker.value = tuple(chosen)
        if kpi is not None:
            self.kpi_picker.value = kpi
        return self

    # ------------------------------------------------------------ running

    def _plans(self) -> list[Plan]:
        plans = [load_plan(path) for path in self.plan_picker.value]
        if self.include_baseline.value or not plans:
            plans.insert(0, baseline_plan())
        return plans

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.max = max(total, 1)
        self.progress.value = done

    def run(self) -> Study | None:
        """Run the chosen study; problems with plan files show in ``status``."""
        lang = self.lang
        self.status.value = escape(tr("ui.lab.running", lang))
        try:
            self._loaded.pop(self.scenario_picker.value, None)  # pick up edits to the file
            scenario = self._scenario(self.scenario_picker.value)
            if isinstance(scenario, ScenarioError):
                raise scenario
            prepared = prepare_plans(scenario, self._plans())
        except ScenarioError as exc:
            self.status.value = f'<pre style="color:#c62828;white-space:pre-wrap">{escape(exc.render(lang))}</pre>'
            return None
        self.run_button.disabled = True
        try:
            study = run_study(scenario, prepared, self.replications.value, self.seed.value, self.executor.value, on_progress=self._on_progress, lang=lang)
        finally:
            self.run_button.disabled = False
        self.study = study
        self.summary = study.summary()
        self._names = {p.id: text(p.plan.name, lang) for p in prepared}
        failed = int((study.results["error"] != "").sum())
        message = tr("ui.lab.done", lang, runs=len(study.results), plans=len(prepared), replications=self.replications.value)
        if failed:
            message += " " + tr("ui.lab.failed", lang, count=failed)
        self.status.value = escape(message)
        self.means.value = f"<h4>{escape(tr('cmp.means', lang))}</h4>" + self.means_table().to_html(index=False, escape=True)
        verdicts = self.verdict_table()
        self.verdicts.value = f"<h4>{escape(tr('cmp.verdicts', lang))}</h4>" + (verdicts.to_html(index=False, escape=True) if len(verdicts) else escape(tr("cmp.single_plan", lang)))
        self._draw()
        return study

    # ------------------------------------------------------------ results

    def distribution_figure(self, kpi: str | None = None):
        return kpi_distribution(self.study.results, kpi or self.kpi_picker.value, self._names, self.lang)

    def difference_figure(self, kpi: str | None = None):
        return paired_difference_chart(self.summary.differences, kpi or self.kpi_picker.value, self._names, self.lang)

    def means_table(self) -> pd.DataFrame:
        return means_frame(self.summary, self._names, self.lang)

    def verdict_table(self) -> pd.DataFrame:
        return verdict_frame(self.summary, self._names, self.lang)

    def _draw(self) -> None:
        if self.study is None:
            return
        figures = [LiveFigure(self.distribution_figure())]
        if len(self.summary.plan_ids) > 1:
            figures.append(LiveFigure(self.difference_figure()))
        self.figures.children = tuple(figures)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
