"""The first authoritative release 权威发布 and the press conference after a major incident.

Chongqing's 2022 reply to CPPCC proposal 0716: units report a major incident "第一时间报告市委宣传部",
and the propaganda department decides "新闻发布内容和时机" (simulator.scenario.publicity).
So once the phone report has reached the commanding unit, that unit passes
it on to the publicity unit as a message of its own (``publicity``): one
hop and the publicity unit's duty desk, through the command chain's own
machinery (:meth:`CommandChain.relay`), so it waits behind whatever else the
desk has. Then the release is drafted and approved, and issued
(``public_release``); the press conference follows after its own
preparation (``press_conference``). Each is recorded against its target,
counted from detection (met / missed in ``entity``, minutes in ``quantity``).

The public's calls rise in the incident's area from its detection until the
release (simulator.models.hotline). The area is the incident's local unit and
every unit above it: their territory holds the incident.

Random draws: the message is the job ``publicity.<incident>.report`` (its hop
and desk work per unit, as every report's), the preparation is
``publicity.<incident>.release`` with children ``drafting``, ``approval`` and
``press_conference``: the same incident gets the same work under every plan.
"""

from __future__ import annotations

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample
from simulator.models.command import CommandChain
from simulator.models.desks import Desks
from simulator.models.incidents import Incident
from simulator.scenario.command import Unit

MESSAGE = "publicity"  # the report passed to the publicity unit


class Publicity:
    def __init__(self, ctx: SimContext, command: CommandChain, desks: Desks):
        self.ctx = ctx
        self.spec = ctx.scenario.public_information
        self.unit: Unit = command.units[self.spec.unit]
        self.command = command
        self.desks = desks
        self.levels = frozenset(self.spec.levels)
        self._raised: dict[str, tuple[str, ...]] = {}  # incident -> units whose hotline it raised
        self._started: set[str] = set()  # incidents whose release has begun

    @classmethod
    def of(cls, ctx: SimContext, command: CommandChain, desks: Desks) -> "Publicity | None":
        """None for a scenario without ``public_information``: nothing started, nothing drawn."""
        return cls(ctx, command, desks) if ctx.scenario.public_information is not None else None

    def area(self, inc: Incident) -> tuple[str, ...]:
        """Units whose territory holds the incident: its local unit and every unit above it."""
        chain = self.command.chain
        return tuple(u.id for u in chain.chain_up(chain.local_unit(inc.place)))

    def detected(self, inc: Incident) -> None:
        """A major incident is known: until its release, the hotlines of its area ring more."""
        surge = self.desks.surge
        if surge is not None and inc.level in self.levels:
            units = self._raised[inc.id] = self.area(inc)
            surge.rise(units)

    def commanded(self, inc: Incident, commander: Unit) -> None:
        """The commanding unit has the report: a major incident's release begins."""
        if inc.level in self.levels:
            self._started.add(inc.id)
            self.ctx.env.process(self._release(inc, commander))

    def level_set(self, inc: Incident, commander: Unit) -> None:
        """A decision raised the incident to a major level: its commander reports it on now.

        Its hotlines rise from now (not back to its detection: the clock of
        the targets still runs from detection). A release under way is not
        called back when the level is lowered again.
        """
        if inc.level in self.levels and inc.id not in self._started:
            self.detected(inc)
            self.commanded(inc, commander)

    def _release(self, inc: Incident, commander: Unit):
        ctx, env, spec = self.ctx, self.ctx.env, self.spec
        job = f"publicity.{inc.id}.report"
        if commander.id == self.unit.id:  # the commanding unit speaks itself: no hop, its own desk
            yield from self.desks.handle(self.unit, inc.id, MESSAGE, ctx.rng(job))
        else:
            yield from self.command.relay([self.unit], commander.id, inc.id, MESSAGE, job=job)
        rng = ctx.rng(f"publicity.{inc.id}.release")
        minutes = sample(spec.drafting_minutes, rng.child("drafting")) + sample(spec.approval_minutes, rng.child("approval"))
        if minutes > 0:
            yield env.timeout(minutes)
        self._issued(inc, "public_release", spec.release_target_minutes)
        units = self._raised.pop(inc.id, None)
        if units:
            self.desks.surge.fall(units)
        minutes = sample(spec.press_conference_minutes, rng.child("press_conference"))
        if minutes > 0:
            yield env.timeout(minutes)
        self._issued(inc, "press_conference", spec.press_conference_target_minutes)

    def _issued(self, inc: Incident, kind: str, target: float) -> None:
        elapsed = self.ctx.env.now - inc.detected
        state = "met" if elapsed <= target else "missed"
        self.ctx.record(kind, entity=state, unit=self.unit.id, incident=inc.id, location=inc.place, level=inc.level, quantity=elapsed)
