"""Conditional injects fire when their condition holds, and not otherwise (hand-computed on the tiny scenario).

The tiny scenario's timeline (tests/validation/test_hand_calculated.py):
incident flood-001 occurs at 100 in village v, is detected at 110, its
report reaches the town office (command assumed) at 118, the city team is
dispatched at 118 and arrives at 139. A warning from the city office at
minute 0 calls the town office (answered at 6: link 1 + handling 4 + link 1),
which then calls the village station (answered at 10: 1 + 2 + 1).
"""

from __future__ import annotations

import pytest

from simulator.drill import DrillSession, Store, open_session, start_session
from simulator.eventlog import write_events
from simulator.models import simulate
from simulator.scenario import ScenarioError, parse_scenario
from tests.conftest import to_yaml


def T(s: str) -> dict:
    return {"zh": s, "en": s}


def conditional(inject_id: str, condition: dict, **extra) -> dict:
    return {"id": inject_id, "time": extra.pop("time", 0), "text": T(f"{inject_id}: fired"), "condition": condition, **extra}


def fired(events) -> dict[str, float]:
    rows = events[events["kind"] == "inject"]
    return dict(zip(rows["entity"], rows["time"]))


def run(tiny, injects) -> dict[str, float]:
    tiny["injects"] = injects
    return fired(simulate(parse_scenario(to_yaml(tiny), "tiny.yaml")).events)


def test_unmet_incident_fires_at_its_deadline_only_while_no_team_is_on_scene(tiny):
    got = run(tiny, [
        conditional("unmet_30", {"unmet_incident": {"incident": "flood", "after_minutes": 30}}),  # 130 < 139: unmet
        conditional("unmet_40", {"unmet_incident": {"incident": "flood", "after_minutes": 40}}),  # 140 > 139: met
        conditional("late_window", {"unmet_incident": {"incident": "flood", "after_minutes": 5}}, time=135),  # window opens at 135, still unmet
    ])
    assert got == {"unmet_30": 130, "late_window": 135}


def test_report_late_fires_when_the_report_has_not_reached_the_commanding_unit(tiny):
    got = run(tiny, [
        conditional("late_5", {"report_late": {"incident": "flood", "after_minutes": 5}}),  # 115 < 118: late
        conditional("late_10", {"report_late": {"incident": "flood", "after_minutes": 10}}),  # 120 > 118: arrived
    ])
    assert got == {"late_5": 115}


def test_report_late_without_minutes_uses_the_reporting_limit_of_the_level(tiny):
    tiny["command"]["reporting_limits"] = {"IV": {"phone_minutes": 6}}  # detected 110 + 6 = 116 < 118
    assert run(tiny, [conditional("late", {"report_late": {"incident": "flood"}})]) == {"late": 116}
    tiny["command"]["reporting_limits"] = {"IV": {"phone_minutes": 9}}  # 119 > 118
    assert run(tiny, [conditional("late", {"report_late": {"incident": "flood"}})]) == {}


def test_warning_unanswered_fires_while_a_unit_called_has_not_answered(tiny):
    warning = {"id": "warn", "time": 0, "text": T("red warning"), "effect": {"type": "warning", "by": "city_office"}}
    got = run(tiny, [
        warning,
        conditional("silent_3", {"warning_unanswered": {"warning": "warn", "after_minutes": 3}}),  # town office answers at 6
        conditional("silent_8", {"warning_unanswered": {"after_minutes": 8}}),  # village station called at 6, answers at 10
        conditional("silent_12", {"warning_unanswered": {"warning": "warn", "after_minutes": 12}}),  # all answered by 10
    ])
    assert got == {"warn": 0, "silent_3": 3, "silent_8": 8}


def test_team_dispatched_to_fires_right_after_the_dispatch_and_lapses_after_until(tiny):
    got = run(tiny, [
        conditional("to_town", {"team_dispatched_to": "t"}),  # v lies under t: dispatched at 118
        conditional("to_village_team", {"team_dispatched_to": {"place": "v", "team": "city_team"}}),
        conditional("too_soon", {"team_dispatched_to": "v"}, until=100),
    ])
    assert got == {"to_town": 118, "to_village_team": 118}
    tiny["injects"] = [conditional("too_soon", {"team_dispatched_to": "v"}, until=100)]
    tiny_events = simulate(parse_scenario(to_yaml(tiny), "tiny.yaml")).events
    lapsed = tiny_events[tiny_events["kind"] == "condition_lapsed"]
    assert lapsed[["time", "entity", "detail"]].values.tolist() == [[100, "too_soon", "team_dispatched_to"]]


def test_the_log_says_which_condition_fired_an_inject_and_on_what(tiny):
    tiny["injects"] = [conditional("unmet_30", {"unmet_incident": {"incident": "flood", "after_minutes": 30}}, category="media")]
    events = simulate(parse_scenario(to_yaml(tiny), "tiny.yaml")).events
    met = events[events["kind"] == "condition_met"]
    assert met[["time", "entity", "incident", "location", "detail"]].values.tolist() == [[130, "unmet_30", "flood-001", "v", "unmet_incident"]]
    inject_row = events[events["kind"] == "inject"]
    assert inject_row.index[0] == met.index[0] + 1  # played right after, in the same step


def test_a_scenario_without_conditions_keeps_the_recorders_own_method(tiny_scenario):
    session = DrillSession(tiny_scenario)
    assert session.ctx.record == session.ctx.recorder.record  # no tap: runs step exactly as before


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bad_references_in_conditions_are_refused_with_file_and_line(tiny, lang):
    tiny["injects"] = [
        {"id": "warn", "time": 0, "text": T("w"), "effect": {"type": "warning", "by": "city_office"}},
        conditional("a", {"unmet_incident": {"incident": "nowhere", "after_minutes": 30}}),
        conditional("b", {"warning_unanswered": {"warning": "a", "after_minutes": 3}}),
        conditional("c", {"team_dispatched_to": {"place": "mars", "team": "ghost"}}),
        conditional("e", {"report_late": {"incident": "flood"}}, time=50, until=20),
        {"id": "f", "time": 0, "text": T("f"), "until": 30},
    ]
    text = to_yaml(tiny)
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "tiny.yaml")
    rendered = err.value.render(lang).splitlines()
    lines = text.splitlines()

    def line_of(needle: str, after: str) -> int:
        start = next(k for k, line in enumerate(lines) if after in line)
        return next(k for k in range(start, len(lines)) if needle in lines[k]) + 1

    if lang == "en":
        expected = [
            f"tiny.yaml:{line_of('incident: nowhere', 'id: a')}: injects[1].condition.unmet_incident.incident: unknown incident 'nowhere'",
            f"tiny.yaml:{line_of('warning: a', 'id: b')}: injects[2].condition.warning_unanswered.warning: unknown warning 'a'",
            f"tiny.yaml:{line_of('place: mars', 'id: c')}: injects[3].condition.team_dispatched_to.place: unknown place 'mars'",
            f"tiny.yaml:{line_of('team: ghost', 'id: c')}: injects[3].condition.team_dispatched_to.team: unknown team 'ghost'",
            f"tiny.yaml:{line_of('until: 20', 'id: e')}: injects[4].until: until 20 is before the inject's time 50",
            f"tiny.yaml:{line_of('until: 30', 'id: f')}: injects[5].until: 'until' is for a conditional inject",
        ]
    else:
        expected = ["未定义的事件 'nowhere'", "未定义的预警 'a'", "未定义的地点 'mars'", "未定义的队伍 'ghost'", "截止时间 20 早于注入时间 50", "'until' 仅用于条件注入"]
    assert len(rendered) == len(expected)
    for want in expected:
        assert any(line.startswith(want) or (lang == "zh" and want in line) for line in rendered), (want, rendered)


@pytest.mark.parametrize(("lang", "words"), [("en", "exactly one of unmet_incident"), ("zh", "必须且只能指定")])
def test_a_condition_names_exactly_one_kind(tiny, lang, words):
    tiny["injects"] = [conditional("d", {"unmet_incident": {"incident": "flood", "after_minutes": 30}, "report_late": {"incident": "flood"}})]
    text = to_yaml(tiny)
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "tiny.yaml")
    line = next(k for k, row in enumerate(text.splitlines()) if row.strip() == "condition:") + 1
    assert err.value.render(lang).startswith(f"tiny.yaml:{line}: injects[0].condition: ")
    assert words in err.value.render(lang) and "2" in err.value.render(lang)


def test_a_conditional_inject_added_mid_drill_reads_what_happened_before(tiny_scenario, tmp_path):
    """The dispatch at 118 happened before the inject was typed in at 120: it fires at once (its window opens at 120)."""
    path = tmp_path / "tiny.yaml"
    path.write_text(to_yaml(tiny_scenario.model_dump(mode="json", by_alias=True, exclude_none=True)), encoding="utf-8")
    store = Store(tmp_path)
    session, info = start_session(store, path)
    session.step()
    assert session.decide("dispatch_team", team="city_team", incident="flood-001").accepted
    session.run_until(120)
    added = session.add_inject("id: followup\ntime: 120\ntext: {zh: '媒体:现场', en: 'Media: at the scene'}\ncategory: media\ncondition: {team_dispatched_to: v}\n")
    assert added.accepted
    session.run_until(300)
    assert fired(session.events())["followup"] == 120
    write_events(session.events(), tmp_path / "live.csv")
    write_events(open_session(store, info.id).events(), tmp_path / "replayed.csv")
    assert (tmp_path / "live.csv").read_bytes() == (tmp_path / "replayed.csv").read_bytes()


def test_the_schema_describes_conditions_for_editors():
    from simulator.scenario.schema import scenario_json_schema

    defs = scenario_json_schema()["$defs"]
    assert {"condition", "until", "category"} <= set(defs["Inject"]["properties"])
    assert set(defs["Condition"]["properties"]) == {"unmet_incident", "report_late", "warning_unanswered", "team_dispatched_to"}
    assert "no team on scene" in defs["UnmetIncident"]["description"] or "without a team" in defs["UnmetIncident"]["description"]
