"""Cross-reference checks of conditional injects: what each condition watches must exist.

A condition on an incident names an incident source (its incidents are
``source-001``, ...) or an inject that starts an incident; one on a warning
names an inject that issues a warning. A condition that could never hold
because of a typo would make an inject silently never fire, so each name is
checked here and reported at its own line.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem


def check_conditions(sc: Scenario) -> Iterator[Problem]:
    sources = {s.id for s in sc.incidents}
    incident_injects = {i.id for i in sc.injects if i.effect is not None and i.effect.type == "incident"}
    warning_injects = {i.id for i in sc.injects if i.effect is not None and i.effect.type == "warning"}
    places = {p.id for p in sc.places}
    teams = {t.id for t in sc.teams}
    for i, inj in enumerate(sc.injects):
        loc = ("injects", i)
        if inj.condition is None:
            if inj.until is not None:
                yield Problem((*loc, "until"), "until_without_condition", {})
            continue
        if inj.until is not None and inj.until < inj.time:
            yield Problem((*loc, "until"), "until_before_time", {"until": inj.until, "time": inj.time})
        kind, spec = inj.condition.kind, inj.condition.spec
        where = (*loc, "condition", kind)
        if kind in ("unmet_incident", "report_late"):
            if spec.incident == inj.id:
                yield Problem((*where, "incident"), "condition_on_itself", {"id": inj.id})
            elif spec.incident not in sources | incident_injects:
                yield Problem((*where, "incident"), "condition_unknown_incident", {"ref": spec.incident})
        elif kind == "warning_unanswered":
            if spec.warning is not None and spec.warning not in warning_injects:
                yield Problem((*where, "warning"), "condition_unknown_warning", {"ref": spec.warning})
        else:
            if spec.place not in places:
                yield Problem((*where, "place"), "unknown_place", {"ref": spec.place})
            if spec.team is not None and spec.team not in teams:
                yield Problem((*where, "team"), "unknown_team", {"ref": spec.team})
