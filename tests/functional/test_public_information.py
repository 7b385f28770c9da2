"""Public information in runs: the release clock by hand, no release for a minor incident, the hotline gap, an unchanged log without the section."""

from __future__ import annotations

import math

import pandas as pd

from simulator.engine import SimContext, Stepper
from simulator.metrics import compute_kpis
from simulator.metrics.publicity import publicity_table
from simulator.models import World, simulate
from simulator.models.teams import players_decide
from simulator.scenario import parse_scenario
from tests.conftest import tiny_dict, to_yaml

PROPAGANDA = {"id": "propaganda", "name": {"zh": "市委宣传部", "en": "Propaganda department"}, "level": "city", "place": "c", "duty_staff": 1, "handling_minutes": 10}
SECTION = {"unit": "propaganda", "drafting_minutes": 60, "approval_minutes": 30, "press_conference_minutes": 120}
RELEASE_ROWS = ("public_release", "press_conference")


def scenario(level: str = "II", section: dict | None = SECTION, **changes):
    d = tiny_dict()
    d["incidents"][0]["severity"] = {level: 1.0}
    d["command"]["units"].append(dict(PROPAGANDA))
    if section is not None:
        d["public_information"] = dict(section)
    for key, value in changes.items():
        d[key] = value
    return d


def run(d: dict, seed: int | None = None) -> pd.DataFrame:
    return simulate(parse_scenario(to_yaml(d), "s.yaml"), seed=seed).events


def rows(events: pd.DataFrame, kind: str) -> pd.DataFrame:
    return events[events["kind"] == kind]


def test_release_and_press_conference_times_by_hand():
    events = run(scenario())
    # occurred 100, detected 110 (detection 10). Phone report (hop 1 + desk each):
    # village 111-113, town 114-118, city 119-122: command at 122 (level II commands at the city).
    # Report to the propaganda department: hop 1 -> 123, its desk 10 -> 133;
    # drafting 60 + approval 30 -> release at 223, i.e. 113 min after detection (target 300: met);
    # press conference 120 later -> 343, 233 min after detection (target 1440: met).
    assert rows(events, "command_assumed")["time"].tolist() == [122.0]
    sent = events[(events["kind"] == "message_sent") & (events["detail"] == "publicity")]
    assert sent[["time", "entity", "unit"]].values.tolist() == [[122.0, "city_office", "propaganda"]]
    handled = events[(events["kind"] == "message_handled") & (events["detail"] == "publicity")]
    assert handled[["time", "unit"]].values.tolist() == [[133.0, "propaganda"]]
    release = rows(events, "public_release")
    assert release[["time", "entity", "unit", "quantity", "level"]].values.tolist() == [[223.0, "met", "propaganda", 113.0, "II"]]
    conference = rows(events, "press_conference")
    assert conference[["time", "entity", "quantity"]].values.tolist() == [[343.0, "met", 233.0]]


def test_a_late_release_is_missed_and_a_censored_one_not_within():
    late = scenario(section={**SECTION, "drafting_minutes": 250, "press_conference_minutes": 1000})
    events = run(late)
    # release at 133 + 250 + 30 = 413: 303 min after detection > 300; conference at 1413, past the horizon (600)
    assert rows(events, "public_release")[["time", "entity", "quantity"]].values.tolist() == [[413.0, "missed", 303.0]]
    assert rows(events, "press_conference").empty
    sc = parse_scenario(to_yaml(late), "s.yaml")
    kpis = compute_kpis(events, 600, scenario=sc)
    assert kpis["public_release_mean"] == 303.0
    assert kpis["public_release_within_target_share"] == 0.0
    assert kpis["press_conference_within_target_share"] == 0.0  # not held by the horizon: not within


def test_the_commanding_unit_as_its_own_press_office():
    events = run(scenario(section={**SECTION, "unit": "city_office"}))
    # no hop: the city office's own desk (3 min) from 122 -> 125, + 90 -> release at 215 (105 after detection)
    assert events[(events["kind"] == "message_sent") & (events["detail"] == "publicity")].empty
    assert rows(events, "public_release")[["time", "quantity"]].values.tolist() == [[215.0, 105.0]]


def test_a_minor_incident_gets_no_release():
    events = run(scenario(level="IV"))
    assert rows(events, "command_assumed")["time"].tolist() == [118.0]  # commanded at the town office
    assert events[events["kind"].isin(RELEASE_ROWS) | (events["detail"] == "publicity")].empty


def test_without_the_section_the_log_is_the_runs_without_its_rows():
    """The section with no hotline rise adds its own rows and nothing else: every other draw and time stays."""
    def busy(d):
        d["command"]["units"][1]["public_calls_per_hour"] = 12  # the town office's hotline rings all run
        return d

    plain = run(busy(scenario(section=None)), seed=3)
    with_section = run(busy(scenario()), seed=3)
    own = with_section["kind"].isin(RELEASE_ROWS) | (with_section["detail"] == "publicity")
    assert own.sum() == 6  # sent, queued, started, handled; release; conference
    kept = with_section[~own].drop(columns="seq").reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, plain.drop(columns="seq").reset_index(drop=True))


def test_hotline_calls_rise_between_detection_and_release():
    # The town office takes 6 calls an hour, x5 = 30 an hour while the major incident awaits its release.
    # Drafting 3000 min makes a long gap; handling calls takes no time, so queues do not move the release.
    d = scenario(section={**SECTION, "drafting_minutes": 3000, "hotline_multiplier": 5, "release_target_minutes": 5000, "press_conference_target_minutes": 9000})
    d["meta"]["horizon"] = 9000
    d["command"]["units"][1].update(public_calls_per_hour=6, duty_staff=5, handling_by_type={"public_call": 0})
    events = run(d)
    detected = rows(events, "incident_detected")["time"].iloc[0]
    released = rows(events, "public_release")["time"].iloc[0]
    calls = events[(events["kind"] == "message_queued") & (events["detail"] == "public_call")]["time"]
    # as in test_release_and_press_conference_times_by_hand: detected at 110, the propaganda desk done at 133,
    # + 3000 drafting + 30 approval = release at 3163: a gap of 3053 min
    gap = released - detected
    assert gap == 3053.0
    inside = int(((calls >= detected) & (calls < released)).sum())
    outside = len(calls) - inside
    # Poisson counts: expected = rate x time, sd = sqrt(expected); allow 4 sd
    expected_in = 30 / 60 * gap  # 1526.5
    expected_out = 6 / 60 * (9000 - gap)  # 594.7
    assert abs(inside - expected_in) < 4 * math.sqrt(expected_in)
    assert abs(outside - expected_out) < 4 * math.sqrt(expected_out)
    sc = parse_scenario(to_yaml(d), "s.yaml")
    assert compute_kpis(events, 9000, scenario=sc)["hotline_calls_awaiting_release"] == inside


def test_common_random_numbers_a_later_release_only_adds_calls():
    """Thinning keeps each candidate by its own draw: a later release keeps every call of the earlier one, and more."""
    def calls(drafting: float) -> set[float]:
        d = scenario(section={**SECTION, "drafting_minutes": drafting, "hotline_multiplier": 3})
        d["command"]["units"][1].update(public_calls_per_hour=6, duty_staff=5, handling_by_type={"public_call": 0})
        events = run(d, seed=11)
        return set(events[(events["kind"] == "message_queued") & (events["detail"] == "public_call")]["time"])

    early, late = calls(60), calls(300)
    assert early < late  # a strict superset: the extra calls fall in the longer gap
    assert all(223 <= t < 463 for t in late - early)  # early release at 223, late at 463


# -- an incident raised to a major level after it occurred: the kinds the model itself logs ------------

RAIN = {"id": "rain", "name": {"zh": "市气象站雨量", "en": "Rainfall at the city station"}, "quantity": "rainfall_mm_per_hour", "place": "c", "points": [[0, 10], [60, 70]]}


def raising_plan() -> dict:
    """The town's plan: at 50 mm/h (minute 40: 10 + 40/60 x 60) its area goes to response level II."""
    return {
        "id": "town_plan", "name": {"zh": "镇防汛预案", "en": "Town flood plan"}, "scope": "township", "place": "t", "unit": "town_office",
        "triggers": [{"id": "rain50", "series": "rain", "above": 50, "level": "IV"}],
        "actions": [{"id": "level", "level": "IV", "do": "set_response_level", "response_level": "II"}],
    }


def judged(d: dict, events: pd.DataFrame):
    sc = parse_scenario(to_yaml(d), "s.yaml")
    return publicity_table(events, sc), compute_kpis(events, 600, scenario=sc)


def test_a_plan_raising_the_area_before_the_incident_gets_it_judged():
    d = scenario(level="IV", hazard_series=[RAIN], plans=[raising_plan()])
    events = run(d)
    # the flood at v (minute 100) lies in a level II area: raised as it occurs (``response_level_applied``),
    # so commanded at the city (122) and released at 223, as in test_release_and_press_conference_times_by_hand
    assert rows(events, "response_level_applied")[["time", "level"]].values.tolist() == [[100.0, "II"]]
    assert rows(events, "public_release")[["time", "quantity"]].values.tolist() == [[223.0, 113.0]]
    table, kpis = judged(d, events)
    assert table[["level", "start", "released", "conference"]].values.tolist() == [["II", 110.0, 223.0, 343.0]]
    assert kpis["public_release_mean"] == 113.0
    assert kpis["public_release_within_target_share"] == 1.0
    assert kpis["press_conference_within_target_share"] == 1.0


def test_a_plan_raising_a_commanded_incident_gets_it_judged():
    d = scenario(level="IV", hazard_series=[RAIN], plans=[raising_plan()])
    d["incidents"][0]["schedule"] = [0]
    events = run(d)
    # the flood at v occurs at 0, detected 10, commanded by the town office at 18 (village 11-13, town 14-18).
    # At 40 the plan raises it to II (a ``plan_decision``): the city commands and reports on to the
    # propaganda department: hop 1 -> 41, desk 10 -> 51, drafting 60 + approval 30 -> release at 141,
    # 131 min after detection; press conference 120 later at 261 (251 min)
    raised = rows(events, "plan_decision")
    assert raised[["time", "entity", "level"]].values.tolist() == [[40.0, "set_response_level", "II"]]
    table, kpis = judged(d, events)
    assert table[["level", "start", "released", "conference"]].values.tolist() == [["II", 10.0, 141.0, 261.0]]
    assert kpis["public_release_mean"] == 131.0
    assert kpis["public_release_completed_share"] == 1.0


def test_the_players_raising_an_incident_get_it_judged():
    d = scenario(level="IV")
    ctx = SimContext.create(parse_scenario(to_yaml(d), "s.yaml"))
    world = World(ctx, players_decide).start()
    stepper = Stepper(ctx)
    stepper.run_until_decision()  # the report reaches the town office at 118: the need waits for the players
    assert world.decisions.set_response_level("flood-001", "II") == "city_office"
    world.decisions.dispatch_team("city_team", "flood-001")
    stepper.run_to_end()
    events = ctx.recorder.to_frame()
    # a ``decision`` at 118: the city reports on: hop 1 -> 119, desk 10 -> 129, + 90 -> release at 219,
    # 109 min after detection (110); press conference at 339 (229 min)
    assert rows(events, "decision")[["time", "entity", "level"]].values.tolist()[0] == [118.0, "set_response_level", "II"]
    table, kpis = judged(d, events)
    assert table[["level", "start", "released", "conference"]].values.tolist() == [["II", 110.0, 219.0, 339.0]]
    assert kpis["public_release_mean"] == 109.0


def test_a_level_lowered_again_keeps_its_release_and_shows_the_last_level():
    d = scenario(level="IV")
    ctx = SimContext.create(parse_scenario(to_yaml(d), "s.yaml"))
    world = World(ctx, players_decide).start()
    stepper = Stepper(ctx)
    stepper.run_until_decision()
    world.decisions.set_response_level("flood-001", "II")
    world.decisions.set_response_level("flood-001", "III")  # lowered at once: the release under way goes on
    world.decisions.dispatch_team("city_team", "flood-001")
    stepper.run_to_end()
    table, _ = judged(d, ctx.recorder.to_frame())
    assert table[["level", "released"]].values.tolist() == [["III", 219.0]]  # as above: release at 219
