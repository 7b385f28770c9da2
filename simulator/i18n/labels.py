"""Bilingual labels of the controlled vocabularies (levels, hazards, teams ...)."""

from __future__ import annotations


def _pairs(prefix: str, table: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    return {f"{prefix}.{k}": {"en": en, "zh": zh} for k, (en, zh) in table.items()}


LABELS: dict[str, dict[str, str]] = {
    # columns of the report's censored tables (simulator.metrics.censoring)
    **_pairs(
        "report.cmd",
        {
            "censored": ("on the way at the end, within limit", "结束时仍在报送(未超时)"),
            "completed": ("completed by the end", "结束前完成比例"),
        },
    ),
    **_pairs(
        "level",
        {
            "grid": ("grid", "网格"),
            "village": ("village / community", "村/社区"),
            "township": ("township / street", "乡镇/街道"),
            "district": ("district / county", "区县"),
            "city": ("city", "市"),
        },
    ),
    **_pairs(
        "response",
        {
            "I": ("Level I (especially major)", "I级(特别重大)"),
            "II": ("Level II (major)", "II级(重大)"),
            "III": ("Level III (large)", "III级(较大)"),
            "IV": ("Level IV (general)", "IV级(一般)"),
        },
    ),
    **_pairs(
        "hazard",
        {
            "flood": ("flood and drought", "防汛抗旱"),
            "ecological": ("ecological environment", "生态环境"),
            "social_security": ("social security", "社会安全"),
            "industrial": ("industrial safety", "工业安全"),
            "forest_fire": ("forest fire", "森林防火"),
            "geological": ("geological disaster", "地质灾害"),
            "transport": ("transport", "交通运输"),
            "public_health": ("public health", "公共卫生"),
            "food_drug": ("food and drug", "食品药品"),
            "fire": ("fire safety", "消防安全"),
            "work_safety": ("work safety", "安全生产"),
            "earthquake": ("earthquake", "抗震救灾"),
        },
    ),
    **_pairs(
        "team_type",
        {
            "comprehensive": ("comprehensive rescue", "综合性救援队伍"),
            "government_fire": ("government full-time fire", "政府专职消防队"),
            "professional": ("professional", "专业救援队伍"),
            "shock": ("shock / assault", "突击队"),
            "social": ("registered social", "社会救援力量"),
            "enterprise": ("enterprise part-time", "企业兼职队伍"),
            "militia": ("militia", "民兵"),
            "aviation": ("aviation", "航空救援"),
            "medical": ("medical rescue", "医疗救援队"),
            "volunteer": ("volunteers", "志愿者队伍"),
            "army": ("PLA support", "解放军支援力量"),
            "armed_police": ("armed police", "武警部队"),
        },
    ),
    **_pairs(
        "message",
        {
            "initial": ("initial report (phone)", "初报(电话)"),
            "written": ("written report", "书面报告"),
            "follow_up": ("follow-up report", "续报"),
            "final": ("final report", "终报"),
            "support_request": ("request for support", "请求支援"),
            "order": ("order", "指令"),
            "warning": ("warning call", "预警叫应"),
            "ack": ("answer", "应答"),
            "roll_call": ("roll call", "点名"),
            "approval": ("approval request", "审批请求"),
            "public_call": ("call from the public", "群众来电"),
        },
    ),
    **_pairs(
        "warning_level",
        {
            "blue": ("blue warning", "蓝色预警"),
            "yellow": ("yellow warning", "黄色预警"),
            "orange": ("orange warning", "橙色预警"),
            "red": ("red warning", "红色预警"),
        },
    ),
    **_pairs(
        "step",
        {
            "screening_monitoring": ("screening & monitoring", "排查监测"),
            "analysis_warning": ("analysis & warning", "研判预警"),
            "information_receipt": ("information receipt", "信息接报"),
            "force_mobilisation": ("force mobilisation", "力量调动"),
            "command_post": ("on-site command post", "现场指挥部建设"),
            "onsite_handling": ("on-site handling", "现场处置"),
            "investigation_assessment": ("investigation & assessment", "调查评估"),
            "relief": ("disaster relief", "救灾工作"),
        },
    ),
    **_pairs(
        "capability",
        {
            "water_rescue": ("water rescue", "水域救援"),
            "pumping": ("pumping / drainage", "排涝"),
            "collapse": ("collapse rescue", "坍塌救援"),
            "hazmat": ("hazardous materials", "危化品处置"),
            "medical": ("medical", "医疗救护"),
            "fire": ("firefighting", "灭火"),
            "geological": ("geological", "地质灾害处置"),
            "evacuation": ("evacuation", "转移疏散"),
            "traffic": ("traffic control", "交通管制"),
            "power": ("power repair", "电力抢修"),
        },
    ),
    **_pairs(
        "kpi",
        {
            "incidents_total": ("incidents", "事件总数"),
            "incidents_unmet": ("incidents with unmet needs", "需求未满足的事件"),
            "report_latency_mean": ("mean report latency (min)", "平均上报用时(分钟)"),
            "report_latency_p90": ("90th percentile report latency (min)", "上报用时90分位(分钟)"),
            "report_latency_completed_share": ("share of incidents reported to the commanding unit", "已报达指挥单位的事件比例"),
            "first_arrival_mean": ("mean call-to-first-arrival (min)", "平均首支队伍到达用时(分钟)"),
            "first_arrival_p90": ("90th percentile call-to-first-arrival (min)", "首支队伍到达用时90分位(分钟)"),
            "first_arrival_completed_share": ("share of incidents reached by a team", "已有队伍到达的事件比例"),
            "share_arrival_within_target": ("share reached within the scenario's target time", "在场景目标时间内到达比例"),
            "share_arrival_within_30": ("share reached within 30 min", "30分钟内到达比例"),
            "team_utilisation_mean": ("mean team utilisation", "队伍平均利用率"),
            "supply_fill_rate": ("supply fill rate", "物资满足率"),
            "incident_duration_mean": ("mean incident duration (min)", "事件平均持续时间(分钟)"),
            "incident_duration_completed_share": ("share of incidents closed", "已结束的事件比例"),
            "report_within_limit_share": ("share of reports within time limits", "按时报送比例"),
            "order_latency_mean": ("mean order latency (min)", "指令平均下达用时(分钟)"),
            "order_latency_completed_share": ("share of orders delivered to their team", "已送达队伍的指令比例"),
            "queue_wait_mean": ("mean message wait at desks (min)", "信息在值班席位平均等待(分钟)"),
            "queue_wait_completed_share": ("share of messages taken up at desks", "已开始处理的信息比例"),
            "calls_unanswered": ("calls left unanswered", "未应答的叫应/点名"),
            "order_conflicts": ("conflicting orders", "指令冲突次数"),
            "people_rescued_alive": ("people rescued alive", "成功救出生还人数"),
            "rescued_alive_share": ("share of trapped people rescued alive", "被困人员生还比例"),
            "unmet_demand_hours": ("team-hours of needs left waiting", "待派队伍需求累计(队·小时)"),
            "escalations": ("requests passed to a higher level", "逐级请求支援次数"),
            "mutual_aid_moves": ("mutual aid between districts", "区县间相互支援次数"),
            "supply_first_delivery_mean": ("mean request-to-first-delivery per site (min)", "各需求点从申请到首批物资送达平均用时(分钟)"),
            "supply_first_delivery_completed_share": ("share of sites that got supplies", "已收到物资的需求点比例"),
            "unmet_person_days": ("person-days without water or food", "缺水或缺食的人·天"),
            "supply_stockouts": ("stockouts (depots and shelters)", "断货次数(储备库与安置点)"),
            "truck_utilisation_mean": ("mean truck utilisation", "车辆平均利用率"),
            "evacuation_sheltered_before_hazard_share": ("share of people at risk sheltered before the hazard arrived", "灾害到达前受威胁人员安置比例"),
            "shelter_occupancy_peak_share": ("fullest shelter's peak share of capacity", "安置点最高占用率"),
            "shelter_overflow_people": ("people sent on from full shelters", "安置点满员转往他处人数"),
            "people_turned_away": ("people who found no shelter with room", "未找到有空位安置点的人数"),
        },
    ),
    **_pairs(
        "item_kind",
        {
            "water": ("drinking water", "饮用水"),
            "food": ("food", "食品"),
            "medical": ("medical", "医疗用品"),
            "rescue": ("rescue equipment", "抢险救援物资"),
            "shelter": ("shelter and bedding", "帐篷与被褥"),
            "other": ("other", "其他"),
        },
    ),
    **_pairs(
        "depot_kind",
        {
            "government": ("government reserve", "政府储备"),
            "agreement": ("enterprise agreement reserve", "企业协议储备"),
            "capacity": ("enterprise production-capacity reserve", "企业产能储备"),
        },
    ),
    **_pairs(
        "supply_policy",
        {
            "tier_nearest": ("tier by tier, nearest first", "逐级就近调拨"),
            "centralised": ("centralised management, unified allocation", "集中管理、统一调拨"),
            "hybrid": ("local release, city-wide allocation beyond", "基层就近发放、其余统一调拨"),
        },
    ),
    **_pairs(
        "rationing",
        {
            "priority": ("by priority", "按优先级"),
            "proportional": ("proportional shares", "按比例分配"),
        },
    ),
    # figure words of issue 21 (units in hovers, the objective's line, unmet supplies)
    **_pairs(
        "fig",
        {
            "unit_min": ("min", "分钟"),
            "target_line": ("target {minutes:g} min", "目标 {minutes:g} 分钟"),
            "not_reached": ("{count} not reached by the end (not shown)", "{count} 起至结束仍未到达(未计入)"),
            "unmet_outstanding": ("still unmet", "尚未满足数量"),
            "unmet_quantity": ("quantity (in the item's unit)", "数量(按该物资的计量单位)"),
            "message_hop": ("{message}: {sender} → {receiver}", "{message}:{sender} → {receiver}"),
            "message_desk": ("{message} at {unit}'s desk", "{message}:{unit}办理中"),
        },
    ),
}
