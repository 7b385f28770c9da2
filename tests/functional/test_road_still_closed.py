"""An ``open_road`` inject on a road a hazard still holds, and ``slow_road`` under a hazard's slowdown.

The tiny scenario (tests/conftest.py): City c --10-- Town t --5-- Village v.
The hazard is put on the road by hand with the call the hazard models make
(``world.road_causes.close/slow(..., "earthquake")``), before the first step.
"""

from __future__ import annotations

from simulator.drill import DrillSession
from simulator.drill.inbox import Inbox
from simulator.drill.refusals import refusal_text
from simulator.drill.seats import authority


def rows(session, *kinds):
    ev = session.events()
    return ev[ev["kind"].isin(kinds)][["time", "kind", "entity", "detail"]].values.tolist()


def test_an_open_road_a_hazard_still_holds_says_so_in_the_log_and_the_inbox_and_is_not_undone(tiny_scenario):
    session = DrillSession(tiny_scenario)
    world = session.world
    world.road_causes.close("c", "t", "earthquake")  # the quake cut the road; its repair is not due in this test
    opened = session.add_inject("id: mend\ntime: 10\ntext: {zh: 道路抢通, en: road mended}\neffect: {type: open_road, from: c, to: t}\n")
    assert opened.accepted
    session.run_until(20)
    # the inject reopened nothing (the quake still holds the road): a row with the cause, no road_opened
    assert rows(session, "road_still_closed", "road_opened") == [[10, "road_still_closed", "c|t", "earthquake"]]
    assert world.roads.is_closed("c", "t") and world.road_causes.causes("c", "t") == ["earthquake"]
    for lang, line in (("en", "the road City – Town stays closed: the earthquake still holds it"), ("zh", "市至镇道路仍未恢复通行:地震仍在阻断")):
        inbox = Inbox(session, authority(world, "town_office"), lang).items()
        assert [(i.time, i.text) for i in inbox if i.time == 10 and i.text == line] == [(10.0, line)]
    # its undo would close the road under the facilitator's hand, past the quake's repair: refused, in words
    undone = session.undo(opened.seq)
    assert (undone.accepted, undone.reason) == (False, "undo_road_still_closed")
    assert not world.road_causes.holds("c", "t", "inject")
    assert "left the road closed" in refusal_text(session.scenario, undone.reason, undone.params, "en")
    assert "未能使道路恢复通行" in refusal_text(session.scenario, undone.reason, undone.params, "zh")
    # the facilitator's feed says it under the inject too
    from simulator.ui.drill_panels import feed_html

    assert "the road City – Town stays closed: the earthquake still holds it" in feed_html(session, "en")
    assert "市至镇道路仍未恢复通行:地震仍在阻断" in feed_html(session, "zh")


def test_an_open_road_lifting_the_injects_hold_under_a_hazard_names_the_hazard_left(tiny_scenario):
    session = DrillSession(tiny_scenario)
    world = session.world
    world.road_causes.close("t", "v", "earthquake")
    session.add_inject("id: cut\ntime: 5\ntext: {zh: 道路中断, en: road cut}\neffect: {type: close_road, from: t, to: v}\n")
    session.add_inject("id: mend\ntime: 10\ntext: {zh: 道路抢通, en: road mended}\neffect: {type: open_road, from: t, to: v}\n")
    session.run_until(20)
    # the inject's own hold is lifted at 10, the quake's stays: the row names only the quake
    assert rows(session, "road_still_closed", "road_opened") == [[10, "road_still_closed", "t|v", "earthquake"]]
    assert world.road_causes.causes("t", "v") == ["earthquake"]


def test_slow_road_logs_the_roads_resulting_factor_not_the_injects(tiny_scenario):
    session = DrillSession(tiny_scenario)
    world = session.world
    world.road_causes.slow("c", "t", "earthquake", 3.0)  # cracked: three times slower
    session.add_inject("id: jam\ntime: 5\ntext: {zh: 拥堵, en: jam}\neffect: {type: slow_road, from: c, to: t, factor: 2}\n")
    session.add_inject("id: free\ntime: 10\ntext: {zh: 疏通, en: cleared}\neffect: {type: slow_road, from: c, to: t, factor: 4}\n")
    session.add_inject("id: lift\ntime: 15\ntext: {zh: 恢复, en: lifted}\neffect: {type: slow_road, from: c, to: t, factor: 1}\n")
    session.run_until(20)
    # the road is as slow as its worst cause: max(3, 2) = 3; max(3, 4) = 4; the inject's lifted: the quake's 3
    assert [(t, q) for t, q in session.events().query("kind == 'road_slowed'")[["time", "quantity"]].values.tolist()] == [(5, 3.0), (10, 4.0), (15, 3.0)]
    assert world.roads.travel_minutes("c", "t") == 30  # 10 minutes x 3
