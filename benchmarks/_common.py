"""Shared by the benchmark scripts: result lines, paths, a clean timer.

Every figure with a target prints on its own line as

    NAME: VALUE UNIT (target OP X) PASS|FAIL

and context (what was measured, with what) on lines starting with ``#``,
so ``grep -v '^#'`` leaves the figures alone.
"""

from __future__ import annotations

import gc
import operator
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
if str(ROOT) not in sys.path:  # runnable as ``python benchmarks/<name>.py`` without installing
    sys.path.insert(0, str(ROOT))

_OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt}


def figure(name: str, value: float, unit: str, op: str, target: float, digits: int = 3) -> bool:
    """Print one figure against its target; returns whether it passes."""
    ok = _OPS[op](value, target)
    print(f"{name}: {value:.{digits}g} {unit} (target {op} {target:g}) {'PASS' if ok else 'FAIL'}", flush=True)
    return ok


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    """Wall seconds of one call, with the garbage collector's debt paid first."""
    gc.collect()
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def median(values) -> float:
    return statistics.median(values)


def machine() -> str:
    import platform

    return f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"
