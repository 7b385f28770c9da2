"""Critical tasks in a scenario file: bad references and missing fields are refused at their line, in en and zh."""

from __future__ import annotations

import pytest

from simulator.scenario import ScenarioError, parse_scenario
from tests.conftest import to_yaml
from tests.unit.test_findings import evaluated_tiny


def with_tasks(tiny, tasks) -> str:
    data = evaluated_tiny(tiny)
    data["objectives"] = [{"id": "o", "name": {"zh": "目标", "en": "goal"}, "kpi": "calls_unanswered", "op": "<=", "target": 0, "step": "analysis_warning", "critical_tasks": tasks}]
    return to_yaml(data)


def task(**fields) -> dict:
    return {"id": fields.pop("id", "t"), "name": {"zh": "任务", "en": "task"}, "by": "town_office", "measure": "warning_answer", **fields}


def test_good_tasks_load(tiny):
    sc = parse_scenario(with_tasks(tiny, [task(), task(id="d", measure="inject_response", injects=["dam"]), task(id="s", measure="step", step="relief", within_minutes=60)]))
    assert [t.id for t in sc.objectives[0].critical_tasks] == ["t", "d", "s"]


@pytest.mark.parametrize(("fields", "where", "en", "zh"), [
    ({"by": "nobody"}, "by", "unknown seat, command unit or team 'nobody'", "未定义的席位、指挥单位或队伍 'nobody'"),
    ({"measure": "inject_response", "injects": ["ghost"]}, "injects[0]", "unknown inject 'ghost'", "未定义的注入 'ghost'"),
    ({"measure": "inject_response", "injects": ["red_warning"]}, "injects[0]", "inject 'red_warning' has no expected_actions to judge", "注入 'red_warning' 没有可评判的 expected_actions"),
    ({"measure": "inject_response"}, "injects", "an inject_response task names the injects it judges", "inject_response 任务须列出所评判的注入"),
    ({"measure": "step", "within_minutes": 30}, "step", "a step task names its step", "step 任务须写明所评判的环节"),
    ({"measure": "dispatch"}, "within_minutes", "a dispatch task needs its time standard within_minutes", "dispatch 任务须给出时间标准 within_minutes"),
])
def test_a_bad_task_is_refused_at_its_field(tiny, fields, where, en, zh):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(with_tasks(tiny, [task(**fields)]), "tiny.yaml")
    for lang, words in (("en", en), ("zh", zh)):
        rendered = caught.value.render(lang)
        assert f"objectives[0].critical_tasks[0].{where}: {words}" in rendered and rendered.startswith("tiny.yaml:")


def test_an_unknown_measure_or_step_is_refused(tiny):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(with_tasks(tiny, [task(measure="vibes"), task(id="u", measure="step", step="lunch", within_minutes=5)]), "tiny.yaml")
    rendered = caught.value.render("en")
    assert "critical_tasks[0].measure" in rendered and "critical_tasks[1].step" in rendered
