"""Who may send which team for which need: one check for the dispatcher and the players.

The automatic dispatcher (every policy, its fast path included), the
redeployment of a released team, and a player's dispatch all ask
:meth:`DispatchRules.refusal`. The rules, in the order they are checked:

1. availability: the team is in a state the action may start from
   (``team_state.MOVES``: a dispatch from base, a redeploy as it leaves a scene);
2. capability: the team can do what is needed;
3. ``dispatch_levels``: the dispatching unit is at a level allowed to send it;
4. weather: an aircraft flies only while the weather is flyable;
5. territory (``territory_first`` and ``district_unified``): a unit sends only
   the teams owned within its territory, its subtree of the command chain
   (a specialised HQ commands with the territory of the HQ above it).

A refusal names the first rule broken, with what a message needs; the
drill layer words it in the user's language.
"""

from __future__ import annotations

from simulator.models.team_state import Refusal, TeamStates
from simulator.scenario.command import Unit
from simulator.scenario.response import Team


class DispatchRules:
    def __init__(self, scenario, orders, states: TeamStates):
        self.orders = orders
        self.states = states
        self.flyable = scenario.response.flyable
        self.territorial = scenario.command.dispatch != "nearest"
        self._scenario = scenario
        self._subtrees: dict[str, set[str]] = {}

    def refusal(self, team: Team, capability: str, dispatcher: Unit, action: str = "dispatch") -> Refusal | None:
        """Why ``dispatcher`` may not ``action`` (dispatch, redeploy) ``team`` for ``capability`` now; None: it may."""
        found = self.states.refusal(team.id, action)
        if found is not None:
            return found
        if capability not in team.capabilities:
            return Refusal("team_incapable", {"team": team.id, "capability": capability})
        level = self._level_refusal(team, dispatcher)
        if level is not None:
            return level
        if team.air is not None and not self.flyable:
            return Refusal("grounded", {"team": team.id})
        if self.territorial:
            return self._territory_refusal(team, dispatcher)
        return None

    def authority(self, team: Team, dispatcher: Unit) -> Refusal | None:
        """Rules 3 and 5 alone: why ``dispatcher`` may never send ``team``, whatever its state now (a seat's teams)."""
        return self._level_refusal(team, dispatcher) or (self._territory_refusal(team, dispatcher) if self.territorial else None)

    def _level_refusal(self, team: Team, dispatcher: Unit) -> Refusal | None:
        if not team.dispatch_levels or dispatcher.level in team.dispatch_levels:
            return None
        return Refusal("dispatch_level", {"team": team.id, "unit": dispatcher.id, "unit_level": dispatcher.level, "levels": list(team.dispatch_levels)})

    def _territory_refusal(self, team: Team, dispatcher: Unit) -> Refusal | None:
        owner = self.orders.owner[team.id]
        if owner.id not in self.jurisdiction(dispatcher):
            return Refusal("outside_territory", {"team": team.id, "owner": owner.id, "unit": dispatcher.id})
        return None

    def jurisdiction(self, unit: Unit) -> set[str]:
        """Ids of the units whose teams ``unit`` may send: its whole subtree.

        A specialised HQ commands with the territory of the HQ above it.
        """
        found = self._subtrees.get(unit.id)
        if found is None:
            units, chain = self.orders.units, self.orders.chain
            root = units[unit.parent] if unit.kind == "specialised_hq" and unit.parent else unit
            found = {u.id for u in self._scenario.command.units if root.id in {a.id for a in chain.chain_up(u)}}
            self._subtrees[unit.id] = found
        return found
