"""Play the facilitator's session records (notes, corrections, MSEL changes) on a drill session."""

from __future__ import annotations

from simulator.drill.corrections import undo
from simulator.drill.facilitation import NOTE, UNDO, check_note
from simulator.drill.msel import change_inject


def play_session_action(session, decision) -> str:
    """Play ``decision`` (one of ``facilitation.SESSION_ACTIONS``); returns the outcome's result or raises DecisionRejected."""
    if decision.action == NOTE:
        check_note(decision.args, session.now)
        return ""
    if decision.action == UNDO:
        return undo(session, decision.args)
    return change_inject(session, decision.args)
