"""``import simulator.cli`` stays light: the heavy libraries load inside the commands that use them.

Every ``drillsim`` command, ``--help`` included, pays for what the module
imports; pandas, plotly, dask and the importers' libraries cost seconds together.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "numpy", "scipy", "networkx", "simpy", "plotly", "dask", "distributed", "openpyxl", "pyproj", "osmium", "docx", "ipywidgets", "tqdm")


def test_importing_the_cli_loads_none_of_the_heavy_libraries():
    code = f"import json, sys, simulator.cli; print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == []


def test_the_check_sees_a_heavy_import():
    # the same probe after importing the models: it does report pandas, numpy and SimPy
    code = f"import json, sys, simulator.cli, simulator.models; print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert {"pandas", "numpy", "simpy"} <= set(json.loads(proc.stdout))


def test_the_report_tables_load_without_plotly():
    # ``drillsim analyse`` prints KPIs through report.tables: the HTML report (and plotly) load on first use
    code = "import json, sys, simulator.report.tables; before = 'plotly' in sys.modules; from simulator.report import build_report_html; print(json.dumps([before, 'plotly' in sys.modules]))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout) == [False, True]
