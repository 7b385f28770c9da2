"""zh/en messages of the earthquake section 地震: scenario errors, the aftershock inject and the words of its log rows."""

from __future__ import annotations

EARTHQUAKE_MESSAGES: dict[str, dict[str, str]] = {
    "scenario.earthquake_curve_order": {
        "en": "the curve's intensities must not decrease ({points})",
        "zh": "曲线各点的烈度不能递减({points})",
    },
    "scenario.earthquake_nobody": {
        "en": "nobody lives at '{ref}': a collapse there traps nobody (give the place a population)",
        "zh": "'{ref}' 无人居住,房屋倒塌不会造成人员被困(请填写该地点的 population)",
    },
    "scenario.aftershock_xy": {
        "en": "give both x and y of the aftershock's epicentre, or neither",
        "zh": "余震震中须同时给出 x 和 y,或都不给",
    },
    "scenario.aftershock_without_earthquake": {
        "en": "an aftershock needs an earthquake: section (the main shock's attenuation and collapse rules)",
        "zh": "余震需要场景中有 earthquake: 部分(主震的烈度衰减与倒塌规则)",
    },
    "effect.aftershock": {"en": "Aftershock", "zh": "余震"},
    # the inject form's fields of an aftershock (simulator.ui.inject_forms)
    "inject.field.magnitude": {"en": "Magnitude", "zh": "震级"},
    "inject.field.x": {"en": "Epicentre east (km)", "zh": "震中东向坐标(公里)"},
    "inject.field.y": {"en": "Epicentre north (km)", "zh": "震中北向坐标(公里)"},
    # the earthquake's log rows in words (simulator.metrics.earthquake)
    "earthquake.main": {"en": "{name}: magnitude {magnitude} near {place}", "zh": "{name}:{place}附近发生{magnitude}级地震"},
    "earthquake.aftershock": {"en": "aftershock of magnitude {magnitude} near {place}", "zh": "{place}附近发生{magnitude}级余震"},
    "earthquake.collapse": {
        "en": "buildings collapse in {place} (intensity {degree}, {intensity}): {people} people trapped",
        "zh": "{place}房屋倒塌(烈度{degree}度,{intensity}),{people}人被困",
    },
    "earthquake.bridge_failed": {"en": "{bridge} fails: {a}–{b} cut", "zh": "{bridge}损毁,{a}至{b}中断"},
    "earthquake.road_closed": {"en": "the road {a}–{b} is cut by the earthquake", "zh": "{a}至{b}道路因地震中断"},
    "earthquake.road_slowed": {"en": "the road {a}–{b} is damaged: {factor} times slower", "zh": "{a}至{b}道路受损,通行时间增至{factor}倍"},
    "earthquake.road_repaired": {"en": "the road {a}–{b} is open again (emergency repair)", "zh": "{a}至{b}道路抢通"},
    "earthquake.column.minute": {"en": "minute", "zh": "时间(分钟)"},
    "earthquake.column.event": {"en": "event", "zh": "事件"},
}
