"""zh/en messages of the typhoon section 台风: scenario errors and the words of its log rows."""

from __future__ import annotations

TYPHOON_MESSAGES: dict[str, dict[str, str]] = {
    "scenario.typhoon_track_order": {
        "en": "the track's minutes must increase ({t0} then {t1})",
        "zh": "台风路径各点的时间(minute)必须递增(先 {t0} 后 {t1})",
    },
    "scenario.typhoon_radii_differ": {
        "en": "every track point gives the radii of the same forces ({forces})",
        "zh": "路径各点须给出相同风力等级的风圈半径({forces} 级)",
    },
    "scenario.typhoon_landfall": {
        "en": "exactly one track point is the landfall (landfall: true)",
        "zh": "路径中须有且只有一个登陆点(landfall: true)",
    },
    "scenario.typhoon_force_no_radius": {
        "en": "the track gives no radius for force {forces}",
        "zh": "台风路径没有给出 {forces} 级风圈半径",
    },
    "scenario.typhoon_unknown_channel": {
        "en": "unknown channel '{ref}' (declare it under command.channels)",
        "zh": "未定义的通信渠道 '{ref}'(请在 command.channels 中声明)",
    },
    # the typhoon's log rows in words (simulator.metrics.typhoon)
    "typhoon.wind_onset": {"en": "winds of force {force} reach {place}", "zh": "{force}级风圈影响{place}"},
    "typhoon.wind_passed": {"en": "winds of force {force} leave {place}", "zh": "{force}级风圈移出{place}"},
    "typhoon.landfall": {"en": "{name} makes landfall near {place} ({category})", "zh": "{name}在{place}附近登陆({category})"},
    "typhoon.signal": {"en": "{unit} issues the typhoon signal ({level})", "zh": "{unit}发布台风{level}信号"},
    "typhoon.hazard_wind": {"en": "the hazard reaches {place} (strong winds)", "zh": "灾害影响到达{place}(大风)"},
    "typhoon.hazard_surge": {"en": "the hazard reaches {place} (storm surge)", "zh": "灾害影响到达{place}(风暴潮)"},
    "typhoon.surge_flooded": {"en": "storm surge floods {place} ({depth} m deep)", "zh": "风暴潮淹没{place}(水深 {depth} 米)"},
    "typhoon.surge_receded": {"en": "the surge water recedes", "zh": "风暴潮积水退去"},
    "typhoon.channel_down": {"en": "{channel} fails for {units}", "zh": "{units}的{channel}中断"},
    "typhoon.channel_up": {"en": "{channel} restored for {units}", "zh": "{units}的{channel}恢复"},
    "typhoon.everywhere": {"en": "every unit", "zh": "所有单位"},
    "typhoon.column.minute": {"en": "minute", "zh": "时间(分钟)"},
    "typhoon.column.event": {"en": "event", "zh": "事件"},
    "category.TD": {"en": "tropical depression", "zh": "热带低压"},
    "category.TS": {"en": "tropical storm", "zh": "热带风暴"},
    "category.STS": {"en": "severe tropical storm", "zh": "强热带风暴"},
    "category.TY": {"en": "typhoon", "zh": "台风"},
    "category.STY": {"en": "severe typhoon", "zh": "强台风"},
    "category.SuperTY": {"en": "super typhoon", "zh": "超强台风"},
}
