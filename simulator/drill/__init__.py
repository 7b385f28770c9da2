"""Tabletop drills: a session over the models, its deciders, scoring and the SQLite store.

Layered above :mod:`simulator.metrics` (a drill scores itself with the KPIs)
and below :mod:`simulator.experiments`; it never imports plotly or ipywidgets.
"""

from simulator.drill.actions import ACTIONS, ADD_INJECT, Decision, Outcome
from simulator.drill.deciders import HumanQueue, Policy, ReplayDiverged, Script, nearest_free_team
from simulator.drill.scoring import ScoreCard, score
from simulator.drill.session import DrillSession, FeedItem
from simulator.drill.store import SessionInfo, StaleSession, Store, data_dir
from simulator.drill.stored import StepModelChanged, open_session, start_session, sync

__all__ = [
    "ACTIONS",
    "ADD_INJECT",
    "Decision",
    "DrillSession",
    "FeedItem",
    "HumanQueue",
    "Outcome",
    "Policy",
    "ReplayDiverged",
    "ScoreCard",
    "Script",
    "SessionInfo",
    "StepModelChanged",
    "StaleSession",
    "Store",
    "data_dir",
    "nearest_free_team",
    "open_session",
    "score",
    "start_session",
    "sync",
]
