"""Messages of a plan comparison's one-page answer, its terminal table and its units."""

from __future__ import annotations

COMPARISON_ANSWER_MESSAGES: dict[str, dict[str, str]] = {
    # units (simulator/report/kpi_units.py)
    "unit.minutes": {"en": "{value} min", "zh": "{value} 分钟"},
    "unit.hours": {"en": "{value} h", "zh": "{value} 小时"},
    "unit.person_days": {"en": "{value} person-days", "zh": "{value} 人·天"},
    "unit.points": {"en": "{value} points", "zh": "{value} 个百分点"},
    # the one-page answer (simulator/report/comparison_answer.py)
    "answer.title": {"en": "The answer", "zh": "结论"},
    "answer.lead": {
        "en": "{plans} plans, {replications} replications each on the same seeds; each plan against {reference} (the reference), with {confidence} confidence intervals. Only significant differences are named.",
        "zh": "{plans} 个方案,各以相同随机种子重复运行 {replications} 次;各方案与参照方案{reference}逐次配对比较,给出 {confidence} 置信区间。只列出显著的差异。",
    },
    "answer.lead_single": {
        "en": "One plan, {replications} replications: nothing to compare it with.",
        "zh": "只有一个方案,重复运行 {replications} 次:没有可比较的方案。",
    },
    "answer.objectives": {"en": "Objectives: how often each plan meets them", "zh": "演练目标:各方案的达成率"},
    "answer.col.objective": {"en": "Objective", "zh": "目标"},
    "answer.col.target": {"en": "Target", "zh": "要求"},
    "answer.rate": {"en": "{rate} [{low}, {high}] {met}/{judged}", "zh": "{rate} [{low}, {high}] {met}/{judged}"},
    "answer.met": {"en": "met", "zh": "达成率"},
    "answer.rate_none": {"en": "not judged (no value)", "zh": "无法判定(无数值)"},
    "answer.unjudged": {"en": "{count} not judged", "zh": "{count} 次无法判定"},
    "answer.rate_note": {
        "en": "Met rate: the share of runs meeting the objective among the runs that have a value of its KPI, with its {confidence} Wilson interval (suited to a proportion of few runs; it stays within 0-100%). A run without a value, or that failed, is not judged.",
        "zh": "达成率:在该指标有数值的运行中达成目标的比例,附 {confidence} Wilson 置信区间(适用于运行次数不多时的比例,区间不超出 0-100%)。无数值或运行失败的不作判定。",
    },
    "answer.objective_same": {"en": "no significant difference between the plans", "zh": "各方案之间无显著差异"},
    "answer.none_worse": {"en": "No objective gets worse under any plan.", "zh": "没有任何方案使演练目标变差。"},
    "answer.worse": {"en": "Gets worse: {items}.", "zh": "变差:{items}。"},
    "answer.also_worse": {"en": "Among the other KPIs, worse: {items}.", "zh": "其他指标中变差的:{items}。"},
    "answer.worse_item": {"en": "{what} under {plan}", "zh": "{plan}下的{what}"},
    "answer.nothing_worse": {"en": "No KPI gets worse under any plan.", "zh": "没有任何方案使指标变差。"},
    "answer.no_objectives": {
        "en": "The scenario sets no objectives; the KPIs that differ significantly:",
        "zh": "场景未设演练目标;以下为存在显著差异的指标:",
    },
    "answer.others": {"en": "Other significant differences", "zh": "其他显著差异"},
    "answer.none_significant": {"en": "No KPI differs significantly between the plans.", "zh": "各方案之间没有显著差异的指标。"},
    "answer.identical": {"en": "Identical under every plan: {kpis}.", "zh": "各方案完全相同:{kpis}。"},
    "answer.no_data": {"en": "No data under any plan: {kpis}.", "zh": "各方案均无数据:{kpis}。"},
    "answer.tag.better": {"en": " (better)", "zh": "(更优)"},
    "answer.tag.worse": {"en": " (worse)", "zh": "(更差)"},
    # a difference in plain words; {low}, {high}: the interval of the amount ("by 13 min [11, 16]")
    "answer.cut.minutes": {
        "en": "{plan} cuts {kpi} by {amount} [{low}, {high}] ({before} to {after})",
        "zh": "{plan}使{kpi}缩短 {amount} [{low}, {high}]({before} → {after})",
    },
    "answer.raise.minutes": {
        "en": "{plan} lengthens {kpi} by {amount} [{low}, {high}] ({before} to {after})",
        "zh": "{plan}使{kpi}延长 {amount} [{low}, {high}]({before} → {after})",
    },
    "answer.cut.count": {
        "en": "{plan} cuts {kpi} by {amount} [{low}, {high}] ({before} to {after} per run)",
        "zh": "{plan}使{kpi}减少 {amount} [{low}, {high}](每次运行 {before} → {after})",
    },
    "answer.raise.count": {
        "en": "{plan} raises {kpi} by {amount} [{low}, {high}] ({before} to {after} per run)",
        "zh": "{plan}使{kpi}增加 {amount} [{low}, {high}](每次运行 {before} → {after})",
    },
    "answer.cut.amount": {
        "en": "{plan} cuts {kpi} by {amount} [{low}, {high}] ({before} to {after})",
        "zh": "{plan}使{kpi}减少 {amount} [{low}, {high}]({before} → {after})",
    },
    "answer.raise.amount": {
        "en": "{plan} raises {kpi} by {amount} [{low}, {high}] ({before} to {after})",
        "zh": "{plan}使{kpi}增加 {amount} [{low}, {high}]({before} → {after})",
    },
    "answer.cut.share": {
        "en": "{plan} lowers {kpi} from {before} to {after} ({amount} [{low}, {high}])",
        "zh": "{plan}使{kpi}从 {before} 降至 {after}({amount} [{low}, {high}])",
    },
    "answer.raise.share": {
        "en": "{plan} raises {kpi} from {before} to {after} ({amount} [{low}, {high}])",
        "zh": "{plan}使{kpi}从 {before} 提高到 {after}({amount} [{low}, {high}])",
    },
    # the terminal table (simulator/report/comparison_console.py)
    "cmptable.plans": {"en": "Plans:", "zh": "方案:"},
    "cmptable.reference": {"en": "(reference)", "zh": "(参照)"},
    "cmptable.kpi": {"en": "KPI", "zh": "指标"},
    "cmptable.legend": {
        "en": "Under each plan's mean: its paired difference from {reference} [{confidence} interval]; \"better\"/\"worse\" where it is significant.",
        "zh": "各方案均值下方为其与{reference}的配对差值 [{confidence} 置信区间];差异显著时标注“更优”/“更差”。",
    },
    "cmptable.verdict.better": {"en": "better", "zh": "更优"},
    "cmptable.verdict.worse": {"en": "worse", "zh": "更差"},
    "cmptable.verdict.higher": {"en": "higher", "zh": "更高"},
    "cmptable.verdict.lower": {"en": "lower", "zh": "更低"},
    # writing the report
    "cmp.progress": {"en": "writing the report", "zh": "正在生成报告"},
    "cmp.progress_unit": {"en": "part", "zh": "部分"},
    "cmp.detail": {"en": "Detail", "zh": "详细结果"},
    "cmp.figures_note": {
        "en": "For each KPI an objective judges or where a plan differs significantly: a box plot per plan, and for the objectives' KPIs the paired differences (the other intervals are in the table above); click a KPI to open it.",
        "zh": "对演练目标所用指标及存在显著差异的指标给出各方案的箱线图,演练目标所用指标另附配对差值图(其余区间见上表);点击指标展开。",
    },
    "cmp.not_plotted": {
        "en": "Not plotted (no significant difference; their numbers are in the tables above): {kpis}.",
        "zh": "未绘图(无显著差异,数值见上表):{kpis}。",
    },
}
