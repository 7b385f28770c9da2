"""Cross-reference checks of ``hazard_series`` and ``plans``: everything a plan names must exist.

A plan that names a team, place, shelter or series by a typo would silently
never act; each name is checked here and reported at its own line. So is an
action that could only ever be empty: an HQ activated that has no
``activated_staff``, a team named twice in one action.
(One team in two pre-positionings, of two plans or two levels, is allowed:
the later order moves it on once it is staged; simulator.models.plan_actions.)
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.contingency import area_of
from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem
from simulator.scenario.vocabulary import level_rank


def check_plans(sc: Scenario) -> Iterator[Problem]:
    places = {p.id: p for p in sc.places}
    units = {u.id: u for u in sc.command.units}
    teams = {t.id: t for t in sc.teams}
    shelters = {s.id for s in sc.shelters}
    items = {i.id for i in sc.items}
    series = {s.id for s in sc.hazard_series}
    plans = {p.id for p in sc.plans}
    yield from _duplicates(("hazard_series",), sc.hazard_series)
    yield from _duplicates(("plans",), sc.plans)
    for i, s in enumerate(sc.hazard_series):
        if s.place not in places:
            yield Problem(("hazard_series", i, "place"), "unknown_place", {"ref": s.place})
    for i, plan in enumerate(sc.plans):
        loc = ("plans", i)
        if plan.place not in places:
            yield Problem((*loc, "place"), "unknown_place", {"ref": plan.place})
        if plan.unit not in units:
            yield Problem((*loc, "unit"), "unknown_unit", {"ref": plan.unit})
        yield from _duplicates((*loc, "triggers"), plan.triggers)
        yield from _duplicates((*loc, "actions"), plan.actions)
        for j, trig in enumerate(plan.triggers):
            where = (*loc, "triggers", j)
            if trig.series is not None and trig.series not in series:
                yield Problem((*where, "series"), "plan_unknown_series", {"ref": trig.series})
            if trig.plan is not None:
                if trig.plan == plan.id:
                    yield Problem((*where, "plan"), "plan_on_itself", {"id": plan.id})
                elif trig.plan not in plans:
                    yield Problem((*where, "plan"), "plan_unknown_plan", {"ref": trig.plan})
        area = area_of(sc, plan.place) if plan.place in places else None  # an unknown place is reported above
        for j, act in enumerate(plan.actions):
            where = (*loc, "actions", j)
            if act.unit is not None and act.unit not in units:
                yield Problem((*where, "unit"), "unknown_unit", {"ref": act.unit})
            elif act.do == "activate_hq" and units[act.unit].activated_staff is None:
                # nothing to activate: the action would be "done" and change nothing. (A desk whose
                # duty_staff reaches activated_staff, as a "6+1" plan variant makes it, is staffed
                # already: the run says so, done with the reason "already".)
                yield Problem((*where, "unit"), "plan_hq_no_activated_staff", {"ref": act.unit, "duty": units[act.unit].duty_staff})
            named: set[str] = set()
            for k, team in enumerate(act.teams):
                if team in named:
                    yield Problem((*where, "teams", k), "plan_team_twice", {"ref": team})
                named.add(team)
                if team not in teams:
                    yield Problem((*where, "teams", k), "unknown_team", {"ref": team})
                elif act.do == "request_military" and teams[team].approval is None:
                    yield Problem((*where, "teams", k), "plan_not_military", {"ref": team})
            for ref, path in ((act.place, (*where, "place")), *((p, (*where, "places", k)) for k, p in enumerate(act.places))):
                if ref is not None and ref not in places:
                    yield Problem(path, "unknown_place", {"ref": ref})
            for k, shelter in enumerate(act.shelters):
                if shelter not in shelters:
                    yield Problem((*where, "shelters", k), "plan_unknown_shelter", {"ref": shelter})
            for item in act.items:
                if item not in items:
                    yield Problem((*where, "items", item), "unknown_item", {"ref": item})
            if act.tier is not None and area is not None:
                receivers = [d for d in sc.depots if d.tier == act.tier and d.place in area]
                if not receivers:
                    yield Problem((*where, "tier"), "plan_no_depot_at_tier", {"tier": act.tier, "ref": plan.place})
                elif not any(level_rank(d.tier) > level_rank(act.tier) for d in sc.depots):
                    yield Problem((*where, "tier"), "plan_no_depot_above", {"tier": act.tier})


def _duplicates(prefix: tuple, entries) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if entry.id in seen:
            yield Problem((*prefix, i, "id"), "duplicate_id", {"id": entry.id})
        seen.add(entry.id)
