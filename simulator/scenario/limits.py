"""How big a scenario file may be, and how much work it may ask for.

Every limit sits far above what a real drill needs (the figures in the
comments were measured on the bundled scenarios and on the benchmark city
of :mod:`simulator.scenario.synthetic`), and far below what would hang a
run or exhaust memory. The README lists them for authors.
"""

from __future__ import annotations

# -- the text ---------------------------------------------------------------------
MAX_FILE_BYTES = 16 * 2**20  # the 1,331-place benchmark city is 0.8 MB of YAML
MAX_DEPTH = 64  # mappings and lists inside each other; scenarios nest about 8 deep
MAX_ALIAS_NODES = 100_000  # values that aliases (*name, <<: *name) may add; urban_rainstorm adds about 100
MAX_DIGITS = 40  # digits of a whole number: a 128-bit seed has 39

# -- single values ----------------------------------------------------------------
MAX_DIST_VALUE = 1e7  # any distribution parameter: minutes (19 years) or people
MAX_LOGNORMAL_CV = 10.0  # sd / mean of a lognormal; real durations stay below 3
MAX_QUANTITY = 1e9  # units of an item in one place or order
MAX_COUNT = 10_000  # duty posts of a unit, trucks of a depot
MAX_TEAMS_PER_NEED = 1_000  # teams one need (or one growth step) asks for
MAX_GROWTH_STEPS = 1_000
MAX_TRAPPED = 10_000  # people trapped at one incident, on average (each one is a draw)

# -- work over the horizon --------------------------------------------------------
MAX_HORIZON = 525_600.0  # minutes: one year
MAX_INCIDENTS = 1_000_000  # over the horizon, every source together; the benchmark city at 4x makes 40,000
MAX_ABSENCE_DRAWS = 1_000_000  # duty posts x shift changes where staff may be absent
MAX_PUBLIC_CALLS = 1_000_000  # calls from the public over the horizon, every unit together
MAX_TRUCKLOADS = 100_000  # truckloads one consignment may need

# -- the run budget (simulator/engine/stepper.py) ---------------------------------
# SimPy steps one run may take. Measured on 2026-11: the bundled scenarios take
# 1,100-7,700 steps, the validation queues 13,000-28,000, the benchmark city
# about 650,000 in 72 h and 2.6 million at 4x the incidents. At about 20
# microseconds a step, a runaway run ends in about seven minutes.
MAX_EVENTS = 20_000_000
