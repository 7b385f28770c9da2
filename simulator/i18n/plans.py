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
    "scenario.plan_hq_no_activated_staff": {
        "en": "HQ '{ref}' has no activated_staff: activating it would add nobody (give command.units activated_staff above its duty_staff, {duty})",
        "zh": "指挥部 '{ref}' 未设置 activated_staff,启动后不会增加任何人员(请在 command.units 中为其设置大于 duty_staff({duty})的 activated_staff)",
    },
    "scenario.plan_team_twice": {"en": "team '{ref}' is named twice in this action", "zh": "队伍 '{ref}' 在本措施中重复出现"},
    "scenario.plan_unknown_shelter": {"en": "unknown shelter '{ref}'", "zh": "未定义的安置点 '{ref}'"},
    "scenario.plan_no_depot_at_tier": {
        "en": "no depot of tier {tier} in the plan's area ({ref}) to receive the stock",
        "zh": "预案区域({ref})内没有 {tier} 级储备库可接收物资",
    },
    "scenario.plan_no_depot_above": {"en": "no depot above tier {tier} to release stock from", "zh": "没有高于 {tier} 级的储备库可调出物资"},
    # the team states a plan adds (simulator/models/team_state.py)
    "team_state.prepositioning": {"en": "moving to a staging place", "zh": "前置途中"},
    "team_state.staged": {"en": "free, waiting at a staging place", "zh": "前置待命"},
}

_DO = {
    "activate_hq": ("Activate the HQ (staff its desk up)", "启动指挥部(增配值班人员)"),
    "set_response_level": ("Set the area's response level", "确定区域响应级别"),
    "preposition": ("Pre-position a team", "前置预置队伍"),
    "open_shelter": ("Open a shelter", "开放安置点"),
    "issue_warning": ("Issue a warning to the public", "向公众发布预警"),
    "release_stock": ("Release stock to the tier", "向下级调拨物资"),
    "request_military": ("Request military support", "申请军队支援"),
    "evacuate": ("Evacuate the place", "组织转移"),
}
_REASONS = {
    "team_busy": ("the team was busy", "队伍正在执行任务"),
    "team_state": ("the team was not free", "队伍不在可调派状态"),
    "shelter_already_open": ("the shelter was already open", "安置点已开放"),  # in logs written before "already"
    "no_people_model": ("no people model in this run", "本次运行没有人员模型"),
    "evacuation_not_ordered": ("nobody lives there", "该地无人居住"),
    "already": ("already in effect: opened or ordered before", "此前已开放或已下达指令"),
    "unreachable": ("every road there was closed", "道路全部中断,无法到达"),
    "no_stock": ("no depot of a higher tier held any", "上级储备库均无库存"),
    "no_incident_yet": ("no incident in the area yet", "区域内尚无事件"),
    "not_military": ("not an army or armed-police unit", "不是部队或武警力量"),
    "unknown_unit": ("no such command unit", "没有该指挥单位"),
    "unknown_warning_level": ("not a warning colour", "不是预警颜色"),
    "incident_closed": ("the incident had closed", "事件已结束"),
    "not_reported_yet": ("the incident was not yet commanded", "事件尚未报送到指挥单位"),
    "outside_territory": ("the team is outside the unit's territory", "队伍不在本单位辖区内"),
    "dispatch_level": ("the unit's level may not send the team", "本级无权调派该队伍"),
    "grounded": ("aviation was grounded", "天气不适航"),
    "team_incapable": ("the team cannot do what is needed", "队伍不具备所需能力"),
}
_STATUS = {
    "on_time": ("on time", "按时"),
    "late": ("late", "延误"),
    "impossible": ("impossible", "无法执行"),
    "not_done": ("not done by the end", "至结束仍未完成"),
    "not_called": ("not called for (level not reached)", "未启动(未达到该响应级别)"),
    "waited": ("waited for the team", "曾等待队伍"),
    "no_shelter": ("{quantity} people found no shelter with room", "{quantity} 人未找到有空位的安置点"),
    "stock_short": ("{quantity} could not be found in higher depots", "上级储备库缺 {quantity}"),
}
_COLS = {
    "time": ("Time", "时间"), "plan": ("Plan", "预案"), "event": ("What happened", "情况"), "trigger": ("Trigger", "触发条件"),
    "level": ("Response level", "响应级别"), "action": ("Action", "措施"), "target": ("For", "对象"), "due": ("Due", "应执行"),
    "done": ("Done", "完成"), "minutes": ("Minutes taken / allowed", "用时 / 规定时限"), "status": ("Outcome", "执行情况"),
    "kpi": ("Measure", "指标"), "value": ("Value", "数值"),
}
PLAN_MESSAGES.update({
    **{f"plan.do.{k}": {"en": en, "zh": zh} for k, (en, zh) in _DO.items()},
    **{f"plan.reason.{k}": {"en": en, "zh": zh} for k, (en, zh) in _REASONS.items()},
    **{f"plan.status.{k}": {"en": en, "zh": zh} for k, (en, zh) in _STATUS.items()},
    **{f"plan.col.{k}": {"en": en, "zh": zh} for k, (en, zh) in _COLS.items()},
    # the report section (simulator/report/plan_execution.py)
    "aar.section.plans": {"en": "Contingency plans: as written and as executed", "zh": "应急预案:文本规定与实际执行"},
    "plan.event.activated": {"en": "activated", "zh": "启动"},
    "plan.event.escalated": {"en": "response raised", "zh": "响应升级"},
    "plan.event.taken_over": {"en": "taken over by {plan}", "zh": "由{plan}接管"},
    "plan.event.ignored": {"en": "trigger ignored (taken over)", "zh": "触发条件不再生效(已被接管)"},
    "plan.trigger.warning": {"en": "{colour} issued", "zh": "发布{colour}"},
    "plan.trigger.series": {"en": "{series} reaches {above}", "zh": "{series}达到 {above}"},
    "plan.trigger.incidents": {"en": "{count} {hazard} incidents in the area", "zh": "区域内发生 {count} 起{hazard}事件"},
    "plan.trigger.casualties": {"en": "{count} people lost in the area", "zh": "区域内死亡失踪 {count} 人"},
    "plan.trigger.plan": {"en": "{plan} activated", "zh": "{plan}启动"},
    # plan KPIs (simulator/metrics/plans.py)
    "kpi.plan_action_minutes_mean": {"en": "mean trigger-to-plan-action time (min)", "zh": "预案措施自触发至执行平均用时(分钟)"},
    "kpi.plan_actions_on_time_share": {"en": "Plan actions done on time", "zh": "预案措施按时执行比例"},
    "kpi.plan_actions_completed_share": {"en": "Plan actions done by the end", "zh": "预案措施完成比例"},
    # the drill console's feed (simulator/ui/drill_panels.py)
    "ui.drill.plan_activated": {"en": "{plan} activated: {level}", "zh": "{plan}启动:{level}"},
})
