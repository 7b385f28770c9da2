"""A tabletop drill session: the clock, the injects and the decisions of one drill.

The session only advances when told (step to the next inject or decision
point, jump to a time, advance some minutes); real time is a timer in the
console calling :meth:`DrillSession.advance`. It steps the simulation one
event at a time and counts the steps, so every decision is played at a
place (step, time) that a replay reproduces exactly: same scenario, same
seed, same decision log -> the same event log, byte for byte.

A *sink* (see :mod:`simulator.drill.stored`) hears about every decision and
every move, to write them to the store; replays run without one. A decision
is committed to the sink before it is played, so one the store refuses is
neither in the store nor in the session, and can be taken again.
"""

from __future__ import annotations

import math

from dataclasses import dataclass

import pandas as pd
from simpy.events import URGENT

from simulator.drill.actions import ADD_INJECT, Decision, Outcome, apply
from simulator.drill.deciders import Decider, HumanQueue, ReplayDiverged, Script
from simulator.drill.facilitation import CHANGE_INJECT, NOTE, SESSION_ACTIONS, UNDO
from simulator.drill.injects import inject_data, validate_inject
from simulator.drill.msel import edit_args, live_msel, live_scenario
from simulator.drill.session_actions import play_session_action
from simulator.drill.seats import actor_seat, record_played
from simulator.engine.context import DecisionPoint, SimContext
from simulator.engine.stepper import RunBudgetExceeded
from simulator.scenario.limits import MAX_EVENTS
from simulator.eventlog import GrowingEventsFrame
from simulator.models.decisions import DecisionRejected
from simulator.models.teams import nearest_team, players_decide
from simulator.models.world import World
from simulator.scenario.drills import Inject
from simulator.scenario.models import Scenario


@dataclass(frozen=True)
class FeedItem:
    """A line of the inject feed: an inject played, a need waiting for the players, or supplies short."""

    time: float
    reason: str  # "inject" | "dispatch" | "supply_short" | "note" (ref: its text) | "correction" (ref: the seq undone) | "seat" (ref: the seq of a seat's decision)
    ref: str
    inject: Inject | None = None


class DrillSession:
    def __init__(self, scenario: Scenario, seed: int | None = None, *, deciders: tuple[Decider, ...] = (), auto_dispatch: bool = False, seed_sequence=None):
        self.scenario = scenario
        self.auto_dispatch = auto_dispatch
        self.ctx = SimContext.create(scenario, seed, seed_sequence)  # seed_sequence: a study's replication (experiments with a decision log)
        self.world = World(self.ctx, nearest_team if auto_dispatch else players_decide).start()
        self.replay = Script([])  # decisions read back from a store (resume, follow)
        self.human = HumanQueue()
        self.deciders: list[Decider] = [self.replay, *deciders, self.human]
        self.steps = 0
        self.ended = False
        self.feed: list[FeedItem] = []
        self.outcomes: list[Outcome] = []
        self.extra_injects: dict[str, Inject] = {}
        self.corrections: set[str] = set()  # the injects undo played to take an inject back (not part of the MSEL)
        self.sink = None
        self._planned = {i.id: i for i in scenario.injects}
        self._events = GrowingEventsFrame()

    # -- the clock -------------------------------------------------------------------

    @property
    def seed(self) -> int:
        return self.ctx.seed

    @property
    def now(self) -> float:
        return self.ctx.env.now

    @property
    def horizon(self) -> float:
        return self.ctx.horizon

    def step(self) -> list[DecisionPoint]:
        """Run to the next inject or decision point (or the end)."""
        return self._run(self.horizon, stop=True)

    def run_until(self, time: float, stop: bool = False) -> list[DecisionPoint]:
        """Jump to ``time``, playing every event up to and including it; ``stop`` halts at the first point."""
        return self._run(time, stop)

    def advance(self, minutes: float, stop: bool = False) -> list[DecisionPoint]:
        """Move the clock on by ``minutes`` (one tick of real-time mode)."""
        return self._run(self.now + minutes, stop)

    def _run(self, until: float, stop: bool) -> list[DecisionPoint]:
        env = self.ctx.env
        if self.sink is not None:
            self.sink.moving(self)  # the seats' decisions since the last move: played first, at this step
        limit = min(until, self.horizon)
        raised: list[DecisionPoint] = []
        while True:
            self._apply_due()
            nxt = env.peek()
            due_at = self._next_time()
            if due_at is not None and env.now < due_at <= limit and nxt >= due_at:
                self._move_clock(due_at)  # a scripted decision known only by its time
                continue
            if nxt > limit:
                break
            if self._one_step(raised) and stop:
                self._apply_due()
                break
        if not (stop and raised) and env.now < limit < env.peek():
            self._move_clock(limit)
        self._end_if_over()
        if self.sink is not None:
            self.sink.moved(self)
        return raised

    def _one_step(self, raised: list) -> bool:
        if self.steps >= MAX_EVENTS:  # the run budget, as in a headless run: refuse before stepping
            raise RunBudgetExceeded(MAX_EVENTS, self.now, self.horizon)
        self.ctx.env.step()
        self.steps += 1
        points = self.ctx.pending_decisions
        if not points:
            return False
        taken = list(points)
        points.clear()
        raised += taken
        self._to_feed(taken)
        for decider in self.deciders:
            decider.observe(self.world, taken)
        return True

    def run_to(self, steps: int, clock: float) -> None:
        """Replay to a stored place: ``steps`` simulation steps, then the clock at ``clock``."""
        env = self.ctx.env
        while True:
            self._apply_due()
            if self.steps >= steps:
                break
            due_at = self._next_time()
            if due_at is not None and env.now < due_at <= env.peek():
                self._move_clock(due_at)
                continue
            self._one_step([])
        if clock > env.now:
            self._move_clock(clock)
            self._apply_due()
        self._end_if_over()

    def _move_clock(self, time: float) -> None:
        """Set the clock to ``time`` when no event is due before it, leaving nothing in the queue.

        simpy 4.1 puts the event that stopped ``env.run(until=...)`` back in
        the queue; it would become one more step, and a replay that moves the
        clock differently would count steps differently. So stop on an event
        of our own and take it out again.
        """
        env = self.ctx.env
        if env.peek() < time:
            raise ReplayDiverged(f"events remain before minute {time}: the run is not the recorded one")
        stop = env.event()
        stop._ok, stop._value = True, None  # triggered, as simpy's run(until=number) makes it
        env.schedule(stop, URGENT, time - env.now)  # before the timeouts due at ``time``
        env.run(until=stop)
        if stop.callbacks is not None:  # put back by simpy: remove it (a no-op step, uncounted)
            env.step()

    def _next_time(self) -> float | None:
        times = [t for t in (d.next_time() for d in self.deciders) if t is not None]
        return min(times) if times else None

    def _end_if_over(self) -> None:
        if not self.ended and self.now >= self.horizon and self.ctx.env.peek() > self.horizon:
            self.world.finish()
            self.ended = True

    # -- decisions ---------------------------------------------------------------------

    def decide(self, action: str, actor: str = "player", **args) -> Outcome:
        """A decision from the console, played now; the outcome says whether it was accepted.

        Raises the store's error when the decision could not be saved: it was not played.
        """
        self.human.put(action, actor=actor, **args)
        before = len(self.outcomes)
        self._apply_due()
        return self.outcomes[before]

    def add_inject(self, text: str) -> Outcome:
        """The facilitator's unplanned inject (YAML); raises ScenarioError when it is not valid."""
        inject = validate_inject(text, live_scenario(self), self.taken_ids(), self.now)
        return self.decide(ADD_INJECT, actor="facilitator", inject=inject_data(inject))

    def edit_inject(self, inject_id: str, text: str) -> Outcome:
        """Edit or move an inject not played yet (YAML, same id); raises ScenarioError when it is not valid."""
        return self.decide(CHANGE_INJECT, actor="facilitator", **edit_args(self, text, inject_id))

    def delete_inject(self, inject_id: str) -> Outcome:
        return self.decide(CHANGE_INJECT, actor="facilitator", op="delete", inject_id=inject_id)

    def undo(self, seq: int, actor: str = "facilitator") -> Outcome:
        """Correct decision ``seq`` (see :mod:`simulator.drill.corrections` for what undo means per action)."""
        return self.decide(UNDO, actor=actor, seq=int(seq))

    def note(self, text: str, minute: float | None = None, actor: str = "facilitator") -> Outcome:
        """Attach a note to ``minute`` (default: now); allowed after the end too (the debrief)."""
        # now to a tenth of a minute, rounded down: rounded up (124.76 -> 124.8) it would lie in the future and be refused
        at = math.floor(self.now * 10) / 10 if minute is None else round(float(minute), 1)
        return self.decide(NOTE, actor=actor, text=text, minute=at)

    def notes(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.accepted and o.decision.action == NOTE]

    def msel(self) -> tuple[Inject, ...]:
        """The MSEL now: planned and added injects in their latest versions, played or to come (see ``drill.msel``)."""
        return live_msel(self)

    def _apply_due(self) -> None:
        for decider in self.deciders:
            for decision in decider.due(self.steps, self.now):
                if decision.time > self.now:  # decided after a jump that crossed no event
                    self._move_clock(decision.time)
                self._play(decision)

    def _play(self, decision: Decision) -> None:
        seq = len(self.outcomes)
        if self.sink is not None:  # committed before it is played: a refused write raises and nothing here changes
            self.sink.committing(self, seq, decision)
        try:
            if self.ended and decision.action != NOTE:
                raise DecisionRejected("drill_over")
            result = play_session_action(self, decision) if decision.action in SESSION_ACTIONS else apply(self.world, decision)
        except DecisionRejected as exc:
            outcome = Outcome(seq, decision, False, exc.key, dict(exc.params))
        else:
            outcome = Outcome(seq, decision, True, result=result or "")
            if decision.action == ADD_INJECT:
                inject = Inject.model_validate(decision.args["inject"])
                self.extra_injects[inject.id] = inject
            elif decision.action in (NOTE, UNDO):
                at, ref = (float(decision.args["minute"]), decision.args["text"]) if decision.action == NOTE else (self.now, str(decision.args["seq"]))
                self.feed.append(FeedItem(at, decision.action if decision.action == NOTE else "correction", ref))
        self.outcomes.append(outcome)
        if actor_seat(decision.actor) is not None:  # a seat's decision: attributed in the feed, and in the log when it took effect
            self.feed.append(FeedItem(self.now, "seat", str(seq)))
            if outcome.accepted:
                record_played(self.ctx, decision)
        if self.sink is not None:
            self.sink.decided(self, outcome)

    # -- what the console shows ----------------------------------------------------------

    def _to_feed(self, points: list[DecisionPoint]) -> None:
        seen = {(f.time, f.reason, f.ref) for f in self.feed[-20:]}
        for p in points:
            if (p.time, p.reason, p.ref) in seen:
                continue  # a need for two teams flags twice
            seen.add((p.time, p.reason, p.ref))
            inject = self.inject(p.ref) if p.reason == "inject" else None
            self.feed.append(FeedItem(p.time, p.reason, p.ref, inject))

    def inject(self, inject_id: str) -> Inject | None:
        """The inject as it stands now (edited during the drill, or as planned)."""
        return self.world.injects.versions.get(inject_id) or self._planned.get(inject_id) or self.extra_injects.get(inject_id)

    def all_injects(self) -> list[Inject]:
        return list(self.world.injects.versions.values())

    def taken_ids(self) -> set[str]:
        return {*self._planned, *self.extra_injects, *self.world.incidents}

    def played_injects(self) -> list[FeedItem]:
        return [f for f in self.feed if f.reason == "inject"]

    def events(self) -> pd.DataFrame:
        """The log so far as a DataFrame, shared by every caller (read it, do not modify it).

        Only the rows added since the last call are converted: a console asks
        for it after every move.
        """
        return self._events.of(self.ctx.recorder)

    def decisions(self) -> list[Decision]:
        return [o.decision for o in self.outcomes]
