"""Messages people read: "did you mean", schema and reference errors together, YAML errors in zh."""

from __future__ import annotations

import pytest

from simulator.scenario import ScenarioError, parse_scenario
from tests.conftest import to_yaml


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def problems(text: str, lang: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "s.yaml")
    return info.value.render(lang).splitlines()


def test_misspelt_required_field_says_what_it_meant_and_nothing_else(tiny):
    unit = tiny["command"]["units"][0]
    unit["plac"] = unit.pop("place")  # required: pydantic also says place is missing
    text = to_yaml(tiny)
    line = line_of(text, "plac:")
    assert problems(text, "en") == [f"s.yaml:{line}: command.units[0].plac: unknown field 'plac'; did you mean 'place'?"]
    assert problems(text, "zh") == [f"s.yaml:{line}: command.units[0].plac: 未知字段 'plac';是否想写 'place'?"]


def test_misspelt_list_is_not_reported_as_an_empty_list(tiny):
    tiny["command"]["unit"] = tiny["command"].pop("units")
    text = to_yaml(tiny)
    assert problems(text, "en") == [f"s.yaml:{line_of(text, 'unit:')}: command.unit: unknown field 'unit'; did you mean 'units'?"]


def test_a_key_like_no_field_gets_no_guess(tiny):
    tiny["teams"][0]["zzzzzz"] = 3
    text = to_yaml(tiny)
    assert problems(text, "en") == [f"s.yaml:{line_of(text, 'zzzzzz')}: teams[0].zzzzzz: unknown field (check the spelling)"]


def test_reference_errors_come_with_the_misspelt_key(tiny):
    tiny["teams"][0]["sise"] = tiny["teams"][0].pop("size", 3)
    tiny["roads"][1]["to"] = "atlantis"
    text = to_yaml(tiny)
    assert problems(text, "en") == sorted(
        [
            f"s.yaml:{line_of(text, 'sise:')}: teams[0].sise: unknown field 'sise'; did you mean 'size'?",
            f"s.yaml:{line_of(text, 'to: atlantis')}: roads[1].to: unknown place 'atlantis'",
        ],
        key=lambda p: int(p.split(":")[1]),
    )


def test_reference_errors_wait_while_a_value_is_wrong(tiny):
    tiny["teams"][0]["size"] = "many"  # the file does not validate even with keys read as meant
    tiny["roads"][1]["to"] = "atlantis"
    found = problems(to_yaml(tiny), "en")
    assert len(found) == 1 and "teams[0].size" in found[0]


YAML_CASES = [
    ("meta: {id: x\nplaces: []\n", 2, "第 1 行的 '{' 没有用 '}' 闭合", "the '{' opened on line 1 is not closed with '}'"),
    ("a: [1, 2\nb: 3\n", 2, "第 1 行的 '[' 没有用 ']' 闭合", "the '[' opened on line 1 is not closed with ']'"),
    ("meta:\n\tid: x\n", 2, "出现制表符(Tab);缩进只能用空格", "a tab character; indent with spaces only"),
    ("a:\n  b: 1\n\t c: 2\n", 3, "出现制表符(Tab)", "a tab character"),
    ("meta:\n    id: x\n  title: y\n", 3, "缩进不正确", "bad indentation"),
    ("a:\n  - b\n  c: 1\n", 3, "缩进不正确", "bad indentation"),
    ("meta:\n  id: x\n   title: y\n", 3, "此处不能出现 ':'", "a ':' here is not allowed"),
    ("a: 'x\n", 1, "第 1 行开始的引号没有闭合", "the quote opened on line 1 is never closed"),
    ("a: [*nope, 1]\n", 1, "别名 *nope 在前文没有对应的锚点", "the alias *nope names no anchor"),
    ("meta: @x\n", 1, "取值不能以 '@' 开头", "a value cannot start with '@'"),
]


@pytest.mark.parametrize(("text", "line", "zh", "en"), YAML_CASES)
def test_common_yaml_errors_in_both_languages(text, line, zh, en):
    [zh_msg] = problems(text, "zh")
    [en_msg] = problems(text, "en")
    assert zh_msg.startswith(f"s.yaml:{line}: YAML 语法错误:") and zh in zh_msg
    assert en_msg.startswith(f"s.yaml:{line}: YAML syntax error: ") and en in en_msg
    assert not any(c.isascii() and c.isalpha() for c in zh_msg.split("错误:")[1].replace("Tab", "").replace("nope", "").replace("name", ""))


def _both_languages(help_text: str) -> bool:
    has_zh = any("\u4e00" <= c <= "\u9fff" for c in help_text)
    return has_zh and " / " in help_text and help_text.split(" / ")[0].isascii()


def test_every_command_is_described_in_both_languages():
    import typer.main

    from simulator.cli import app

    root = typer.main.get_command(app)
    commands = dict(root.commands)
    commands.update({f"import {n}": c for n, c in commands["import"].commands.items()})
    assert {"validate", "run", "report", "experiment", "branch", "export", "import", "import roads"} <= set(commands)
    unilingual = [name for name, cmd in commands.items() if not _both_languages(cmd.help or "")]
    assert unilingual == []
    lang = next(p for p in commands["run"].params if p.name == "lang")
    assert _both_languages(lang.help)


# ---------------------------------------------------------------- notebooks and their tables

NOTEBOOK_DIR = __import__("pathlib").Path(__file__).resolve().parents[2] / "notebooks"


def _code(path) -> list[str]:
    import json

    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", sorted(NOTEBOOK_DIR.glob("*.ipynb")), ids=lambda p: p.name)
def test_every_notebook_takes_its_language_from_drillsim_lang(path):
    import re

    source = "\n".join(_code(path))
    settings = re.findall(r"^LANG = (.*?)(?:\s+#.*)?$", source, re.MULTILINE)
    assert settings, "the notebook sets no LANG"
    assert all(s in ("resolve_lang()", "None") for s in settings), settings  # None: the console resolves it


def test_readable_tables_in_both_languages():
    import pandas as pd

    from simulator.report.frames import readable

    frame = pd.DataFrame({"unit": ["a", "b"], "mean": [0.071429, float("nan")], "completed_share": [1.0, 0.5], "count": [3, 4000]})
    for lang, missing in (("en", "no data"), ("zh", "无数据")):
        html = readable(frame, lang).to_html()
        for shown in ("0.07", missing, "100.0%", "50.0%", "4000"):
            assert f">{shown}</td>" in html, (lang, shown)
        assert "NaN" not in html and "0.071429" not in html
    assert frame["mean"].iloc[0] == 0.071429  # the frame itself is untouched


def test_readable_tables_name_headers_and_ids(street):
    import pandas as pd

    from simulator.report.frames import readable

    unit = street.command.units[0]
    frame = pd.DataFrame({"wait_mean": [1.5], "completed_share": [1.0], "level": ["IV"]}, index=pd.Index([unit.id], name="unit"))
    for lang, headers in (("en", ("mean wait (min)", "completed by the end", "unit")), ("zh", ("平均等待(分钟)", "结束前完成比例", "单位"))):
        html = readable(frame, lang, street).to_html()
        assert all(h in html for h in headers), (lang, headers)
        assert getattr(unit.name, lang) in html and f">{unit.id}<" not in html  # the unit by its name, not its id
        assert "wait_mean" not in html and "completed_share" not in html
    assert list(frame.index) == [unit.id] and list(frame.columns) == ["wait_mean", "completed_share", "level"]


def _run_cells(path, monkeypatch) -> list:
    """Run a notebook's code cells as a kernel would (the last expression of each is its output)."""
    import ast

    monkeypatch.chdir(path.parent)
    scope: dict = {}
    shown = []
    for source in _code(path):
        tree = ast.parse(source)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, path.name, "exec"), scope)
        if last is not None:
            shown.append(eval(compile(ast.Expression(last.value), path.name, "eval"), scope))
    return shown


@pytest.mark.parametrize("name", ["01_quickstart.ipynb", "command_structures.ipynb"])
def test_notebook_speaks_drillsim_lang_and_shows_formatted_tables(name, monkeypatch, capsys):
    from pandas.io.formats.style import Styler

    monkeypatch.setenv("DRILLSIM_LANG", "zh")
    shown = _run_cells(NOTEBOOK_DIR / name, monkeypatch)
    tables = [s.to_html() for s in shown if isinstance(s, Styler)]
    assert len(tables) >= 2
    assert not any("NaN" in t or "0.071429" in t for t in tables)
    if name == "01_quickstart.ipynb":
        out = capsys.readouterr().out
        assert "城市特大暴雨" in out and "个指挥单位" in out and "个事件" in out
        assert "事件总数" in tables[1] and "100.0%" in tables[1]  # KPI labels in zh, a share in percent


ONE_UNIT = """\
schema_version: 1
meta: {id: x, title: {zh: 测试, en: t}, description: {zh: 测试, en: t}, horizon: 100}
places:
  - {id: a, name: {zh: 甲, en: A}, level: city, x: 0, y: 0}
command:
  units:
    - {id: u1, name: {zh: 单位, en: U}, level: city, place: nowhere, duty_staf: 2}
teams:
  - {id: t1, name: {zh: 队, en: T}, type: comprehensive, size: 3, base: zzz, capabilities: [water_rescue]}
"""


def test_a_lone_item_with_a_typo_does_not_make_its_list_read_empty():
    # pydantic counts command.units after dropping the failed unit (0 < min 1); the file lists one,
    # so the only schema problem is the typo, and the references are checked with it
    assert problems(ONE_UNIT, "en") == [
        "s.yaml:7: command.units[0].duty_staf: unknown field 'duty_staf'; did you mean 'duty_staff'?",
        "s.yaml:7: command.units[0].place: unknown place 'nowhere'",
        "s.yaml:9: teams[0].base: team 't1' is based at unknown place 'zzz'",
    ]
    assert not any("至少" in line for line in problems(ONE_UNIT, "zh"))
