"""What reaches a seat: its inbox, and the incidents in its area, worded with names.

A seat sees what reaches its units, read from the drill's event log:

- messages arriving at its units' desks (reports 初报/书面/续报/终报, requests
  for support, orders, roll calls, approvals), marked once handled there;
  the public's hotline calls and acknowledgements are left out (the desk's
  load, not news);
- warnings called to its units (叫应) and calls they left unanswered, roll
  calls they missed;
- command of an incident taken by or passed to one of its units;
- orders received by its teams, army support asked or approved by its units;
- supplies an incident in its area is short of, when the seat may release supplies;
- injects addressed to the seat or one of its units, and those addressed to
  nobody in particular (the whole room hears them); a road an ``open_road``
  inject left closed because a hazard still holds it (the whole room hears it).

Nothing else: a seat does not see another seat's messages.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from simulator.drill.names import Names, incident_name
from simulator.drill.seats import Authority
from simulator.i18n import text, tr

# message types that are not news for a seat (see the module's docstring); warnings come as warning_called
_QUIET_MESSAGES = ("public_call", "ack", "warning")
_UNIT_KINDS = (
    "message_queued", "message_handled", "warning_called", "warning_unanswered", "roll_call_missed",
    "command_assumed", "command_transferred", "military_requested", "military_approved",
)
_TEAM_KINDS = ("order_received", "military_approved")


def names(session, lang: str | None = None) -> Names:
    """The drill's names in ``lang``, incidents by their place and hazard in the session's world."""
    incidents = {i.id: (i.place, i.hazard) for i in session.world.incidents.values()}
    return Names(session.scenario, lang, incidents, session.all_injects())


def decision_text(session, action: str, args: dict, lang: str | None = None) -> str:
    """A decision for a person: ``Dispatch a team: Street shock team → Flash flood reaches homes #1 · Xikou Village``."""
    what = names(session, lang).decision(action, args)
    return tr("names.decision", lang, action=tr("action." + action, lang), what=what) if what else tr("action." + action, lang)


@dataclass(frozen=True)
class InboxItem:
    time: float
    kind: str  # inject | message | warning | command | order | military | roll_call | supply
    text: str
    handled: bool | None = None  # a message: handled at its desk yet (None: not a message)


class Inbox:
    """A seat's view of a drill session: its inbox and the incidents in its area."""

    def __init__(self, session, auth: Authority, lang: str | None = None):
        self.session = session
        self.auth = auth
        self.lang = lang
        sc = session.scenario
        self._units = {u.id: u.name for u in sc.command.units}
        self._teams = {t.id: t.name for t in sc.teams}
        self._items = {i.id: i for i in sc.items}
        self._places = {p.id: p.name for p in sc.places}

    # -- names ----------------------------------------------------------------------

    def unit(self, unit_id: str) -> str:
        return text(self._units[unit_id], self.lang) if unit_id in self._units else unit_id

    def team(self, team_id: str) -> str:
        return text(self._teams[team_id], self.lang) if team_id in self._teams else team_id

    def place(self, place_id: str) -> str:
        return text(self._places[place_id], self.lang) if place_id in self._places else place_id

    def incident(self, incident_id: str) -> str:
        inc = self.session.world.incidents.get(incident_id)
        return incident_name(self.session.scenario, incident_id, inc.place if inc else "", inc.hazard if inc else "", self.lang)

    # -- the inbox --------------------------------------------------------------------

    def items(self, limit: int = 200) -> list[InboxItem]:
        """The newest ``limit`` items, oldest first."""
        events = self.session.events()
        units, teams = set(self.auth.seat.units), set(self.auth.teams)
        mine = events[
            (events["kind"].isin(_UNIT_KINDS) & events["unit"].isin(units))
            | (events["kind"].isin(_TEAM_KINDS) & events["team"].isin(teams))
            | ((events["kind"] == "military_requested") & events["entity"].isin(units))
            | (events["kind"] == "inject")
            | (events["kind"] == "road_still_closed")
        ]
        if self.auth.may("release_supplies"):
            short = events[(events["kind"] == "supply_short") & events["location"].isin(self.auth.places)]
            mine = pd.concat([mine, short]).sort_values("seq")
        mine = mine.drop_duplicates("seq")
        messages = mine[mine["kind"].isin(["message_queued", "message_handled"]) & ~mine["detail"].isin(_QUIET_MESSAGES)]
        handled = self._handled(messages)
        levels = self._warning_levels(events)
        out: list[InboxItem] = []
        for row in mine[~mine["kind"].isin(["message_handled"])].itertuples(index=False):
            item = self._item(row, handled, levels)
            if item is not None:
                out.append(item)
        return out[-limit:]

    def _handled(self, messages: pd.DataFrame) -> set[int]:
        """Seqs of the arrivals already handled: a desk serves each unit's messages first come, first served."""
        done: set[int] = set()
        waiting: dict[tuple, list[int]] = {}
        for seq, kind, unit, incident, detail in zip(messages["seq"], messages["kind"], messages["unit"], messages["incident"], messages["detail"]):
            key = (unit, incident, detail)
            if kind == "message_queued":
                waiting.setdefault(key, []).append(seq)
            elif waiting.get(key):
                done.add(waiting[key].pop(0))
        return done

    @staticmethod
    def _warning_levels(events: pd.DataFrame) -> dict[str, str]:
        issued = events[events["kind"] == "warning_issued"]
        return dict(zip(issued["entity"], issued["level"]))

    def _item(self, row, handled: set[int], levels: dict[str, str]) -> InboxItem | None:
        lang, kind, t = self.lang, row.kind, float(row.time)
        if kind == "inject":
            inject = self.session.inject(row.entity)
            if inject is None or (inject.target is not None and inject.target != self.auth.seat.id and inject.target not in self.auth.seat.units):
                return None
            return InboxItem(t, "inject", text(inject.text, lang))
        if kind == "road_still_closed":  # an open_road a hazard overruled (simulator.models.world.play_inject)
            a, b = str(row.entity).split("|")
            causes = tr("words.list_sep", lang).join(tr("road_cause." + c, lang) for c in str(row.detail).split(",") if c)
            return InboxItem(t, "inject", tr("inbox.road_still_closed", lang, a=self.place(a), b=self.place(b), causes=causes))
        if kind == "message_queued":
            if row.detail in _QUIET_MESSAGES:
                return None
            message = tr("message." + row.detail, lang)
            key = "inbox.message_about" if row.incident else "inbox.message"
            return InboxItem(t, "message", tr(key, lang, message=message, unit=self.unit(row.unit), incident=self.incident(row.incident)), row.seq in handled)
        if kind in ("warning_called", "warning_unanswered"):
            level = tr("warning_level." + levels.get(row.entity, "red"), lang)
            return InboxItem(t, "warning", tr("inbox." + kind, lang, level=level, unit=self.unit(row.unit), caller=self.unit(row.detail)))
        if kind == "roll_call_missed":
            return InboxItem(t, "roll_call", tr("inbox.roll_call_missed", lang, unit=self.unit(row.unit)))
        if kind in ("command_assumed", "command_transferred"):
            return InboxItem(t, "command", tr("inbox." + kind, lang, unit=self.unit(row.unit), incident=self.incident(row.incident), level=tr("response." + row.level, lang)))
        if kind == "order_received":
            return InboxItem(t, "order", tr("inbox.order_received", lang, team=self.team(row.team), incident=self.incident(row.incident), unit=self.unit(row.unit)))
        if kind in ("military_requested", "military_approved"):
            authority = row.entity if kind == "military_requested" else row.unit
            return InboxItem(t, "military", tr("inbox." + kind, lang, team=self.team(row.team), incident=self.incident(row.incident), unit=self.unit(authority)))
        if kind == "supply_short":
            item = self._items.get(row.item)
            what = f"{text(item.name, lang)} {row.quantity:g} {text(item.unit, lang)}" if item else f"{row.item} {row.quantity:g}"
            return InboxItem(t, "supply", tr("inbox.supply_short", lang, incident=self.incident(row.incident), items=what))
        return None

    # -- the incidents in its area ------------------------------------------------------

    def incidents(self) -> list:
        """Incidents in the seat's area that the command knows of (reported to a commanding unit), open ones first."""
        found = [i for i in self.session.world.incidents.values() if i.commander is not None and self.auth.in_area(i)]
        return sorted(found, key=lambda i: (i.closed, i.occurred, i.id))
