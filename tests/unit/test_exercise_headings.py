"""Exercise headings come before their boxes: in the command explorer's own view, and in the notebook."""

from __future__ import annotations

import json

import ipywidgets as widgets

from simulator.ui.command_explorer import CommandExplorer
from tests.conftest import ROOT


def test_the_explorer_draws_its_exercises_heading_just_before_the_boxes(street):
    explorer = CommandExplorer(street, "street_office", lang="zh")
    children = list(explorer.view.children)
    at = children.index(explorer.exercise_panel)
    heading = children[at - 1]
    assert isinstance(heading, widgets.HTML) and heading.value == "<h3>练习</h3>"
    assert at == len(children) - 1  # nothing after the boxes
    assert list(explorer.exercise_panel.children) == explorer.exercise_boxes and len(explorer.exercise_boxes) == 3
    assert explorer.exercise_boxes[0].children[0].value.startswith("<p>1. ")


def test_exercises_apart_leave_the_view_and_still_check_answers(street):
    explorer = CommandExplorer(street, "street_office", lang="en", exercises_apart=True)
    assert explorer.exercise_panel not in explorer.view.children
    assert not any(isinstance(w, widgets.HTML) and "Exercises" in w.value for w in explorer.view.children)
    # the path exercise from the panel, as a student's click: Binjiang's level III report passes its
    # station, the street office, the district HQ and its flood HQ (test_command_explorer.py): 4
    box = explorer.exercise_panel.children[0]
    answer, button = box.children[1].children
    answer.value = 4
    button.click()
    assert box.children[2].value.startswith("Correct")


def test_the_notebook_puts_the_exercises_heading_above_their_boxes():
    cells = json.loads((ROOT / "notebooks" / "command_structures.ipynb").read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) for c in cells]
    heading = next(i for i, s in enumerate(sources) if s.startswith("## 5. Exercises"))
    panel = next(i for i, s in enumerate(sources) if s.strip() == "explorer.exercise_panel")
    assert panel == heading + 1 and cells[panel]["cell_type"] == "code"
    explorer_cell = next(s for s in sources if "CommandExplorer(" in s and "import" not in s)
    assert "exercises_apart=True" in explorer_cell
