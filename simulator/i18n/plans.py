"""zh/en messages of contingency plans 应急预案: scenario checks, the plan report section, reasons."""

from __future__ import annotations

PLAN_MESSAGES: dict[str, dict[str, str]] = {
    # scenario models and cross-references (simulator/scenario/contingency*.py, hazard_series.py)
    "scenario.series_not_increasing": {
        "en": "the points' minutes must increase ({t0} then {t1})",
        "zh": "各监测点的时间必须递增(先 {t0} 后 {t1})",
    },
    "scenario.plan_trigger_kinds": {
        "en": "a trigger names exactly one of warning, series, incidents, casualties, plan ({given} given)",
        "zh": "每个触发条件须且只能指定 warning、series、incidents、casualties、plan 之一(给出了 {given} 个)",
    },
    "scenario.plan_trigger_series": {"en": "a series trigger needs both series and above", "zh": "监测数据触发条件须同时给出 series 和 above"},
    "scenario.plan_trigger_hazard": {"en": "hazard applies to an incidents trigger only", "zh": "hazard 只适用于事件数触发条件(incidents)"},
    "scenario.plan_trigger_at_level": {"en": "at_level applies to a plan trigger only", "zh": "at_level 只适用于预案联动触发条件(plan)"},
    "scenario.plan_trigger_level": {
        "en": "this trigger needs the response level it starts (level: I-IV)",
        "zh": "该触发条件须写明启动的响应级别(level:I-IV)",
    },
    "scenario.plan_action_missing": {"en": "{do} needs {fields}", "zh": "措施 {do} 须给出 {fields}"},
    "scenario.plan_action_extra": {"en": "{fields} does not apply to {do}", "zh": "{fields} 不适用于措施 {do}"},
    "scenario.plan_special_hazard": {"en": "a special plan names its hazard", "zh": "专项预案须写明灾种(hazard)"},
    "scenario.plan_unknown_series": {"en": "unknown hazard series '{ref}' (declare it under hazard_series)", "zh": "未定义的监测数据 '{ref}'(请在 hazard_series 中声明)"},
    "scenario.plan_on_itself": {"en": "plan '{id}' cannot be triggered by itself", "zh": "预案 '{id}' 不能由自身触发"},
    "scenario.plan_unknown_plan": {"en": "unknown plan '{ref}'", "zh": "未定义的预案 '{ref}'"},
    "scenario.plan_not_military": {
        "en": "team '{ref}' is not army or armed police support (it has no approval)",
        "zh": "队伍 '{ref}' 不是需审批的军队或武警力量(没有 approval)",
    },
    "scenario.plan_unknown_shelter": {"en": "unknown shelter '{ref}'", "zh": "未定义的安置点 '{ref}'"},
    "scenario.plan_no_depot_at_tier": {
        "en": "no depot of tier {tier} in the plan's area ({ref}) to receive the stock",
        "zh": "预案区域({ref})内没有 {tier} 级储备库可接收物资",
    },
    "scenario.plan_no_depot_above": {"en": "no depot above tier {tier} to release stock from", "zh": "没有高于 {tier} 级的储备库可调出物资"},
    # the team states a plan adds (simulator/models/team_state.py)
    "team_state.prepositioning": {"en": "moving to a staging place", "zh": "前置途中"},
    "team_state.staged": {"en": "pre-positioned and free", "zh": "前置待命"},
}
