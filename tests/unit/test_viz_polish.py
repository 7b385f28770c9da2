"""Issue 21, figures and tables people read: bins, target line, cumulative unmet, percent axes,
dropdown labels that fit, chain labels that do not overlap. By structure, never pixels."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest

from simulator.i18n import tr
from simulator.metrics.supplies import unmet_over_time
from simulator.report.tables import format_kpi
from simulator.scenario.synthetic import synthetic_city
from simulator.viz import command_chain_graph, response_time_histogram, team_utilisation_chart, unmet_demand_chart
from simulator.viz.command import CHAIN_FONT_PX, CHAIN_WIDTH_PX, COLORBAR_PX
from simulator.viz.gantt import team_gantt
from simulator.viz.incidents import bin_width
from simulator.viz.map_labels import _box, _overlap
from simulator.viz.style import MENU_HEIGHT_PX, MENU_TOP_MARGIN_PX, MENU_WIDTH_PX, count_axis, fit_menu_label, menu_label_px
from simulator.viz.supplies import delivery_sankey, stock_by_tier_chart

COLUMNS = ["seq", "time", "kind", "entity", "location", "incident", "team", "unit", "item", "quantity", "level", "detail"]


def log(rows: list[dict]) -> pd.DataFrame:
    """An event log in the recorder's shape ("" for absent text, NaN for absent quantity)."""
    records = [{c: r.get(c, np.nan if c == "quantity" else "") for c in COLUMNS[1:]} for r in rows]
    frame = pd.DataFrame(records, columns=COLUMNS[1:])
    frame.insert(0, "seq", range(len(frame)))
    return frame.astype({"time": "float64", "quantity": "float64"})


def reached_after(minutes: list[float]) -> pd.DataFrame:
    """Incident i detected at 10*i and reached ``minutes[i]`` later (call-to-first-arrival = minutes[i])."""
    rows = []
    for i, m in enumerate(minutes):
        t = 10.0 * i
        rows += [
            {"time": t, "kind": "incident_occurred", "incident": f"i{i}", "location": "p"},
            {"time": t, "kind": "incident_detected", "incident": f"i{i}"},
            {"time": t + m, "kind": "team_arrived", "incident": f"i{i}", "team": "t"},
        ]
    rows.sort(key=lambda r: r["time"])
    return log(rows)


# --- response-time histogram -------------------------------------------------------
def test_bin_width_follows_the_95th_percentile():
    # 3, 8, ..., 58 (12 times): p95 = 55.25 (numpy's linear rule) <= 24 bins x 5 min = 120 -> 5-minute bins
    assert bin_width(range(3, 59, 5)) == 5
    # 10, 20, ..., 200: p95 = 190.5 > 120 but <= 24 x 10 = 240 -> 10-minute bins
    assert bin_width(range(10, 201, 10)) == 10
    # 30, 60, ..., 600: p95 = 571.5 > 240 -> 30-minute bins
    assert bin_width(range(30, 601, 30)) == 30
    # one long outlier among 20 short times does not widen the bins: p95 of 19 x 10 and one 1000 is 59.5
    assert bin_width([10] * 19 + [1000]) == 5


def test_histogram_bins_from_zero_and_target_line():
    times = list(range(3, 59, 5))
    fig = response_time_histogram(reached_after(times), "en", target=45)
    bars = fig.data[0]
    assert list(bars.x) == times
    assert bars.xbins.start == 0 and bars.xbins.size == 5 and bars.autobinx is False
    # the objective's target as a vertical line at x = 45, from the bottom of the plot to its top
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == 1 and lines[0].x0 == lines[0].x1 == 45 and (lines[0].y0, lines[0].y1) == (0, 1)
    assert [a.text for a in fig.layout.annotations] == ["target 45 min"]
    assert response_time_histogram(reached_after(times), "zh", target=45).layout.annotations[0].text == "目标 45 分钟"
    # counts: 12 times in 5-min bins from 0 -> one per bin, so whole-number ticks 1 apart
    assert fig.layout.yaxis.tickformat == "d" and fig.layout.yaxis.dtick == 1
    assert "min" in bars.hovertemplate


def test_histogram_without_target_has_no_line_and_says_what_was_not_reached():
    events = reached_after([20, 30])
    events = pd.concat([events, log([{"time": 5.0, "kind": "incident_occurred", "incident": "late", "location": "p"}]).assign(seq=99)])
    fig = response_time_histogram(events, "en")
    assert not fig.layout.shapes
    # the incident never reached is not a bar, and the figure says so
    assert list(fig.data[0].x) == [20, 30]
    assert [a.text for a in fig.layout.annotations] == [tr("fig.not_reached", "en", count=1)]


def test_count_axis_steps():
    # at most about 8 whole-number ticks: 3 -> 1 apart; 17 -> 17/2 = 8.5 > 8, so 5 apart; 80 -> 10 apart
    assert count_axis(3)["dtick"] == 1 and count_axis(17)["dtick"] == 5 and count_axis(80)["dtick"] == 10
    assert count_axis(3)["tickformat"] == "d"


# --- unmet demand over time ----------------------------------------------------------
# water, by hand:
#   10  incident A short 70                    cumulative 70   still unmet 70
#   15  a shelter's order short 99             (logistics, not demand: left out)
#   20  shelter need not met 15                cumulative 85   still unmet 85
#   30  50 found later for A                   cumulative 85   still unmet 35
#   40  incident B short 20                    cumulative 105  still unmet 55
#   50  20 found later for A                   cumulative 105  still unmet 35
UNMET_ROWS = [
    {"time": 10.0, "kind": "supply_short", "entity": "A", "incident": "A", "item": "water", "quantity": 70},
    {"time": 15.0, "kind": "supply_short", "entity": "S", "incident": "", "item": "water", "quantity": 99},
    {"time": 20.0, "kind": "demand_unmet", "entity": "S", "item": "water", "quantity": 15},
    {"time": 30.0, "kind": "supply_short_filled", "entity": "A", "incident": "A", "item": "water", "quantity": 50},
    {"time": 40.0, "kind": "supply_short", "entity": "B", "incident": "B", "item": "water", "quantity": 20},
    {"time": 50.0, "kind": "supply_short_filled", "entity": "A", "incident": "A", "item": "water", "quantity": 20},
    {"time": 60.0, "kind": "run_ended"},
]


def test_cumulative_unmet_never_falls_and_sums_every_shortfall():
    unmet = unmet_over_time(log(UNMET_ROWS))
    assert unmet["time"].tolist() == [10, 20, 30, 40, 50]
    assert unmet["cumulative"].tolist() == [70, 85, 85, 105, 105]
    assert unmet["cumulative"].is_monotonic_increasing
    assert unmet["cumulative"].iloc[-1] == 70 + 15 + 20
    assert unmet["outstanding"].tolist() == [70, 85, 35, 55, 35]


def test_unmet_chart_draws_both_lines_to_the_end():
    fig = unmet_demand_chart(log(UNMET_ROWS), {"water": "Water (bottles)"}, "en")
    cumulative, outstanding = fig.data
    assert cumulative.name == tr("fig.unmet_cumulative", "en") and outstanding.name == tr("fig.unmet_outstanding", "en")
    assert list(cumulative.x) == [0, 10, 20, 30, 40, 50, 60]
    assert list(cumulative.y) == [0, 70, 85, 85, 105, 105, 105]
    assert all(a <= b for a, b in zip(cumulative.y, cumulative.y[1:]))
    assert list(outstanding.y) == [0, 70, 85, 35, 55, 35, 35]
    assert fig.layout.legend.title.text == "Water (bottles)"
    assert not fig.layout.updatemenus  # one item: nothing to choose


# --- shares in percent, counts whole ----------------------------------------------------
def test_share_axes_and_hovers_are_percentages():
    events = log([
        {"time": 0.0, "kind": "team_dispatched", "team": "t1", "incident": "A"},
        {"time": 50.0, "kind": "team_returned", "team": "t1"},
        {"time": 100.0, "kind": "run_ended"},
    ])
    fig = team_utilisation_chart(events, 100.0, {"t1": "Team one"}, "en")
    assert fig.layout.yaxis.tickformat == ".0%" and "%{y:.1%}" in fig.data[0].hovertemplate
    assert list(fig.data[0].y) == [0.5]  # 50 of 100 minutes out


def test_kpi_values_shares_in_percent_counts_whole():
    assert format_kpi("supply_fill_rate", 0.8241, "en") == "82.4%"
    assert format_kpi("calls_unanswered", 5.0, "en") == "5"
    assert format_kpi("people_rescued_alive", 7.0, "zh") == "7"
    assert format_kpi("people_turned_away", 12.0, "en") == "12" and format_kpi("hotline_calls_awaiting_release", 148.0, "en") == "148"
    assert format_kpi("report_latency_mean", 26.47, "en") == "26.5 min"  # a time carries its unit (simulator.metrics.kpi_kinds)


def test_gantt_hover_times_have_units():
    events = log([
        {"time": 0.0, "kind": "team_dispatched", "team": "t1", "incident": "A"},
        {"time": 10.0, "kind": "team_mobilised", "team": "t1", "incident": "A"},
    ])
    fig = team_gantt(events, {"t1": "Team one"}, "zh")
    assert all("分钟" in t.hovertemplate for t in fig.data)


# --- dropdowns -----------------------------------------------------------------------
LONG_NAMES = {
    "water": "bottled drinking water for evacuees (bottles (550 ml))",
    "pump": "mobile high-capacity drainage pump units (units)",
    "bag": "沙袋、编织袋及防汛土工布等防汛物资(条)",
    "kit": "kits",
}


def stock_log() -> pd.DataFrame:
    rows = [{"time": 0.0, "kind": "stock_initial", "entity": "D", "level": "city", "item": item, "quantity": 10} for item in LONG_NAMES]
    rows += [{"time": 5.0, "kind": "supply_short", "entity": "A", "incident": "A", "item": item, "quantity": 3} for item in LONG_NAMES]
    rows += [{"time": 9.0, "kind": "supply_delivered", "entity": "D", "incident": "A", "location": "p", "item": item, "quantity": 7} for item in LONG_NAMES]
    return log(rows)


def test_fit_menu_label_rules():
    assert fit_menu_label("kits") == "kits"
    # 40 Latin characters at 12 px x 0.6 = 288 px + 40 > 240: the unit in brackets goes first
    # ("mobile drainage pumps": 21 x 7.2 + 40 = 191.2 fits) ...
    assert fit_menu_label("mobile drainage pumps (units of 50 m³/h)") == "mobile drainage pumps"
    # ... or, when that is not enough, the name is cut, "…" counted a full 12 px (CJK fonts draw it so):
    # 26 characters: 26 x 7.2 + 12 + 40 = 239.2 <= 240
    assert fit_menu_label("mobile high-capacity drainage pump units (units)") == "mobile high-capacity drain…"
    assert fit_menu_label("bottled water (bottles)") == "bottled water (bottles)"  # 23 x 7.2 + 40 = 205.6 fits
    # ... and a CJK name (12 px a character) is cut: 16 characters + "…" = 17 x 12 + 40 = 244 > 240, 15 + 1 = 232 fits
    assert fit_menu_label("沙袋、编织袋及防汛土工布等防汛物资条目很多很多") == "沙袋、编织袋及防汛土工布等防汛…"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_dropdown_label_fits_the_width_given(lang):
    events = stock_log()
    for fig in (stock_by_tier_chart(events, LONG_NAMES, lang), delivery_sankey(events, LONG_NAMES, lang), unmet_demand_chart(events, LONG_NAMES, lang)):
        (menu,) = fig.layout.updatemenus
        labels = [b.label for b in menu.buttons]
        assert len(labels) == 4 and "kits" in labels
        assert all(menu_label_px(label) <= MENU_WIDTH_PX for label in labels)
        # the menu sits in the top margin, right-aligned, with room under the title
        assert (menu.x, menu.xanchor, menu.y, menu.yanchor) == (1.0, "right", 1.0, "bottom")
        assert fig.layout.margin.t == MENU_TOP_MARGIN_PX >= 45 + MENU_HEIGHT_PX + menu.pad.b
        # its caption ends left of the widest label, and each button titles the legend with the full name
        (caption,) = [a for a in fig.layout.annotations if a.text == tr("fig.choose_item", lang)]
        assert -caption.xshift >= max(menu_label_px(label) for label in labels)
        assert sorted(b.args[1]["legend.title.text"] for b in menu.buttons) == sorted(LONG_NAMES.values())


# --- the command chain of a big scenario ----------------------------------------------------
@pytest.fixture(scope="module")
def city():
    scenario = synthetic_city(districts=3, townships_per_district=4, communities_per_township=3, teams=20, incidents_per_hour=5, hours=4)
    assert len(scenario.command.units) >= 30
    return scenario


def shown_boxes(fig) -> list[tuple]:
    """The printed labels' boxes in pixels at the chain's width, computed as map_labels does."""
    nodes = fig.data[-1]
    margin, (x0, x1), (y0, y1) = fig.layout.margin, fig.layout.xaxis.range, fig.layout.yaxis.range
    width = CHAIN_WIDTH_PX - margin.l - margin.r - (COLORBAR_PX if nodes.marker.showscale else 0)
    height = fig.layout.height - margin.t - margin.b
    px_x, px_y = width / (x1 - x0), height / (y1 - y0)
    return [_box(x * px_x, y * px_y, t, CHAIN_FONT_PX, 1.0, p) for x, y, t, p in zip(nodes.x, nodes.y, nodes.text, nodes.textposition) if t]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("with_load", [False, True])
def test_chain_labels_of_a_big_city_never_overlap(city, lang, with_load):
    units = city.command.units
    load = {u.id: float(i % 7) for i, u in enumerate(units)} if with_load else None
    fig = command_chain_graph(city, load, lang)
    boxes = shown_boxes(fig)
    assert not [pair for pair in combinations(boxes, 2) if _overlap(*pair)]
    nodes = fig.data[-1]
    # not every name fits (53 units in 610 px) but the top of the chain does, and every unit has its hover
    shown = [t for t in nodes.text if t]
    assert 5 <= len(shown) < len(units)
    assert (city.command.units[0].name.en if lang == "en" else city.command.units[0].name.zh) in shown
    assert all(u.name.zh in h and u.name.en in h for u, h in zip(units, nodes.hovertext))


def test_chain_markers_shrink_to_the_room_of_a_leaf(city):
    # 37 leaves (36 communities and the city flood HQ) -> x from -0.5 to 36.5 over 700 - 60 - 30 = 610 px:
    # 16.5 px a slot, markers 0.8 of that = 13.2 (16 at most, 6 at least)
    fig = command_chain_graph(city, lang="en")
    assert fig.data[-1].marker.size == pytest.approx(0.8 * 610 / 37)


def test_timeline_rows_are_named_and_long_names_keep_number_and_place():
    from types import SimpleNamespace as NS

    from simulator.viz import incident_timeline

    scenario = NS(
        places=[NS(id="p", name=NS(zh="东站", en="East station"))],
        incidents=[NS(id="flood", name=NS(zh="内涝", en="Waterlogging")), NS(id="trap", name=NS(zh="被困", en="People trapped in vehicles and underground spaces"))],
    )
    events = log([
        {"time": 0.0, "kind": "incident_occurred", "incident": "flood-001", "location": "p", "detail": "flood"},
        {"time": 5.0, "kind": "incident_occurred", "incident": "trap-002", "location": "p", "detail": "flood"},
        {"time": 9.0, "kind": "run_ended"},
    ])
    fig = incident_timeline(events, "en", scenario)
    assert list(fig.layout.yaxis.tickvals) == ["flood-001", "trap-002"]  # rows stay keyed by id
    short, long = fig.layout.yaxis.ticktext
    assert short == "Waterlogging #1 · East station"
    # 63 characters x 7.2 = 453.6 px > 260: the source's name is cut, " #2 · East station" (18 x 7.2 = 129.6 px) kept
    assert long.endswith("… #2 · East station") and long.startswith("People trapped")
    assert "People trapped in vehicles and underground spaces #2 · East station" in fig.data[0].customdata[1][2]


def test_swimlane_hover_names_sender_receiver_and_minutes(tiny_scenario):
    from simulator.models import simulate
    from simulator.viz import message_swimlanes

    events = simulate(tiny_scenario).events
    fig = message_swimlanes(events, tiny_scenario, "flood-001", lang="en")
    hops, desks = fig.data[0], fig.data[1]
    sent = events[(events["kind"] == "message_sent") & (events["incident"] == "flood-001") & (events["detail"] == "initial")].iloc[0]
    units = {u.id: u.name.en for u in tiny_scenario.command.units}
    # the first hop (sent 110, queued 111, see test_viz_command): both ends of the line say who, what and when
    assert hops.hovertext[0] == hops.hovertext[1] and hops.hovertext[2] is None
    assert hops.hovertext[0].startswith("initial report (phone): ") and hops.hovertext[0].endswith("<br>110–111 min")
    assert hops.hovertext[0] == f"initial report (phone): Village · grid → {units[sent['unit']]}<br>110–111 min"  # grid:v, the place's name
    # the desks: the village station 111-113, the town office 114-118
    assert {t for t in desks.hovertext if t} == {"initial report (phone) at Village station's desk<br>111–113 min", "initial report (phone) at Town office's desk<br>114–118 min"}


def test_plan_comparison_axes_of_a_share_are_in_percent():
    from simulator.viz.experiments import kpi_distribution

    results = pd.DataFrame({"plan": ["a", "a", "b"], "error": ["", "", ""], "supply_fill_rate": [0.9, 0.8, 0.95], "first_arrival_mean": [30.0, 40.0, 35.0]})
    assert kpi_distribution(results, "supply_fill_rate", lang="en").layout.yaxis.tickformat == ".0%"
    assert kpi_distribution(results, "first_arrival_mean", lang="en").layout.yaxis.tickformat is None  # minutes
