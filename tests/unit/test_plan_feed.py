"""The console's feed shows a contingency plan starting or stepping up, by the plan's name and level."""

from __future__ import annotations

import re

from simulator.drill.session import DrillSession
from simulator.ui.drill_panels import feed_html


def test_the_feed_names_a_plan_activation_and_its_level_without_pausing_for_it(street):
    session = DrillSession(street, street.meta.seed)
    while not session.ended and not (session.events()["kind"] == "plan_activated").any():
        session.step()
    activated = session.events()
    activated = activated[activated["kind"] == "plan_activated"].iloc[0]
    plan = next(p for p in street.plans if p.id == activated["entity"])
    # no pause of its own: each step still ends at an inject or a need for the room, and the clock moves
    assert all(item.reason != "plan" for item in session.feed)
    for lang in ("en", "zh"):
        lines = [re.sub("<[^>]+>", "", li) for li in feed_html(session, lang).split("<li") if "drill-feed-plan" in li]
        assert any(getattr(plan.name, lang) in line and activated["level"] in line for line in lines), (lang, lines)
        assert not any(plan.id in line for line in lines)  # by its name, never its id


def test_plans_activated_before_the_first_feed_item_are_shown_too():
    # the chemical park's site, town and county plans start at the leak (minute 30), before the first inject the feed shows
    from simulator.scenario import load_scenario
    from tests.conftest import SCENARIOS

    park = load_scenario(SCENARIOS / "chemical_park.yaml")
    session = DrillSession(park, park.meta.seed)
    session.run_until(60)
    events = session.events()
    started = set(events.loc[events["kind"] == "plan_activated", "entity"])
    assert started and session.feed and min(float(t) for t in events.loc[events["kind"] == "plan_activated", "time"]) <= session.feed[0].time
    html = feed_html(session, "en")
    for plan in park.plans:
        if plan.id in started:
            assert plan.name.en in html, plan.id
