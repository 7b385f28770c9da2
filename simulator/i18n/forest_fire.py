"""zh/en messages of the forest-fire section 森林火灾: scenario errors and the words of its log rows."""

from __future__ import annotations

FOREST_FIRE_MESSAGES: dict[str, dict[str, str]] = {
    "scenario.forest_fire_wind_start": {
        "en": "the first wind is the wind at minute 0 (minute: 0)",
        "zh": "第一条风况须从第0分钟起(minute: 0)",
    },
    "scenario.forest_fire_wind_order": {
        "en": "the wind's minutes must increase ({t0} then {t1})",
        "zh": "风况的时间(minute)必须递增(先 {t0} 后 {t1})",
    },
    "scenario.forest_fire_warnings_by": {
        "en": "fire warnings need the unit that issues them (warnings_by)",
        "zh": "火情预警须指明发布单位(warnings_by)",
    },
    "scenario.forest_fire_not_a_cell": {
        "en": "'{ref}' is not a cell of the fire (list it under forest_fire.cells)",
        "zh": "'{ref}' 不是火场蔓延单元(请在 forest_fire.cells 中列出)",
    },
    "scenario.forest_fire_cell_twice": {
        "en": "the cell '{ref}' is listed twice",
        "zh": "蔓延单元 '{ref}' 重复列出",
    },
    "scenario.forest_fire_link_loop": {
        "en": "a link joins '{ref}' to itself",
        "zh": "蔓延路径的两端都是 '{ref}'",
    },
    "scenario.forest_fire_link_no_length": {
        "en": "the link '{source}' - '{target}' has no length: its places share their coordinates; give distance_m",
        "zh": "蔓延路径 '{source}' - '{target}' 长度为零(两地坐标相同):请填写 distance_m",
    },
    "scenario.forest_fire_link_too_steep": {
        "en": "the link '{source}' - '{target}' rises at {degrees} degrees, steeper than {limit}: check the cells' elevation_m or give its distance_m",
        "zh": "蔓延路径 '{source}' - '{target}' 坡度 {degrees} 度,超过 {limit} 度:请检查单元的 elevation_m 或填写 distance_m",
    },
    # the fire's log rows in words (simulator.metrics.forest_fire)
    "forest_fire.ignited": {"en": "{name} breaks out at {place}", "zh": "{place}发生{name}"},
    "forest_fire.front": {"en": "the fire front reaches {place} from {source}", "zh": "火线从{source}蔓延至{place}"},
    "forest_fire.rate": {
        "en": "spread {source} → {place}: {rate} m/min ({why})",
        "zh": "{source}→{place} 蔓延速度 {rate} 米/分钟({why})",
    },
    "forest_fire.why.burning": {"en": "front moving", "zh": "火线推进"},
    "forest_fire.why.wind": {"en": "wind changed", "zh": "风况变化"},
    "forest_fire.why.suppressed": {"en": "teams on the fire line", "zh": "队伍扑打火线"},
    "forest_fire.why.held": {"en": "front held", "zh": "火线被控制"},
    "forest_fire.why.out": {"en": "fire out", "zh": "明火扑灭"},
    "forest_fire.wind": {"en": "wind {speed} m/s towards {bearing}°", "zh": "风速 {speed} 米/秒,吹向 {bearing}°"},
    "forest_fire.held": {"en": "the front is held at {place} ({teams} teams)", "zh": "{place}火线被控制({teams}支队伍)"},
    "forest_fire.out": {"en": "the fire at {place} is out", "zh": "{place}明火扑灭"},
    "forest_fire.warning": {"en": "{unit} warns {place} of the fire: {level}", "zh": "{unit}对{place}发布森林火险{level}"},
    "forest_fire.hazard": {"en": "the fire reaches {place}, where people live", "zh": "火线抵达居民点{place}"},
    "forest_fire.column.minute": {"en": "minute", "zh": "时间(分钟)"},
    "forest_fire.column.event": {"en": "event", "zh": "事件"},
}
