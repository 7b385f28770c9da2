"""Public information: the scenario section's errors, the hotline thinning and the KPIs from hand-made logs."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from simulator.engine.streams import RandomStreams
from simulator.eventlog import numbered_events_frame
from simulator.metrics.publicity import KPI_NAMES, publicity_kpis, publicity_table
from simulator.models.hotline import HotlineSurge
from simulator.scenario import ScenarioError, parse_scenario
from tests.conftest import to_yaml

PROPAGANDA = {"id": "propaganda", "name": {"zh": "市委宣传部", "en": "Propaganda department"}, "level": "city", "place": "c", "duty_staff": 1, "handling_minutes": 10}


def with_publicity(tiny: dict, **section) -> dict:
    tiny["command"]["units"].append(dict(PROPAGANDA))
    tiny["public_information"] = {"unit": "propaganda", **section}
    return tiny


def problems(text: str, lang: str) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "s.yaml")
    return info.value.render(lang).splitlines()


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


# -- the scenario section ---------------------------------------------------------------


def test_defaults_are_the_state_council_targets(tiny):
    sc = parse_scenario(to_yaml(with_publicity(tiny)), "s.yaml")
    spec = sc.public_information
    # 5 h to the first release, 24 h to the press conference (国办发〔2016〕61号 / 80号), levels I-II
    assert (spec.release_target_minutes, spec.press_conference_target_minutes, spec.levels) == (300, 1440, ("I", "II"))
    assert spec.hotline_multiplier == 1


def test_unknown_publicity_unit_gives_file_line_in_zh_and_en(tiny):
    with_publicity(tiny)
    tiny["public_information"]["unit"] = "xuanchuanbu"
    text = to_yaml(tiny)
    line = line_of(text, "unit: xuanchuanbu")
    assert problems(text, "en") == [f"s.yaml:{line}: public_information.unit: unknown command unit 'xuanchuanbu'"]
    assert problems(text, "zh") == [f"s.yaml:{line}: public_information.unit: 未定义的指挥单位 'xuanchuanbu'"]


def test_a_specialised_hq_cannot_speak_for_the_city(tiny):
    with_publicity(tiny)
    tiny["command"]["units"].append({"id": "flood_hq", "name": {"zh": "防汛指挥部", "en": "Flood HQ"}, "level": "city", "kind": "specialised_hq", "place": "c", "parent": "city_office", "leads": ["flood"]})
    tiny["public_information"]["unit"] = "flood_hq"
    text = to_yaml(tiny)
    line = line_of(text, "unit: flood_hq")
    (en,) = problems(text, "en")
    (zh,) = problems(text, "zh")
    assert en.startswith(f"s.yaml:{line}: public_information.unit: 'flood_hq' is a specialised HQ")
    assert zh.startswith(f"s.yaml:{line}: public_information.unit: 'flood_hq' 是专项指挥部")


def test_bad_values_name_their_line(tiny):
    with_publicity(tiny, hotline_multiplier=0.5, levels=["V"])
    text = to_yaml(tiny)
    en = problems(text, "en")
    zh = problems(text, "zh")
    assert any(p.startswith(f"s.yaml:{line_of(text, 'hotline_multiplier')}: public_information.hotline_multiplier:") for p in en)
    assert any(p.startswith(f"s.yaml:{line_of(text, '- V')}: public_information.levels[0]:") for p in zh)
    assert len(en) == len(zh) == 2


def test_press_conference_target_before_release_target_is_refused(tiny):
    with_publicity(tiny, release_target_minutes=300, press_conference_target_minutes=120)
    text = to_yaml(tiny)
    (en,) = problems(text, "en")
    (zh,) = problems(text, "zh")
    assert en.endswith("press_conference_target_minutes must not be below release_target_minutes")
    assert "不能小于" in zh and zh.startswith(f"s.yaml:{line_of(text, 'public_information:')}: public_information:")


# -- thinning ---------------------------------------------------------------------------


def test_thinning_keeps_every_candidate_at_the_peak_and_one_in_m_otherwise():
    streams = RandomStreams(1)
    surge = HotlineSurge(4.0)
    surge.rise(["a"])
    jobs = [streams.get(f"public_calls.a.{n}") for n in range(2000)]
    # while raised, rate(t) = peak: every candidate is kept (no draw made)
    assert all(surge.keeps("a", job) for job in jobs)
    surge.fall(["a"])
    assert not surge.raised("a")
    # calm: kept exactly when the candidate's own keep draw is below rate/peak = 1/4
    kept = [surge.keeps("a", job) for job in jobs]
    assert kept == [job.child("keep").random() < 0.25 for job in jobs]
    # and about a quarter of them: binomial(2000, 1/4) has sd sqrt(2000 * 0.25 * 0.75) = 19.4
    assert abs(sum(kept) - 500) < 4 * math.sqrt(2000 * 0.25 * 0.75)


def test_overlapping_incidents_raise_once_and_fall_with_the_last():
    surge = HotlineSurge(3.0)
    surge.rise(["a", "b"])
    surge.rise(["a"])
    surge.fall(["a", "b"])
    assert surge.raised("a") and not surge.raised("b")
    surge.fall(["a"])
    assert not surge.raised("a")


def test_no_surge_without_a_rise(tiny):
    assert HotlineSurge.of(parse_scenario(to_yaml(tiny), "s.yaml")) is None
    assert HotlineSurge.of(parse_scenario(to_yaml(with_publicity(tiny)), "s.yaml")) is None  # multiplier 1


# -- KPIs from a hand-made log ----------------------------------------------------------


def log(rows: list[dict]) -> pd.DataFrame:
    fields = ("time", "kind", "entity", "location", "incident", "team", "unit", "item", "quantity", "level", "detail")
    return numbered_events_frame([tuple(r.get(f, float("nan") if f == "quantity" else "") for f in fields) for r in rows])


def test_kpis_and_table_by_hand(tiny):
    tiny["command"]["units"][1]["public_calls_per_hour"] = 6
    sc = parse_scenario(to_yaml(with_publicity(tiny)), "s.yaml")
    rows = [
        # a: major, detected at 10, released at 250 (240 min: within 300), conference at 1200 (> horizon 600: censored)
        {"time": 0, "kind": "incident_occurred", "incident": "a", "location": "v", "level": "II", "detail": "flood"},
        {"time": 10, "kind": "incident_detected", "incident": "a", "level": "II"},
        # b: major, detected at 100, never released by 600: censored at 500 minutes, not within
        {"time": 90, "kind": "incident_occurred", "incident": "b", "location": "v", "level": "I", "detail": "flood"},
        {"time": 100, "kind": "incident_detected", "incident": "b", "level": "I"},
        # c: minor (IV): needs no release
        {"time": 95, "kind": "incident_occurred", "incident": "c", "location": "v", "level": "IV", "detail": "flood"},
        {"time": 96, "kind": "incident_detected", "incident": "c", "level": "IV"},
        # public calls at the town office (in both incidents' area) at 5, 50, 150, 300; one at a unit elsewhere
        {"time": 5, "kind": "message_queued", "unit": "town_office", "detail": "public_call"},
        {"time": 50, "kind": "message_queued", "unit": "town_office", "detail": "public_call"},
        {"time": 150, "kind": "message_queued", "unit": "town_office", "detail": "public_call"},
        {"time": 250, "kind": "public_release", "incident": "a", "entity": "met", "quantity": 240},
        {"time": 300, "kind": "message_queued", "unit": "town_office", "detail": "public_call"},
        {"time": 320, "kind": "message_queued", "unit": "propaganda", "detail": "public_call"},
        {"time": 600, "kind": "run_ended"},
    ]
    events = log(rows)
    table = publicity_table(events, sc)
    assert list(table.index) == ["a", "b"]
    # a's gap [10, 250) holds the calls at 50 and 150; b's gap [100, 600) holds 150 and 300
    assert table["gap_calls"].tolist() == [2, 2]
    kpis = publicity_kpis(events, sc)
    assert kpis["public_release_mean"] == pytest.approx((240 + 500) / 2)  # b counts the 500 minutes it waited
    assert kpis["public_release_completed_share"] == 0.5
    assert kpis["public_release_within_target_share"] == 0.5  # b not within
    assert kpis["press_conference_within_target_share"] == 0.0  # neither held by the end
    # calls while some release was awaited: 50, 150, 300 (150 once, though both were awaited); 5 before, propaganda not in the area
    assert kpis["hotline_calls_awaiting_release"] == 3.0


# An incident raised to a major level after it occurred: tests/functional/test_public_information.py,
# from real runs (a plan's and the players' decisions), so the rows are of the kinds the model logs.


def test_no_section_no_data(tiny):
    sc = parse_scenario(to_yaml(tiny), "s.yaml")
    events = log([{"time": 0, "kind": "incident_occurred", "incident": "a", "location": "v", "level": "I", "detail": "flood"}, {"time": 600, "kind": "run_ended"}])
    assert publicity_kpis(events, sc) == dict.fromkeys(KPI_NAMES)
    assert publicity_kpis(events, None) == dict.fromkeys(KPI_NAMES)
    assert publicity_table(events, sc).empty
