"""zh/en messages of public information 信息发布: scenario errors, KPIs, the report's table."""

from __future__ import annotations

PUBLICITY_MESSAGES: dict[str, dict[str, str]] = {
    "scenario.publicity_unit_is_hq": {
        "en": "'{ref}' is a specialised HQ; a release speaks for the city: name the propaganda department or an office",
        "zh": "'{ref}' 是专项指挥部;权威信息代表全市发布:请填写宣传部门或办公室单位",
    },
    "scenario.press_conference_before_release": {
        "en": "press_conference_target_minutes must not be below release_target_minutes",
        "zh": "press_conference_target_minutes(新闻发布会时限)不能小于 release_target_minutes(首次发布时限)",
    },
    "message.publicity": {"en": "report to the publicity unit", "zh": "报宣传部门"},
    "kpi.public_release_mean": {"en": "mean detection-to-first-release (min)", "zh": "自发现到首次权威发布平均用时(分钟)"},
    "kpi.public_release_completed_share": {"en": "share of major incidents with a release", "zh": "已权威发布的重大事件比例"},
    "kpi.public_release_within_target_share": {"en": "share of major incidents released within target", "zh": "在时限内权威发布的重大事件比例"},
    "kpi.press_conference_within_target_share": {"en": "share of major incidents with a press conference within target", "zh": "在时限内召开新闻发布会的重大事件比例"},
    "kpi.hotline_calls_awaiting_release": {"en": "public calls while a release was awaited", "zh": "等待权威发布期间的群众来电"},
    "report.pub.section": {"en": "Public information (first authoritative release)", "zh": "信息发布(首次权威发布)"},
    "report.pub.intro": {
        "en": "{unit} releases for incidents at response level {levels}: targets {release} min to the first release and {conference} min to the press conference, from detection.",
        "zh": "{unit}负责{levels}级响应事件的信息发布:自发现起 {release} 分钟内首次权威发布,{conference} 分钟内召开新闻发布会。",
    },
    "report.pub.incident": {"en": "incident", "zh": "事件"},
    "report.pub.release": {"en": "first release (min)", "zh": "首次发布(分钟)"},
    "report.pub.conference": {"en": "press conference (min)", "zh": "新闻发布会(分钟)"},
    "report.pub.calls": {"en": "public calls while awaited", "zh": "等待期间群众来电"},
    "report.pub.late": {"en": "not yet, late ({minutes} min)", "zh": "尚未发布,已超时({minutes} 分钟)"},
    "report.pub.pending": {"en": "not yet ({minutes} min so far)", "zh": "尚未发布(已 {minutes} 分钟)"},
    "report.pub.none": {"en": "No incident in this run needed a release.", "zh": "本次运行没有需要权威发布的事件。"},
}
