"""Controlled vocabularies of the scenario format.

Fixed lists catch typos at load time and give every term a bilingual label
(the labels live in the i18n catalogue under ``level.*``, ``hazard.*`` ...).
Sources: Zhengzhou's reply of 9 July 2021 (seed 002: the "1+12" HQs, reserve
sources), Nantong's 2023 reply on urban emergency capacity (seed 003: team
types), Chongqing's 2021 reply to proposal 0365 on public risk prevention
(seed 000: grids).
"""

from __future__ import annotations

from typing import Literal, get_args

# Command levels, lowest first: grid -> village/community -> township/street
# -> district/county -> city (Chongqing's 2021 reply to proposal 0365, seed 000:
# four levels of 综治中心 and 6.8万个网格 below them).
Level = Literal["grid", "village", "township", "district", "city"]
LEVELS: tuple[str, ...] = get_args(Level)


def level_rank(level: str) -> int:
    """0 for grid up to 4 for city."""
    return LEVELS.index(level)


# Chinese response levels, I highest (特别重大/重大/较大/一般).
ResponseLevel = Literal["I", "II", "III", "IV"]
RESPONSE_LEVELS: tuple[str, ...] = get_args(ResponseLevel)

# Hazard types: the domains of Zhengzhou's 12 specialised HQs.
Hazard = Literal[
    "flood",
    "ecological",
    "social_security",
    "industrial",
    "forest_fire",
    "geological",
    "transport",
    "public_health",
    "food_drug",
    "fire",
    "work_safety",
    "earthquake",
]
HAZARDS: tuple[str, ...] = get_args(Hazard)

# Team types (Nantong's 696 teams by type, plus militia and aviation).
TeamType = Literal[
    "comprehensive",
    "government_fire",
    "professional",
    "shock",
    "social",
    "enterprise",
    "militia",
    "aviation",
    "medical",
    "volunteer",
    "army",
    "armed_police",
]
TEAM_TYPES: tuple[str, ...] = get_args(TeamType)

Capability = Literal[
    "water_rescue",
    "pumping",
    "collapse",
    "hazmat",
    "medical",
    "fire",
    "geological",
    "evacuation",
    "traffic",
    "power",
]
CAPABILITIES: tuple[str, ...] = get_args(Capability)

# Messages that pass through command units (初报/书面报告/续报/终报, requests,
# orders, warnings and their answers, roll calls, approvals).
MessageType = Literal[
    "initial",
    "written",
    "follow_up",
    "final",
    "support_request",
    "order",
    "warning",
    "ack",
    "roll_call",
    "approval",
    "public_call",
]
MESSAGE_TYPES: tuple[str, ...] = get_args(MessageType)

# Warning colours of the Chinese four-colour scale, blue lowest.
WarningLevel = Literal["blue", "yellow", "orange", "red"]
WARNING_LEVELS: tuple[str, ...] = get_args(WarningLevel)

# The "3+8" mechanism (Chongqing 2022): the eight steps of every incident.
STEPS: tuple[str, ...] = (
    "screening_monitoring",
    "analysis_warning",
    "information_receipt",
    "force_mobilisation",
    "command_post",
    "onsite_handling",
    "investigation_assessment",
    "relief",
)

UnitKind = Literal["office", "general_hq", "specialised_hq"]
UNIT_KINDS: tuple[str, ...] = get_args(UnitKind)

# Supply logistics (Zhengzhou's reply of 9 July 2021, seed 002): what an item is for, who holds a reserve,
# how the bureau allocates and how it rations when short.
ItemKind = Literal["water", "food", "medical", "rescue", "shelter", "other"]
ITEM_KINDS: tuple[str, ...] = get_args(ItemKind)
DepotKind = Literal["government", "agreement", "capacity"]
DEPOT_KINDS: tuple[str, ...] = get_args(DepotKind)
SupplyPolicy = Literal["tier_nearest", "centralised", "hybrid"]
SUPPLY_POLICIES: tuple[str, ...] = get_args(SupplyPolicy)
Rationing = Literal["priority", "proportional"]
RATIONINGS: tuple[str, ...] = get_args(Rationing)
Shortfall = Literal["owed", "lost"]
SHORTFALLS: tuple[str, ...] = get_args(Shortfall)

# KPIs an objective may name; simulator.metrics computes each of them
# (a test keeps the two lists in step).
KpiName = Literal[
    "incidents_total",
    "incidents_unmet",
    "report_latency_mean",
    "report_latency_p90",
    "report_latency_completed_share",
    "first_arrival_mean",
    "first_arrival_p90",
    "first_arrival_completed_share",
    "share_arrival_within_target",
    "share_arrival_within_30",
    "team_utilisation_mean",
    "supply_fill_rate",
    "incident_duration_mean",
    "incident_duration_completed_share",
    "report_within_limit_share",
    "order_latency_mean",
    "order_latency_completed_share",
    "queue_wait_mean",
    "queue_wait_completed_share",
    "calls_unanswered",
    "order_conflicts",
    "people_rescued_alive",
    "rescued_alive_share",
    "unmet_demand_hours",
    "escalations",
    "mutual_aid_moves",
    "supply_first_delivery_mean",
    "supply_first_delivery_completed_share",
    "unmet_person_days",
    "supply_stockouts",
    "truck_utilisation_mean",
    # evacuation and shelters (simulator.metrics.people)
    "evacuation_sheltered_before_hazard_share",
    "shelter_occupancy_peak_share",
    "shelter_overflow_people",
    "people_turned_away",
    # public information (simulator.metrics.publicity)
    "public_release_mean",
    "public_release_completed_share",
    "public_release_within_target_share",
    "press_conference_within_target_share",
    "hotline_calls_awaiting_release",
    # contingency plans (simulator.metrics.plans)
    "plan_action_minutes_mean",
    "plan_actions_on_time_share",
    "plan_actions_completed_share",
    # a chemical release (simulator.metrics.chemical_release)
    "release_contained_minutes",
    "release_contained_share",
    "people_poisoned",
]
KPI_NAMES: tuple[str, ...] = get_args(KpiName)
