"""``save_run`` given the caller's KPIs writes what it writes when it computes them itself.

``drillsim run`` computes the KPIs once, prints them, and hands them to
``save_run`` (they cost about 0.1 s on the flagship). A run of the tiny
scenario saved both ways gives byte-identical kpis.json and report.html.
"""

from __future__ import annotations

from simulator.metrics import analyse
from simulator.models import simulate
from simulator.report.outputs import save_run


def test_kpis_handed_in_or_computed_give_the_same_files(tiny_scenario, tmp_path):
    run = simulate(tiny_scenario)
    text = "tiny scenario text\n"
    computed = save_run(tmp_path / "computed", text, tiny_scenario, run.events, run.meta(), "en")
    handed = save_run(tmp_path / "handed", text, tiny_scenario, run.events, run.meta(), "en", analyse(tiny_scenario, run.events))
    for name in ("kpis.json", "report.html", "events.csv", "run.json", "scenario.yaml"):
        assert (tmp_path / "handed" / name).read_bytes() == (tmp_path / "computed" / name).read_bytes(), name
    html = handed.read_text(encoding="utf-8")
    assert html.count('class="plotly-graph-div"') >= 8 and html.count("plotly.js v") == 1
