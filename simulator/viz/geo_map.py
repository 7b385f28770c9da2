"""Maps of a scenario drawn from its own roads: fitted axes, names that do not collide, and the run over time.

Offline by default: places, roads, incidents and teams are drawn on plain
axes in longitude/latitude (scenarios with lon/lat; the y axis scaled by
1/cos(latitude) so a kilometre is as long east as north) or in kilometres,
with the road network from the scenario itself, so no tile server and no
font server is needed (plotly's tile maps fetch their label glyphs online).
With a tile basemap configured (``DRILLSIM_MAP_TILES``, an XYZ URL such as
a local tile server's ``http://host/{z}/{x}/{y}.png``), the same traces go on
plotly's map (``scattermap``) over those tiles.

Legend entries are one per colour (teams by state, incidents open or closed),
so each legend swatch is the colour of its markers. ``animated_map`` adds a
frame per time step: incidents appear when they occur and turn grey when
closed, teams move between base, road and scene.
"""

from __future__ import annotations

import math
import os

from typing import TYPE_CHECKING

import pandas as pd

from simulator.i18n import text, tr
from simulator.scenario.models import Scenario
from simulator.scenario.vocabulary import level_rank
from simulator.viz.drill_map import TEAM_STATES, MapState, states_at
from simulator.viz.map_labels import visible_labels
from simulator.viz.style import figure, styled_spec

if TYPE_CHECKING:
    import plotly.graph_objects as go

STATE_COLOURS = dict(zip(TEAM_STATES, ("#2ca02c", "#bcbd22", "#ff7f0e", "#1f77b4", "#d62728", "#9467bd")))
OPEN, CLOSED = "#d62728", "#9e9e9e"
WIDTH, MIN_HEIGHT, MAX_HEIGHT = 900, 420, 820  # the report's figure width, px
TILES_ENV = "DRILLSIM_MAP_TILES"
FRAMES = 24
ZOOM_TIERS = 5  # name sets for zooming in 1x, 2x, 4x, 8x, 16x

# Zooming in a page shows more names: the figure carries its name sets in layout.meta and this
# script (passed as plotly's to_html(post_script=...)) swaps them on every zoom; plain plotly cannot.
ZOOM_LABELS_JS = """(function(){var gd=document.getElementById('{plot_id}');var m=gd&&gd.layout.meta;
if(!m||!m.label_tiers)return;gd.on('plotly_relayout',function(){var r=gd.layout.xaxis.range;
var z=m.x_span/Math.abs(r[1]-r[0]);var k=Math.max(0,Math.min(m.label_tiers.length-1,Math.floor(Math.log2(z)+1e-9)));
if(gd._drillsimTier===k)return;gd._drillsimTier=k;Plotly.restyle(gd,{text:[m.label_tiers[k]]},[m.label_trace]);});})();"""


class Frame:
    """Where things are drawn: lon/lat when every place has them, else the km plane."""

    def __init__(self, scenario: Scenario):
        self.geo = all(p.lon is not None and p.lat is not None for p in scenario.places)
        self.xy = {p.id: ((p.lon, p.lat) if self.geo else (p.x, p.y)) for p in scenario.places}
        xs, ys = [v[0] for v in self.xy.values()], [v[1] for v in self.xy.values()]
        self.lat0 = (min(ys) + max(ys)) / 2 if self.geo else 0.0
        # a degree of latitude is as long as 1/cos(lat) degrees of longitude: y * ratio is y in x units
        self.ratio = 1 / math.cos(math.radians(self.lat0)) if self.geo else 1.0
        span_x = max(max(xs) - min(xs), 1e-6)
        span_y = max(max(ys) - min(ys), 1e-6) * self.ratio  # in x units
        pad = 0.06 * max(span_x, span_y)
        self.x_range = [min(xs) - pad, max(xs) + pad]
        self.y_range = [min(ys) - pad / self.ratio, max(ys) + pad / self.ratio * 2]  # room above for the top names
        plot_w = WIDTH - 320  # the legend sits to the right
        wx, wy = self.x_range[1] - self.x_range[0], (self.y_range[1] - self.y_range[0]) * self.ratio
        self.height = int(min(MAX_HEIGHT, max(MIN_HEIGHT, plot_w * wy / wx + 140)))
        self.unit_per_px = max(wx / plot_w, wy / (self.height - 140))  # x units per pixel (equal scale)


def _importance(place) -> tuple:
    return (level_rank(place.level), place.population)


def label_tiers(scenario: Scenario, frame: Frame, lang, zooms: int = ZOOM_TIERS) -> list[list[str]]:
    """The printed names at the fitted view and at each zoom step in (each halves the span shown, so more names fit)."""
    names = [text(p.name, lang) for p in scenario.places]
    pts = [(frame.xy[p.id][0], frame.xy[p.id][1] * frame.ratio) for p in scenario.places]
    importance = [_importance(p) for p in scenario.places]
    return [[n if s else "" for n, s in zip(names, visible_labels(pts, names, importance, frame.unit_per_px / 2**k))] for k in range(zooms)]


def _place_trace(scenario: Scenario, frame: Frame, lang) -> dict:
    names = [text(p.name, lang) for p in scenario.places]
    return {
        "type": "scatter", "x": [frame.xy[p.id][0] for p in scenario.places], "y": [frame.xy[p.id][1] for p in scenario.places],
        "mode": "markers+text", "text": label_tiers(scenario, frame, lang, 1)[0], "textposition": "top center",
        "textfont": {"size": 11}, "hovertext": names, "hoverinfo": "text", "cliponaxis": False,
        "marker": {"size": [5 + 2 * level_rank(p.level) for p in scenario.places], "color": "#7f7f7f"}, "name": tr("map.places", lang),
    }


def _roads(scenario: Scenario, frame: Frame, closed: set, lang) -> list[dict]:
    out = []
    for shut in (False, True):
        xs, ys = [], []
        for r in scenario.roads:
            if (frozenset((r.source, r.target)) in closed) != shut:
                continue
            (x0, y0), (x1, y1) = frame.xy[r.source], frame.xy[r.target]
            xs += [x0, x1, None]
            ys += [y0, y1, None]
        line = {"color": "#d62728", "width": 3, "dash": "dot"} if shut else {"color": "#c8c8c8", "width": 2}
        out.append({"type": "scatter", "x": xs, "y": ys, "mode": "lines", "line": line, "hoverinfo": "skip", "name": tr("map.closed_roads" if shut else "map.roads", lang)})
    return out


def _dynamic(scenario: Scenario, frame: Frame, shown: MapState, lang) -> list[dict]:
    """Incidents (open, closed) and teams (one trace per state): the traces that change over time."""
    out = []
    for closed, colour, key in ((False, OPEN, "map.open"), (True, CLOSED, "map.closed")):
        rows = [(place, hazard) for incident, (place, _, hazard) in shown.incidents.items() if (incident in shown.closed) == closed]
        out.append({
            "type": "scatter", "mode": "markers", "x": [frame.xy[p][0] for p, _ in rows], "y": [frame.xy[p][1] for p, _ in rows],
            "marker": {"symbol": "x", "size": 13, "color": colour}, "hovertext": [f"{text(scenario.place(p).name, lang)} · {tr('hazard.' + h, lang)}" for p, h in rows],
            "hoverinfo": "text", "name": f"{tr('map.incidents', lang)} ({tr(key, lang)})", "legendgroup": "incidents",
        })
    where = {incident: place for incident, (place, _, _) in shown.incidents.items()}
    states = shown.teams
    for state in TEAM_STATES:
        xs, ys, hover = [], [], []
        for team in scenario.teams:
            s, incident = states[team.id]
            if s != state:
                continue
            base, target = frame.xy[team.base], frame.xy.get(where.get(incident, ""))
            spot = target if (s == "on_scene" and target) else (((base[0] + target[0]) / 2, (base[1] + target[1]) / 2) if (s in ("en_route", "returning") and target) else base)
            xs.append(spot[0]), ys.append(spot[1]), hover.append(f"{text(team.name, lang)}<br>{tr(f'map.state.{s}', lang)}")
        out.append({
            "type": "scatter", "mode": "markers", "x": xs, "y": ys, "hovertext": hover, "hoverinfo": "text", "legendgroup": "teams",
            "marker": {"symbol": "diamond", "size": 11, "color": STATE_COLOURS[state], "line": {"width": 1, "color": "#333"}},
            "name": f"{tr('map.teams', lang)}: {tr(f'map.state.{state}', lang)}",
        })
    return out


def _layout(frame: Frame, lang) -> dict:
    x_title, y_title = (tr("geo.lon", lang), tr("geo.lat", lang)) if frame.geo else ("km", "km")
    return {
        "height": frame.height,
        "xaxis": {"title": {"text": x_title}, "range": frame.x_range, "zeroline": False, "showgrid": False, "constrain": "domain"},
        "yaxis": {"title": {"text": y_title}, "range": frame.y_range, "zeroline": False, "showgrid": False, "scaleanchor": "x", "scaleratio": frame.ratio, "constrain": "domain"},
        "legend": {"x": 1.02, "y": 1, "xanchor": "left", "yanchor": "top"},  # beside the map: below it sits the time slider
    }


def _map_spec(scenario: Scenario, frame: Frame, events: pd.DataFrame, lang) -> dict:
    """The end state's traces and the map's layout (on plain axes), as a figure dict."""
    shown = MapState([t.id for t in scenario.teams]).fold(events)
    data = [*_roads(scenario, frame, shown.roads, lang), _place_trace(scenario, frame, lang), *_dynamic(scenario, frame, shown, lang)]
    return {"data": data, "layout": _layout(frame, lang)}


def _label_meta(scenario: Scenario, frame: Frame, lang) -> dict:
    """What the page's zoom script needs to show place labels by tier (ZOOM_LABELS_JS): the tiers, the labels' trace, the x span."""
    return {"label_tiers": label_tiers(scenario, frame, lang), "label_trace": 2, "x_span": frame.x_range[1] - frame.x_range[0]}


def _on_tiles(frame: Frame) -> bool:
    return bool(os.environ.get(TILES_ENV)) and frame.geo


def geo_map_spec(scenario: Scenario, events: pd.DataFrame, lang: str | None = None) -> dict:
    """The end state of a run or drill on the scenario's own roads."""
    frame = Frame(scenario)
    spec = _map_spec(scenario, frame, events, lang)
    if _on_tiles(frame):
        return styled_spec(_tiles_spec(spec, frame), "map.title", lang)
    spec["layout"]["meta"] = _label_meta(scenario, frame, lang)
    return styled_spec(spec, "map.title", lang)


def geo_map(scenario: Scenario, events: pd.DataFrame, lang: str | None = None) -> go.Figure:
    """:func:`geo_map_spec` as a plotly figure."""
    return figure(geo_map_spec(scenario, events, lang))


def animated_map(scenario: Scenario, events: pd.DataFrame, lang: str | None = None, frames: int = FRAMES) -> go.Figure:
    """:func:`animated_map_spec` as a plotly figure."""
    return figure(animated_map_spec(scenario, events, lang, frames))


def animated_map_spec(scenario: Scenario, events: pd.DataFrame, lang: str | None = None, frames: int = FRAMES) -> dict:
    """The run over time: a frame per step (play button and time slider), opening on the end state.

    (plotly's ``write_html`` plays the frames once on opening unless ``auto_play=False``; either way it ends there.)
    """
    frame = Frame(scenario)
    if _on_tiles(frame) or events.empty:  # tiles: one map, no frames (the slider would refetch tiles)
        return geo_map_spec(scenario, events, lang)
    spec = _map_spec(scenario, frame, events, lang)
    spec["layout"]["meta"] = _label_meta(scenario, frame, lang)
    end = float(events["time"].max())
    times = [round(end * k / frames, 1) for k in range(1, frames + 1)]
    first = len(spec["data"]) - len(TEAM_STATES) - 2  # the changing traces come last
    steps, frames_ = [], []
    for t, shown in zip(times, states_at(events, [t.id for t in scenario.teams], times)):
        name = f"{t:g}"
        data = [*_roads(scenario, frame, shown.roads, lang), *_dynamic(scenario, frame, shown, lang)]
        frames_.append({"name": name, "data": data, "traces": [0, 1, *range(first, len(spec["data"]))]})
        steps.append({"label": tr("geo.minute", lang, t=name), "method": "animate", "args": [[name], {"mode": "immediate", "frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0}}]})
    spec["frames"] = frames_
    spec["layout"] |= {
        "updatemenus": [{
            "type": "buttons", "showactive": False, "x": 0, "y": 0, "xanchor": "left", "yanchor": "top", "pad": {"t": 40},
            "buttons": [{"label": tr("geo.play", lang), "method": "animate", "args": [None, {"frame": {"duration": 400, "redraw": False}, "fromcurrent": True, "transition": {"duration": 0}}]}],
        }],
        "sliders": [{"active": len(steps) - 1, "steps": steps, "x": 0.12, "len": 0.88, "y": 0, "yanchor": "top", "pad": {"t": 30}, "currentvalue": {"prefix": tr("geo.time", lang)}}],
    }
    return styled_spec(spec, "geo.over_time", lang)


def _tiles_spec(spec: dict, frame: Frame) -> dict:
    """The same traces on plotly's map over the user's own tiles (markers and lines: no font server needed)."""
    traces = []
    for trace in spec["data"]:
        mode = trace["mode"].replace("+text", "") if trace.get("mode") else "markers"
        tile = {"type": "scattermap", "lon": trace["x"], "lat": trace["y"], "mode": mode}
        if "markers" in mode:
            tile["marker"] = {"size": trace["marker"]["size"], "color": trace["marker"]["color"]}
        if "lines" in mode:
            tile["line"] = {"color": trace["line"]["color"], "width": trace["line"]["width"]}
        if trace.get("hovertext") is not None:
            tile["hovertext"] = trace["hovertext"]
        traces.append({**tile, "hoverinfo": "text" if trace.get("hovertext") else "skip", "name": trace["name"]})
    span = max(frame.x_range[1] - frame.x_range[0], 1e-6)
    zoom = max(0.0, min(18.0, math.log2(360 / span * (WIDTH - 320) / 512)))
    layout = {
        "height": frame.height, "legend": spec["layout"]["legend"],
        "map": {
            "style": "white-bg", "zoom": zoom,
            "center": {"lon": sum(frame.x_range) / 2, "lat": frame.lat0},
            "layers": [{"sourcetype": "raster", "source": [os.environ[TILES_ENV]], "below": "traces"}],
        },
    }
    return {"data": traces, "layout": layout}
