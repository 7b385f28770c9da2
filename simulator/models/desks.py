"""Duty desks: each command unit's staff serve its messages first come, first served.

A desk is a pool of servers (:class:`simulator.engine.servers.Servers`), one
per duty officer. A post left empty by an absence is modelled as a
higher-priority "vacancy" that holds one server: with AB roles (AB角) the
backup takes over after a short handover, without them the post stays
empty until someone is called in (Chongqing's 2022 reply to proposal 0716,
seed 001: its health teams' "所有岗位实行AB角配置").
"""

from __future__ import annotations

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample, sample_child
from simulator.engine.servers import Servers
from simulator.engine.streams import Stream
from simulator.models.hotline import HotlineSurge
from simulator.scenario.command import Unit

_VACANCY, _MESSAGE = -1, 0  # lower value is served first


class Desks:
    def __init__(self, ctx: SimContext):
        self.ctx = ctx
        self.units: dict[str, Unit] = {u.id: u for u in ctx.scenario.command.units}
        self.officers = {u.id: Servers(ctx.env, u.duty_staff) for u in self.units.values()}
        self.vacant: dict[str, int] = {u.id: 0 for u in self.units.values()}
        self._work: dict[tuple[str, str], object] = {}  # (unit, message type) -> its handling time's spec (looked up once)
        self.surge = HotlineSurge.of(ctx.scenario)  # None without a rising hotline (simulator.models.hotline)
        for unit in self.units.values():
            if unit.absence_probability > 0:
                ctx.env.process(self._shifts(unit))
            if unit.public_calls_per_hour > 0:
                ctx.env.process(self._public_calls(unit))

    def handle(self, unit: Unit, incident_id: str, message: str, job: Stream):
        """Steps of a process (``yield from``, or a process of its own): queue at the unit's desk, then take the handling time.

        The work is drawn from ``job``'s child for this unit, so one message
        gets the same work at one desk whatever else its job drew before.

        Records ``message_queued``, ``message_started`` (quantity: minutes
        waited) and ``message_handled`` (quantity: minutes of work), so waits
        and desk utilisation can be read from the log. Returns the wait.
        """
        env = self.ctx.env
        self.ctx.record("message_queued", unit=unit.id, incident=incident_id, detail=message, location=unit.place)
        arrived = env.now
        work = self._work.get((unit.id, message))
        if work is None:
            work = self._work[unit.id, message] = self.ctx.scenario.command.handling(unit, message)
        handling = sample_child(work, job, f"at.{unit.id}")  # a fixed handling time makes no child stream
        officers = self.officers[unit.id]
        ticket = officers.take(_MESSAGE)
        if ticket is not None:  # every officer is busy: wait in line
            try:
                yield ticket
            except BaseException:
                officers.withdraw(ticket)
                raise
        wait = env.now - arrived
        self.ctx.record("message_started", unit=unit.id, incident=incident_id, detail=message, quantity=wait, location=unit.place)
        try:
            yield env.timeout(handling)
        finally:
            officers.give_back()
        self.ctx.record("message_handled", unit=unit.id, incident=incident_id, detail=message, quantity=handling, location=unit.place)
        return wait

    def _shifts(self, unit: Unit):
        """At each shift change every post is absent with the unit's probability.

        Each post in each shift draws from its own stream, so adding a post
        leaves the absences of the others as they were.
        """
        cmd = self.ctx.scenario.command
        cover = cmd.ab_handover_minutes if unit.ab_roles else cmd.absence_cover_minutes
        shift = 0
        while True:
            for post in range(unit.duty_staff):
                rng = self.ctx.rng(f"absence.{unit.id}.{shift}.{post}")
                if rng.random() < unit.absence_probability:
                    minutes = min(sample(cover, rng), cmd.shift_minutes)
                    self.ctx.env.process(self._vacancy(unit, minutes))
            shift += 1
            yield self.ctx.env.timeout(cmd.shift_minutes)

    def _public_calls(self, unit: Unit):
        """Poisson calls from the public: the load that floods a small office in a disaster.

        With a hotline surge the candidates come at the peak rate and each is
        thinned by its own draw (simulator.models.hotline); without one, no
        candidate is ever dropped and the draws are those of a plain Poisson stream.
        """
        env, surge = self.ctx.env, self.surge
        mean_gap = 60.0 / (unit.public_calls_per_hour * (surge.multiplier if surge is not None else 1.0))
        call = 0
        while True:
            call += 1
            job = self.ctx.rng(f"public_calls.{unit.id}.{call}")  # each call its own job, its gap included
            yield env.timeout(float(job.child("gap").exponential(mean_gap)))
            if surge is None or surge.keeps(unit.id, job):
                env.process(self.handle(unit, "", "public_call", job))

    def _vacancy(self, unit: Unit, minutes: float):
        env = self.ctx.env
        cover = "ab_backup" if unit.ab_roles else "called_in"
        officers = self.officers[unit.id]
        ticket = officers.take(_VACANCY)
        if ticket is not None:
            yield ticket  # the post empties once its current message is done
        self.vacant[unit.id] += 1
        self.ctx.record("post_vacant", unit=unit.id, location=unit.place, quantity=minutes, detail=cover)
        yield env.timeout(minutes)
        self.vacant[unit.id] -= 1
        officers.give_back()
        self.ctx.record("post_covered", unit=unit.id, location=unit.place, detail=cover)
