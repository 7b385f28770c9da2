"""Writing a plan comparison: the street study (3 plans x 30 replications), report alone.

The study is run once, as the README runs it (``drillsim experiment
scenarios/street_command.yaml --plan street_multi_head --plan street_unified
--plan street_ab_roles --replications 30``), into a temporary folder; not
timed. Then what ``drillsim experiment`` does after its runs is timed in a
fresh process, from the saved results: importing the summary and report
code (plotly included), ``summarise``, writing results/summary/differences
CSV and summary.json (``write_tables``), and writing comparison.html
(``write_comparison_report``: the answer, tables, figures). Reading the saved
results is not counted (the command has them in memory).

- ``comparison_report_wall``: the median wall seconds of 3 fresh processes
  (target <= 3 s, issue 19); CPU seconds and the page's size are notes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, SCENARIOS, figure, machine, median, note

PLANS = ("street_multi_head", "street_unified", "street_ab_roles")
ROUNDS = 3

# run in a fresh process; prints "wall cpu" seconds
_TIMED = """
import json, sys, time
from simulator.experiments.results import read_results
study = sys.argv[1]
meta = json.load(open(study + "/summary.json", encoding="utf-8"))["study"]
results = read_results(study + "/results.csv")
wall, cpu = time.perf_counter(), time.process_time()
from simulator.experiments.compare import summarise
from simulator.experiments.store import write_tables
from simulator.report.comparison import write_comparison_report
summary = summarise(results, [p["id"] for p in meta["plans"]])
write_tables(sys.argv[2], results, summary, {"study": meta})
write_comparison_report(sys.argv[2] + "/comparison.html", meta, summary, results, "zh")
print(time.perf_counter() - wall, time.process_time() - cpu)
"""


def main() -> int:
    drillsim = Path(sys.executable).with_name("drillsim")
    with tempfile.TemporaryDirectory(prefix="bench_comparison_") as tmp:
        study = Path(tmp) / "street"
        command = [str(drillsim), "experiment", str(SCENARIOS / "street_command.yaml")]
        for plan in PLANS:
            command += ["--plan", str(SCENARIOS / "plans" / f"{plan}.yaml")]
        command += ["--replications", "30", "--out", str(study), "--lang", "zh"]
        ran = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if ran.returncode != 0:
            print(ran.stderr, file=sys.stderr)
            return 1
        meta = json.loads((study / "summary.json").read_text(encoding="utf-8"))["study"]
        note(f"study: {len(meta['plans'])} plans x {meta['replications']} replications of street_command, {len(meta.get('objectives', []))} objectives")
        walls, cpus = [], []
        for r in range(ROUNDS):
            out = Path(tmp) / f"report{r}"
            out.mkdir()
            timed = subprocess.run([sys.executable, "-c", _TIMED, str(study), str(out)], cwd=ROOT, capture_output=True, text=True, check=True)
            wall, cpu = (float(v) for v in timed.stdout.split())
            walls.append(wall)
            cpus.append(cpu)
        size = (Path(tmp) / "report0" / "comparison.html").stat().st_size
        note(f"fresh processes: wall {', '.join(f'{w:.2f}' for w in walls)} s; CPU {', '.join(f'{c:.2f}' for c in cpus)} s; page {size / 1e6:.1f} MB (zh)")
        note(f"{machine()}; load average {os.getloadavg()[0]:.1f}")
    figure("comparison_report_wall", median(walls), "s", "<=", 3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
