"""A drill pauses when a contingency plan starts or steps up, and the feed names the plan and its level."""

from __future__ import annotations

import re

from simulator.drill.session import DrillSession
from simulator.ui.drill_panels import feed_html


def test_the_drill_stops_at_a_plan_activation_and_names_it(street):
    session = DrillSession(street, street.meta.seed)
    while not session.ended and not any(item.reason == "plan" for item in session.feed):
        session.step()
    activated = session.events()
    activated = activated[activated["kind"].isin(["plan_activated", "plan_escalated"])]
    item = next(item for item in session.feed if item.reason == "plan")
    # the step ended at the activation's minute: the room sees it before anything later happens
    assert session.now == item.time == activated["time"].iloc[0]
    plan = next(p for p in street.plans if p.id == item.ref)
    level = activated["level"].iloc[0]
    for lang, word in (("en", {"I": "I", "II": "II", "III": "III", "IV": "IV"}[level]), ("zh", level)):
        lines = [re.sub("<[^>]+>", "", li) for li in feed_html(session, lang).split("<li") if "drill-feed-plan" in li]
        assert any(getattr(plan.name, lang) in line and word in line for line in lines), (lang, lines)
        assert not any(item.ref in line for line in lines)  # the plan by its name, not its id
