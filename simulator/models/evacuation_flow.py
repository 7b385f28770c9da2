"""One place's evacuation: the people told to go, queued to leave at the place's rate.

People told to go (by an order or a warning) split into those who refuse
(they stay home), those who delay (ready after a drawn delay) and the rest
(ready now). Ready people leave at ``rate`` people an hour, in groups of
``group_minutes`` of that flow: a group of n leaves n / rate hours after the
previous one, when its last member has gone. So 540 people at 300 an hour
in 10-minute groups leave as ten groups of 50 at minutes 10, 20, ... 100
and a last group of 40 at 108 (540 / 300 h = 108 min).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample
from simulator.scenario.population import Evacuation


@dataclass
class Flow:
    place: str
    at_risk: int
    rate: float  # people an hour
    told: int = 0  # told to go so far (orders and warnings), refusers included
    ordered: bool = False
    ready: list = field(default_factory=list)  # heap of (ready at, seq, people)
    wake: object = None  # the event the departure process sleeps on
    running: bool = False


class Departures:
    """Queues and departure processes of the places being evacuated; ``depart(place, n)`` sends a group off."""

    def __init__(self, ctx: SimContext, rules: Evacuation, depart: Callable[[str, int], None]):
        self.ctx = ctx
        self.rules = rules
        self.depart = depart
        self._seq = 0

    def tell(self, flow: Flow, people: int, cause: str, job: str) -> int:
        """Tell up to ``people`` more of ``flow``'s at-risk people to go; returns how many were told.

        ``cause`` is logged (``plan:<id>``, ``planned``, ``warning:<colour>``);
        ``job`` names the call's delay stream, ``evacuation.<place>.<job>``: the
        place's one order (``order``, whichever plan, drill or ``ordered_at``
        gives it) or one warning's reach by one channel
        (``warning.<warning>.<channel>.<k>``). Keyed by what the call is, not
        by how many calls came before, so a plan with an extra earlier warning
        leaves the order's draw as it was (common random numbers).
        """
        ctx, rules = self.ctx, self.rules
        people = min(people, flow.at_risk - flow.told)
        if people <= 0:
            return 0
        flow.told += people
        refuse = round(people * rules.refuse_share)
        going = people - refuse
        delayed = round(going * rules.delay.share)
        if refuse:
            ctx.record("evacuation_refused", entity=flow.place, location=flow.place, quantity=refuse, detail=cause)
        now = ctx.now
        self.queue(flow, now, going - delayed)
        if delayed:
            rng = ctx.rng(f"evacuation.{flow.place}.{job}").child("delay")  # each call to leave is a job of its own
            self.queue(flow, now + sample(rules.delay.minutes, rng), delayed)
        return people

    def queue(self, flow: Flow, ready_at: float, people: int) -> None:
        if people <= 0:
            return
        self._seq += 1
        heapq.heappush(flow.ready, (ready_at, self._seq, people))
        if not flow.running:
            flow.running = True
            self.ctx.env.process(self._leave(flow))
        elif flow.wake is not None and not flow.wake.triggered:
            flow.wake.succeed()

    def _leave(self, flow: Flow):
        """SimPy process: groups leave one after another while anyone is ready."""
        env = self.ctx.env
        group = max(1, math.floor(flow.rate * self.rules.group_minutes / 60.0))
        while True:
            people = self._take(flow, group)
            if people == 0:
                flow.wake = env.event()
                if flow.ready:  # the next are ready later (delayed), unless told anew before then
                    yield flow.wake | env.timeout(flow.ready[0][0] - env.now)
                else:
                    yield flow.wake
                flow.wake = None
                continue
            yield env.timeout(people / flow.rate * 60.0)
            self.depart(flow.place, people)

    def _take(self, flow: Flow, most: int) -> int:
        """Up to ``most`` people of those ready by now, first ready first."""
        now, taken = self.ctx.now, 0
        while flow.ready and flow.ready[0][0] <= now and taken < most:
            ready_at, seq, people = heapq.heappop(flow.ready)
            take = min(people, most - taken)
            taken += take
            if people > take:
                heapq.heappush(flow.ready, (ready_at, seq, people - take))
        return taken
