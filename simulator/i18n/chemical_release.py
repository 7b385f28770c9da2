"""zh/en messages of the chemical release section 危化品泄漏: scenario errors, its log rows in words, its KPIs."""

from __future__ import annotations

CHEMICAL_RELEASE_MESSAGES: dict[str, dict[str, str]] = {
    "scenario.chemical_isolation_beyond": {
        "en": "the isolation distance ({isolation} m) exceeds a protective action distance",
        "zh": "初始隔离距离({isolation} 米)大于防护行动距离",
    },
    "scenario.chemical_spill_class": {
        "en": "no distances given for the {spill} spill (classes)",
        "zh": "classes 中没有给出泄漏规模 {spill} 的距离",
    },
    "scenario.chemical_no_hazmat": {
        "en": "the release needs a hazmat team to be contained (a need with capability: hazmat)",
        "zh": "泄漏须由危化品处置队伍控制(needs 中须有 capability: hazmat 的需求)",
    },
    # the release's log rows in words (simulator.metrics.chemical_release)
    "chemical.started": {
        "en": "{material} leaks at {place} ({spill} spill, {time}); isolation radius {radius} m",
        "zh": "{place}发生{material}泄漏({spill},{time}),初始隔离半径 {radius} 米",
    },
    "chemical.reached": {"en": "the hazard zone reaches {place} ({distance} m from the release)", "zh": "危险区域扩展到{place}(距泄漏点 {distance} 米)"},
    "chemical.road_closed": {"en": "road {a} - {b} closed (hazard zone)", "zh": "{a}至{b}道路因危险区域封闭"},
    "chemical.road_opened": {"en": "road {a} - {b} reopened", "zh": "{a}至{b}道路恢复通行"},
    "chemical.contained": {"en": "the leak is contained; the zone holds at {radius} m while the air is monitored", "zh": "泄漏得到控制,危险区域保持 {radius} 米并开展环境监测"},
    "chemical.lifted": {"en": "the hazard zone is lifted", "zh": "危险区域解除"},
    # "3 poisoned", "1 poisoned": one wording for one person and for many
    "chemical.exposed": {"en": "{people} poisoned at {place} (sheltering indoors no longer protects)", "zh": "{place}有 {people} 人中毒(就地避险已不能防护)"},
    "chemical.spill.small": {"en": "small", "zh": "小量泄漏"},
    "chemical.spill.large": {"en": "large", "zh": "大量泄漏"},
    "chemical.time.day": {"en": "by day", "zh": "白天"},
    "chemical.time.night": {"en": "at night", "zh": "夜间"},
    "chemical.column.minute": {"en": "minute", "zh": "时间(分钟)"},
    "chemical.column.event": {"en": "event", "zh": "事件"},
    # KPIs (simulator.metrics.chemical_release)
    "kpi.release_contained_minutes": {"en": "release start to containment (min)", "zh": "泄漏至控制用时(分钟)"},
    "kpi.release_contained_share": {"en": "share of releases contained by the end", "zh": "演练结束前泄漏得到控制的比例"},
    "kpi.people_poisoned": {"en": "people poisoned by the release", "zh": "泄漏致中毒人数"},
}
