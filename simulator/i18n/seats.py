"""zh/en messages of players' seats: the seat page, the facilitator's seat panel, inbox lines and refusals."""

from __future__ import annotations

SEAT_MESSAGES: dict[str, dict[str, str]] = {
    # scenario checks
    "scenario.unknown_target": {
        "en": "unknown target '{ref}': an inject is addressed to a seat or a command unit",
        "zh": "未定义的注入对象 '{ref}':注入应发给某个席位或指挥单位",
    },
    # who took a decision (the log, the feed, the export)
    "actor.seat": {"en": "{seat} (seat)", "zh": "{seat}(席位)"},
    # refusals of a seat's decision (simulator.drill.seats); ids become names in refusal_text
    "decision.seat_unknown": {"en": "there is no seat '{seat}' in this drill", "zh": "本次演练没有席位 '{seat}'"},
    "decision.seat_action": {"en": "{seat} may not take this decision: {decision}", "zh": "{seat}无权作出此项决策:{decision}"},
    "decision.seat_team": {"en": "{team} is not under the authority of {seat}", "zh": "{team}不归{seat}调派"},
    "decision.seat_area": {"en": "{place} is outside the area of {seat}", "zh": "{place}不在{seat}的辖区内"},
    "decision.seat_unit": {"en": "{unit} is not a unit of {seat}", "zh": "{unit}不是{seat}所属的指挥单位"},
    # a decision's status on its way from the seat to the drill
    "seat.status.pending": {"en": "waiting for the next step", "zh": "等待下一步推进"},
    "seat.status.held": {"en": "held by the facilitator", "zh": "导调人员暂缓执行"},
    "seat.status.played": {"en": "played", "zh": "已执行"},
    "seat.status.withdrawn": {"en": "withdrawn", "zh": "已撤回"},
    "seat.gone": {
        "en": "A seat's decision was withdrawn or held while the drill moved ({path}); nothing was played. Step again.",
        "zh": "推进时有席位决策被撤回或暂缓({path}),本次未执行任何操作,请再推进一次。",
    },
    # names of things for a reader (simulator.drill.names)
    "names.incident": {"en": "{name} #{n} · {place}", "zh": "{name} 第{n}起 · {place}"},
    "names.decision": {"en": "{action}: {what}", "zh": "{action}:{what}"},
    "names.incident_inject": {"en": "{hazard} · {place}", "zh": "{hazard} · {place}"},
    # a seat's inbox (simulator.drill.inbox)
    "inbox.message": {"en": "{message} reaches {unit}", "zh": "{unit}收到{message}"},
    "inbox.message_about": {"en": "{message} reaches {unit}: {incident}", "zh": "{unit}收到{message}:{incident}"},
    "inbox.warning_called": {"en": "{level}: {caller} calls {unit}, answer needed", "zh": "{level}:{caller}叫应{unit},须应答"},
    "inbox.warning_unanswered": {"en": "{unit} did not answer the {level} warning call from {caller}", "zh": "{unit}未应答{caller}的{level}叫应"},
    "inbox.roll_call_missed": {"en": "{unit} missed the roll call", "zh": "{unit}未按时应答点名"},
    "inbox.command_assumed": {"en": "{unit} takes command of {incident} ({level})", "zh": "{unit}指挥处置{incident}({level})"},
    "inbox.command_transferred": {"en": "Command of {incident} passes to {unit} ({level})", "zh": "{incident}的指挥权移交{unit}({level})"},
    "inbox.order_received": {"en": "{team} received the order for {incident} (from {unit})", "zh": "{team}已收到{unit}关于{incident}的指令"},
    "inbox.military_requested": {"en": "Army support asked: {team} for {incident}, for approval by {unit}", "zh": "已申请部队支援:{team}前往{incident},待{unit}审批"},
    "inbox.military_approved": {"en": "Army support approved by {unit}: {team} for {incident}", "zh": "{unit}已批准部队支援:{team}前往{incident}"},
    "inbox.supply_short": {"en": "{incident} is short of {items}", "zh": "{incident}物资短缺:{items}"},
}
