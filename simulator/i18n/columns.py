"""Column and index headers of the tables notebooks show (simulator.report.frames.readable)."""

from __future__ import annotations

_COLUMNS = {
    # metrics.command: latency by level, hops, timeliness, unit load
    "count": ("count", "数量"),
    "mean": ("mean (min)", "平均(分钟)"),
    "p90": ("90th percentile (min)", "90分位(分钟)"),
    "completed_share": ("completed by the end", "结束前完成比例"),
    "transmission": ("transmission (min)", "传输(分钟)"),
    "wait": ("wait at the desk (min)", "排队等待(分钟)"),
    "handling": ("handling (min)", "处理(分钟)"),
    "met": ("on time", "按时"),
    "missed": ("late", "超时"),
    "censored": ("on the way at the end", "结束时仍在报送"),
    "share_met": ("share on time", "按时比例"),
    "level": ("level", "层级/级别"),
    "staff": ("duty staff", "值班人数"),
    "messages": ("messages", "消息数"),
    "wait_mean": ("mean wait (min)", "平均等待(分钟)"),
    "wait_max": ("longest wait (min)", "最长等待(分钟)"),
    "utilisation": ("desk utilisation", "席位利用率"),
    "unit": ("unit", "单位"),
    "message": ("message", "消息"),
    # the event log
    "time": ("minute", "分钟"),
    "kind": ("event", "事件类型"),
    "entity": ("who / what", "对象"),
    "location": ("place", "地点"),
    "incident": ("incident", "事件"),
    "team": ("team", "队伍"),
    "item": ("item", "物资"),
    "quantity": ("quantity", "数量"),
    "detail": ("detail", "详情"),
    # studies
    "plan": ("plan", "方案"),
    "seed": ("random seed", "随机种子"),
    "replication": ("replication", "重复次数序号"),
    "runtime_seconds": ("run time (s)", "运行时间(秒)"),
}

COLUMN_MESSAGES = {f"col.{k}": {"en": en, "zh": zh} for k, (en, zh) in _COLUMNS.items()}
