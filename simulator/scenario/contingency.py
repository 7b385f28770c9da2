"""Contingency plans 应急预案: triggers and the actions each response level calls for.

A plan in Chinese practice is a document of triggers and actions. Nantong's
plan system is "1+13+X+Y" (Nantong's 2023 reply on urban emergency capacity,
seed 003): one general plan 总体预案,
13 common special plans 专项预案 (one per hazard), X township plans 乡镇预案
and Y village and site plans 村(社区)及企业、学校、医院预案. Here each plan has

- a ``scope`` (general, special for one hazard, township, site) and an area
  (``place``: the place and everything under it) and the unit whose plan it
  is (``unit``: its HQ);
- ``triggers``: a warning colour issued over its area, a hazard series
  reaching a threshold, N incidents or N people lost in its area, or another
  plan activated; each says the response level it starts (a warning's colour
  gives it by the standard correspondence below);
- ``actions``, each for a response level: done once the plan is at that
  level or a higher one (I is the highest), ``delay_minutes`` after it.

Warning colours and response levels: the National Master Plan for Public
Emergencies (国家突发公共事件总体应急预案, State Council 2006, 3.1) grades
warnings I-IV "in red, orange, yellow and blue, level I the highest", and
the response levels I-IV are 特别重大/重大/较大/一般; so a red warning calls
for a level I response, orange II, yellow III, blue IV.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from simulator.scenario.base import Frozen, Id, Minutes, Quantity, Text
from simulator.scenario.vocabulary import RESPONSE_LEVELS, Hazard, Level, ResponseLevel, WarningLevel

# the four-colour / four-level correspondence (State Council 2006, above)
WARNING_RESPONSE: dict[str, str] = {"blue": "IV", "yellow": "III", "orange": "II", "red": "I"}

PlanScope = Literal["general", "special", "township", "site"]
PLAN_SCOPES: tuple[str, ...] = get_args(PlanScope)  # lowest last: a site plan acts first (territory first)

ActionKind = Literal[
    "activate_hq", "set_response_level", "preposition", "open_shelter", "issue_warning", "release_stock", "request_military", "evacuate",
]
ACTION_KINDS: tuple[str, ...] = get_args(ActionKind)

# what each action needs (all of) and may have besides; the rest of the target fields must be left out
_TARGETS = ("unit", "teams", "place", "places", "shelters", "colour", "tier", "items", "response_level")
_NEEDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "activate_hq": (("unit",), ()),
    "set_response_level": ((), ("response_level", "place")),
    "preposition": (("teams", "place"), ()),
    "open_shelter": (("shelters",), ()),
    "issue_warning": (("colour",), ("unit",)),
    "release_stock": (("tier", "items"), ()),
    "request_military": (("teams",), ()),
    "evacuate": (("places",), ()),
}
TRIGGER_KINDS = ("warning", "series", "incidents", "casualties", "plan")


class Trigger(Frozen):
    """One way the plan is activated (or raised): exactly one kind, and the level it calls for."""

    id: Id
    warning: WarningLevel | None = Field(default=None, description="a warning of this colour or higher issued over the plan's area")
    series: Id | None = Field(default=None, description="a hazard_series reaching ``above``")
    above: float | None = Field(default=None, description="the series' threshold (reached: at least this)")
    incidents: Annotated[int, Field(ge=1)] | None = Field(default=None, description="this many incidents in the plan's area")
    hazard: Hazard | None = Field(default=None, description="incidents: only of this hazard")
    casualties: Annotated[int, Field(ge=1)] | None = Field(default=None, description="this many people lost in the plan's area")
    plan: Id | None = Field(default=None, description="another plan activated (at ``at_level`` or higher)")
    at_level: ResponseLevel | None = None
    level: ResponseLevel | None = Field(default=None, description="the response level it starts (default: a warning's colour, a plan's level)")

    @model_validator(mode="after")
    def _one_kind(self) -> "Trigger":
        given = [k for k in TRIGGER_KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise PydanticCustomError("plan_trigger_kinds", "a trigger names exactly one of warning, series, incidents, casualties, plan ({given} given)", {"given": len(given)})
        kind = given[0]
        if (self.series is None) != (self.above is None):
            raise PydanticCustomError("plan_trigger_series", "a series trigger needs both series and above", {})
        if self.hazard is not None and kind != "incidents":
            raise PydanticCustomError("plan_trigger_hazard", "hazard applies to an incidents trigger only", {})
        if self.at_level is not None and kind != "plan":
            raise PydanticCustomError("plan_trigger_at_level", "at_level applies to a plan trigger only", {})
        if self.level is None and kind not in ("warning", "plan"):
            raise PydanticCustomError("plan_trigger_level", "this trigger needs the response level it starts (level: I-IV)", {})
        return self

    @property
    def kind(self) -> str:
        return next(k for k in TRIGGER_KINDS if getattr(self, k) is not None)


class PlanAction(Frozen):
    """One measure of the plan, carried out once the plan is at ``level`` or higher."""

    id: Id
    level: ResponseLevel
    do: ActionKind
    unit: Id | None = Field(default=None, description="activate_hq: the HQ; issue_warning: the issuer (default the plan's unit)")
    teams: tuple[Id, ...] = Field(default=(), description="preposition, request_military: the teams")
    place: Id | None = Field(default=None, description="preposition: where the teams wait; set_response_level: the area (default the plan's)")
    places: tuple[Id, ...] = Field(default=(), description="evacuate: the places to evacuate")
    shelters: tuple[Id, ...] = Field(default=(), description="open_shelter: the shelters")
    colour: WarningLevel | None = Field(default=None, description="issue_warning: its colour")
    tier: Level | None = Field(default=None, description="release_stock: the tier whose depots in the area receive")
    items: dict[Id, Quantity] = Field(default_factory=dict, description="release_stock: quantity per receiving depot")
    response_level: ResponseLevel | None = Field(default=None, description="set_response_level: the level (default the action's)")
    delay_minutes: Minutes = Field(default=0, description="after the plan reaches the level")
    within_minutes: Minutes | None = Field(default=None, description="on time if done within this after its trigger (default the plan's)")
    if_busy: Literal["wait", "skip"] = Field(default="wait", description="a busy team: wait until it is free (late), or skip (impossible)")

    @model_validator(mode="after")
    def _fields_fit(self) -> "PlanAction":
        needs, may = _NEEDS[self.do]
        missing = [f for f in needs if not getattr(self, f)]
        if missing:
            raise PydanticCustomError("plan_action_missing", "{do} needs {fields}", {"do": self.do, "fields": ", ".join(missing)})
        extra = [f for f in _TARGETS if f not in needs and f not in may and getattr(self, f)]
        if extra:
            raise PydanticCustomError("plan_action_extra", "{fields} does not apply to {do}", {"do": self.do, "fields": ", ".join(extra)})
        return self


class ContingencyPlan(Frozen):
    id: Id
    name: Text
    scope: PlanScope
    hazard: Hazard | None = Field(default=None, description="special plans: the hazard (its incidents alone count)")
    place: Id = Field(description="the area: this place and every place under it")
    unit: Id = Field(description="the unit whose plan it is (its HQ)")
    on_time_minutes: Minutes = Field(default=30, description="an action is on time if done within this after its trigger")
    triggers: Annotated[tuple[Trigger, ...], Field(min_length=1)]
    actions: tuple[PlanAction, ...] = ()

    @model_validator(mode="after")
    def _special_has_hazard(self) -> "ContingencyPlan":
        if self.scope == "special" and self.hazard is None:
            raise PydanticCustomError("plan_special_hazard", "a special plan names its hazard", {})
        return self

    def within(self, action: PlanAction) -> float:
        return self.on_time_minutes if action.within_minutes is None else action.within_minutes


def severity(level: str) -> int:
    """0 for IV up to 3 for I (I is the highest response level)."""
    return len(RESPONSE_LEVELS) - 1 - RESPONSE_LEVELS.index(level)


def area_of(scenario, place: str) -> set[str]:
    """``place`` and every place under it: a plan's area."""
    parent = {p.id: p.parent for p in scenario.places}
    out = set()
    for p in parent:
        node, seen = p, set()
        while node is not None and node not in seen:
            if node == place:
                out.add(p)
                break
            seen.add(node)
            node = parent.get(node)
    return out


def action_targets(scenario, plan: ContingencyPlan, action: PlanAction) -> list[str]:
    """What the action acts on, one id per target: the HQ or issuer, the area, each team, place or shelter, each receiving depot."""
    do = action.do
    if do == "activate_hq":
        return [action.unit]
    if do == "issue_warning":
        return [action.unit or plan.unit]
    if do == "set_response_level":
        return [action.place or plan.place]
    if do in ("preposition", "request_military"):
        return list(action.teams)
    if do == "evacuate":
        return list(action.places)
    if do == "open_shelter":
        return list(action.shelters)
    area = area_of(scenario, plan.place)  # release_stock: the depots of the tier in the area
    return [d.id for d in sorted(scenario.depots, key=lambda d: d.id) if d.tier == action.tier and d.place in area]
