"""Warnings of ``drillsim validate``: a valid scenario that falls short of a standard.

Nantong 2023 (the emergency-management bureau's reply of 15 August 2023): "乡镇(街道)全部建立以机关干部、民兵、
供电供水人员、社会救援力量等为主体不少于30人的应急救援队伍;村居(社区)全部成立以
村(社区)干部、党员、民兵、公益岗位人员为骨干,不少于20人的应急救援志愿者队伍".
A drill may well model a place below the standard (that can be the point), so
these are warnings: printed at the team's line, exit status 0.

Whose team it is: the place of its ``owner`` unit when it names one, else its
base. A township's team is one of the types a township raises itself
(comprehensive, shock, militia, volunteer); a village's is a volunteer team.
Each such place needs one team of at least the minimum; a township with a
30-strong shock team and a 10-strong militia squad is fine. Places with no
team of their own are not warned about: a scenario may leave forces out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.i18n import text, tr
from simulator.scenario.problems import Loc, format_loc

TOWNSHIP_MINIMUM = 30
VILLAGE_MINIMUM = 20
TOWNSHIP_TYPES = frozenset({"comprehensive", "shock", "militia", "volunteer"})


@dataclass(frozen=True)
class Advice:
    """One warning about a valid scenario; ``params`` may hold bilingual names (anything with .zh/.en)."""

    loc: Loc
    key: str
    params: dict = field(default_factory=dict)
    line: int | None = None

    def message(self, lang: str | None = None) -> str:
        return tr(f"advice.{self.key}", lang, **{k: text(v, lang) if hasattr(v, "zh") else v for k, v in self.params.items()})

    def render(self, file: str, lang: str | None = None) -> str:
        where = f"{file}:{self.line}" if self.line else file
        return f"{where}: {format_loc(self.loc)}: {self.message(lang)}"


def scenario_advice(scenario) -> list[Advice]:
    """Every warning about ``scenario`` (without lines: :func:`with_lines` adds them)."""
    from simulator.scenario.population_checks import trapped_advice  # it builds on Advice: imported here, not at the top

    return _team_minimums(scenario) + _grid_workers_unweighted(scenario) + trapped_advice(scenario)


def _team_minimums(scenario) -> list[Advice]:
    places = {p.id: p for p in scenario.places}
    units = {u.id: u for u in scenario.command.units}
    largest: dict[str, int] = {}  # place id -> index of its largest team
    for i, team in enumerate(scenario.teams):
        owner = units.get(team.owner) if team.owner is not None else None
        home = places.get(owner.place if owner is not None else team.base)
        if home is None:
            continue
        counted = (home.level == "township" and team.type in TOWNSHIP_TYPES) or (home.level == "village" and team.type == "volunteer")
        if counted and (home.id not in largest or team.size > scenario.teams[largest[home.id]].size):
            largest[home.id] = i
    out = []
    for place_id, i in largest.items():
        team, place = scenario.teams[i], places[place_id]
        minimum, key = (TOWNSHIP_MINIMUM, "township_team_small") if place.level == "township" else (VILLAGE_MINIMUM, "village_team_small")
        if team.size < minimum:
            out.append(Advice(("teams", i, "size"), key, {"place": place.name, "team": team.name, "size": team.size, "minimum": minimum}))
    return out


def _grid_workers_unweighted(scenario) -> list[Advice]:
    """Grid workers with no population to weigh them against leave detection as the source states it."""
    return [
        Advice(("places", i, "grid_workers"), "grid_workers_without_population", {"place": p.name, "workers": p.grid_workers})
        for i, p in enumerate(scenario.places)
        if p.grid_workers and p.population <= 0
    ]


def with_lines(advice: list[Advice], raw: bytes | str, name: str) -> list[Advice]:
    """``advice`` with the line of each field in the file ``raw`` (a valid scenario), in file order."""
    if not advice:
        return []
    from simulator.scenario.loader import validated_yaml
    from simulator.scenario.models import Scenario

    _, lines = validated_yaml(raw, Scenario, name)
    placed = [Advice(a.loc, a.key, a.params, lines.get(a.loc) or lines.get(a.loc[:2])) for a in advice]
    return sorted(placed, key=lambda a: (a.line or 0, format_loc(a.loc)))


def advice_for_file(path, scenario) -> list[Advice]:
    """The warnings about the valid scenario loaded from ``path``, with their lines."""
    from simulator.scenario.loader import read_source

    advice = scenario_advice(scenario)
    return with_lines(advice, *read_source(path)) if advice else []
