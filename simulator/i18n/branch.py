"""zh/en messages of what-if branches and of a recorded decision log applied as a policy (issue 15)."""

from __future__ import annotations


def _m(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh": zh}


BRANCH_MESSAGES: dict[str, dict[str, str]] = {
    # built-in alternatives (simulator.drill.alternatives)
    "branch.alt.recorded": _m("Decisions as recorded", "实际作出的决策"),
    "branch.alt.standard": _m("Standing procedure (automatic dispatch)", "标准程序(自动调派)"),
    # an alternative file's problems (rendered FILE:LINE: path: message)
    "scenario.branch_unknown_seq": _m(
        "the decision log has no decision {seq} (it has {count}, numbered from 0 as in the exported log)",
        "决策记录中没有第 {seq} 条决策(共 {count} 条,按导出记录从 0 编号)",
    ),
    "scenario.branch_seq_before": _m(
        "decision {seq} was taken at minute {time}, before the branch at minute {at}: branch earlier to change it",
        "第 {seq} 条决策作出于第 {time} 分钟,早于分支时刻第 {at} 分钟:如要修改,请在更早的时刻分支",
    ),
    "scenario.branch_time_before": _m("minute {time} is before the branch at minute {at}", "第 {time} 分钟早于分支时刻第 {at} 分钟"),
    "scenario.branch_when": _m(
        "say when: either time (the minute) or after (minutes after the branch), not both",
        "请给出时间:time(第几分钟)或 after(分支后几分钟)二者之一",
    ),
    "scenario.branch_unknown_action": _m("'{action}' is not a decision; one of: {known}", "'{action}' 不是一种决策;可选:{known}"),
    "scenario.branch_missing_argument": _m("this decision needs '{name}' in args", "该决策的 args 中需要 '{name}'"),
    "scenario.branch_edits_need_recorded": _m(
        "remove and change edit the recorded decisions: they need decisions: recorded",
        "remove 和 change 修改的是实际决策,需要 decisions: recorded",
    ),
    "scenario.branch_duplicate_id": _m("two alternatives have the id '{id}'", "两个备选方案的编号都是 '{id}'"),
    # KPIs a branch adds, and the decision counts in a results table
    "kpi.need_wait_mean": _m("mean wait of needs for a team (min)", "需求等待队伍的平均时间(分钟)"),
    "kpi.need_wait_completed_share": _m("share of needs given a team", "已派出队伍的需求比例"),
    "kpi.focus_need_wait": _m("wait of the need in question (min)", "所关注需求的等待时间(分钟)"),
    "kpi.decisions_played": _m("decisions of the log played", "执行的记录决策"),
    "kpi.decisions_refused": _m("decisions of the log refused", "被拒绝的记录决策"),
    "kpi.decisions_skipped": _m("decisions of the log skipped", "跳过的记录决策"),
    "kpi.decisions_unplayed": _m("decisions whose situation did not arise", "情境未出现的记录决策"),
    "kpi.procedure_dispatches": _m("dispatches by the standing procedure", "标准程序的调派"),
    # the comparison report (simulator.report.branch_report)
    "branch.title": _m("What if: a branch of the drill", "推演分支:如果当时……"),
    "branch.method": _m(
        "The record is replayed exactly up to minute {at}; from there each alternative continues over the same {futures} futures "
        "(fresh randomness after the branch, the same for every alternative: common random numbers). Differences are paired "
        "by future against the decisions as recorded, with {confidence} t intervals.",
        "记录被精确重放到第 {at} 分钟;此后各备选方案在相同的 {futures} 个未来中继续推演(分支后重新抽取随机数,"
        "各方案相同:公共随机数)。差值按同一未来与实际决策配对,给出 {confidence} 的 t 置信区间。",
    ),
    "branch.rule": _m(
        "In each future the room's decisions answer the situations they answered in the record, at the same delay: a dispatch "
        "the need it served, another decision its incident (by source and order) once reported, a recall the dispatch it undid, "
        "a decision about no incident the inject before it. What no longer applies is skipped and logged.",
        "在每个未来中,参演人员的决策回应其在记录中所回应的情境,延迟相同:调派回应其所满足的需求,其他决策回应其事件"
        "(按来源和序号)报告到达之时,召回回应其撤回的调派,与事件无关的决策回应其之前的注入。已不适用的决策被跳过并记入日志。",
    ),
    "branch.fallback_rule": _m(
        "Needs no decision of the room answers (new in a future, or whose decisions were skipped or refused) are decided by the "
        "standing procedure: the nearest free team the rules allow, after the room's median response delay. Its dispatches are "
        "counted apart. A need the room had and left unanswered stays unanswered.",
        "没有参演人员决策回应的需求(在某个未来中新出现,或其决策被跳过或拒绝)由标准程序处理:在参演人员响应延迟的中位数之后,"
        "派出规则允许的最近空闲队伍。其调派单独计数。参演人员当时未回应的需求仍不回应。",
    ),
    "branch.focus": _m("The need in question: {incident}, {capability}.", "所关注的需求:{incident},{capability}。"),
    "branch.setup": _m("Branch", "分支设置"),
    "branch.source": _m("Branched from", "分支来源"),
    "branch.source.drill": _m("drill {name} ({ref})", "演练 {name}({ref})"),
    "branch.source.run": _m("saved run {ref}", "已保存的运行 {ref}"),
    "branch.at": _m("Branch minute", "分支时刻"),
    "branch.end": _m("Runs end at", "推演结束于"),
    "branch.minute": _m("minute {minute}", "第 {minute} 分钟"),
    "branch.futures": _m("Futures per alternative", "每个方案的未来数"),
    "branch.alternatives": _m("Alternatives", "备选方案"),
    "branch.decisions": _m("Decisions in the futures (mean per run)", "各未来中的决策(每次运行平均)"),
    "branch.col.alternative": _m("Alternative", "备选方案"),
    "branch.col.does": _m("After the branch", "分支之后"),
    "branch.col.as_recorded": _m("As recorded", "实际记录"),
    "branch.col.why": _m("What happened", "结果"),
    "branch.col.count": _m("Count (all futures)", "次数(全部未来)"),
    "branch.col.future": _m("Future", "未来序号"),
    "branch.decisions.recorded": _m("the room's decisions", "参演人员的决策"),
    "branch.decisions.none": _m("none of the room's decisions", "不采用参演人员的决策"),
    "branch.policy.drill": _m("dispatch as in the record", "调派方式同记录"),
    "branch.policy.standard": _m("the scenario's automatic dispatch", "场景的自动调派"),
    "branch.policy.none": _m("no automatic dispatch", "不自动调派"),
    "branch.fallback.procedure": _m("unanswered needs: standing procedure after {minutes} min", "无人回应的需求:{minutes} 分钟后按标准程序"),
    "branch.edit.remove": _m("without decision {seq}", "去掉第 {seq} 条决策"),
    "branch.edit.change": _m("decision {seq} changed: {what}", "第 {seq} 条决策修改:{what}"),
    "branch.edit.at_minute": _m("at minute {minute}", "改在第 {minute} 分钟"),
    "branch.edit.earlier": _m("{minutes} min earlier", "提前 {minutes} 分钟"),
    "branch.edit.later": _m("{minutes} min later", "推迟 {minutes} 分钟"),
    "branch.edit.add": _m("added: {decision} at minute {minute}", "增加:第 {minute} 分钟 {decision}"),
    "branch.incident": _m("{source} #{n}", "{source} 第{n}起"),
    "branch.status.played": _m("played", "已执行"),
    "branch.status.refused": _m("refused", "被拒绝"),
    "branch.status.skipped": _m("skipped", "已跳过"),
    "branch.status.not_arisen": _m("its situation did not arise", "情境未出现"),
    "branch.status.too_late": _m("due after the end", "到期时推演已结束"),
    "branch.reason.incident_absent": _m("the incident did not occur", "该事件未发生"),
    "branch.reason.incident_closed": _m("the incident was closed", "该事件已结束"),
    "branch.reason.need_served": _m("the need was served already", "该需求已得到满足"),
    "branch.reason.team_elsewhere": _m("the team was not on that incident", "该队伍不在该事件现场"),
    "branch.reason.target_not_played": _m("the decision it corrects was not played", "所更正的决策未执行"),
    "branch.no_figures": _m("No KPI differs between the alternatives.", "各方案的指标没有差异。"),
    "branch.generated": _m("Generated by drillsim from the branch's results table.", "由 drillsim 根据分支推演结果表生成。"),
    # percentiles for the after-action report (simulator.experiments.branching.room_percentiles)
    "branch.pct.directed": _m(
        "{kpi}: the room did better than {own} of the futures under its own decisions ({own_n}) and than {standard} of the futures under the standing procedure ({standard_n}).",
        "{kpi}:参演人员的实际结果优于其自身决策下 {own} 的未来({own_n} 个),优于标准程序下 {standard} 的未来({standard_n} 个)。",
    ),
    "branch.pct.undirected": _m(
        "{kpi}: the room's value was above {own} of the futures under its own decisions ({own_n}) and {standard} of those under the standing procedure ({standard_n}).",
        "{kpi}:实际数值高于其自身决策下 {own} 的未来({own_n} 个),高于标准程序下 {standard} 的未来({standard_n} 个)。",
    ),
    "branch.pct.none": _m("{kpi}: no futures to compare with.", "{kpi}:没有可比较的未来。"),
    # the command line
    "cli.branch.running": _m(
        "Branching {title} at minute {at}: {count} alternatives over {futures} futures each ({executor})...",
        "在第 {at} 分钟对 {title} 进行分支推演:{count} 个方案,各 {futures} 个未来({executor})……",
    ),
    "cli.branch.not_found": _m("'{target}' is neither a run directory nor a drill in the store {store}", "'{target}' 既不是运行结果目录,也不是演练库 {store} 中的演练"),
    "cli.branch.bad_at": _m("--at {at}: the branch minute must be from 0 up to where the record ends (minute {end})", "--at {at}:分支时刻必须在 0 到记录结束(第 {end} 分钟)之间"),
    "cli.branch.bad_focus": _m("--focus {focus}: write INCIDENT:CAPABILITY, e.g. flood-001:pumping", "--focus {focus}:请写成 事件:能力,例如 flood-001:pumping"),
    "cli.branch.failures": _m("{count} of {total} runs failed; their causes are in {path}", "{total} 次运行中有 {count} 次失败,原因见 {path}"),
    "cli.exp.study_field.decisions": _m("the decision log (--decisions)", "决策记录(--decisions)"),
    "cli.exp.decisions_not_found": _m("--decisions {target}: no such CSV file, nor a drill with this id in the store", "--decisions {target}:没有这个 CSV 文件,演练库中也没有这个编号的演练"),
    "cli.exp.decisions_wrong_scenario": _m(
        "--decisions {target}: the decisions were taken on scenario '{recorded}', not '{wanted}'",
        "--decisions {target}:这些决策是在场景 '{recorded}' 上作出的,不是 '{wanted}'",
    ),
    "cli.exp.decisions_bad_csv": _m(
        "--decisions {target}: not a decision log (columns time, action, args; args as JSON): {detail}",
        "--decisions {target}:不是决策记录(需要 time、action、args 列,args 为 JSON):{detail}",
    ),
    "cli.exp.decisions_log": _m(
        "Decisions of {target}: {count}, each played by the situation it answered; {pace}. The plan: {path}",
        "{target} 的决策:{count} 条,各按其所回应的情境执行;{pace}。执行计划:{path}",
    ),
    "cli.exp.decisions_pace": _m("needs they do not answer: the standing procedure after {minutes} min (the room's median)", "未回应的需求:{minutes} 分钟(参演人员的中位数)后按标准程序"),
    "cli.exp.decisions_auto": _m("needs they do not answer: the automatic dispatcher", "未回应的需求:由自动调派处理"),
    # the console's what-if panel (simulator.ui.what_if)
    "ui.whatif.title": _m("What if ...", "如果当时……"),
    "ui.whatif.help": _m(
        "Choose a past drill and one of its decisions, say what would have been different, and compare the futures.",
        "选择一次演练及其中一条决策,设定不同的做法,比较各种可能的结果。",
    ),
    "ui.whatif.decision": _m("Decision", "决策"),
    "ui.whatif.change": _m("Instead", "改为"),
    "ui.whatif.minutes": _m("Minutes", "分钟"),
    "ui.whatif.futures": _m("Futures", "未来数"),
    "ui.whatif.run": _m("Compare futures", "比较结果"),
    "ui.whatif.report": _m("Download the comparison", "下载对比报告"),
    "ui.whatif.change.earlier": _m("taken earlier by", "提前"),
    "ui.whatif.change.later": _m("taken later by", "推迟"),
    "ui.whatif.change.removed": _m("not taken", "不作出"),
    "ui.whatif.change.standard": _m("standing procedure from then on", "此后按标准程序"),
    "ui.whatif.pick_drill": _m("Choose one drill in the list above first.", "请先在上方列表中选择一次演练。"),
    "ui.whatif.no_decisions": _m("This drill has no decision to change.", "该演练没有可修改的决策。"),
    "ui.whatif.running": _m("Running {futures} futures of each alternative ...", "正在推演每个方案的 {futures} 个未来……"),
    "ui.whatif.name": _m("{change}: {decision}", "{change}:{decision}"),
    "ui.whatif.name_minutes": _m("{change} {minutes} min: {decision}", "{change} {minutes} 分钟:{decision}"),
    "ui.whatif.summary": _m(
        "{alternative} against the decisions as recorded, over {futures} futures from minute {at}:",
        "从第 {at} 分钟起的 {futures} 个未来中,{alternative} 与实际决策相比:",
    ),
    "ui.whatif.sent": _m("The comparison was downloaded as {name}.", "对比报告已下载为 {name}。"),
    "ui.whatif.decision_at": _m("minute {minute} · {decision}", "第 {minute} 分钟 · {decision}"),
}
