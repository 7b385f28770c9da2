"""Reports travel up the command chain, unit by unit, against time limits.

The response level picks the commanding tier; territory first means a
report stops at the lowest unit of that tier on its way up (属地为主). Under
the "1+12" structure the commanding HQ hands the incident to the
specialised HQ that leads for its hazard. The phone report (初报) is
followed by a written report, follow-ups (续报) while the incident is open
and a final report (终报) when it closes; each passes the same desks, so
they load the same queues. Timeliness is recorded against the scenario's
reporting limits, counted from detection.

The written report is drafted at the local unit as soon as it has the
incident, in parallel with the phone relay: Henan's notice (Dahe Daily,
2019-01-28, "河南规定:发生重大自然灾害、事故,15分钟内必须上报") sets both the
phone limit (15 min) and the written limit (35 min) from the same moment, and
asks units to report what they know first and complete it later, so the
written report does not wait for the phone report to reach the top.

Random draws: each report is a job of its own (``incident.X.initial``,
``incident.X.follow_up.3``); its hops and desk work draw from that job's
children per unit (see :meth:`Transport.hop` and :meth:`Desks.handle`), so
the same report gets the same work at the same unit under every plan.
"""

from __future__ import annotations

from functools import partial

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample
from simulator.models.channels import Transport
from simulator.models.desks import Desks
from simulator.models.incidents import Incident
from simulator.models.spawning import spawn
from simulator.scenario.chain import ChainIndex
from simulator.scenario.command import Unit


class CommandChain:
    def __init__(self, ctx: SimContext, desks: Desks, transport: Transport, chain: ChainIndex):
        self.ctx = ctx
        self.desks = desks
        self.transport = transport
        self.units: dict[str, Unit] = {u.id: u for u in ctx.scenario.command.units}
        self.chain = chain
        cmd = ctx.scenario.command
        self.sends = frozenset(cmd.reports)  # the phone report always; the others as the scenario says
        self.markers = cmd.steps.markers
        self.limits = cmd.reporting_limits  # by response level
        self._local_news = self.markers or "written" in self.sends  # something happens once the local unit has the phone report

    def reporting_path(self, place: str, level: str, hazard: str) -> list[Unit]:
        return self.chain.reporting_path(place, level, hazard)

    def relay(self, path: list[Unit], sender: str, incident_id: str, message: str, on_first=None, job: str | None = None):
        """Steps of a process (``yield from``): pass one message along ``path``; each unit queues and handles it.

        ``job`` names the message's random stream (default ``incident.X.<message>``).
        """
        env = self.ctx.env
        rng = self.ctx.rng(job or f"incident.{incident_id}.{message}")
        for hop, unit in enumerate(path):
            yield from self.transport.hop(sender, unit.id, incident_id, message, rng)
            queued = env.now
            yield from self.desks.handle(unit, incident_id, message, rng)
            if unit.hop_limit_minutes is not None:
                self._hop_timeliness(unit, incident_id, message, env.now - queued)
            if hop == 0 and on_first is not None:
                on_first()
            sender = unit.id

    def report_up(self, inc: Incident):
        """Steps of the incident's process (``yield from``): the phone report climbs to the commanding unit; returns that unit."""
        ctx = self.ctx
        path = self.chain.reporting_path(inc.place, inc.level, inc.hazard)
        inc.reporting_path = path

        local_has_it = partial(self._local_has_it, inc, path) if self._local_news else None
        yield from self.relay(path, f"grid:{inc.place}", inc.id, "initial", local_has_it)
        commander = path[-1]
        ctx.record("command_assumed", unit=commander.id, incident=inc.id, level=inc.level, location=commander.place, detail=commander.level)
        self._timeliness(inc, "initial", commander)
        limit = self.limits.get(inc.level)
        if limit is not None and limit.follow_up_every_minutes and "follow_up" in self.sends:
            spawn(ctx.env, self._follow_ups(inc, path, limit.follow_up_every_minutes))
        return commander

    def _local_has_it(self, inc: Incident, path: list[Unit]) -> None:
        """The local unit has handled the phone report: the "3+8" record moves on, and the written report is drafted."""
        if self.markers:
            self.ctx.record("step_ended", incident=inc.id, detail="analysis_warning")
            self.ctx.record("step_started", incident=inc.id, detail="information_receipt")
        if "written" in self.sends:  # drafting starts now, in parallel with the phone relay (Henan's rule, above)
            self._start_written_report(inc, path)

    def _start_written_report(self, inc: Incident, path: list[Unit]) -> None:
        ctx = self.ctx
        drafting = sample(ctx.scenario.command.written_report_minutes, ctx.rng(f"incident.{inc.id}.drafting"))
        if len(path) > 1:
            spawn(ctx.env, self._written_report(inc, path, drafting))  # reports nobody waits for: no end step (simulator.models.spawning)
        else:  # the commanding unit drafts it itself: nothing to relay, so no process of its own
            ctx.env.timeout(drafting).callbacks.append(partial(self._written_done, inc, path[-1]))

    def _written_done(self, inc: Incident, commander: Unit, _event) -> None:
        self._timeliness(inc, "written", commander)

    def final_report(self, inc: Incident) -> None:
        """The final report (终报) after the incident closes goes up from the local unit, if anyone is above it."""
        path = inc.reporting_path
        if len(path) > 1 and "final" in self.sends:
            spawn(self.ctx.env, self.relay(path[1:], path[0].id, inc.id, "final"))

    def _written_report(self, inc: Incident, path: list[Unit], drafting: float):
        yield self.ctx.env.timeout(drafting)
        # drafted at the local unit, then passed up from there
        yield from self.relay(path[1:], path[0].id, inc.id, "written")
        self._timeliness(inc, "written", path[-1])

    def _follow_ups(self, inc: Incident, path: list[Unit], every: float):
        number = 0
        while True:
            yield self.ctx.env.timeout(every)
            if inc.closed:  # no follow-up starts after closing
                return
            number += 1  # each follow-up is a job of its own: its work does not depend on the others'
            job = f"incident.{inc.id}.follow_up.{number}"
            spawn(self.ctx.env, self.relay(path[1:], path[0].id, inc.id, "follow_up", job=job))

    def _timeliness(self, inc: Incident, message: str, commander: Unit) -> None:
        """Record whether a report reached the commanding unit within its limit."""
        limit = self.limits.get(inc.level)
        minutes = None if limit is None else limit.phone_minutes if message == "initial" else limit.written_minutes
        elapsed = self.ctx.env.now - inc.detected
        state = "no_limit" if minutes is None else ("met" if elapsed <= minutes else "missed")
        self.ctx.record("report_timeliness", entity=state, unit=commander.id, incident=inc.id, level=inc.level, quantity=elapsed, detail=message)

    def _hop_timeliness(self, unit: Unit, incident_id: str, message: str, minutes: float) -> None:
        """Record whether a unit passed the report on within its own limit (a unit with one)."""
        if message in ("initial", "written"):
            state = "met" if minutes <= unit.hop_limit_minutes else "missed"
            self.ctx.record("hop_timeliness", entity=state, unit=unit.id, incident=incident_id, quantity=minutes, detail=message)
