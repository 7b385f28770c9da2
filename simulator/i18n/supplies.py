"""zh/en messages of supply logistics: scenario errors and figure texts."""

from __future__ import annotations

SUPPLY_MESSAGES: dict[str, dict[str, str]] = {
    "scenario.reorder_bounds": {"en": "S ({S}) must be greater than s ({s})", "zh": "订货上限 S({S})必须大于订货点 s({s})"},
    "scenario.shelter_cover": {
        "en": "shelter_reorder_hours must be below shelter_cover_hours",
        "zh": "shelter_reorder_hours 必须小于 shelter_cover_hours",
    },
    "scenario.reorder_from_itself": {"en": "depot '{ref}' cannot reorder from itself", "zh": "储备库 '{ref}' 不能向自身补货"},
    "scenario.reorder_cycle": {
        "en": "depots reorder '{item}' from each other in a circle ({path}): stock would go round and round",
        "zh": "储备库之间循环补货 '{item}'({path}):物资会来回调运",
    },
    "scenario.unknown_depot": {"en": "unknown depot '{ref}'", "zh": "未定义的储备库 '{ref}'"},
    "scenario.production_needs_capacity": {
        "en": "only a depot of kind 'capacity' has production",
        "zh": "只有 kind 为 'capacity'(产能储备)的储备库才能设置 production",
    },
    "scenario.capacity_needs_production": {
        "en": "a depot of kind 'capacity' needs a production entry",
        "zh": "kind 为 'capacity'(产能储备)的储备库需要设置 production",
    },
    "fig.stock_by_tier": {"en": "Stock by tier over time", "zh": "各级储备库存随时间变化"},
    "fig.stock_on_hand": {"en": "stock on hand", "zh": "库存量"},
    "fig.deliveries": {"en": "Deliveries from depots to sites", "zh": "物资调运流向(储备库→需求点)"},
    "fig.suppliers": {"en": "suppliers and production", "zh": "供应商与企业生产"},
    "fig.unmet_demand": {"en": "Unmet demand over time", "zh": "未满足需求随时间变化"},
    "fig.unmet_cumulative": {"en": "cumulative unmet quantity", "zh": "累计未满足数量"},
    "fig.choose_item": {"en": "item", "zh": "物资"},
}
