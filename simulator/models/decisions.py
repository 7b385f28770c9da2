"""Players' decisions, checked and then played out by the models.

Every decision either takes effect (and is recorded in the event log as
``decision`` with what it did) or raises :class:`DecisionRejected` with a
catalogue key saying why, so a console can tell the player in their
language. The same methods serve a human at the console, a replayed
decision log and a scripted policy: the models never know which.

A dispatch is checked by the rules the automatic dispatcher applies
(``dispatch_rules``: the team's state, capability, ``dispatch_levels``,
grounded aviation, territory); a recall by the team's lifecycle
(``team_state``): a team already coming back cannot be recalled again.
"""

from __future__ import annotations

from contextlib import contextmanager

from simulator.models.team_state import Refusal
from simulator.models.teams import Assignment
from simulator.scenario.chain import reporting_path
from simulator.scenario.command import Leadership
from simulator.scenario.response import Need
from simulator.scenario.vocabulary import RESPONSE_LEVELS, WARNING_LEVELS, level_rank


class DecisionRejected(Exception):
    """A decision that cannot be carried out; ``key`` names the i18n message (``decision.<key>``)."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(f"{key}: {params}")

    @classmethod
    def of(cls, refusal: Refusal) -> "DecisionRejected":
        return cls(refusal.key, **refusal.params)


# the players' actions about one team, and the lifecycle move each makes
TEAM_ACTIONS = {"dispatch_team": "dispatch", "request_military": "dispatch", "recall_team": "recall"}


class Decisions:
    def __init__(self, world):
        self.world = world
        self.ctx = world.ctx
        self._count = 0
        self._kind = "decision"
        self._warnings = {"decision": 0, "plan_decision": 0}  # numbered per kind: a plan's warning never renumbers the room's

    @contextmanager
    def by_plan(self):
        """Decisions a contingency plan takes, with the players' checks, logged as ``plan_decision``.

        The room's decisions are the ``decision`` rows: drill scoring, undo and
        what-if replays count them, so a plan's own must not be among them.
        """
        self._kind = "plan_decision"
        try:
            yield self
        finally:
            self._kind = "decision"

    def _incident(self, incident_id: str):
        inc = self.world.incidents.get(incident_id)
        if inc is None:
            raise DecisionRejected("unknown_incident", incident=incident_id)
        if inc.closed:
            raise DecisionRejected("incident_closed", incident=incident_id)
        return inc

    def _record(self, action: str, **fields) -> None:
        self._count += 1
        self.ctx.record(self._kind, entity=action, **fields)

    def team_actions(self, team_id: str) -> list[str]:
        """The players' actions the team's state allows now (what a console may offer for it)."""
        pool = self.world.teams
        military = pool.teams[team_id].approval is not None
        return [
            action for action, move in TEAM_ACTIONS.items() if pool.states.may(team_id, move) and (action != "request_military" or military)
        ]

    def dispatch_refusal(self, team_id: str, incident_id: str, capability: str | None = None) -> Refusal | None:
        """Why ``dispatch_team(team_id, incident_id, capability)`` would be refused now; None: it would go."""
        try:
            self._dispatch_plan(team_id, incident_id, capability)
        except DecisionRejected as exc:
            return Refusal(exc.key, exc.params)
        return None

    def _dispatch_plan(self, team_id: str, incident_id: str, capability: str | None):
        """The checks of a dispatch: (team, incident, capability, the need waiting for it or None)."""
        pool = self.world.teams
        team = pool.teams.get(team_id)
        if team is None:
            raise DecisionRejected("unknown_team", team=team_id)
        inc = self._incident(incident_id)
        if inc.commander is None:  # nobody commands it yet: no one to give the order
            raise DecisionRejected("not_reported_yet", incident=incident_id)
        capability = capability or next((a.need.capability for a in pool.waiting if a.incident is inc and a.need.capability in team.capabilities), None)
        if capability is None:
            capability = next((n.capability for n in inc.needs if n.capability in team.capabilities), team.capabilities[0])
        waiting = next((a for a in pool.waiting if a.incident is inc and a.need.capability == capability), None)
        # the unit the request has reached decides, as it would for the automatic dispatcher;
        # a reinforcement nobody asked for is the commander's
        dispatcher = waiting.dispatcher if waiting is not None else inc.commander
        refusal = pool.rules.refusal(team, capability, dispatcher)
        if refusal is not None:
            raise DecisionRejected.of(refusal)
        if pool.travel(team, pool.location[team_id], inc.place) == float("inf"):
            raise DecisionRejected("unreachable", team=team_id, place=inc.place)
        return team, inc, capability, waiting

    def dispatch_team(self, team_id: str, incident_id: str, capability: str | None = None) -> None:
        """Send a free team to an incident: to a need waiting for it, else as reinforcement."""
        pool = self.world.teams
        team, inc, capability, waiting = self._dispatch_plan(team_id, incident_id, capability)
        if waiting is not None:
            pool.waiting.remove(waiting)
            inc.unserved -= 1
            assignment = waiting
        else:
            # the incident's own work for the capability (minutes or person-hours), scaled by size like any need (team_work)
            like = next((n for n in inc.needs if n.capability == capability), None)
            need = like.model_copy(update={"teams": 1}) if like is not None else Need(capability=capability, teams=1, on_scene_minutes=60)
            # numbered after the incident's other jobs for this capability: a random stream of its own
            inc.requested[capability] = inc.requested.get(capability, 0) + 1
            assignment = Assignment(inc, need, inc.commander, self.ctx.env.event(), index=inc.requested[capability])
        self._record("dispatch_team", team=team_id, incident=incident_id, detail=capability)
        pool.send(team, assignment)

    def recall_team(self, team_id: str) -> None:
        pool = self.world.teams
        if team_id not in pool.teams:
            raise DecisionRejected("unknown_team", team=team_id)
        refusal = pool.states.refusal(team_id, "recall")
        if refusal is not None:
            raise DecisionRejected.of(refusal)
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
        if self.world.publicity is not None:  # raised to a major level: a release is due (simulator.models.publicity)
            self.world.publicity.level_set(inc, commander)
        if commander.id != inc.commander.id:
            inc.commander = commander
            self.ctx.record("command_transferred", incident=incident_id, unit=commander.id, level=level)
            # its requests still waiting for a team go up to the new commander (never down: one
            # passed up for support stays where it was passed): whoever dispatches them, players
            # or the automatic dispatcher, does so as that unit
            for a in self.world.teams.waiting:
                if a.incident is inc and level_rank(commander.level) > level_rank(a.dispatcher.level):
                    a.dispatcher = commander
        return commander.id

    def issue_warning(self, by_unit: str, level: str = "red") -> str:
        if by_unit not in self.world.warnings.units:
            raise DecisionRejected("unknown_unit", unit=by_unit)
        if level not in WARNING_LEVELS:
            raise DecisionRejected("unknown_warning_level", level=level)
        self._warnings[self._kind] += 1
        prefix = "decision" if self._kind == "decision" else "plan"
        warning_id = f"{prefix}-warning-{self._warnings[self._kind]}"
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
