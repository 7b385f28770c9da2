"""The zh/en message catalogue: key -> {"en": ..., "zh": ...}.

Placeholders use ``str.format`` names. A test checks that both languages
exist for every key and use the same placeholders.
"""

from __future__ import annotations

from simulator.i18n.branch import BRANCH_MESSAGES
from simulator.i18n.chemical_release import CHEMICAL_RELEASE_MESSAGES
from simulator.i18n.columns import COLUMN_MESSAGES
from simulator.i18n.command import COMMAND_MESSAGES
from simulator.i18n.comparison_answer import COMPARISON_ANSWER_MESSAGES
from simulator.i18n.console import CONSOLE_MESSAGES
from simulator.i18n.drills import DRILL_MESSAGES
from simulator.i18n.earthquake import EARTHQUAKE_MESSAGES
from simulator.i18n.evaluation import EVALUATION_MESSAGES
from simulator.i18n.experiments import EXPERIMENT_MESSAGES
from simulator.i18n.geo import GEO_MESSAGES
from simulator.i18n.injects import INJECT_MESSAGES
from simulator.i18n.labels import LABELS
from simulator.i18n.notebooks import NOTEBOOK_MESSAGES
from simulator.i18n.publicity import PUBLICITY_MESSAGES
from simulator.i18n.people import PEOPLE_MESSAGES
from simulator.i18n.plans import PLAN_MESSAGES
from simulator.i18n.road_causes import ROAD_CAUSE_MESSAGES
from simulator.i18n.seats import SEAT_MESSAGES
from simulator.i18n.supplies import SUPPLY_MESSAGES
from simulator.i18n.team_rules import TEAM_RULE_MESSAGES
from simulator.i18n.typhoon import TYPHOON_MESSAGES
from simulator.i18n.forest_fire import FOREST_FIRE_MESSAGES

_SCENARIO = {
    # files and YAML
    "scenario.file_missing": {"en": "file not found", "zh": "找不到文件"},
    "scenario.file_is_directory": {"en": "is a directory, not a scenario file", "zh": "这是一个目录,不是场景文件"},
    "scenario.file_unreadable": {"en": "cannot read the file: {reason}", "zh": "无法读取文件:{reason}"},
    "scenario.not_utf8": {
        "en": "the file is not UTF-8 text (bad byte at offset {offset}); save it as UTF-8",
        "zh": "文件不是 UTF-8 文本(第 {offset} 字节处编码无效),请以 UTF-8 保存",
    },
    "scenario.empty_file": {"en": "the file is empty", "zh": "文件为空"},
    "scenario.yaml_syntax": {"en": "YAML syntax error: {detail}", "zh": "YAML 语法错误:{detail}"},
    # PyYAML's common syntax errors in words (simulator/scenario/yaml_messages.py)
    "scenario.yaml_tab": {
        "en": "YAML syntax error: a tab character; indent with spaces only",
        "zh": "YAML 语法错误:出现制表符(Tab);缩进只能用空格",
    },
    "scenario.yaml_unclosed_bracket": {
        "en": "YAML syntax error: the '{open}' opened on line {opened} is not closed with '{close}' (or a ',' is missing between items)",
        "zh": "YAML 语法错误:第 {opened} 行的 '{open}' 没有用 '{close}' 闭合(或各项之间缺少 ',')",
    },
    "scenario.yaml_unclosed_quote": {
        "en": "YAML syntax error: the quote opened on line {opened} is never closed",
        "zh": "YAML 语法错误:第 {opened} 行开始的引号没有闭合",
    },
    "scenario.yaml_colon": {
        "en": "YAML syntax error: a ':' here is not allowed; check the indentation, or quote a value that contains ': '",
        "zh": "YAML 语法错误:此处不能出现 ':';请检查缩进,或给含 ': ' 的取值加引号",
    },
    "scenario.yaml_indent": {
        "en": "YAML syntax error: bad indentation; entries at one level must start in the same column",
        "zh": "YAML 语法错误:缩进不正确;同一层级的条目必须从同一列开始",
    },
    "scenario.yaml_undefined_alias": {
        "en": "YAML syntax error: the alias {alias} names no anchor (&name) above it",
        "zh": "YAML 语法错误:别名 {alias} 在前文没有对应的锚点(&name)",
    },
    "scenario.yaml_bad_start": {
        "en": "YAML syntax error: a value cannot start with '{char}'; put it in quotes",
        "zh": "YAML 语法错误:取值不能以 '{char}' 开头;请加引号",
    },
    "scenario.not_mapping": {
        "en": "a scenario must be a YAML mapping (key: value) at the top level",
        "zh": "场景文件的顶层必须是 YAML 映射(键: 值)",
    },
    "scenario.duplicate_key": {"en": "key '{key}' appears twice", "zh": "键 '{key}' 重复出现"},
    # hostile or surprising YAML (simulator/scenario/safe_yaml.py)
    "scenario.file_too_big": {"en": "the file is larger than {limit} MB; no scenario is this big", "zh": "文件超过 {limit} MB,场景文件不会这么大"},
    "scenario.yaml_alias_bomb": {
        "en": "aliases (*name) expand the file past {limit} values here (an alias bomb?); write the values out or use fewer aliases",
        "zh": "别名(*name)在此处展开后超过 {limit} 个值(别名炸弹?);请直接写出取值或减少别名",
    },
    "scenario.yaml_alias_loop": {
        "en": "alias *{anchor} is used inside its own anchor &{anchor}: it would repeat forever",
        "zh": "别名 *{anchor} 出现在它自己的锚点 &{anchor} 之内,会无限重复",
    },
    "scenario.yaml_key_not_text": {"en": "a key must be plain text, not a list or a mapping", "zh": "键必须是普通文本,不能是列表或映射"},
    "scenario.yaml_too_deep": {"en": "nested more than {limit} levels deep; no scenario needs that", "zh": "嵌套超过 {limit} 层,场景文件不需要这么深"},
    "scenario.yaml_tag": {"en": "the tag '{tag}' is not allowed in a scenario file; write the plain value", "zh": "场景文件中不允许使用标签 '{tag}',请直接写出取值"},
    "scenario.yaml_too_many_digits": {
        "en": "a number with {digits} digits; numbers in a scenario have at most {limit}",
        "zh": "数字有 {digits} 位;场景中的数字最多 {limit} 位",
    },
    "scenario.yaml_bad_scalar": {
        "en": "'{text}' is not a valid YAML 1.2 value for the tag !!{kind}",
        "zh": "'{text}' 不是标签 !!{kind} 的有效 YAML 1.2 取值",
    },
    "scenario.yaml11_bool": {
        "en": "'{input}' is text, not a number: scenario files are YAML 1.2, where only true and false are booleans (YAML 1.1 read '{input}' as {old}); write the number you mean",
        "zh": "'{input}' 是文本而不是数字:场景文件采用 YAML 1.2,只有 true 和 false 是布尔值(YAML 1.1 把 '{input}' 读作 {old});请写出所指的数字",
    },
    "scenario.yaml11_base60_hm": {
        "en": "'{input}' is not a number: scenario files are YAML 1.2, which has no base-60 numbers (YAML 1.1 read it as {old}); write minutes as one number, e.g. {minutes} if it means hours:minutes",
        "zh": "'{input}' 不是数字:场景文件采用 YAML 1.2,没有六十进制数(YAML 1.1 把它读作 {old});请把分钟数写成一个数,例如按“时:分”理解应写 {minutes}",
    },
    "scenario.yaml11_base60_hms": {
        "en": "'{input}' is not a number: scenario files are YAML 1.2, which has no base-60 numbers (YAML 1.1 read it as {old}); write minutes as one number, e.g. {minutes} if it means hours:minutes:seconds",
        "zh": "'{input}' 不是数字:场景文件采用 YAML 1.2,没有六十进制数(YAML 1.1 把它读作 {old});请把分钟数写成一个数,例如按“时:分:秒”理解应写 {minutes}",
    },
    "scenario.yaml11_number": {
        "en": "'{input}' is not a number in YAML 1.2, which scenario files use (YAML 1.1 read it as {old}); write {old} if that is what you mean",
        "zh": "'{input}' 在 YAML 1.2(场景文件采用的版本)中不是数字(YAML 1.1 把它读作 {old});如果指的是 {old},请直接写 {old}",
    },
    # work over the horizon (simulator/scenario/work.py)
    "scenario.work_horizon": {
        "en": "a horizon of {horizon} minutes is longer than one year ({limit} minutes), the longest a scenario may run",
        "zh": "时长 {horizon} 分钟超过一年({limit} 分钟),即场景允许的最长时长",
    },
    "scenario.work_incidents": {
        "en": "incidents from here come to about {count} over the horizon ({total} from every source); a scenario may generate at most {limit}",
        "zh": "此处在整个时长内约产生 {count} 起事件(所有来源合计 {total} 起);一个场景最多产生 {limit} 起",
    },
    "scenario.work_absences": {
        "en": "{posts} duty posts that may be absent, over {shifts} shift changes, bring the absence draws of all units to {total}; at most {limit}",
        "zh": "{posts} 个可能缺岗的值班岗位经过 {shifts} 次换班,使所有单位的缺岗抽样达到 {total} 次;最多 {limit} 次",
    },
    "scenario.work_public_calls": {
        "en": "about {count} calls from the public over the horizon ({total} for every unit); at most {limit}",
        "zh": "整个时长内约有 {count} 个群众来电(所有单位合计 {total} 个);最多 {limit} 个",
    },
    "scenario.work_truckloads": {
        "en": "a consignment of up to {quantity} of '{item}' needs about {loads} truckloads of {per_load}; at most {limit} (larger trucks, or less weight or volume per unit)",
        "zh": "一批最多 {quantity} 的 '{item}' 约需 {loads} 车次(每车 {per_load});最多 {limit} 车次(请加大车辆容量,或减小单件重量、体积)",
    },
    # cross-references
    "scenario.duplicate_id": {"en": "id '{id}' is used twice", "zh": "编号 '{id}' 重复使用"},
    "scenario.unknown_place": {"en": "unknown place '{ref}'", "zh": "未定义的地点 '{ref}'"},
    "scenario.unknown_unit": {"en": "unknown command unit '{ref}'", "zh": "未定义的指挥单位 '{ref}'"},
    "scenario.unknown_item": {"en": "unknown item '{ref}' (declare it under items)", "zh": "未定义的物资 '{ref}'(请在 items 中声明)"},
    "scenario.unknown_road": {"en": "there is no road between '{a}' and '{b}'", "zh": "'{a}' 与 '{b}' 之间没有道路"},
    "scenario.curve_order": {"en": "survival curve points must be in time order", "zh": "生存曲线的点必须按时间顺序排列"},
    "scenario.unknown_channel": {"en": "unknown channel '{ref}' (declare it under command.channels)", "zh": "未定义的通信渠道 '{ref}'(请在 command.channels 中声明)"},
    "scenario.initial_report_required": {
        "en": "reports must include the phone report 'initial'",
        "zh": "reports 必须包含电话初报 'initial'",
    },
    "scenario.multi_head_leaders": {"en": "multi-head leadership needs at least 2 leaders", "zh": "多头领导至少需要 2 名领导"},
    "scenario.place_cycle": {"en": "place '{id}' is its own ancestor (a cycle)", "zh": "地点 '{id}' 的上级链形成循环"},
    "scenario.command_cycle": {"en": "the command chain has a cycle through unit '{id}'", "zh": "指挥链存在循环,经过单位 '{id}'"},
    "scenario.parent_not_higher": {
        "en": "parent '{ref}' must be at a higher level than '{level}'",
        "zh": "上级 '{ref}' 的层级必须高于 '{level}'",
    },
    "scenario.command_no_root": {"en": "the command chain has no top unit (one unit must have no parent)", "zh": "指挥链没有最高单位(必须有一个单位没有上级)"},
    "scenario.leads_needs_hq": {"en": "only a specialised_hq leads hazards", "zh": "只有专项指挥部(specialised_hq)可以牵头处置灾种"},
    "scenario.road_loop": {"en": "a road cannot start and end at '{ref}'", "zh": "道路的起点和终点不能都是 '{ref}'"},
    "scenario.duplicate_road": {"en": "road '{a}'-'{b}' is given twice", "zh": "道路 '{a}'-'{b}' 重复定义"},
    "scenario.team_base_unknown": {"en": "team '{team}' is based at unknown place '{ref}'", "zh": "队伍 '{team}' 的驻地 '{ref}' 未定义"},
    "scenario.beyond_horizon": {
        "en": "time {time} is beyond the scenario horizon ({horizon} minutes)",
        "zh": "时间 {time} 超出场景时长({horizon} 分钟)",
    },
    "scenario.end_before_start": {"en": "end is before start", "zh": "结束时间早于开始时间"},
    "scenario.no_local_unit": {"en": "no command unit covers place '{ref}'", "zh": "没有指挥单位管辖地点 '{ref}'"},
    "scenario.no_commanding_unit": {
        "en": "an incident at '{ref}' of level {level} needs a commanding unit at tier '{tier}' above it, and there is none",
        "zh": "'{ref}' 的 {level} 级事件需要其上方有 '{tier}' 层级的指挥单位,但没有",
    },
    # values
    "scenario.dist_param_missing": {"en": "distribution '{dist}' needs parameter '{param}'", "zh": "分布 '{dist}' 需要参数 '{param}'"},
    "scenario.dist_param_negative": {"en": "parameter '{param}' must be a finite number >= 0, got {value}", "zh": "参数 '{param}' 必须是大于等于 0 的有限数,实际为 {value}"},
    "scenario.dist_param_unused": {"en": "distribution '{dist}' does not take parameter '{param}'", "zh": "分布 '{dist}' 不接受参数 '{param}'"},
    "scenario.dist_param_positive": {"en": "parameter '{param}' must be > 0", "zh": "参数 '{param}' 必须大于 0"},
    "scenario.dist_order": {"en": "need low <= mode <= high", "zh": "需要 low <= mode <= high"},
    "scenario.dist_param_too_large": {"en": "parameter '{param}' is {value}; at most {limit}", "zh": "参数 '{param}' 为 {value};最大为 {limit}"},
    "scenario.dist_too_wide": {
        "en": "sd {sd} is more than {limit} times the mean {mean}: a lognormal this wide has no sensible draws",
        "zh": "标准差 {sd} 超过均值 {mean} 的 {limit} 倍:如此宽的对数正态分布抽不出合理的值",
    },
    "scenario.too_many_trapped": {"en": "{people} people trapped on average; at most {limit} at one incident", "zh": "平均被困 {people} 人;一起事件最多 {limit} 人"},
    "scenario.arrivals_one_of": {"en": "give exactly one of 'rate_per_hour' or 'schedule'", "zh": "'rate_per_hour' 与 'schedule' 必须且只能给出一个"},
    "scenario.severity_sum": {"en": "severity probabilities must add up to 1, got {total}", "zh": "各级别概率之和必须为 1,实际为 {total}"},
    # plan variants (simulator/scenario/variants.py)
    "scenario.override_syntax": {"en": "'{text}' is not an override; write path.to.field=value", "zh": "'{text}' 不是有效的修改项;应写作 path.to.field=value"},
    "scenario.override_needs_quotes": {"en": "YAML read '{text}...' as a mapping; put the whole override in quotes", "zh": "YAML 把 '{text}...' 读成了映射;请用引号把整个修改项括起来"},
    "scenario.override_not_number": {"en": "'{text}': += and -= need a number on both sides", "zh": "'{text}':+= 与 -= 两边都必须是数字"},
    "scenario.override_value": {"en": "cannot read the value in '{text}': {detail}", "zh": "无法读取 '{text}' 中的取值:{detail}"},
    "scenario.override_no_key": {"en": "there is no '{key}' here; known: {known}", "zh": "此处没有 '{key}';可用的有:{known}"},
    "scenario.override_no_entry": {"en": "no entry with id '{key}'; known ids: {known}", "zh": "没有编号为 '{key}' 的条目;已有编号:{known}"},
    "scenario.override_no_index": {"en": "'{key}' is not a position in this list of {count} values", "zh": "'{key}' 不是这个含 {count} 个取值的列表中的位置"},
    "scenario.override_not_section": {"en": "'{parent}' is a single value and has no '{key}'", "zh": "'{parent}' 是单个取值,没有 '{key}'"},
    "scenario.plan_wrong_scenario": {"en": "this plan is written for scenario '{expected}', not '{actual}'", "zh": "该方案适用于场景 '{expected}',而不是 '{actual}'"},
    "scenario.plan_names_no_scenario": {
        "en": "this plan names no scenario; add 'scenario: <the scenario's meta.id>' to check it",
        "zh": "该方案没有指明场景;请添加 'scenario: <场景的 meta.id>' 以便检查",
    },
    "scenario.plan_scenario_not_found": {
        "en": "no scenario with id '{ref}' found (looked in {where})",
        "zh": "找不到编号为 '{ref}' 的场景(已查找 {where})",
    },
    "scenario.plan_duplicate_id": {"en": "plan id '{id}' is used twice in this study", "zh": "方案编号 '{id}' 在本次研究中重复使用"},
    "scenario.sweep_needs_list": {"en": "a sweep needs a list of values: path=[v1, v2, ...], got '{text}'", "zh": "参数扫描需要一组取值:path=[v1, v2, ...],实际为 '{text}'"},
}

# Pydantic's error types, translated; ``input`` is always available.
_PYDANTIC = {
    "scenario.pyd.missing": {"en": "required field is missing", "zh": "缺少必填字段"},
    "scenario.pyd.extra_forbidden": {"en": "unknown field (check the spelling)", "zh": "未知字段(请检查拼写)"},
    "scenario.pyd.extra_forbidden_meant": {
        "en": "unknown field '{field}'; did you mean '{meant}'?",
        "zh": "未知字段 '{field}';是否想写 '{meant}'?",
    },
    "scenario.pyd.extra_forbidden_unquoted": {
        "en": "unknown field with no value (check the spelling; text with a comma inside {{...}} must be quoted)",
        "zh": "未知字段且没有值(请检查拼写;{{...}} 中含逗号的文本必须加引号)",
    },
    "scenario.pyd.literal_error": {"en": "'{input}' is not allowed; expected {expected}", "zh": "不允许的取值 '{input}';应为 {expected}"},
    "scenario.pyd.enum": {"en": "'{input}' is not allowed; expected {expected}", "zh": "不允许的取值 '{input}';应为 {expected}"},
    "scenario.pyd.int_parsing": {"en": "expected a whole number, got '{input}'", "zh": "应为整数,实际为 '{input}'"},
    "scenario.pyd.int_type": {"en": "expected a whole number, got '{input}'", "zh": "应为整数,实际为 '{input}'"},
    "scenario.pyd.int_from_float": {"en": "expected a whole number, got {input}", "zh": "应为整数,实际为 {input}"},
    "scenario.pyd.int_parsing_size": {"en": "the whole number '{input}' is too large", "zh": "整数 '{input}' 过大"},
    "scenario.pyd.float_parsing": {"en": "expected a number, got '{input}'", "zh": "应为数字,实际为 '{input}'"},
    "scenario.pyd.float_type": {"en": "expected a number, got '{input}'", "zh": "应为数字,实际为 '{input}'"},
    "scenario.pyd.finite_number": {
        "en": "expected a finite number, got {input} (.nan and .inf are not allowed)",
        "zh": "应为有限数,实际为 {input}(不允许 .nan 和 .inf)",
    },
    "scenario.pyd.greater_than": {"en": "must be greater than {gt}, got {input}", "zh": "必须大于 {gt},实际为 {input}"},
    "scenario.pyd.greater_than_equal": {"en": "must be at least {ge}, got {input}", "zh": "不能小于 {ge},实际为 {input}"},
    "scenario.pyd.less_than": {"en": "must be less than {lt}, got {input}", "zh": "必须小于 {lt},实际为 {input}"},
    "scenario.pyd.less_than_equal": {"en": "must be at most {le}, got {input}", "zh": "不能大于 {le},实际为 {input}"},
    "scenario.pyd.too_short": {"en": "needs at least {min_length} entries", "zh": "至少需要 {min_length} 项"},
    "scenario.pyd.too_long": {"en": "takes at most {max_length} entries", "zh": "最多 {max_length} 项"},
    "scenario.pyd.string_type": {"en": "expected text, got '{input}'", "zh": "应为文本,实际为 '{input}'"},
    "scenario.pyd.string_too_short": {"en": "must not be empty", "zh": "不能为空"},
    "scenario.pyd.string_too_long": {"en": "is longer than {max_length} characters", "zh": "超过 {max_length} 个字符"},
    "scenario.pyd.string_pattern_mismatch": {
        "en": "'{input}' is not a valid id (letters, digits, '_' or '-', starting with a letter)",
        "zh": "'{input}' 不是有效编号(字母、数字、'_' 或 '-',以字母开头)",
    },
    "scenario.pyd.dict_type": {"en": "expected a mapping (key: value)", "zh": "应为映射(键: 值)"},
    "scenario.pyd.list_type": {"en": "expected a list", "zh": "应为列表"},
    "scenario.pyd.tuple_type": {"en": "expected a list", "zh": "应为列表"},
    "scenario.pyd.model_type": {"en": "expected a mapping (key: value), got '{input}'", "zh": "应为映射(键: 值),实际为 '{input}'"},
    "scenario.pyd.model_attributes_type": {"en": "expected a mapping (key: value), got '{input}'", "zh": "应为映射(键: 值),实际为 '{input}'"},
    "scenario.pyd.union_tag_invalid": {"en": "unknown type '{tag}'; expected {expected_tags}", "zh": "未知类型 '{tag}';应为 {expected_tags}"},
    "scenario.pyd.union_tag_not_found": {"en": "needs a '{discriminator}' field", "zh": "需要 '{discriminator}' 字段"},
    "scenario.pyd.bool_type": {"en": "expected true or false", "zh": "应为 true 或 false"},
    "scenario.pyd.bool_parsing": {"en": "expected true or false", "zh": "应为 true 或 false"},
}

_CLI = {
    "cli.valid": {"en": "{file}: OK ({title})", "zh": "{file}:通过({title})"},
    "cli.valid_plan": {"en": "{file}: OK, plan {plan} for {title}", "zh": "{file}:通过,方案 {plan} 适用于 {title}"},
    "cli.invalid_count": {"en": "{count} problem(s) found", "zh": "发现 {count} 个问题"},
    "cli.bad_lang": {"en": "unknown language '{lang}'; use zh or en", "zh": "未知语言 '{lang}';请使用 zh 或 en"},
    "cli.running": {"en": "Running {title} (seed {seed}, {horizon} minutes)...", "zh": "正在运行 {title}(随机种子 {seed},{horizon} 分钟)……"},
    "cli.written": {"en": "Written to {path}", "zh": "已写入 {path}"},
    "cli.report_at": {"en": "Report: {path}", "zh": "报告:{path}"},
    "cli.max_events_hint": {
        "en": "a real drill never comes near this; if this scenario really needs more, raise --max-events",
        "zh": "真实演练远不会达到这一上限;如果该场景确实需要更多,请调高 --max-events",
    },
    "run.budget_exceeded": {
        "en": "the run stopped after {events} simulation events at minute {time} of {horizon}: the scenario makes more work than the run budget allows",
        "zh": "运行在第 {time} 分钟(共 {horizon} 分钟)、处理 {events} 个仿真事件后停止:场景产生的工作量超过了运行预算",
    },
    "cli.open_notebooks": {"en": "Open the notebooks with: make lab", "zh": "打开笔记本:make lab"},
    "cli.not_a_run": {"en": "{path}: not a saved run (missing {missing})", "zh": "{path}:不是已保存的运行结果(缺少 {missing})"},
    "cli.kpi": {"en": "KPI", "zh": "指标"},
    "cli.value": {"en": "value", "zh": "数值"},
    "cli.objective": {"en": "objective", "zh": "目标"},
}

_REPORT = {
    "report.title": {"en": "After-action report", "zh": "演练评估报告"},
    "report.scenario": {"en": "Scenario", "zh": "场景"},
    "report.seed": {"en": "Seed", "zh": "随机种子"},
    "report.version": {"en": "drillsim version", "zh": "drillsim 版本"},
    "report.kpis": {"en": "Key performance indicators", "zh": "关键指标"},
    "report.objectives": {"en": "Objectives", "zh": "演练目标"},
    "report.met": {"en": "met", "zh": "达成"},
    "report.not_met": {"en": "not met", "zh": "未达成"},
    "report.no_data": {"en": "no data", "zh": "无数据"},
    "report.incidents": {"en": "Incidents", "zh": "事件"},
    "report.unmet_list": {"en": "Incidents left unmet", "zh": "未满足需求的事件"},
    "report.none": {"en": "none", "zh": "无"},
    "report.generated": {"en": "Generated by drillsim from the saved event log.", "zh": "由 drillsim 根据保存的事件日志生成。"},
    "fig.incident_timeline": {"en": "Incident timeline", "zh": "事件时间线"},
    "fig.team_utilisation": {"en": "Team utilisation", "zh": "队伍利用率"},
    "fig.response_times": {"en": "Call-to-first-arrival time", "zh": "从报警到首支队伍到达的时间"},
    "fig.command_chain": {"en": "Command chain", "zh": "指挥链"},
    "fig.minutes": {"en": "minutes", "zh": "分钟"},
    "fig.message_swimlanes": {"en": "Messages between levels", "zh": "各层级之间的信息流转"},
    "fig.steps": {"en": "The eight steps (3+8)", "zh": "“3+8”八个环节"},
    "fig.warning_reach": {"en": "Population warned", "zh": "预警覆盖人口"},
    "fig.share_warned": {"en": "share of population warned", "zh": "已收到预警的人口比例"},
    "fig.teams": {"en": "teams", "zh": "队伍"},
    "fig.incidents_count": {"en": "incidents", "zh": "事件数"},
    "fig.share_busy": {"en": "share of time busy", "zh": "忙碌时间占比"},
    "fig.phase.detect": {"en": "until detected", "zh": "发现前"},
    "fig.phase.report": {"en": "reporting up", "zh": "逐级上报"},
    "fig.phase.respond": {"en": "waiting for teams", "zh": "等待队伍到达"},
    "fig.phase.handle": {"en": "handling on site", "zh": "现场处置"},
    "fig.unit_load": {"en": "messages handled", "zh": "处理消息数"},
    "report.run": {"en": "Run", "zh": "运行信息"},
    "report.scenario_hash": {"en": "Scenario hash", "zh": "场景哈希"},
    "report.horizon": {"en": "Horizon (minutes)", "zh": "演练时长(分钟)"},
    "report.wall_seconds": {"en": "Run time (seconds)", "zh": "运行耗时(秒)"},
    "report.figures": {"en": "Figures", "zh": "图表"},
    # the hazard's own story (simulator/report/hazard_story.py)
    "report.hazard.section": {"en": "The hazard, minute by minute", "zh": "灾害过程"},
    "report.hazard.typhoon": {"en": "Typhoon", "zh": "台风"},
    "report.hazard.earthquake": {"en": "Earthquake", "zh": "地震"},
    "report.hazard.chemical_release": {"en": "Chemical release", "zh": "危化品泄漏"},
    "report.hazard.forest_fire": {"en": "Forest fire", "zh": "森林火灾"},
    "report.hazard.nothing": {"en": "Nothing happened yet.", "zh": "尚未发生。"},
    "report.col.name": {"en": "Name", "zh": "名称"},
    "report.col.kpi": {"en": "KPI", "zh": "指标"},
    "report.col.target": {"en": "Target", "zh": "目标值"},
    "report.col.value": {"en": "Value", "zh": "实际值"},
    "report.col.result": {"en": "Result", "zh": "结果"},
    "report.col.incident": {"en": "Incident", "zh": "事件"},
    "report.col.place": {"en": "Place", "zh": "地点"},
    "report.col.hazard": {"en": "Hazard", "zh": "灾种"},
    "report.col.level": {"en": "Response level", "zh": "响应级别"},
    "report.col.occurred": {"en": "Occurred (min)", "zh": "发生时间(分钟)"},
    "report.col.unmet": {"en": "Unmet", "zh": "未满足"},
    "report.unmet.unserved": {"en": "a need no team came to", "zh": "有需求无队伍到场"},
    "report.unmet.awaiting_supplies": {"en": "supplies still owed", "zh": "物资仍有缺口"},
    "report.col.commander": {"en": "Commanding unit", "zh": "指挥单位"},
}

MESSAGES: dict[str, dict[str, str]] = {**_SCENARIO, **_PYDANTIC, **_CLI, **_REPORT, **LABELS, **EXPERIMENT_MESSAGES, **COMPARISON_ANSWER_MESSAGES, **SUPPLY_MESSAGES, **COMMAND_MESSAGES, **COLUMN_MESSAGES, **DRILL_MESSAGES, **CONSOLE_MESSAGES, **SEAT_MESSAGES, **EVALUATION_MESSAGES, **INJECT_MESSAGES, **BRANCH_MESSAGES, **GEO_MESSAGES, **NOTEBOOK_MESSAGES, **PEOPLE_MESSAGES, **PUBLICITY_MESSAGES, **TEAM_RULE_MESSAGES, **TYPHOON_MESSAGES, **FOREST_FIRE_MESSAGES, **PLAN_MESSAGES, **CHEMICAL_RELEASE_MESSAGES, **EARTHQUAKE_MESSAGES, **ROAD_CAUSE_MESSAGES}
