"""Undo: a correction of an earlier decision, recorded and replayed like a decision.

Nothing is erased: the decision stays in the log, and the correction is a
record of its own (action ``undo``, argument ``seq``: the decision it
corrects), played at its step and replayed there. What undo means depends on
the decision; when it cannot be done the correction is refused, saying why:

- ``dispatch_team``, ``request_military``: the team is recalled, while it is
  still on that incident. Before its order reaches it (state *ordered*) this
  cancels the dispatch; later it turns the team round (its need waits again).
- ``recall_team``: the team is sent again to the incident it was recalled
  from, through the dispatch rules (so once it is back at base).
- ``set_response_level``: the incident's level is set back to what it was.
- ``switch_command_mode``: the unit goes back to its command mode before.
- ``add_inject``: an inject not played yet is withdrawn. A played one whose
  effect has an inverse gets the inverse played now, as a correction inject
  (a closed road reopens, a slowed road is back to normal, a channel comes
  back, a depot reopens or closes again, flying weather turns back); a new
  incident, a warning, a roll call or a message cannot be taken back. An
  ``open_road`` that left the road closed (a hazard still held it: its
  ``road_still_closed`` row) opened nothing, so it is not undone: closing
  the road under the facilitator's hand would outlast the hazard; a
  ``close_road`` inject does that on purpose.
- ``change_inject``: the inject's version before the change is put back (a
  deleted one is scheduled again), if it has not been played yet and its
  time has not passed.
- ``issue_warning`` and ``release_supplies`` cannot be undone (the warning
  has gone out, the supplies are on their way); nor can a rejected
  decision, a note or a correction. A decision is undone at most once.
"""

from __future__ import annotations

from simulator.drill.facilitation import CHANGE_INJECT, NOTE, UNDO
from simulator.drill.msel import changed_id, undone, version_before
from simulator.i18n import tr
from simulator.metrics.select import of_kind
from simulator.models.decisions import DecisionRejected
from simulator.scenario.base import Text
from simulator.scenario.drills import ChannelUp, CloseDepot, CloseRoad, Inject, OpenDepot, OpenRoad, SlowRoad, Weather

ADD_INJECT = "add_inject"
UNDOABLE = ("dispatch_team", "request_military", "recall_team", "set_response_level", "switch_command_mode", ADD_INJECT, CHANGE_INJECT)


def target_of(session, args: dict):
    """The outcome a correction with ``args`` undoes, or DecisionRejected saying why it cannot be undone."""
    try:
        seq = int(args.get("seq"))
    except (TypeError, ValueError):
        raise DecisionRejected("undo_unknown", seq=args.get("seq")) from None
    outcomes = session.outcomes
    if not 0 <= seq < len(outcomes):
        raise DecisionRejected("undo_unknown", seq=seq)
    target = outcomes[seq]
    action = target.decision.action
    if action in (NOTE, UNDO):
        raise DecisionRejected("undo_nothing")
    if not target.accepted:
        raise DecisionRejected("undo_refused_decision")
    if action == "issue_warning":
        raise DecisionRejected("undo_warning")
    if action == "release_supplies":
        raise DecisionRejected("undo_supplies")
    if action not in UNDOABLE:
        raise DecisionRejected("undo_nothing")
    if any(o.accepted and o.decision.action == UNDO and _seq(o.decision.args) == seq for o in outcomes):
        raise DecisionRejected("undo_twice")
    return target


def _seq(args: dict) -> int | None:
    try:
        return int(args.get("seq"))
    except (TypeError, ValueError):
        return None


def undo(session, args: dict) -> str:
    """Play the correction of decision ``args["seq"]``; returns what it did (``action:ref``)."""
    target = target_of(session, args)
    d = target.decision
    world = session.world
    if d.action in ("dispatch_team", "request_military"):
        team, incident = d.args["team"], d.args["incident"]
        active = world.teams.active.get(team)
        if active is None or active[1].incident.id != incident:
            raise DecisionRejected("undo_team_moved_on", team=team)
        world.decisions.recall_team(team)
        return f"recall_team:{team}"
    if d.action == "recall_team":
        row = _logged(session, target, "recall_team", "team")
        world.decisions.dispatch_team(d.args["team"], row["incident"])
        return f"dispatch_team:{d.args['team']}"
    if d.action == "set_response_level":
        row = _logged(session, target, "set_response_level", "incident")
        return "set_response_level:" + world.decisions.set_response_level(d.args["incident"], row["detail"])
    if d.action == "switch_command_mode":
        unit = d.args["unit"]
        world.decisions.switch_command_mode(unit, _mode_before(session, target.seq, unit))
        return f"switch_command_mode:{unit}"
    if d.action == ADD_INJECT:
        return _undo_inject(session, target.seq, Inject.model_validate(d.args["inject"]))
    return _undo_change(session, target.seq, d.args)


def _logged(session, target, action: str, key: str):
    """The ``decision`` row the target decision left in the event log (the k-th of its kind, key and minute)."""
    d = target.decision
    same = [o for o in session.outcomes[: target.seq] if o.accepted and o.decision.action == action and o.decision.time == d.time and o.decision.args.get(key) == d.args.get(key)]
    rows = of_kind(session.events(), "decision")
    rows = rows[(rows["entity"] == action) & (rows["time"] == d.time) & (rows[key] == d.args.get(key))]
    return rows.iloc[len(same)]


def _mode_before(session, seq: int, unit: str) -> str:
    for o in reversed(session.outcomes[:seq]):
        if o.accepted and o.decision.action == "switch_command_mode" and o.decision.args.get("unit") == unit:
            return o.decision.args["mode"]
    return session.scenario.command.leadership_of(session.scenario.unit(unit)).mode


def inverse_effect(effect):
    """The effect that takes ``effect`` back, or None when nothing can."""
    t = None if effect is None else effect.type
    if t in ("close_road", "open_road"):
        return (OpenRoad if t == "close_road" else CloseRoad)(type="open_road" if t == "close_road" else "close_road", source=effect.source, target=effect.target)
    if t == "slow_road":
        return SlowRoad(type="slow_road", source=effect.source, target=effect.target, factor=1)
    if t == "channel_down":
        return ChannelUp(type="channel_up", channel=effect.channel)
    if t in ("close_depot", "open_depot"):
        return (OpenDepot if t == "close_depot" else CloseDepot)(type="open_depot" if t == "close_depot" else "close_depot", depot=effect.depot)
    if t == "weather":
        return Weather(type="weather", flyable=not effect.flyable)
    return None


def _undo_inject(session, seq: int, inject: Inject) -> str:
    schedule = session.world.injects
    if schedule.is_pending(inject.id):
        schedule.withdraw(inject.id)
        return f"withdrawn:{inject.id}"
    if inject.id not in schedule.played:
        raise DecisionRejected("undo_inject_gone", inject=inject.id)
    effect = inverse_effect(inject.effect)
    if effect is None:
        raise DecisionRejected("undo_inject_played", inject=inject.id)
    if inject.effect.type == "open_road" and _left_closed(session, inject.id):
        raise DecisionRejected("undo_road_still_closed", inject=inject.id)
    new_id, n = f"correction-{len(session.outcomes)}", 1
    while new_id in session.taken_ids():  # an author may have used the name
        new_id, n = f"correction-{len(session.outcomes)}-{n}", n + 1
    text = Text(**{lang: tr("undo.inject_text", lang, text=getattr(inject.text, lang)) for lang in ("zh", "en")})
    correction = Inject(id=new_id, time=session.now, text=text, effect=effect, target=inject.target)
    session.world.add_inject(correction)
    session.extra_injects[new_id] = correction
    session.corrections.add(new_id)
    return f"inverse:{new_id}"


def _left_closed(session, inject_id: str) -> bool:
    """The ``open_road`` inject left its road closed: its ``inject`` row is followed by ``road_still_closed``
    (simulator.models.world.play_inject writes the two in one go)."""
    events = session.events()
    played = events[(events["kind"] == "inject") & (events["entity"] == inject_id)]
    if played.empty:
        return False
    after = events[events["seq"] == played["seq"].iloc[-1] + 1]
    return bool(len(after)) and after["kind"].iloc[0] == "road_still_closed"


def _undo_change(session, seq: int, args: dict) -> str:
    inject_id = changed_id(args)
    skip = undone(session)
    later = [o for o in session.outcomes[seq + 1:] if o.accepted and o.seq not in skip and o.decision.action == CHANGE_INJECT and changed_id(o.decision.args) == inject_id]
    if later:
        raise DecisionRejected("undo_later_change", inject=inject_id)
    old = version_before(session, seq, inject_id)
    schedule = session.world.injects
    if inject_id in schedule.played:
        raise DecisionRejected("inject_played", inject=inject_id)
    if old.time < session.now and old.condition is None:
        raise DecisionRejected("inject_in_past", time=old.time)
    if args.get("op") == "delete":
        session.world.add_inject(old)
    else:
        schedule.replace(old)
    if inject_id in session.extra_injects:
        session.extra_injects[inject_id] = old
    return f"restored:{inject_id}"

