"""The people ledger: where every person of a place is, and the moves between states.

States (per place of origin): at home, moving (on the road to a shelter),
sheltered, trapped, rescued (alive) and casualty. People who refuse to
leave stay "at home" (``evacuation_refused`` says how many); people who
find no open shelter with room stay (``evacuation_no_shelter``) or go back
home (``people_turned_away``) and wait for one to open. This module is the
only one that moves people, and every move is one row of the event log, so
:func:`simulator.metrics.people.people_by_state` rebuilds the books from the
log; the property test checks both agree and that people are conserved.

A place enters the books the first time anything happens to its people
(``people_entered``: its population, or its people at risk if larger), so a
scenario that never moves anyone records nothing. People arriving at a
shelter on its ``arrivals`` schedule come from outside the map
(:data:`OUTSIDE`) and enter already on the move.

Moves:
- evacuation (simulator.models.evacuation_flow): home -> moving; travel by
  road at the road state of departure to the nearest open shelter with room;
- a shelter full (or closed) on arrival admits what fits and sends the rest
  on to the nearest other open shelter with room; with none they go home
  and wait for a shelter to open (``open_shelter`` sends them again);
- an incident with trapped people takes them from those at home at its
  place (never more than are there); the first rescue team decides each
  one's fate by the survival curve: rescued or casualty;
- ``from_incidents``: once an incident is commanded, people from its place
  reach the shelter after the spec's delay (gathering and travel).
"""

from __future__ import annotations

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample
from simulator.models.evacuation_flow import Departures, Flow
from simulator.models.geography import RoadNetwork
from simulator.models.supplies.shelters import ShelterState
from simulator.scenario.population import Evacuation
from simulator.scenario.vocabulary import WARNING_LEVELS

STATES = ("home", "moving", "sheltered", "trapped", "rescued", "casualty")
OUTSIDE = "~outside"  # origin of scheduled shelter arrivals: people from beyond the map


class People:
    def __init__(self, ctx: SimContext, roads: RoadNetwork, supplies):
        self.ctx = ctx
        self.roads = roads
        self.supplies = supplies  # the shelters' occupancy is their supply demand (add_cohort)
        sc = ctx.scenario
        self.shelters: dict[str, ShelterState] = supplies.shelters
        self.is_open = {s.id: s.opens == "at_start" for s in sc.shelters}
        self.rules = sc.evacuation or Evacuation.model_construct(places=())  # defaults for places ordered without the section
        self.population = {p.id: p.population for p in sc.places}
        self.flows: dict[str, Flow] = {}
        for entry in self.rules.places:
            at_risk = self.population[entry.place] if entry.people is None else entry.people
            self.population[entry.place] = max(self.population[entry.place], at_risk)
            self.flows[entry.place] = Flow(entry.place, at_risk, entry.rate_per_hour or self.rules.rate_per_hour)
        self.books: dict[str, dict[str, int]] = {}
        self.waiting: dict[str, int] = {}  # people sent home for want of a shelter, by place
        self.trapped: dict[str, tuple] = {}  # incident -> (people, its stream): the survival draws follow
        self.from_incidents = [s for s in supplies.shelters.values() if s.shelter.from_incidents is not None]
        self.departures = Departures(ctx, self.rules, self._depart)
        rank = WARNING_LEVELS.index
        self.warned_from = rank(self.rules.on_warning) if self.rules.on_warning else None
        self._rank = rank
        self._reached: dict[str, dict[str, float]] = {}  # place -> warning -> share of its people it reached
        self._warned_told: dict[str, int] = {}  # place -> people told to go by warnings so far
        self._reaches: dict[tuple[str, str, str], int] = {}  # (place, warning, channel) -> reaches so far (the delay stream's job)

    def start(self) -> None:
        """Schedule the shelters' arrivals and the evacuation section's facts and planned orders."""
        env = self.ctx.env
        for shelter in self.shelters.values():
            if shelter.shelter.arrivals:
                env.process(self._arrivals(shelter))
        for entry in self.rules.places:
            self._book(entry.place)
            self.ctx.record("people_at_risk", entity=entry.place, location=entry.place, quantity=self.flows[entry.place].at_risk)
            if entry.hazard_minute is not None and entry.hazard_minute <= self.ctx.horizon:
                env.timeout(entry.hazard_minute).callbacks.append(lambda _e, p=entry.place: self.ctx.record("hazard_arrived", entity=p, location=p))
            if entry.ordered_at is not None:
                env.timeout(entry.ordered_at).callbacks.append(lambda _e, p=entry.place: self.evacuate([p], "planned"))

    # -- public API (contingency plans, drills) ----------------------------------
    def evacuate(self, place_ids, cause: str) -> list[str]:
        """Order the evacuation of ``place_ids`` now; returns the ids newly ordered.

        A place already ordered, unknown or with nobody living there is
        skipped. A place not under ``evacuation:`` evacuates all its
        population with the section's rates (the defaults without one).
        """
        newly = []
        for place in place_ids:
            flow = self.flows.get(place)
            if flow is None:
                if self.population.get(place, 0) <= 0:
                    continue
                flow = self.flows[place] = Flow(place, self.population[place], self.rules.rate_per_hour)
            if flow.ordered:
                continue
            flow.ordered = True
            self._book(place)
            told = self.departures.tell(flow, flow.at_risk, cause, "order")  # a place is ordered out once, whoever orders it
            self.ctx.record("evacuation_ordered", entity=place, location=place, quantity=told, detail=cause)
            newly.append(place)
        return newly

    def is_ordered(self, place: str) -> bool:
        """``place``'s evacuation has been ordered (by a plan, a drill or ``ordered_at``)."""
        flow = self.flows.get(place)
        return flow is not None and flow.ordered

    def open_shelter(self, shelter_id: str, cause: str) -> bool:
        """Open a shelter (one that ``opens: on_order``); False if unknown or already open."""
        if shelter_id not in self.is_open or self.is_open[shelter_id]:
            return False
        self.is_open[shelter_id] = True
        shelter = self.shelters[shelter_id].shelter
        self.ctx.record("shelter_opened", entity=shelter_id, location=shelter.place, quantity=shelter.capacity, detail=cause)
        for place, people in sorted(self.waiting.items()):  # those sent home for want of a shelter try again
            del self.waiting[place]
            if place in self.flows:
                self.departures.queue(self.flows[place], self.ctx.now, people)
            else:
                self._depart(place, people)
        return True

    def warned(self, level: str | None, place: str, share: float, warning: str = "", channel: str = "") -> None:
        """``warning`` reached ``share`` more of ``place``'s people by ``channel``: at or above ``on_warning`` they start to go.

        Those told are the people reached by any warning so far, less those
        told before: a person reached by two warnings leaves once. Each
        warning reaches its own share (the sum of its channels' new shares);
        warnings reach people independently, so the share reached by any is
        1 - prod(1 - s_w). Two warnings of 82% reach 1 - 0.18 x 0.18 = 96.76%,
        not 164% capped at 100%.
        """
        flow = self.flows.get(place)
        if flow is None or flow.ordered or self.warned_from is None or level is None or self._rank(level) < self.warned_from:
            return
        self._book(place)
        shares = self._reached.setdefault(place, {})
        shares[warning] = min(1.0, shares.get(warning, 0.0) + share)
        unreached = 1.0
        for s in shares.values():
            unreached *= 1.0 - s
        target = round(flow.at_risk * (1.0 - unreached))
        more = target - self._warned_told.get(place, 0)
        if more > 0:
            self._warned_told[place] = target
            k = self._reaches[(place, warning, channel)] = self._reaches.get((place, warning, channel), 0) + 1
            self.departures.tell(flow, more, f"warning:{level}", f"warning.{warning}.{channel}.{k}")

    # -- incidents ---------------------------------------------------------------
    def trap(self, inc) -> None:
        """The incident traps people at its place: drawn from its spec, at most those at home."""
        rng = self.ctx.rng(f"incident.{inc.id}.trapped")
        drawn = round(sample(inc.trapped.people, rng))
        people = min(drawn, self._book(inc.place)["home"]) if drawn > 0 else 0
        if people:
            self._move(inc.place, "home", "trapped", people)
            self.ctx.record("people_trapped", entity=inc.place, incident=inc.id, location=inc.place, quantity=people)
        self.trapped[inc.id] = (people, rng)

    def rescue(self, inc, chance: float) -> None:
        """The rescue team has reached the trapped: each survives with ``chance`` (the survival curve now)."""
        people, rng = self.trapped.pop(inc.id, (0, None))
        alive = sum(1 for _ in range(people) if rng.random() < chance)
        if people:
            self._move(inc.place, "trapped", "rescued", alive)
            self._move(inc.place, "trapped", "casualty", people - alive)
        self.ctx.record("people_rescued", incident=inc.id, location=inc.place, quantity=alive, detail=f"{chance:.3f}")
        self.ctx.record("people_lost", incident=inc.id, location=inc.place, quantity=people - alive)

    def commanded(self, inc) -> None:
        """An incident is commanded: shelters that take people from its place (``from_incidents``) get them."""
        for shelter in self.from_incidents:
            spec = shelter.shelter.from_incidents
            if inc.place in spec.places and (not spec.hazards or inc.hazard in spec.hazards):
                people = min(spec.people, self._book(inc.place)["home"])
                if people:
                    self._move(inc.place, "home", "moving", people)
                    self.ctx.record("evacuation_departed", entity=inc.place, incident=inc.id, location=inc.place, quantity=people, detail=shelter.id)
                    delay = sample(spec.delay_minutes, self.ctx.rng(f"incident.{inc.id}.evacuees.{shelter.id}"))
                    self._after(delay, shelter, inc.place, people, inc.id)

    # -- moves -------------------------------------------------------------------
    def _book(self, place: str) -> dict[str, int]:
        book = self.books.get(place)
        if book is None:
            book = self.books[place] = dict.fromkeys(STATES, 0)
            book["home"] = people = self.population.get(place, 0)
            if people:
                self.ctx.record("people_entered", entity=place, location=place, quantity=people, detail="home")
        return book

    def _move(self, place: str, source: str, target: str, people: int) -> None:
        book = self.books[place]
        book[source] -= people
        book[target] += people

    def _arrivals(self, shelter: ShelterState):
        """SimPy process: the shelter's scheduled arrivals, people from outside the map."""
        for arrival in sorted(shelter.shelter.arrivals, key=lambda a: a.time):
            yield self.ctx.env.timeout(arrival.time - self.ctx.now)
            if arrival.people:
                book = self.books.setdefault(OUTSIDE, dict.fromkeys(STATES, 0))
                book["moving"] += arrival.people
                self.ctx.record("people_entered", entity=OUTSIDE, location=shelter.shelter.place, quantity=arrival.people, detail="moving")
                self._arrive(shelter, OUTSIDE, arrival.people, "")

    def _depart(self, place: str, people: int) -> None:
        """A group leaves ``place`` for the nearest open shelter with room (home if none)."""
        people = min(people, self._book(place)["home"])  # some may have been trapped meanwhile
        if people <= 0:
            return
        found = self._nearest(place, ())
        if found is None:
            self.waiting[place] = self.waiting.get(place, 0) + people
            self.ctx.record("evacuation_no_shelter", entity=place, location=place, quantity=people)
            return
        shelter, minutes = found
        self._move(place, "home", "moving", people)
        self.ctx.record("evacuation_departed", entity=place, location=place, quantity=people, detail=shelter.id)
        self._after(minutes, shelter, place, people, "")

    def _after(self, minutes: float, shelter: ShelterState, origin: str, people: int, incident: str) -> None:
        # a timeout's callback, no process of its own: thousands of groups cost little
        self.ctx.env.timeout(minutes).callbacks.append(lambda _e: self._arrive(shelter, origin, people, incident))

    def _arrive(self, shelter: ShelterState, origin: str, people: int, incident: str) -> None:
        ctx, place = self.ctx, shelter.shelter.place
        admitted = min(people, shelter.room()) if self.is_open[shelter.id] else 0
        if admitted:
            self.supplies.add_cohort(shelter, admitted)
            self._move(origin, "moving", "sheltered", admitted)
            ctx.record("evacuees_arrived", entity=shelter.id, location=place, incident=incident, quantity=admitted, detail=origin)
        rest = people - admitted
        if not rest:
            return
        ctx.record("shelter_overflow", entity=shelter.id, location=place, incident=incident, quantity=rest, detail=origin)
        found = self._nearest(place, (shelter.id,))
        if found is not None:
            self._after(found[1], found[0], origin, rest, incident)
            return
        self._move(origin, "moving", "home", rest)
        ctx.record("people_turned_away", entity=origin, location=place, incident=incident, quantity=rest, detail=shelter.id)
        if origin != OUTSIDE:
            self.waiting[origin] = self.waiting.get(origin, 0) + rest

    def _nearest(self, origin: str, besides) -> tuple[ShelterState, float] | None:
        """The open shelter with room nearest ``origin`` by road (ties by id), and the minutes to it."""
        best = None
        for sid in sorted(self.shelters):
            shelter = self.shelters[sid]
            if sid in besides or not self.is_open[sid] or shelter.room() <= 0:
                continue
            minutes = self.roads.travel_minutes(origin, shelter.shelter.place)
            if minutes != float("inf") and (best is None or minutes < best[1]):
                best = (shelter, minutes)
        return best

    def ledger(self) -> dict[str, dict[str, int]]:
        """Per place of origin: people in each state now (the model's own books)."""
        return {place: dict(book) for place, book in sorted(self.books.items())}
