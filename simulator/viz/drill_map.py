"""The drill map: places, roads (closed ones in red), incidents and teams.

Everything is derived from the scenario (place x/y in km, roads) and the
event log: road closures, incidents and their state, and where each team
is. The log says when a team left, arrived and came back, not where it is
on the road, so a team on the move is drawn halfway between its base and
its incident, marked as on the move. The figure always has the same six
traces, so a console updates it in place (from :func:`drill_map_data`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from simulator.metrics.attribution import seat_orders
from simulator.metrics.naming import incident_name
from simulator.i18n import text, tr
from simulator.scenario.models import Scenario
from simulator.scenario.seats import seats_of
from simulator.scenario.vocabulary import level_rank
from simulator.viz.map_labels import place_labels
from simulator.viz.style import styled

if TYPE_CHECKING:
    import plotly.graph_objects as go

TEAM_STATES = ("at_base", "ordered", "mobilising", "en_route", "on_scene", "returning")
_STATE_COLOURS = dict(zip(TEAM_STATES, ("#2ca02c", "#bcbd22", "#ff7f0e", "#1f77b4", "#d62728", "#9467bd")))
_TEAM_KINDS = {
    "team_dispatched": "mobilising",
    "team_mobilised": "en_route",
    "team_arrived": "on_scene",
    "team_released": "returning",
    "team_recalled": "returning",
    "team_returned": "at_base",
}


def _team_rows(events: pd.DataFrame) -> pd.Series:
    return events["kind"].isin(list(_TEAM_KINDS)) | ((events["kind"] == "decision") & events["entity"].isin(["dispatch_team", "request_military"]))


def map_rows(events: pd.DataFrame) -> pd.DataFrame:
    """The rows :class:`MapState` reads (team moves, road closures, incidents), in log order."""
    return events[_team_rows(events) | events["kind"].isin(["road_closed", "road_opened", "incident_occurred", "incident_closed"])]


_COLUMNS = ("kind", "entity", "team", "incident", "location", "level", "detail")


class MapState:
    """What the map shows at a moment: closed roads, the incidents so far, each team's state.

    Folded from the log's rows in their order (:meth:`fold`); a map over time
    folds each frame's new rows into the state of the frame before.
    """

    def __init__(self, team_ids=()):
        self.roads: set[frozenset[str]] = set()
        self.incidents: dict[str, tuple[str, str, str]] = {}  # id -> place, level, hazard at its first occurrence
        self.closed: set[str] = set()  # incidents closed
        self.teams: dict[str, tuple[str, str]] = {t: ("at_base", "") for t in team_ids}

    def fold(self, events: pd.DataFrame) -> MapState:
        """The state after ``events`` (any rows of a log: those it does not read are skipped)."""
        rows = map_rows(events)
        return self.fold_lists(_team_rows(rows).tolist(), *(rows[c].tolist() for c in _COLUMNS))

    def fold_lists(self, team_row, kinds, entities, teams, incidents, locations, levels, details) -> MapState:
        """:meth:`fold` of rows given as ``map_rows``' columns (``team_row``: ``_team_rows`` of them)."""
        for is_team, kind, entity, team, incident, location, level, detail in zip(team_row, kinds, entities, teams, incidents, locations, levels, details):
            if is_team:
                if team in self.teams:
                    state = "ordered" if kind == "decision" else _TEAM_KINDS[kind]
                    self.teams[team] = (state, "" if state == "at_base" else incident)
            elif kind == "road_closed":
                self.roads.add(frozenset(entity.split("|")))
            elif kind == "road_opened":
                self.roads.discard(frozenset(entity.split("|")))
            elif kind == "incident_occurred":
                self.incidents.setdefault(incident, (location, level, detail))
            elif kind == "incident_closed":
                self.closed.add(incident)
        return self

    def copy(self) -> MapState:
        other = MapState()
        other.roads, other.incidents, other.closed, other.teams = set(self.roads), dict(self.incidents), set(self.closed), dict(self.teams)
        return other

    def incident_frame(self) -> pd.DataFrame:
        """One row per incident so far: place, hazard, level and whether it is closed."""
        ids = list(self.incidents)

        def column(values: list) -> np.ndarray:  # of objects, as the log's columns give them
            return np.array(values, dtype=object)

        return pd.DataFrame({
            "incident": column(ids),
            "place": column([self.incidents[i][0] for i in ids]),
            "level": column([self.incidents[i][1] for i in ids]),
            "hazard": column([self.incidents[i][2] for i in ids]),
            "closed": [i in self.closed for i in ids],
        })


def states_at(events: pd.DataFrame, team_ids, times: list[float]) -> list[MapState]:
    """The map's state after the log's rows with time <= t, for each of ``times`` (ascending): a log in
    time order (a log is) is folded once, each time's new rows into the state before; else from the start each time."""
    teams = list(team_ids)
    if not events["time"].is_monotonic_increasing:
        return [MapState(teams).fold(events[events["time"] <= t]) for t in times]
    rows = map_rows(events)
    columns = [_team_rows(rows).tolist(), *(rows[c].tolist() for c in _COLUMNS)]
    shown, start, out = MapState(teams), 0, []
    for end in rows["time"].searchsorted(times, side="right"):
        out.append(shown.fold_lists(*(c[start:end] for c in columns)).copy())
        start = end
    return out


def team_states(events: pd.DataFrame, team_ids) -> dict[str, tuple[str, str]]:
    """Each team's latest state and the incident it serves (``""`` when at base)."""
    return MapState(team_ids).fold(events).teams


def closed_roads(events: pd.DataFrame) -> set[frozenset[str]]:
    return MapState().fold(events).roads


def incident_states(events: pd.DataFrame) -> pd.DataFrame:
    """One row per incident so far: place, hazard, level and whether it is closed."""
    return MapState().fold(events).incident_frame()


def _spread(points: list[tuple[float, float]], radius: float) -> list[tuple[float, float]]:
    """Teams at one spot are set on a small circle around it, so each stays visible."""
    seen: dict[tuple[float, float], int] = {}
    totals: dict[tuple[float, float], int] = {}
    for p in points:
        totals[p] = totals.get(p, 0) + 1
    out = []
    for p in points:
        k = seen[p] = seen.get(p, -1) + 1
        n = totals[p]
        if n == 1:
            out.append(p)
        else:
            angle = 2 * math.pi * k / n
            out.append((p[0] + radius * math.cos(angle), p[1] + radius * math.sin(angle)))
    return out


def _road_lines(xy: dict, roads) -> tuple[list, list]:
    xs: list = []
    ys: list = []
    for road in roads:
        (x0, y0), (x1, y1) = xy[road.source], xy[road.target]
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return xs, ys


def drill_map_data(scenario: Scenario, events: pd.DataFrame, lang: str | None = None) -> dict:
    """The map's six traces as a plotly figure dict, without the styled layout.

    Written in the form plotly stores (nested dicts, lists), so a live figure
    can compare it with what it shows and set only what changed.
    """
    xy = {p.id: (p.x, p.y) for p in scenario.places}
    names = {p.id: text(p.name, lang) for p in scenario.places}
    span = max(1e-9, max(x for x, _ in xy.values()) - min(x for x, _ in xy.values()), max(y for _, y in xy.values()) - min(y for _, y in xy.values()))
    shown = MapState([t.id for t in scenario.teams]).fold(events)
    closed = shown.roads
    open_x, open_y = _road_lines(xy, [r for r in scenario.roads if frozenset((r.source, r.target)) not in closed])
    shut_x, shut_y = _road_lines(xy, [r for r in scenario.roads if frozenset((r.source, r.target)) in closed])

    incidents = shown.incident_frame()
    inc_place = dict(zip(incidents["incident"], incidents["place"]))
    hazards = dict(zip(incidents["incident"], incidents["hazard"]))

    def called(incident: str) -> str:  # incidents by name in hovers, never by id
        return incident_name(scenario, incident, inc_place.get(incident, ""), hazards.get(incident, ""), lang)

    states = shown.teams
    spots, hover, colours, custom, task_x, task_y = [], [], [], [], [], []
    for team in scenario.teams:
        state, incident = states[team.id]
        base, target = xy[team.base], xy.get(inc_place.get(incident, ""), None)
        if state == "on_scene" and target:
            spot = target
        elif state in ("en_route", "returning") and target:
            spot = ((base[0] + target[0]) / 2, (base[1] + target[1]) / 2)
        else:
            spot = base
        spots.append(spot)
        label = tr(f"map.state.{state}", lang)
        hover.append(f"{text(team.name, lang)}<br>{label}" + (f"<br>{called(incident)}" if incident else ""))
        colours.append(_STATE_COLOURS[state])
        custom.append([team.id, state, incident])
    attribute_to_seats(scenario, events, states, hover, custom, lang)
    spots = _spread(spots, 0.015 * span)
    for (x, y), team in zip(spots, scenario.teams):
        state, incident = states[team.id]
        target = xy.get(inc_place.get(incident, ""), None)
        if target and state != "on_scene":
            task_x += [x, target[0], None]
            task_y += [y, target[1], None]

    traces = [
        {"type": "scatter", "x": open_x, "y": open_y, "mode": "lines", "line": {"color": "#bbb", "width": 2}, "hoverinfo": "skip", "name": tr("map.roads", lang)},
        {"type": "scatter", "x": shut_x, "y": shut_y, "mode": "lines", "line": {"color": "#d62728", "width": 3, "dash": "dot"}, "hoverinfo": "skip", "name": tr("map.closed_roads", lang)},
        {
            "type": "scatter", "x": [p.x for p in scenario.places], "y": [p.y for p in scenario.places], "mode": "markers+text",
            "text": place_labels(scenario, lang),  # names that do not collide, the important first (viz.map_labels)
            "textposition": "top center", "textfont": {"size": 10}, "hovertext": [names[p.id] for p in scenario.places], "hoverinfo": "text",
            "marker": {"size": [6 + 2 * level_rank(p.level) for p in scenario.places], "color": "#7f7f7f"}, "name": tr("map.places", lang),
        },
        {
            "type": "scatter", "x": [xy[p][0] for p in incidents["place"]], "y": [xy[p][1] for p in incidents["place"]], "mode": "markers",
            "marker": {"symbol": "x", "size": 14, "color": ["#9e9e9e" if c else "#d62728" for c in incidents["closed"]], "line": {"width": 1}},
            "customdata": incidents["incident"].tolist(),
            "hovertext": [f"{called(i)}<br>{tr('hazard.' + h, lang)} · {tr('response.' + lv, lang)}<br>{tr('map.closed' if c else 'map.open', lang)}" for i, h, lv, c in zip(incidents["incident"], incidents["hazard"], incidents["level"], incidents["closed"])],
            "hoverinfo": "text", "name": tr("map.incidents", lang),
        },
        {"type": "scatter", "x": task_x, "y": task_y, "mode": "lines", "line": {"color": "#1f77b4", "width": 1, "dash": "dash"}, "hoverinfo": "skip", "name": tr("map.tasks", lang)},
        {
            "type": "scatter", "x": [x for x, _ in spots], "y": [y for _, y in spots], "mode": "markers",
            "marker": {"size": 11, "symbol": "diamond", "color": colours, "line": {"width": 1, "color": "#333"}},
            "customdata": custom, "hovertext": hover, "hoverinfo": "text", "name": tr("map.teams", lang),
        },
    ]
    return {"data": traces, "layout": {}}


def attribute_to_seats(scenario: Scenario, events: pd.DataFrame, states: dict, hover: list, custom: list, lang: str | None) -> None:
    """A team out on a seat's order says so in its hover ("ordered by Street office"); its customdata ends with the seat's id ("" if none)."""
    ordered = seat_orders(events)
    seat_names = {s.id: text(s.name, lang) for s in seats_of(scenario)}
    for k, team in enumerate(scenario.teams):
        seat = ordered.get(team.id, "") if states[team.id][0] != "at_base" else ""
        custom[k].append(seat)
        if seat:
            hover[k] += "<br>" + tr("map.ordered_by", lang, seat=seat_names.get(seat, seat))


def drill_map(scenario: Scenario, events: pd.DataFrame, lang: str | None = None) -> go.Figure:
    return styled(
        drill_map_data(scenario, events, lang), "map.title", lang, height=520,
        xaxis={"title": {"text": "km"}, "zeroline": False},
        yaxis={"title": {"text": "km"}, "zeroline": False, "scaleanchor": "x", "scaleratio": 1},
        legend={"orientation": "h", "y": -0.15},
    )
