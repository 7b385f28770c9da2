"""Command-chain figures, tested by structure on runs of the tiny scenario."""

from __future__ import annotations

from simulator.models import simulate
from simulator.scenario import parse_scenario
from simulator.scenario.vocabulary import STEPS
from simulator.viz import message_swimlanes, step_timeline, warning_reach_chart
from tests.conftest import to_yaml


def test_swimlanes_draw_each_hop_and_desk_of_one_incident(tiny_scenario):
    events = simulate(tiny_scenario).events
    fig = message_swimlanes(events, tiny_scenario, "flood-001", lang="en")
    by_name = {}
    for trace in fig.data:
        by_name.setdefault(trace.name, []).append(trace)
    initial = by_name["initial report (phone)"]
    hops, desks = initial[0], initial[1]
    # two hops (grid -> village station -> town office): x = [sent, arrived, None] each
    assert list(hops.x) == [110, 111, None, 113, 114, None]
    segments = {tuple(desks.x[i : i + 2]) for i in range(0, len(desks.x), 3)}
    assert segments == {(111, 113), (114, 118)}
    lanes = list(fig.layout.yaxis.ticktext)
    assert lanes[hops.y[0]] == "grid" and lanes[hops.y[1]] == "village / community"
    # the order goes down to the team lane
    order = by_name["order"][0]
    assert lanes[order.y[1]] == "teams"
    zh = message_swimlanes(events, tiny_scenario, "flood-001", lang="zh")
    assert zh.layout.title.text == "各层级之间的信息流转"


def test_step_timeline_has_the_eight_steps(tiny_scenario):
    events = simulate(tiny_scenario).events
    fig = step_timeline(events, "flood-001", lang="en")
    (bars,) = fig.data
    assert len(bars.y) == len(STEPS)
    starts = dict(zip(bars.y, bars.base))
    assert starts["screening & monitoring"] == 100 and starts["information receipt"] == 113


def test_warning_reach_is_a_cumulative_share(tiny):
    tiny["command"]["public_channels"] = [
        {"id": "sms", "name": {"zh": "短信", "en": "SMS"}, "via": "broadcast", "coverage": 0.5, "delay_minutes": 10},
    ]
    tiny["injects"] = [{"id": "w", "time": 20, "text": {"zh": "预警", "en": "warning"}, "effect": {"type": "warning", "by": "city_office"}}]
    scenario = parse_scenario(to_yaml(tiny))
    fig = warning_reach_chart(simulate(scenario).events, scenario, "w", lang="en")
    (line,) = fig.data
    # issued at 20 with nobody warned; SMS reaches half of the village's 1,000 at 30
    assert list(line.x) == [20, 30] and list(line.y) == [0.0, 0.5]


def test_report_has_the_command_section(street):
    from simulator.metrics import analyse
    from simulator.report import build_report_html

    run = simulate(street)
    kpis, objectives = analyse(street, run.events)
    html = build_report_html(street, run.events, kpis, objectives, run.meta(), lang="en")
    for heading in ("Command chain", "Reports against their time limits", "Duty desks (busiest first)", "Call-and-answer warnings", "Roll calls", "Mean time in each of the eight steps (3+8)"):
        assert heading in html, heading
    assert 'id="message-swimlanes"' in html and 'id="warning-red_warning"' in html
    zh = build_report_html(street, run.events, kpis, objectives, run.meta(), lang="zh")
    assert "“3+8”各环节平均用时" in zh and "点名调度" in zh
