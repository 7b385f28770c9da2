"""Which seat ordered each team, from the event log alone (for the map and saved runs).

A seat's decision that took effect is logged twice: the models' ``decision``
row, then the drill's ``seat_decision`` row naming the seat (see
:func:`simulator.drill.seats.record_played`). A team's latest order is a
seat's when its latest ``seat_decision`` row comes after its latest
``decision`` row; a later order by the facilitator or a script takes it
over. Pure pandas, no SimPy: the figures (``viz``) read it from a log.
"""

from __future__ import annotations

import pandas as pd

# the decisions that give a team its task (or take it away)
TEAM_ORDERS = ("dispatch_team", "request_military", "recall_team")


def seat_orders(events: pd.DataFrame) -> dict[str, str]:
    """team id -> the seat whose order the team is following (teams a seat did not order last are left out)."""
    orders = events[events["entity"].isin(TEAM_ORDERS) & (events["kind"] == "decision")]
    by_seat = events[(events["kind"] == "seat_decision") & events["detail"].isin(TEAM_ORDERS)]
    last_order = dict(zip(orders["team"], orders["seq"]))  # rows are in seq order: the last one wins
    return {team: seat for team, seat, seq in zip(by_seat["team"], by_seat["entity"], by_seat["seq"]) if seq > last_order.get(team, -1)}
