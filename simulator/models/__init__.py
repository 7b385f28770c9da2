"""Domain processes: geography, incidents, command chain, teams, logistics."""

from simulator.models.run import RunResult, simulate
from simulator.models.world import World

__all__ = ["RunResult", "World", "simulate"]
