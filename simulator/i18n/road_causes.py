"""zh/en messages of a road's causes (simulator.models.road_causes): an ``open_road`` a hazard overrules, and its undo."""

from __future__ import annotations

ROAD_CAUSE_MESSAGES: dict[str, dict[str, str]] = {
    # the ``road_still_closed`` row in a seat's inbox: the inject reopened nothing
    "inbox.road_still_closed": {
        "en": "the road {a} – {b} stays closed: {causes} still holds it",
        "zh": "{a}至{b}道路仍未恢复通行:{causes}仍在阻断",
    },
    # who holds a road (the causes' words in simulator.models.road_causes)
    "road_cause.inject": {"en": "a facilitator's inject", "zh": "导调注入"},
    "road_cause.earthquake": {"en": "the earthquake", "zh": "地震"},
    "road_cause.chemical_release": {"en": "the chemical hazard zone", "zh": "危化品危险区域"},
    "road_cause.surge": {"en": "the storm surge", "zh": "风暴潮"},
    "decision.undo_road_still_closed": {
        "en": "inject '{inject}' left the road closed (a hazard still held it): it opened nothing to undo; to close the road, add a close_road inject",
        "zh": "注入 '{inject}' 未能使道路恢复通行(灾害仍在阻断),没有可撤销的效果;如需封闭道路,请添加道路中断注入",
    },
}
