"""Player seats: the cells of a tabletop drill, each bound to command units.

HSEEP-style exercises seat several cells (a street office, the district
bureau, the flood HQ, the supplies bureau), each at its own table with its
own messages and its own authority. A seat is bound to one or more command
units: what reaches those units is its inbox, their territory is its area,
the teams they may send are the teams it may send (the dispatch rules
decide, see :mod:`simulator.drill.seats`), and ``actions`` limits which
decisions it may take at all.

A scenario without a ``seats:`` section gets one seat per command unit that
commands or dispatches (:func:`default_seats`), named like its unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from simulator.scenario.base import Frozen, Id, Text
from simulator.scenario.drills import PLAYER_ACTIONS, PlayerAction
from simulator.scenario.problems import Problem

if TYPE_CHECKING:  # the root model imports this module for its field type
    from simulator.scenario.models import Scenario


class Seat(Frozen):
    """A player cell: its name, the command units it sits for, and the decisions it may take."""

    id: Id
    name: Text
    units: Annotated[tuple[Id, ...], Field(min_length=1, description="the command units this seat plays")]
    actions: tuple[PlayerAction, ...] = Field(default=PLAYER_ACTIONS, description="the decisions this seat may take (default: all)")


def default_seats(sc: "Scenario") -> tuple[Seat, ...]:
    """One seat per unit that commands or dispatches, in the order of ``command.units``.

    A unit commands when its level is a commanding tier (``command.commanding_tier``);
    it dispatches when a team names it as ``owner`` or as the ``approval`` authority.
    Village stations that only report get no seat: they decide nothing; nor does
    a unit outside the chain (no parent, no subordinate), such as a propaganda
    department that only receives major incidents for the public release.
    """
    tiers = set(sc.command.commanding_tier.values())
    named = {t.owner for t in sc.teams if t.owner} | {t.approval.authority for t in sc.teams if t.approval is not None}
    in_chain = {u.id for u in sc.command.units if u.parent} | {u.parent for u in sc.command.units if u.parent}
    return tuple(
        Seat(id=u.id, name=u.name, units=(u.id,)) for u in sc.command.units if (u.level in tiers and u.id in in_chain) or u.id in named
    )


def seats_of(sc: "Scenario") -> tuple[Seat, ...]:
    """The scenario's seats: its ``seats:`` section, else :func:`default_seats`."""
    return sc.seats or default_seats(sc)


def seat_of(sc: "Scenario", seat_id: str) -> Seat | None:
    return next((s for s in seats_of(sc) if s.id == seat_id), None)


def check_seats(sc: "Scenario") -> Iterator[Problem]:
    """Seats name existing units, once each; an inject's ``target`` names a seat or a unit."""
    unit_ids = {u.id for u in sc.command.units}
    seen: set[str] = set()
    for i, seat in enumerate(sc.seats):
        if seat.id in seen:
            yield Problem(("seats", i, "id"), "duplicate_id", {"id": seat.id})
        seen.add(seat.id)
        for j, unit in enumerate(seat.units):
            if unit not in unit_ids:
                yield Problem(("seats", i, "units", j), "unknown_unit", {"ref": unit})
            elif unit in seat.units[:j]:
                yield Problem(("seats", i, "units", j), "duplicate_id", {"id": unit})
    targets = unit_ids | {s.id for s in seats_of(sc)}
    for i, inject in enumerate(sc.injects):
        if inject.target is not None and inject.target not in targets:
            yield Problem(("injects", i, "target"), "unknown_target", {"ref": inject.target})
