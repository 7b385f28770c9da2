"""A pool of identical servers (duty officers) with a priority queue, cheaper than SimPy's resources.

SimPy's ``Resource`` costs three scheduled events per use (the request,
the release, and the next request's grant) plus request objects and a
re-sorted queue. A duty desk is used by every message of every incident,
so here a free server is taken at once with no event at all, a release
hands the server straight to the first in line (one event: the waiter
resumes) or puts it back, and the queue is a heap ordered by (priority,
arrival). Served in the same order as ``simpy.PriorityResource`` (lower
priority value first, then first come), without preemption.
"""

from __future__ import annotations

from heapq import heapify, heappop, heappush

import simpy


class Servers:
    def __init__(self, env: simpy.Environment, capacity: int):
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, not {capacity}")
        self.env = env
        self.capacity = capacity
        self.free = capacity
        self._waiting: list[tuple[int, int, simpy.Event]] = []
        self._arrivals = 0

    @property
    def queued(self) -> int:
        return len(self._waiting)

    def take(self, priority: int = 0) -> simpy.Event | None:
        """A server for the caller: ``None`` when one is free now, else an event to wait for."""
        if self.free:
            self.free -= 1
            return None
        ticket = self.env.event()
        heappush(self._waiting, (priority, self._arrivals, ticket))
        self._arrivals += 1
        return ticket

    def withdraw(self, ticket: simpy.Event) -> None:
        """Leave the queue (the waiter was interrupted); a ticket already served gives its server back."""
        for i, (_, _, waiting) in enumerate(self._waiting):
            if waiting is ticket:
                self._waiting[i] = self._waiting[-1]
                self._waiting.pop()
                heapify(self._waiting)
                return
        if ticket.triggered:
            self.give_back()

    def give_back(self) -> None:
        """A server is done: the first in line gets it, or it is free again."""
        if self._waiting:
            heappop(self._waiting)[2].succeed()
        else:
            self.free += 1
