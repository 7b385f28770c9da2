"""Moving a message one hop: over the primary channel, or a backup when it fails.

With no channels in the scenario a hop simply takes ``link_minutes``. With
channels, each is tried in order; a failed or cut channel costs the time it
takes to notice (``channel_timeout_minutes``) before the next is tried, and
when all fail the caller starts over, as a duty officer would keep redialling.
"""

from __future__ import annotations

from simulator.engine.context import SimContext
from simulator.engine.sampling import fixed, sample
from simulator.engine.streams import Stream

MIN_RETRY_MINUTES = 1.0  # a zero timeout with every channel cut would spin forever


class Transport:
    def __init__(self, ctx: SimContext):
        self.ctx = ctx
        self._fixed_link = fixed(ctx.scenario.command.link_minutes)  # a link's minutes when they take no draw, else None
        # channel id -> units whose links are cut (None: cut everywhere)
        self._down: dict[str, set[str] | None] = {}

    def cut(self, channel: str, units: tuple[str, ...] = ()) -> None:
        self._down[channel] = set(units) if units else None

    def restore(self, channel: str) -> None:
        self._down.pop(channel, None)

    def is_cut(self, channel: str, sender: str, receiver: str) -> bool:
        if channel not in self._down:
            return False
        scope = self._down[channel]
        return scope is None or sender in scope or receiver in scope

    def hop(self, sender: str, receiver: str, incident_id: str, message: str, job: Stream):
        """Steps of a process (``yield from``): carry one message from ``sender`` to ``receiver``; returns the channel used.

        Draws come from ``job``'s child for this receiver (see :meth:`Desks.handle`).
        """
        env, cmd = self.ctx.env, self.ctx.scenario.command
        self.ctx.record("message_sent", entity=sender, unit=receiver, incident=incident_id, detail=message)
        if not cmd.channels:
            minutes = self._fixed_link  # a fixed link makes no child stream
            if minutes is None:
                minutes = sample(cmd.link_minutes, job.child(f"to.{receiver}"))
            if minutes > 0:  # an instant hop costs no simulation step
                yield env.timeout(minutes)
            return "link"
        rng = job.child(f"to.{receiver}")
        while True:
            for channel in cmd.channels:
                failed = self.is_cut(channel.id, sender, receiver) or (
                    channel.failure_probability > 0 and rng.random() < channel.failure_probability
                )
                if not failed:
                    yield env.timeout(sample(channel.delay_minutes, rng))
                    return channel.id
                self.ctx.record("channel_failed", entity=sender, unit=receiver, incident=incident_id, detail=channel.id)
                yield env.timeout(max(sample(cmd.channel_timeout_minutes, rng), MIN_RETRY_MINUTES))
