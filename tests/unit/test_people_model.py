"""The people ledger's pieces on the tiny world (tests/conftest.py: c --10-- t --5-- v, 1000 people at v)."""

from __future__ import annotations

from simulator.metrics.kpis import compute_kpis
from simulator.metrics.people import people_by_state
from simulator.models.run import simulate
from simulator.scenario import parse_scenario
from tests.conftest import to_yaml

T = {"zh": "甲", "en": "a"}


def run(data):
    return simulate(parse_scenario(to_yaml(data), "tiny.yaml")).events


def rows(events, kind, *columns):
    return events.loc[events["kind"] == kind, list(columns)].values.tolist()


def test_an_incident_traps_no_more_people_than_are_at_home(tiny):
    # 10 trapped drawn, but only 4 live at v: 4 trapped, all rescued with a survival of 1
    tiny["places"][2]["population"] = 4
    tiny["incidents"][0]["trapped"] = {"people": 10, "rescue_capability": "pumping"}
    tiny["response"] = {"survival_curve": [[0, 1.0], [100, 1.0]]}
    events = run(tiny)
    assert rows(events, "people_trapped", "time", "quantity") == [[100, 4]]
    assert rows(events, "people_rescued", "quantity") == [[4]]
    kpis = compute_kpis(events, 600)
    assert kpis["people_rescued_alive"] == 4 and kpis["rescued_alive_share"] == 1
    final = people_by_state(events).iloc[-1]
    assert (final["home"], final["trapped"], final["rescued"]) == (0, 0, 4)


def test_an_evacuated_place_has_nobody_left_to_trap(tiny):
    # 100 people at 6000 an hour leave as one group of 100 at 100/6000 h = 1 minute, reach the
    # school at t 5 minutes later (6); the incident at 100 finds nobody at home: 0 trapped, 0 rescued
    tiny["places"][2]["population"] = 100
    tiny["incidents"][0]["trapped"] = {"people": 10, "rescue_capability": "pumping"}
    tiny["shelters"] = [{"id": "school", "name": T, "place": "t", "capacity": 500}]
    tiny["evacuation"] = {"places": [{"place": "v", "ordered_at": 0}], "rate_per_hour": 6000}
    events = run(tiny)
    assert rows(events, "evacuation_departed", "time", "quantity", "detail") == [[1, 100, "school"]]
    assert rows(events, "evacuees_arrived", "time", "quantity", "detail") == [[6, 100, "v"]]
    assert rows(events, "people_trapped", "quantity") == []
    assert rows(events, "people_rescued", "quantity") == [[0]]


def warned(tiny, level: str, on_warning: str | None) -> list:
    # SMS reaches 70% of v 15 minutes after the warning at 10: at 25, 700 of 1000 are told to go;
    # at 600 an hour a 10-minute group is 100: they leave at 35, 45, ..., 95 and reach t at 40 ... 100
    tiny["command"]["public_channels"] = [{"id": "sms", "name": T, "via": "broadcast", "coverage": 0.7, "delay_minutes": 15}]
    tiny["injects"] = [{"id": "w", "time": 10, "text": T, "effect": {"type": "warning", "by": "city_office", "level": level}}]
    tiny["incidents"] = []
    tiny["shelters"] = [{"id": "school", "name": T, "place": "t", "capacity": 5000}]
    tiny["evacuation"] = {"places": [{"place": "v"}], "rate_per_hour": 600, **({"on_warning": on_warning} if on_warning else {})}
    return rows(run(tiny), "evacuees_arrived", "time", "quantity")


def test_a_warning_at_or_above_on_warning_starts_the_warned_share(tiny):
    assert warned(tiny, "red", "orange") == [[40 + 10 * k, 100] for k in range(7)]


def test_a_lower_warning_or_no_on_warning_moves_nobody(tiny):
    assert warned(tiny, "yellow", "orange") == []
    assert warned(tiny, "red", None) == []


def test_scheduled_arrivals_come_from_outside_and_overflow_is_turned_away(tiny):
    # the one shelter holds 50: of 80 arriving at 60, 50 are admitted, 30 sent on, none has room: home
    tiny["shelters"] = [{"id": "school", "name": T, "place": "v", "capacity": 50, "arrivals": [{"time": 60, "people": 80}]}]
    tiny["incidents"] = []
    events = run(tiny)
    assert rows(events, "people_entered", "entity", "quantity", "detail") == [["~outside", 80, "moving"]]
    assert rows(events, "evacuees_arrived", "quantity") == [[50]] and rows(events, "shelter_overflow", "quantity") == [[30]]
    assert rows(events, "people_turned_away", "entity", "quantity") == [["~outside", 30]]
    assert compute_kpis(events, 600)["people_turned_away"] == 30


def test_a_scenario_without_shelters_or_trapped_people_records_no_people(tiny):
    events = run(tiny)
    assert not set(events["kind"]) & {"people_entered", "people_at_risk", "evacuees_arrived", "people_trapped"}
    kpis = compute_kpis(events, 600)
    assert kpis["evacuation_sheltered_before_hazard_share"] is None and kpis["people_turned_away"] is None


def test_people_by_state_figure_names_states_in_the_users_language(tiny):
    # 100 people leave v at 6000 an hour as one group at minute 1 and are sheltered at 6
    from simulator.viz.people import has_people, people_by_state_chart

    tiny["places"][2]["population"] = 100
    tiny["shelters"] = [{"id": "school", "name": T, "place": "t", "capacity": 500}]
    tiny["evacuation"] = {"places": [{"place": "v", "ordered_at": 0}], "rate_per_hour": 6000}
    events = run(tiny)
    assert has_people(events)
    fig = people_by_state_chart(events, "zh", horizon=600)
    assert [t.name for t in fig.data] == ["转移途中", "已安置", "被困", "已获救", "伤亡", "仍在家中的受威胁人员"]
    moving, sheltered, at_home = fig.data[0], fig.data[1], fig.data[-1]
    # rows: entered (0), departed (1), arrived (6), then held to the horizon (600)
    assert list(moving.x) == [0, 1, 6, 600] and list(moving.y) == [0, 100, 0, 0]
    assert list(sheltered.y) == [0, 0, 100, 100] and list(at_home.y) == [100, 0, 0, 0]
    assert people_by_state_chart(events, "en").layout.title.text == "People by state over time"


def test_people_still_trapped_at_the_end_count_as_not_rescued(tiny):
    # 4 trapped at 100; no team can rescue them (the rescue needs "collapse", which nobody has)
    tiny["places"][2]["population"] = 4
    tiny["incidents"][0]["trapped"] = {"people": 4, "rescue_capability": "collapse"}
    events = run(tiny)
    assert rows(events, "people_trapped", "quantity") == [[4]] and rows(events, "people_rescued", "quantity") == []
    kpis = compute_kpis(events, 600)
    assert kpis["people_rescued_alive"] == 0 and kpis["rescued_alive_share"] == 0  # 0 of 4, not "no data"


def tiny_copy():
    import copy

    from tests.conftest import tiny_dict

    return copy.deepcopy(tiny_dict())


def two_warnings(tiny, times, channels=(("sms", 0.6, 15), ("radio", 0.55, 20)), delay=None, plan_order_at=None):
    """Red warnings from the city office at ``times``, broadcast on ``channels`` (id, coverage, delay);
    v (1000 people) self-evacuates from orange, 6000 an hour, nobody refuses."""
    tiny["command"]["public_channels"] = [{"id": c, "name": T, "via": "broadcast", "coverage": cov, "delay_minutes": d} for c, cov, d in channels]
    tiny["injects"] = [{"id": f"w{t}", "time": t, "text": T, "effect": {"type": "warning", "by": "city_office", "level": "red"}} for t in times]
    tiny["incidents"] = []
    tiny["shelters"] = [{"id": "school", "name": T, "place": "t", "capacity": 5000}]
    tiny["evacuation"] = {"places": [{"place": "v", **({"ordered_at": plan_order_at} if plan_order_at is not None else {})}],
                          "rate_per_hour": 6000, "on_warning": "orange", **({"delay": delay} if delay else {})}
    return tiny


def test_people_reached_by_two_warnings_are_told_once():
    """Each warning reaches 1 - 0.4 x 0.45 = 82% of v (SMS 60% at +15, then radio 55% of the rest at +20).
    Warning 1 (10): 600 told at 25, 820 in all at 30. Warning 2 (100): at 115 its 60% makes the share
    reached by either 1 - 0.18 x 0.4 = 92.8% (928: 108 more); at 120 its 82%, 1 - 0.18 x 0.18 = 96.76%
    (968: 40 more). 968 leave in all, 32 stay home (before the fix every warning started from 1: 1000)."""
    events = run(two_warnings(tiny_copy(), [10, 100]))
    departed = events[events["kind"] == "evacuation_departed"]
    told_by = {t: int(departed.loc[departed["time"] <= t, "quantity"].sum()) for t in (99, 119, 600)}
    assert told_by == {99: 820, 119: 928, 600: 968}
    final = people_by_state(events).iloc[-1]
    assert (final["home"], final["sheltered"]) == (32, 968)


def test_an_extra_earlier_warning_leaves_the_orders_delay_draw_as_it_was(monkeypatch):
    """Common random numbers: v is ordered out at 200 (``ordered_at``), everyone told delays by a random
    1-120 minutes. With a warning at 10 first, part of v left on the warning; the order's delayed people
    are fewer, but their delay is the same draw (its stream is the order's, not "the second call")."""
    from simulator.models import evacuation_flow

    def order_ready(times):
        seen = []
        original = evacuation_flow.Departures.queue

        def spy(self, flow, ready_at, people):
            if self.ctx.now == 200 and ready_at > 200:  # the order's delayed people
                seen.append(ready_at)
            return original(self, flow, ready_at, people)

        monkeypatch.setattr(evacuation_flow.Departures, "queue", spy)
        run(two_warnings(tiny_copy(), times, channels=(("sms", 0.5, 15),), delay={"share": 1.0, "minutes": {"dist": "uniform", "low": 1, "high": 120}}, plan_order_at=200))
        monkeypatch.setattr(evacuation_flow.Departures, "queue", original)
        return seen

    alone, after_warning = order_ready([]), order_ready([10])
    assert len(alone) == 1 and alone == after_warning


def test_an_inject_trapping_people_where_nobody_lives_is_refused_at_its_line(tiny):
    """The tiny town t has no population: an incident inject with 5 trapped there would trap nobody."""
    import pytest

    from simulator.scenario import ScenarioError

    tiny["injects"] = [{"id": "collapse", "time": 30, "text": T, "effect": {
        "type": "incident", "hazard": "flood", "place": "t", "trapped": {"people": 5, "rescue_capability": "pumping"}}}]
    text = to_yaml(tiny)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "tiny.yaml")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip() == "trapped:")
    assert info.value.render("en").splitlines() == [f"tiny.yaml:{line}: injects[0].effect.trapped: nobody lives at 't', so nobody can be trapped there: give the place a population"]
    assert info.value.render("zh").splitlines() == [f"tiny.yaml:{line}: injects[0].effect.trapped: 't' 无人居住,无人可被困:请为该地点填写 population"]
    tiny["injects"][0]["effect"]["place"] = "v"  # 1,000 live at v: accepted
    parse_scenario(to_yaml(tiny), "tiny.yaml")


def test_the_inject_form_refuses_trapped_people_where_nobody_lives(tiny_scenario):
    import pytest

    from simulator.drill.injects import validate_inject
    from simulator.scenario import ScenarioError

    text = "id: collapse\ntime: 30\ntext: {zh: 倒塌, en: collapse}\neffect: {type: incident, hazard: flood, place: c, trapped: {people: 5, rescue_capability: pumping}}\n"
    with pytest.raises(ScenarioError) as info:
        validate_inject(text, tiny_scenario, set(), 0)
    assert [p.loc for p in info.value.problems] == [("effect", "trapped")]
    assert "nobody lives at 'c'" in info.value.render("en")


def test_a_source_that_may_trap_people_where_nobody_lives_is_warned_about_at_its_line(tiny, tmp_path):
    from simulator.scenario import load_scenario
    from simulator.scenario.team_minimums import advice_for_file

    tiny["incidents"][0]["places"] = ["t", "v"]  # the town has no population
    tiny["incidents"][0]["trapped"] = {"people": 3, "rescue_capability": "pumping"}
    path = tmp_path / "tiny.yaml"
    path.write_text(to_yaml(tiny), encoding="utf-8")
    advice = advice_for_file(path, load_scenario(path))  # a warning: the file is valid
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if row.strip() == "trapped:")
    assert [a.render("tiny.yaml", "en") for a in advice] == [
        f"tiny.yaml:{line}: incidents[0].trapped: warning: Waterlogging traps people, but nobody lives at Town: an incident there traps nobody (give those places a population)"]
    assert [a.render("tiny.yaml", "zh") for a in advice] == [
        f"tiny.yaml:{line}: incidents[0].trapped: 警告:内涝会造成人员被困,但镇无人居住,在这些地点发生时无人被困(请为其填写 population)"]
