"""Public information in runs: the release clock by hand, no release for a minor incident, the hotline gap, an unchanged log without the section."""

from __future__ import annotations

import math

import pandas as pd

from simulator.metrics import compute_kpis
from simulator.models import simulate
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
