"""What a player seat may decide, and how a seat is named where a person reads it.

A seat (:mod:`simulator.scenario.seats`) plays its command units. Its
authority follows from the models' own rules, never a copy of them:

- its teams: those one of its units may send under ``dispatch_levels`` and
  territory (:meth:`DispatchRules.authority`, the rules a dispatcher obeys);
- its area: the places whose territorial unit lies in one of its units'
  jurisdictions (:meth:`DispatchRules.jurisdiction`, a specialised HQ
  covering the territory of the HQ above it);
- its units: warnings and command modes only for those;
- its actions: the scenario's ``actions`` list.

A seat's decision is recorded with the actor ``seat:<id>``. When it is
played, :func:`check_seat` refuses what lies outside the seat's authority,
before the models check it as they check any decision (the team's state,
the incident's dispatcher, ...). The authority depends on the scenario
alone, so a replay refuses exactly what the drill refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from simulator.i18n import text, tr
from simulator.models.decisions import DecisionRejected
from simulator.scenario.models import Scenario
from simulator.scenario.seats import Seat, seat_of

SEAT_ACTOR = "seat:"
# decisions that name a team the seat must command; a military request goes up for approval instead
_COMMANDED_TEAM = ("dispatch_team", "recall_team")


def seat_actor(seat_id: str) -> str:
    """The actor a seat's decisions are recorded with."""
    return SEAT_ACTOR + seat_id


def actor_seat(actor: str) -> str | None:
    """The seat id of a decision's actor, or None when no seat took it (players, facilitator, script)."""
    return actor[len(SEAT_ACTOR):] if actor.startswith(SEAT_ACTOR) else None


def actor_name(scenario: Scenario | None, actor: str, lang: str | None = None) -> str:
    """Who took a decision, for a person: a seat by its name, else the catalogue's word for the actor."""
    seat_id = actor_seat(actor)
    if seat_id is None:
        return tr("actor." + actor, lang)
    seat = seat_of(scenario, seat_id) if scenario is not None else None
    return tr("actor.seat", lang, seat=text(seat.name, lang) if seat else seat_id)


@dataclass(frozen=True)
class Authority:
    """One seat's units, area and teams in one world (the drill's models)."""

    world: object
    seat: Seat

    @cached_property
    def units(self) -> tuple:
        units = self.world.orders.units
        return tuple(units[u] for u in self.seat.units if u in units)

    @cached_property
    def jurisdiction(self) -> frozenset[str]:
        rules = self.world.teams.rules
        return frozenset().union(*(rules.jurisdiction(u) for u in self.units))

    @cached_property
    def places(self) -> frozenset[str]:
        """The seat's area: places whose territorial unit is within one of its units' jurisdictions."""
        chain = self.world.orders.chain
        return frozenset(p.id for p in self.world.ctx.scenario.places if (u := chain.local_unit(p.id)) is not None and u.id in self.jurisdiction)

    @cached_property
    def teams(self) -> tuple[str, ...]:
        """Teams one of its units may send (whatever their state now), in the scenario's order."""
        rules = self.world.teams.rules
        return tuple(t.id for t in self.world.ctx.scenario.teams if any(rules.authority(t, u) is None for u in self.units))

    @cached_property
    def military(self) -> tuple[str, ...]:
        """Teams that need approval: any seat may ask for them for an incident in its area."""
        return tuple(t.id for t in self.world.ctx.scenario.teams if t.approval is not None)

    def may(self, action: str) -> bool:
        return action in self.seat.actions

    def in_area(self, incident) -> bool:
        return incident.place in self.places

    def refusal(self, action: str, args: dict) -> DecisionRejected | None:
        """Why this seat may not take ``action`` with ``args``; None: the models decide.

        Ids the world does not know (a mistyped team) are left for the
        models, which refuse them with their own reasons.
        """
        seat = self.seat.id
        if not self.may(action):
            return DecisionRejected("seat_action", seat=seat, decision=action)
        team = args.get("team")
        teams = self.world.teams.teams
        if action in _COMMANDED_TEAM and team in teams and team not in self.teams:
            return DecisionRejected("seat_team", team=team, seat=seat)
        incident = self.world.incidents.get(args.get("incident", ""))
        if incident is not None and not self.in_area(incident):
            return DecisionRejected("seat_area", place=incident.place, seat=seat)
        unit = args.get("unit")
        if unit is not None and action in ("issue_warning", "switch_command_mode") and unit not in self.seat.units:
            return DecisionRejected("seat_unit", unit=unit, seat=seat)
        return None


def authority(world, seat_id: str) -> Authority | None:
    seat = seat_of(world.ctx.scenario, seat_id)
    return None if seat is None else Authority(world, seat)


def check_seat(world, decision) -> None:
    """Raise DecisionRejected when a seat's ``decision`` lies outside its authority (others pass)."""
    seat_id = actor_seat(decision.actor)
    if seat_id is None:
        return
    found = authority(world, seat_id)
    if found is None:
        raise DecisionRejected("seat_unknown", seat=seat_id)
    refusal = found.refusal(decision.action, decision.args)
    if refusal is not None:
        raise refusal


def record_played(ctx, decision) -> None:
    """A seat's decision that took effect, in the event log after the models' own row: who decided it.

    The map and the after-action report read it from the log (a saved run
    keeps it); a replay plays the same decision and writes the same row.
    """
    a = decision.args
    quantity = a.get("quantity")
    ctx.record(
        "seat_decision", entity=actor_seat(decision.actor), detail=decision.action,
        team=str(a.get("team", "")), incident=str(a.get("incident", "")), unit=str(a.get("unit", "")),
        item=str(a.get("item", "")), level=str(a.get("level", "")),
        quantity=float(quantity) if isinstance(quantity, int | float) else float("nan"),
    )


def feed_text(session, seq: int, names) -> str:
    """A seat's decision in the facilitator's feed: the seat, the decision by name, and how it went.

    ``names`` is a :class:`simulator.drill.names.Names` in the reader's language.
    """
    outcome = session.outcomes[int(seq)]
    d, lang = outcome.decision, names.lang
    what = names.decision(d.action, d.args)
    decision = tr("names.decision", lang, action=tr("action." + d.action, lang), what=what) if what else tr("action." + d.action, lang)
    verdict = tr("seat.feed_accepted", lang) if outcome.accepted else tr("seat.feed_refused", lang, reason=names.refusal(outcome.reason, outcome.params))
    return tr("seat.feed", lang, seat=names.actor(d.actor), decision=decision, verdict=verdict)
