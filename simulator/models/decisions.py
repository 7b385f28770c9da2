"""Players' decisions, checked and then played out by the models.

Every decision either takes effect (and is recorded in the event log as
``decision`` with what it did) or raises :class:`DecisionRejected` with a
catalogue key saying why, so a console can tell the player in their
language. The same methods serve a human at the console, a replayed
decision log and a scripted policy: the models never know which.
"""

from __future__ import annotations

from simulator.models.teams import Assignment
from simulator.scenario.chain import reporting_path
from simulator.scenario.command import Leadership
from simulator.scenario.response import Need
from simulator.scenario.vocabulary import RESPONSE_LEVELS, WARNING_LEVELS


class DecisionRejected(Exception):
    """A decision that cannot be carried out; ``key`` names the i18n message (``decision.<key>``)."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(f"{key}: {params}")


class Decisions:
    def __init__(self, world):
        self.world = world
        self.ctx = world.ctx
        self._count = 0

    def _incident(self, incident_id: str):
        inc = self.world.incidents.get(incident_id)
        if inc is None:
            raise DecisionRejected("unknown_incident", incident=incident_id)
        if inc.closed:
            raise DecisionRejected("incident_closed", incident=incident_id)
        return inc

    def _record(self, action: str, **fields) -> None:
        self._count += 1
        self.ctx.record("decision", entity=action, **fields)

    def dispatch_team(self, team_id: str, incident_id: str, capability: str | None = None) -> None:
        """Send a free team to an incident: to a need waiting for it, else as reinforcement."""
        pool = self.world.teams
        team = pool.teams.get(team_id)
        if team is None:
            raise DecisionRejected("unknown_team", team=team_id)
        inc = self._incident(incident_id)
        if inc.commander is None:  # nobody commands it yet: no one to give the order
            raise DecisionRejected("not_reported_yet", incident=incident_id)
        if team_id not in pool.free:
            raise DecisionRejected("team_busy", team=team_id)
        capability = capability or next((a.need.capability for a in pool.waiting if a.incident is inc and a.need.capability in team.capabilities), None)
        if capability is None:
            capability = next((n.capability for n in inc.needs if n.capability in team.capabilities), team.capabilities[0])
        if capability not in team.capabilities:
            raise DecisionRejected("team_incapable", team=team_id, capability=capability)
        if pool.travel(team, pool.location[team_id], inc.place) == float("inf"):
            raise DecisionRejected("unreachable", team=team_id, place=inc.place)
        waiting = next((a for a in pool.waiting if a.incident is inc and a.need.capability == capability), None)
        if waiting is not None:
            pool.waiting.remove(waiting)
            inc.unserved -= 1
            assignment = waiting
        else:
            need = Need(capability=capability, teams=1, on_scene_minutes=next((n.on_scene_minutes for n in inc.needs if n.capability == capability), 60))
            # numbered after the incident's other jobs for this capability: a random stream of its own
            inc.requested[capability] = inc.requested.get(capability, 0) + 1
            assignment = Assignment(inc, need, inc.commander, self.ctx.env.event(), index=inc.requested[capability])
        self._record("dispatch_team", team=team_id, incident=incident_id, detail=capability)
        pool.send(team, assignment)

    def recall_team(self, team_id: str) -> None:
        pool = self.world.teams
        if team_id not in pool.teams:
            raise DecisionRejected("unknown_team", team=team_id)
        if team_id not in pool.active or pool.active[team_id][1].done.triggered:
            raise DecisionRejected("team_not_out", team=team_id)
        self._record("recall_team", team=team_id, incident=pool.active[team_id][1].incident.id)
        pool.recall(team_id)

    def set_response_level(self, incident_id: str, level: str) -> str:
        """Raise or lower an incident's response level; returns the unit that now commands."""
        if level not in RESPONSE_LEVELS:
            raise DecisionRejected("unknown_level", level=level)
        inc = self._incident(incident_id)
        if inc.commander is None:
            raise DecisionRejected("not_reported_yet", incident=incident_id)
        commander = reporting_path(self.ctx.scenario, inc.place, level, inc.hazard)[-1]
        self._record("set_response_level", incident=incident_id, level=level, unit=commander.id, detail=inc.level)
        inc.level = level
        if commander.id != inc.commander.id:
            inc.commander = commander
            self.ctx.record("command_transferred", incident=incident_id, unit=commander.id, level=level)
        return commander.id

    def issue_warning(self, by_unit: str, level: str = "red") -> str:
        if by_unit not in self.world.warnings.units:
            raise DecisionRejected("unknown_unit", unit=by_unit)
        if level not in WARNING_LEVELS:
            raise DecisionRejected("unknown_warning_level", level=level)
        warning_id = f"decision-warning-{self._count + 1}"
        self._record("issue_warning", unit=by_unit, level=level, detail=warning_id)
        self.ctx.env.process(self.world.warnings.issue(warning_id, by_unit, level))
        return warning_id

    def request_military(self, team_id: str, incident_id: str) -> None:
        """Ask for army or armed-police support: the approval chain runs before the order."""
        team = self.world.teams.teams.get(team_id)
        if team is None:
            raise DecisionRejected("unknown_team", team=team_id)
        if team.approval is None:
            raise DecisionRejected("not_military", team=team_id)
        self.dispatch_team(team_id, incident_id)

    def release_supplies(self, incident_id: str, item: str, quantity: float) -> None:
        """Release ``quantity`` of ``item`` to an incident site; the bureau allocates it from the depots."""
        inc = self._incident(incident_id)
        if item not in self.world.supplies.kinds:
            raise DecisionRejected("unknown_item", item=item)
        if not 0 < quantity < float("inf"):
            raise DecisionRejected("bad_quantity", quantity=quantity)
        self._record("release_supplies", incident=incident_id, item=item, quantity=float(quantity))
        self.world.supplies.release(inc, {item: float(quantity)})

    def switch_command_mode(self, unit_id: str, mode: str, leaders: int = 3) -> None:
        """Unified command or multi-head leadership at one unit from now on."""
        if unit_id not in self.world.orders.units:
            raise DecisionRejected("unknown_unit", unit=unit_id)
        if mode not in ("unified", "multi_head"):
            raise DecisionRejected("unknown_mode", mode=mode)
        base = self.ctx.scenario.command.leadership_of(self.world.orders.units[unit_id])
        if mode == "unified":
            chosen = Leadership()
        elif base.mode == "multi_head":
            chosen = base
        else:
            chosen = base.model_copy(update={"mode": "multi_head", "leaders": max(2, leaders)})
        self.world.orders.leadership_override[unit_id] = chosen
        self._record("switch_command_mode", unit=unit_id, detail=mode)
