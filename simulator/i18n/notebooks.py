"""zh/en texts the notebooks print (their tables and figures have their own)."""

from __future__ import annotations

NOTEBOOK_MESSAGES: dict[str, dict[str, str]] = {
    "notebook.scenario_size": {
        "en": "{places} places, {units} command units, {teams} teams",
        "zh": "{places} 个地点,{units} 个指挥单位,{teams} 支队伍",
    },
    "notebook.events_in": {"en": "{events} events in {seconds} s", "zh": "{events} 个事件,用时 {seconds} 秒"},
}
