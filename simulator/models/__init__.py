"""Domain processes: geography, incidents, command chain, teams, logistics."""

from simulator.models.run import STEP_MODEL, RunResult, simulate
from simulator.models.world import World

__all__ = ["STEP_MODEL", "RunResult", "World", "simulate"]
