"""What the facilitator's decision form and a seat's form share: the fields of each action, and refilling a dropdown."""

from __future__ import annotations

import ipywidgets as widgets

# The fields each action shows; "warning_level" is sent as "level".
FIELDS = {
    "dispatch_team": ("team", "incident"),
    "recall_team": ("team",),
    "set_response_level": ("incident", "level"),
    "issue_warning": ("unit", "warning_level"),
    "request_military": ("team", "incident"),
    "switch_command_mode": ("unit", "mode"),
    "release_supplies": ("incident", "item", "quantity"),
}


def keep_choice(dropdown: widgets.Dropdown, options: list[tuple[str, str]]) -> None:
    """New options, keeping the current choice when it is still there."""
    value = dropdown.value
    if list(dropdown.options) != options:
        dropdown.options = options
    values = [v for _, v in options]
    dropdown.value = value if value in values else (values[0] if values else None)
