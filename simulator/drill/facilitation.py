"""What the facilitator records besides injects: notes, corrections (undo) and changes to the MSEL.

Each is a decision-like record: committed to the store before it is played,
played at its step, and replayed there (see :mod:`simulator.drill.session`),
so a drill reopened after a crash holds the same notes, the same corrections
and the same MSEL, and gives the same event log byte for byte.

- ``note``: free text attached to a minute of the drill (any minute up to
  now). It changes nothing in the model; it is listed in the feed and in the
  decision export. A note may be written after the drill ended (the debrief).
- ``undo``: a correction of an earlier decision (see :mod:`simulator.drill.corrections`).
- ``change_inject``: edit, move or delete an inject not played yet (see
  :mod:`simulator.drill.msel`).
"""

from __future__ import annotations

from simulator.i18n import tr
from simulator.models.decisions import DecisionRejected

NOTE = "note"
UNDO = "undo"
CHANGE_INJECT = "change_inject"
SESSION_ACTIONS = (NOTE, UNDO, CHANGE_INJECT)
MAX_NOTE_CHARS = 4000


def check_note(args: dict, now: float) -> None:
    text = args.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DecisionRejected("note_empty")
    if len(text) > MAX_NOTE_CHARS:
        raise DecisionRejected("note_too_long", limit=MAX_NOTE_CHARS)
    try:
        minute = float(args.get("minute"))
    except (TypeError, ValueError):
        raise DecisionRejected("note_minute", minute=args.get("minute"), now=round(now, 1)) from None
    if not 0 <= minute <= now:
        raise DecisionRejected("note_minute", minute=args.get("minute"), now=round(now, 1))


def describe(action: str, args: dict, inject_text, lang: str | None = None) -> str:
    """A note, a correction or an MSEL change in words for the decision log.

    ``inject_text(id)`` gives an inject's text in ``lang`` (injects have no other name).
    """
    if action == NOTE:
        minute = args.get("minute")
        when = f"T+{int(minute) // 60:02d}:{int(minute) % 60:02d} " if isinstance(minute, (int, float)) else ""
        return f"{when}{args.get('text', '')}"
    if action == UNDO:
        return tr("log.undo_of", lang, seq=args.get("seq", ""))
    inject_id = args.get("inject_id") or (args.get("inject") or {}).get("id", "")
    if args.get("op") == "delete":
        return tr("log.inject_deleted", lang, inject=inject_text(inject_id))
    minute = (args.get("inject") or {}).get("time", 0)
    return tr("log.inject_edited", lang, inject=inject_text(inject_id), when=f"T+{int(minute) // 60:02d}:{int(minute) % 60:02d}")
