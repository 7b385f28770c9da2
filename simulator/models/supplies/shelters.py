"""A shelter during a run: who is there, what they have, what they need.

Demand is counted per review period: every person needs the shelter's
per-person daily ration from ``household_hours`` after arrival (household
reserves cover the first hours). Orders follow an (s, S) rule in hours of
cover: when stock plus what is on order covers less than
``shelter_reorder_hours`` of the present population's needs, order up to
``shelter_cover_hours``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.models.supplies.stock import EPS
from simulator.scenario.shelters import Shelter

DAY = 1440.0
ESSENTIAL = ("water", "food")  # "person-days without water or food"


@dataclass
class Consumption:
    item: str
    demand: float
    consumed: float

    @property
    def unmet(self) -> float:
        return max(0.0, self.demand - self.consumed)


@dataclass
class ShelterState:
    shelter: Shelter
    cohorts: list[tuple[float, int]] = field(default_factory=list)  # (arrived, people)
    stock: dict[str, float] = field(default_factory=dict)
    on_order: dict[str, float] = field(default_factory=dict)
    counted_to: float = 0.0
    short: set[str] = field(default_factory=set)

    @property
    def id(self) -> str:
        return self.shelter.id

    @property
    def people(self) -> int:
        return sum(n for _, n in self.cohorts)

    def room(self) -> int:
        return max(0, self.shelter.capacity - self.people)

    def person_days(self, start: float, end: float, household_minutes: float) -> float:
        """Person-days of need in (start, end], after household reserves run out."""
        total = 0.0
        for arrived, people in self.cohorts:
            begin = max(start, arrived + household_minutes)
            if end > begin:
                total += people * (end - begin) / DAY
        return total

    def consume(self, now: float, household_minutes: float) -> list[Consumption]:
        """Use stock for the needs since the last count; what is missing is unmet."""
        days = self.person_days(self.counted_to, now, household_minutes)
        self.counted_to = now
        out = []
        if days <= EPS:
            return out
        for item, per_day in sorted(self.shelter.needs_per_person_day.items()):
            demand = days * per_day
            used = min(demand, self.stock.get(item, 0.0))
            self.stock[item] = self.stock.get(item, 0.0) - used
            out.append(Consumption(item, demand, used))
        return out

    def unmet_person_days(self, counts: list[Consumption], kinds: dict[str, str]) -> float:
        """Person-days without water or food: the worse of the two (shortages hit the same people)."""
        worst = 0.0
        for c in counts:
            per_day = self.shelter.needs_per_person_day[c.item]
            if kinds.get(c.item) in ESSENTIAL and per_day > 0:
                worst = max(worst, c.unmet / per_day)
        return worst

    def order(self, cover_hours: float, reorder_hours: float) -> dict[str, float]:
        people = self.people
        orders = {}
        for item, per_day in sorted(self.shelter.needs_per_person_day.items()):
            rate = people * per_day / 24.0  # per hour
            position = self.stock.get(item, 0.0) + self.on_order.get(item, 0.0)
            if rate > 0 and position <= rate * reorder_hours + EPS:
                want = rate * cover_hours - position
                if want > EPS:
                    orders[item] = want
        return orders
