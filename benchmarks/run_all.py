"""Run every benchmark, one after the other, each in its own process; then list the figures.

    python benchmarks/run_all.py            # exit status 1 only if a script failed to run
    python benchmarks/run_all.py --strict   # ... or if any figure missed its target
    python benchmarks/run_all.py city_scale drill_latency   # some of them
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ("engine_overhead", "cli_run", "city_scale", "replications", "drill_latency", "console_seats", "console_first_paint", "comparison_report")


def main(argv: list[str]) -> int:
    strict = "--strict" in argv
    names = [a for a in argv if not a.startswith("--")] or list(SCRIPTS)
    unknown = [n for n in names if n not in SCRIPTS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(SCRIPTS)}", file=sys.stderr)
        return 2
    figures, broken = [], []
    for name in names:
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, str(HERE / f"{name}.py")], stdout=subprocess.PIPE, text=True, cwd=HERE.parent)
        for line in proc.stdout:
            print(line, end="", flush=True)
            if line.rstrip().endswith((" PASS", " FAIL", " (informational)")) and not line.startswith("#"):
                figures.append(line.rstrip())
        if proc.wait() != 0:
            broken.append(name)
        print(f"# {name}: {time.perf_counter() - started:.0f} s", flush=True)
    print("== figures")
    for line in figures:
        print(line)
    failed = [f for f in figures if f.endswith(" FAIL")]
    passed = [f for f in figures if f.endswith(" PASS")]
    print(f"# {len(passed)} PASS, {len(failed)} FAIL" + (f"; scripts that failed to run: {', '.join(broken)}" if broken else ""))
    return 1 if broken or (strict and failed) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
