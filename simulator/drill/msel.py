"""The MSEL (master scenario events list): planned injects edited before a drill and during one.

Before a drill the planned injects are the scenario's ``injects``: each edit
gives a new :class:`Scenario` (``model_copy``, the loaded one is never
changed), checked by the same rules as a scenario file, and
:mod:`simulator.drill.msel_file` saves it back into a scenario file.

During a drill an inject not played yet can be edited, moved (a new time)
or deleted. Each change is a ``change_inject`` record: committed to the
store, then played at its step on the run's inject schedule
(:class:`simulator.models.inject_schedule.InjectSchedule`), and replayed at
that step, so a reopened drill has the same MSEL and the same event log.
"""

from __future__ import annotations

from pydantic import ValidationError

from simulator.drill.facilitation import CHANGE_INJECT, UNDO
from simulator.drill.injects import inject_data, inject_yaml, validate_inject
from simulator.models.decisions import DecisionRejected
from simulator.scenario.drills import Inject
from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem, ScenarioError
from simulator.scenario.references import check_references

ADD_INJECT = "add_inject"

# -- before a drill: a scenario's planned injects ---------------------------------------------


def _by_time(injects) -> tuple[Inject, ...]:
    return tuple(sorted(injects, key=lambda i: i.time))  # stable: injects of one minute keep their order


def _taken(scenario: Scenario) -> set[str]:
    return {*(i.id for i in scenario.injects), *(s.id for s in scenario.incidents)}


def _checked(scenario: Scenario, name: str = "msel") -> Scenario:
    """``scenario`` if its injects pass the reference checks (a deletion may leave a condition naming nothing)."""
    problems = [p for p in check_references(scenario) if p.loc[:1] == ("injects",)]
    if problems:
        raise ScenarioError(name, problems)
    return scenario


def add_planned(scenario: Scenario, text: str) -> Scenario:
    """The scenario with the inject in ``text`` (YAML) added; ScenarioError when it is not valid."""
    inject = validate_inject(text, scenario, _taken(scenario), 0)
    return scenario.model_copy(update={"injects": _by_time((*scenario.injects, inject))})


def replace_planned(scenario: Scenario, text: str, inject_id: str) -> Scenario:
    """The scenario with inject ``inject_id`` replaced by the one in ``text`` (same id)."""
    inject = validate_inject(text, scenario, _taken(scenario), 0, replacing=inject_id)
    injects = [inject if i.id == inject_id else i for i in scenario.injects]
    return _checked(scenario.model_copy(update={"injects": _by_time(injects)}))


def move_planned(scenario: Scenario, inject_id: str, time: float) -> Scenario:
    """The scenario with inject ``inject_id`` at minute ``time``."""
    old = next(i for i in scenario.injects if i.id == inject_id)
    return replace_planned(scenario, inject_yaml({**inject_data(old), "time": float(time)}), inject_id)


def delete_planned(scenario: Scenario, inject_id: str) -> Scenario:
    """The scenario without inject ``inject_id``; ScenarioError when another inject's condition names it."""
    if inject_id not in {i.id for i in scenario.injects}:
        raise ScenarioError("msel", [Problem(("injects",), "unknown_inject", {"ref": inject_id})])
    return _checked(scenario.model_copy(update={"injects": tuple(i for i in scenario.injects if i.id != inject_id)}))


# -- during a drill: changes recorded and replayed ---------------------------------------------


def live_msel(session) -> tuple[Inject, ...]:
    """The drill's MSEL now: every inject scheduled (played or to come) in its latest version, by time.

    Withdrawn injects and the correction injects of undo are not part of it.
    """
    schedule = session.world.injects
    return _by_time(i for k, i in schedule.versions.items() if k not in schedule.withdrawn and k not in session.corrections)


def live_scenario(session) -> Scenario:
    """The session's scenario with its live MSEL: what a new inject or an edit is checked against."""
    return session.scenario.model_copy(update={"injects": live_msel(session)})


def edit_args(session, text: str, inject_id: str) -> dict:
    """The ``change_inject`` arguments of an edit of ``inject_id`` (YAML, same id); ScenarioError when not valid or not pending."""
    if not session.world.injects.is_pending(inject_id):
        raise ScenarioError("inject", [Problem(("id",), "inject_not_pending", {"id": inject_id})])
    inject = validate_inject(text, live_scenario(session), session.taken_ids(), session.now, replacing=inject_id)
    return {"op": "edit", "inject": inject_data(inject)}


def change_inject(session, args: dict) -> str:
    """Play a ``change_inject`` record: ``op`` edit (``inject``: the new version) or delete (``inject_id``)."""
    schedule = session.world.injects
    op = args.get("op")
    if op == "delete":
        inject_id = str(args.get("inject_id", ""))
        schedule.withdraw(inject_id)
        return f"deleted:{inject_id}"
    if op != "edit":
        raise DecisionRejected("unknown_change", op=op)
    try:
        inject = Inject.model_validate(args.get("inject"))
    except ValidationError:
        raise DecisionRejected("bad_inject") from None
    schedule.replace(inject)
    if inject.id in session.extra_injects:
        session.extra_injects[inject.id] = inject
    return f"edited:{inject.id}"


def changed_id(args: dict) -> str | None:
    """The inject an ``add_inject`` or ``change_inject`` record is about."""
    return args.get("inject_id") or (args.get("inject") or {}).get("id")


def undone(session) -> set[int]:
    """The seqs of decisions a correction has undone."""
    out = set()
    for o in session.outcomes:
        if o.accepted and o.decision.action == UNDO:
            try:
                out.add(int(o.decision.args.get("seq")))
            except (TypeError, ValueError):
                continue
    return out


def version_before(session, seq: int, inject_id: str) -> Inject:
    """The version of inject ``inject_id`` in force just before decision ``seq`` (changes since undone skipped)."""
    skip = undone(session)
    for o in reversed(session.outcomes[:seq]):
        d = o.decision
        if o.accepted and o.seq not in skip and d.action in (ADD_INJECT, CHANGE_INJECT) and changed_id(d.args) == inject_id and d.args.get("op") != "delete":
            return Inject.model_validate(d.args["inject"])
    planned = next((i for i in session.scenario.injects if i.id == inject_id), None)
    if planned is None:
        raise DecisionRejected("unknown_inject", inject=inject_id)
    return planned
