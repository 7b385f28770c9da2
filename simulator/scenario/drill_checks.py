"""Cross-reference checks of the drill sections: what injects expect of players.

An expected action may name a team, a command unit or a level; each must
exist, so a scoring rule can never wait for a decision nobody can take.
Incident ids are made while a drill runs (``source-001``, an inject's id)
and are not checked here.
"""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem
from simulator.scenario.vocabulary import RESPONSE_LEVELS, WARNING_LEVELS

_LEVELS = {"set_response_level": RESPONSE_LEVELS, "issue_warning": WARNING_LEVELS}


def check_drills(sc: Scenario) -> Iterator[Problem]:
    team_ids = {t.id for t in sc.teams}
    unit_ids = {u.id for u in sc.command.units}
    for i, inj in enumerate(sc.injects):
        for j, exp in enumerate(inj.expected_actions):
            loc = ("injects", i, "expected_actions", j)
            if exp.team is not None and exp.team not in team_ids:
                yield Problem((*loc, "team"), "unknown_team", {"ref": exp.team})
            if exp.unit is not None and exp.unit not in unit_ids:
                yield Problem((*loc, "unit"), "unknown_unit", {"ref": exp.unit})
            allowed = _LEVELS.get(exp.action)
            if exp.level is not None and (allowed is None or exp.level not in allowed):
                yield Problem((*loc, "level"), "expected_level", {"input": exp.level, "expected": ", ".join(allowed or ())})
