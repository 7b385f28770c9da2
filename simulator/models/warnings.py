"""Call-and-answer warnings (叫应), public warning channels, and roll calls.

A warning is called down the chain: every receiver must answer within
``call_answer.answer_minutes``; an unanswered call is repeated up to
``max_calls`` times, after which the caller goes around the silent unit and
calls the units below it directly (Nantong). A unit that answers calls its
own subordinates in turn. Public channels carry the warning to residents:
broadcast channels (SMS, radio, TV) after a delay from issue, information
officers once the place's own station has answered. A place's warned share
is 1 - prod(1 - coverage) over the channels that have reached it.
Roll calls (点名调度) ask every unit below the caller to answer in time.
"""

from __future__ import annotations

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample
from simulator.models.channels import Transport
from simulator.models.desks import Desks
from simulator.models.spawning import spawn
from simulator.scenario.chain import ChainIndex
from simulator.scenario.command import Unit


class Warnings:
    # every call, answer, broadcast and officer round is a process nobody waits for or interrupts (an answer
    # comes through its ``answered`` event): started with ``spawning.spawn``, no end step
    def __init__(self, ctx: SimContext, desks: Desks, transport: Transport, chain: ChainIndex):
        self.ctx = ctx
        self.desks = desks
        self.transport = transport
        sc = ctx.scenario
        self.units: dict[str, Unit] = {u.id: u for u in sc.command.units}
        self.chain = chain
        self.children: dict[str, list[Unit]] = {u.id: [] for u in sc.command.units}
        for u in sc.command.units:
            if u.parent and u.kind != "specialised_hq":  # warnings follow the territorial chain
                self.children[u.parent].append(u)
        self.places_of: dict[str, list] = {}
        for place in sc.places:
            if place.population > 0:
                unit = self.chain.local_unit(place.id)
                if unit is not None:
                    self.places_of.setdefault(unit.id, []).append(place)
        self._unwarned: dict[tuple[str, str], float] = {}  # (warning, place) -> share not yet warned
        self.levels: dict[str, str] = {}  # warning -> its colour
        # callback(level, place, share newly warned by this warning, warning, channel): self-evacuation (simulator.models.people)
        self.on_warned = None

    # -- warnings -------------------------------------------------------------
    def issue(self, warning_id: str, by: str, level: str):
        """SimPy process: start a warning from unit ``by``."""
        ctx = self.ctx
        issuer = self.units[by]
        self.levels[warning_id] = level
        ctx.record("warning_issued", entity=warning_id, unit=by, level=level)
        covered = {u.id for u in self.ctx.scenario.command.units if by in {a.id for a in self.chain.chain_up(u)}}
        for channel in ctx.scenario.command.public_channels:
            if channel.via == "broadcast":
                spawn(ctx.env, self._broadcast(warning_id, channel, covered))
        self._officers(warning_id, issuer)
        for child in self.children[by]:
            spawn(ctx.env, self._call(warning_id, issuer, child))
        yield ctx.env.timeout(0)

    def _call(self, warning_id: str, caller: Unit, callee: Unit):
        env, ctx = self.ctx.env, self.ctx
        answer = ctx.scenario.command.call_answer
        first = env.now
        for attempt in range(1, answer.max_calls + 1):
            ctx.record("warning_called", entity=warning_id, unit=callee.id, detail=caller.id, quantity=attempt)
            answered = env.event()
            job = ctx.rng(f"warning.{warning_id}.call.{callee.id}.{attempt}")  # each call attempt is a job
            spawn(env, self._receive(warning_id, caller, callee, "warning", answered, job))  # it answers through ``answered``
            yield answered | env.timeout(answer.answer_minutes)
            if answered.triggered:
                ctx.record("warning_answered", entity=warning_id, unit=callee.id, detail=caller.id, quantity=env.now - first)
                self._officers(warning_id, callee)
                for child in self.children[callee.id]:
                    spawn(env, self._call(warning_id, callee, child))
                return
        ctx.record("warning_unanswered", entity=warning_id, unit=callee.id, detail=caller.id, quantity=answer.max_calls)
        for child in self.children[callee.id]:  # go around the silent unit
            ctx.record("warning_bypassed", entity=warning_id, unit=child.id, detail=callee.id)
            spawn(env, self._call(warning_id, caller, child))

    def _receive(self, ref: str, caller: Unit, callee: Unit, message: str, answered, job):
        """SimPy process: the call reaches the unit, is handled at its desk, and answered."""
        yield from self.transport.hop(caller.id, callee.id, "", message, job)
        if callee.silent_probability > 0 and job.child("pick_up").random() < callee.silent_probability:
            return  # nobody picks up
        yield from self.desks.handle(callee, "", message, job)
        yield from self.transport.hop(callee.id, caller.id, "", "ack", job)
        if not answered.triggered:
            answered.succeed()

    # -- public channels ------------------------------------------------------
    def _broadcast(self, warning_id: str, channel, covered: set[str]):
        yield self.ctx.env.timeout(sample(channel.delay_minutes, self.ctx.rng(f"warning.{warning_id}.public.{channel.id}")))
        for unit_id in sorted(covered):
            for place in self.places_of.get(unit_id, []):
                self._reach(warning_id, place, channel)

    def _officers(self, warning_id: str, unit: Unit) -> None:
        for channel in self.ctx.scenario.command.public_channels:
            if channel.via == "officers":
                for place in self.places_of.get(unit.id, []):
                    spawn(self.ctx.env, self._officer_round(warning_id, place, channel))

    def _officer_round(self, warning_id: str, place, channel):
        yield self.ctx.env.timeout(sample(channel.delay_minutes, self.ctx.rng(f"warning.{warning_id}.public.{channel.id}.{place.id}")))
        self._reach(warning_id, place, channel)

    def _reach(self, warning_id: str, place, channel) -> None:
        key = (warning_id, place.id)
        unwarned = self._unwarned.get(key, 1.0)
        newly = place.population * unwarned * channel.coverage
        self._unwarned[key] = unwarned * (1 - channel.coverage)
        self.ctx.record("public_warned", entity=warning_id, location=place.id, detail=channel.id, quantity=newly)
        if self.on_warned is not None:
            self.on_warned(self.levels.get(warning_id), place.id, unwarned * channel.coverage, warning_id, channel.id)

    # -- roll calls -----------------------------------------------------------
    def roll_call(self, call_id: str, by: str, answer_minutes: float):
        """SimPy process: every unit under ``by`` must answer within ``answer_minutes``."""
        ctx = self.ctx
        caller = self.units[by]
        ctx.record("roll_call_started", entity=call_id, unit=by, quantity=answer_minutes)
        for unit in ctx.scenario.command.units:
            if unit.id != by and by in {a.id for a in self.chain.chain_up(unit)}:
                spawn(ctx.env, self._answer_roll(call_id, caller, unit, answer_minutes))
        yield ctx.env.timeout(0)

    def _answer_roll(self, call_id: str, caller: Unit, unit: Unit, answer_minutes: float):
        env = self.ctx.env
        start = env.now
        answered = env.event()
        job = self.ctx.rng(f"roll_call.{call_id}.{unit.id}")
        spawn(env, self._receive(call_id, caller, unit, "roll_call", answered, job))
        yield answered | env.timeout(answer_minutes)
        if answered.triggered:
            self.ctx.record("roll_call_answered", entity=call_id, unit=unit.id, quantity=env.now - start)
        else:
            self.ctx.record("roll_call_missed", entity=call_id, unit=unit.id, quantity=answer_minutes)
