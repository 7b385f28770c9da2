"""How much work a valid scenario asks for, estimated before anything runs.

A file can be valid field by field and still never finish: a horizon of
1e12 minutes, a billion incidents an hour, a billion duty posts drawing
absences at every shift change. These checks multiply horizon by rates and
sizes (expected values: Poisson arrivals at their rate, one absence draw per
post per shift) and refuse a scenario past the limits of
:mod:`simulator.scenario.limits`, each problem at the field that drives it.
The run budget of :mod:`simulator.engine.stepper` ends whatever slips through.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from simulator.scenario.limits import (
    MAX_ABSENCE_DRAWS,
    MAX_HORIZON,
    MAX_INCIDENTS,
    MAX_PUBLIC_CALLS,
    MAX_TRUCKLOADS,
)
from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem
from simulator.scenario.supplies import Fleet, Item


def check_work(sc: Scenario) -> list[Problem]:
    horizon = sc.meta.horizon
    if horizon > MAX_HORIZON:  # every estimate below grows with it: one problem says it all
        return [Problem(("meta", "horizon"), "work_horizon", {"horizon": count(horizon), "limit": count(MAX_HORIZON)})]
    return [*_incidents(sc), *_absences(sc), *_public_calls(sc), *_truckloads(sc)]


def count(value: float) -> str:
    """A big number people can read: 1,234,567 or 8.8e+12."""
    return f"{value:,.0f}" if value < 1e9 else f"{value:.2g}"


def expected_incidents(sc: Scenario) -> list[float]:
    """Incidents each source makes over the horizon, on average."""
    horizon = sc.meta.horizon
    out = []
    for source in sc.incidents:
        if source.schedule is not None:
            out.append(float(sum(1 for t in source.schedule if t <= horizon)))
        else:
            end = horizon if source.end is None else min(source.end, horizon)
            out.append(source.rate_per_hour * max(0.0, end - source.start) / 60.0)
    return out


def _incidents(sc: Scenario) -> Iterator[Problem]:
    per_source = expected_incidents(sc)
    total = sum(per_source)
    if total <= MAX_INCIDENTS:
        return
    worst = max(range(len(per_source)), key=per_source.__getitem__)
    field = "schedule" if sc.incidents[worst].schedule is not None else "rate_per_hour"
    yield Problem(
        ("incidents", worst, field), "work_incidents",
        {"count": count(per_source[worst]), "total": count(total), "limit": count(MAX_INCIDENTS)},
    )


def _absences(sc: Scenario) -> Iterator[Problem]:
    shifts = math.floor(sc.meta.horizon / sc.command.shift_minutes) + 1  # a change at 0, then every shift
    draws = [u.duty_staff * shifts if u.absence_probability > 0 else 0 for u in sc.command.units]
    total = sum(draws)
    if total <= MAX_ABSENCE_DRAWS:
        return
    worst = max(range(len(draws)), key=draws.__getitem__)
    yield Problem(
        ("command", "units", worst, "duty_staff"), "work_absences",
        {"posts": count(sc.command.units[worst].duty_staff), "shifts": count(shifts), "total": count(total), "limit": count(MAX_ABSENCE_DRAWS)},
    )


def _public_calls(sc: Scenario) -> Iterator[Problem]:
    calls = [u.public_calls_per_hour * sc.meta.horizon / 60.0 for u in sc.command.units]
    total = sum(calls)
    if total <= MAX_PUBLIC_CALLS:
        return
    worst = max(range(len(calls)), key=calls.__getitem__)
    yield Problem(
        ("command", "units", worst, "public_calls_per_hour"), "work_public_calls",
        {"count": count(calls[worst]), "total": count(total), "limit": count(MAX_PUBLIC_CALLS)},
    )


def _truckloads(sc: Scenario) -> Iterator[Problem]:
    """A consignment is packed into truckloads in one go: refuse one that would need millions."""
    largest = _largest_consignments(sc)
    items = {item.id: item for item in sc.items}
    for i, depot in enumerate(sc.depots):
        fleet = depot.trucks
        if fleet is None or (fleet.capacity_kg is None and fleet.capacity_m3 is None):
            continue
        for item_id, quantity in sorted(largest.items()):
            per_load = units_per_load(items[item_id], fleet) if item_id in items else None
            if per_load is None:
                continue
            loads = quantity / per_load
            if loads > MAX_TRUCKLOADS:
                yield Problem(
                    ("depots", i, "trucks"), "work_truckloads",
                    {"item": item_id, "quantity": count(quantity), "per_load": count(per_load), "loads": count(loads), "limit": count(MAX_TRUCKLOADS)},
                )
                break


def units_per_load(item: Item, fleet: Fleet) -> float | None:
    """Whole units of ``item`` one truck carries (at least one: an oversize unit goes alone); None: no limit."""
    fits = math.inf
    if fleet.capacity_kg is not None and item.weight_kg > 0:
        fits = min(fits, math.floor(fleet.capacity_kg / item.weight_kg + 1e-9))
    if fleet.capacity_m3 is not None and item.volume_m3 > 0:
        fits = min(fits, math.floor(fleet.capacity_m3 / item.volume_m3 + 1e-9))
    return None if math.isinf(fits) else max(1.0, fits)


def _largest_consignments(sc: Scenario) -> dict[str, float]:
    """The most of each item one consignment may carry: no more than a stock, an order or a request."""
    out: dict[str, float] = {}

    def note(item: str, quantity: float) -> None:
        out[item] = max(out.get(item, 0.0), quantity)

    horizon_hours = sc.meta.horizon / 60.0
    for depot in sc.depots:
        for item, quantity in depot.stock.items():
            note(item, quantity)
        for item, rule in depot.reorder.items():
            note(item, rule.S)
        for item, plan in depot.production.items():
            made = plan.rate_per_hour * horizon_hours
            note(item, made if plan.max_units is None else min(made, plan.max_units))
    for source in sc.incidents:
        for item, quantity in source.supplies.items():
            note(item, quantity)
    for inject in sc.injects:
        for item, quantity in getattr(inject.effect, "supplies", {}).items():
            note(item, quantity)
    cover_days = sc.logistics.shelter_cover_hours / 24.0
    for shelter in sc.shelters:
        for item, per_day in shelter.needs_per_person_day.items():
            note(item, shelter.capacity * per_day * cover_days)
    return out
