"""The lifecycle waits for the command post when setting it up outlasts the teams' work.

The tiny scenario (tests/conftest.py tiny_dict, all durations fixed; see
tests/functional/test_command_mechanisms.py): the first team arrives at 139
and works 60 minutes (to 199). The lifecycle waits on the post's own timeout
(simulator.models.world), so a post of 90 minutes ends on-site handling at
139 + 90 = 229, not at 199; assessment 30 takes it to 259, relief 60 to 319.
"""

from __future__ import annotations

from simulator.metrics.command import step_durations
from simulator.models import simulate
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml


def test_a_post_longer_than_the_work_holds_on_site_handling(tiny):
    tiny["command"]["steps"] = {"command_post_minutes": 90, "assessment_minutes": 30, "relief_minutes": 60}
    events = simulate(parse_scenario(to_yaml(tiny))).events
    steps = step_durations(events).loc["flood-001"]
    got = {s: (r["start"], r["end"]) for s, r in steps.iterrows()}
    assert got["command_post"] == (139, 229)
    assert got["onsite_handling"] == (139, 229)
    assert got["investigation_assessment"] == (229, 259)
    assert got["relief"] == (259, 319)
    assert events.loc[events["kind"] == "incident_closed", "time"].tolist() == [319]
    released = events.loc[events["kind"] == "team_released", "time"].tolist()
    assert released == [199]  # the team's work is unchanged: only the incident waits for the post
    # the post's end is marked before on-site handling ends, at the same minute
    rows = events[(events["time"] == 229) & (events["kind"] == "step_ended")]["detail"].tolist()
    assert rows[:2] == ["command_post", "onsite_handling"]
