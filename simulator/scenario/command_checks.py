"""Cross-reference checks of the command mechanisms (owners, channels, calls)."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem


def check_command(sc: Scenario) -> Iterator[Problem]:
    unit_ids = {u.id for u in sc.command.units}
    channel_ids = [c.id for c in sc.command.channels]
    seen: set[str] = set()
    for i, channel_id in enumerate(channel_ids):
        if channel_id in seen:
            yield Problem(("command", "channels", i, "id"), "duplicate_id", {"id": channel_id})
        seen.add(channel_id)
    for i, team in enumerate(sc.teams):
        if team.owner is not None and team.owner not in unit_ids:
            yield Problem(("teams", i, "owner"), "unknown_unit", {"ref": team.owner})
        if team.approval is not None and team.approval.authority not in unit_ids:
            yield Problem(("teams", i, "approval", "authority"), "unknown_unit", {"ref": team.approval.authority})
    for i, inj in enumerate(sc.injects):
        eff = inj.effect
        loc = ("injects", i, "effect")
        if eff is None:
            continue
        if eff.type == "slow_road" and not any({r.source, r.target} == {eff.source, eff.target} for r in sc.roads):
            yield Problem(loc, "unknown_road", {"a": eff.source, "b": eff.target})
        if eff.type in ("warning", "roll_call") and eff.by not in unit_ids:
            yield Problem((*loc, "by"), "unknown_unit", {"ref": eff.by})
        if eff.type in ("channel_down", "channel_up"):
            if eff.channel not in seen:
                yield Problem((*loc, "channel"), "unknown_channel", {"ref": eff.channel})
            for j, unit in enumerate(getattr(eff, "units", ())):
                if unit not in unit_ids:
                    yield Problem((*loc, "units", j), "unknown_unit", {"ref": unit})
