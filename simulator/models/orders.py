"""Orders down the chain: leadership, military approval, relays to the team.

With unified command the commanding unit's order leaves at once. With
multi-head leadership (the 2024 speech on grassroots emergency management,
seed 004: two or three street leaders with
overlapping remits) the leaders must first agree, one coordination delay
per extra leader, and sometimes their orders conflict and must be resolved.
Army and armed-police support needs approval by the unit with that
authority before the order can go (Zhengzhou). An order to a team owned by
a unit below the commander is relayed through every desk in between.
"""

from __future__ import annotations

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample, sample_child
from simulator.engine.streams import Stream
from simulator.models.channels import Transport
from simulator.models.desks import Desks
from simulator.scenario.chain import ChainIndex
from simulator.scenario.command import Leadership, Unit
from simulator.scenario.response import Team


class Orders:
    def __init__(self, ctx: SimContext, desks: Desks, transport: Transport, chain: ChainIndex):
        self.ctx = ctx
        self.desks = desks
        self.transport = transport
        sc = ctx.scenario
        self.units: dict[str, Unit] = {u.id: u for u in sc.command.units}
        self.chain = chain
        self.leadership_override: dict[str, Leadership] = {}  # players switched a unit's command mode
        self.owner: dict[str, Unit] = {
            t.id: self.units[t.owner] if t.owner else self.chain.local_unit(t.base) for t in sc.teams
        }
        self._relays: dict[tuple[str, str], tuple[Unit, ...]] = {}  # (commander, owner) -> relay_path: the chain is fixed

    def relay_path(self, commander: Unit, owner: Unit | None) -> list[Unit]:
        """Units below ``commander`` that relay an order down to ``owner`` (top first).

        Empty when the owner is the commander or not under it (a team sent
        across territories is dispatched directly by the duty system).
        """
        if owner is None:
            return []
        known = self.chain.units.get(commander.id) is commander and self.chain.units.get(owner.id) is owner
        if known and (commander.id, owner.id) in self._relays:
            return list(self._relays[commander.id, owner.id])
        path = self._relay_path(commander, owner)
        if known:
            self._relays[commander.id, owner.id] = tuple(path)
        return path

    def _relay_path(self, commander: Unit, owner: Unit) -> list[Unit]:
        chain = self.chain.chain_up(owner)
        ids = [u.id for u in chain]
        if commander.id not in ids:
            return []
        return list(reversed(chain[: ids.index(commander.id)]))

    def issue(self, commander: Unit, team: Team, incident_id: str, job: Stream):
        """SimPy process (its steps run inline): from the commander's decision to the team holding the order.

        ``job`` is the order's own stream (a child of the job the team is
        sent to do); agreement, approval, each hop and each desk draw from
        children of it, so the same order gets the same work at the same desk
        whether or not the leaders had to agree first.
        """
        env, ctx = self.ctx.env, self.ctx
        decided = env.now
        lead = self._leadership(commander)
        if lead.mode == "multi_head":  # unified command: no agreement, and no stream made for one
            yield from self._agree(commander, lead, incident_id, job.child("agree"))
        if team.approval is not None:
            yield from self._approve(commander, team, incident_id, job.child("approval"))
        sender = commander.id
        for unit in self.relay_path(commander, self.owner[team.id]):
            yield from self.transport.hop(sender, unit.id, incident_id, "order", job)
            yield from self.desks.handle(unit, incident_id, "order", job)
            sender = unit.id
        yield from self.transport.hop(sender, team.id, incident_id, "order", job)
        ctx.record("order_received", team=team.id, unit=commander.id, incident=incident_id, quantity=env.now - decided)

    def _leadership(self, commander: Unit) -> Leadership:
        return self.leadership_override.get(commander.id) or self.ctx.scenario.command.leadership_of(commander)

    def _agree(self, commander: Unit, lead: Leadership, incident_id: str, rng):
        """The leaders of a multi-head command agree (and now and then resolve a conflict) before the order leaves."""
        env = self.ctx.env
        minutes = sum(sample(lead.coordination_minutes, rng.child(f"leader.{n}")) for n in range(1, lead.leaders))
        yield env.timeout(minutes)
        self.ctx.record("order_coordinated", unit=commander.id, incident=incident_id, quantity=minutes, detail=str(lead.leaders))
        conflict = rng.child("conflict")  # apart from the coordination draws: a third leader leaves it as it was
        if lead.conflict_probability > 0 and conflict.random() < lead.conflict_probability:
            self.ctx.record("order_conflict", unit=commander.id, incident=incident_id)
            yield env.timeout(sample(lead.conflict_resolution_minutes, conflict))
            self.ctx.record("order_conflict_resolved", unit=commander.id, incident=incident_id)

    def _approve(self, commander: Unit, team: Team, incident_id: str, rng):
        """The request climbs to the approving authority, which takes its time."""
        env, ctx = self.ctx.env, self.ctx
        authority = self.units[team.approval.authority]
        ctx.record("military_requested", team=team.id, unit=commander.id, incident=incident_id, entity=authority.id)
        chain = self.chain.chain_up(commander)
        ids = [u.id for u in chain]
        path = chain[1 : ids.index(authority.id) + 1] if authority.id in ids else [authority]
        sender = commander.id
        for unit in path:
            yield from self.transport.hop(sender, unit.id, incident_id, "approval", rng)
            yield from self.desks.handle(unit, incident_id, "approval", rng)
            sender = unit.id
        yield env.timeout(sample_child(team.approval.minutes, rng, "decision"))
        ctx.record("military_approved", team=team.id, unit=authority.id, incident=incident_id)
