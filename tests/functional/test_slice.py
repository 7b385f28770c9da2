"""Behaviour of the first vertical slice on the flagship scenario."""

from __future__ import annotations

import pandas as pd
import pytest

from simulator.metrics import compute_kpis, incident_table
from simulator.models import simulate
from simulator.scenario import parse_scenario
from simulator.scenario.chain import lead_hq
from simulator.scenario.vocabulary import level_rank
from tests.conftest import to_yaml


@pytest.fixture(scope="module")
def run(rainstorm):
    return simulate(rainstorm)


def test_report_reaches_the_level_that_must_act(rainstorm, run):
    units = {u.id: u for u in rainstorm.command.units}
    table = incident_table(run.events)
    assert len(table) > 10
    for _, row in table.iterrows():
        commander = units[row["commander"]]
        tier = rainstorm.command.commanding_tier[row["level"]]
        if commander.kind == "specialised_hq":
            # "1+12": the general HQ handed it to the HQ that leads for the hazard
            parent = units[commander.parent]
            assert level_rank(parent.level) >= level_rank(tier)
            assert lead_hq(rainstorm, parent, row["hazard"]).id == commander.id
        else:
            assert commander.level == tier


def test_a_team_is_never_in_two_places(run):
    moves = run.events[run.events["kind"].str.startswith("team_")].sort_values("seq")
    expected_next = {
        "team_dispatched": "team_mobilised",
        "team_mobilised": "team_arrived",
        "team_arrived": "team_released",
        "team_released": "team_returned",
        "team_returned": "team_dispatched",
    }
    assert len(moves) > 20
    for team, rows in moves.groupby("team"):
        kinds = rows["kind"].tolist()
        assert kinds[0] == "team_dispatched", team
        for a, b in zip(kinds, kinds[1:]):
            assert expected_next[a] == b, (team, a, b)


def test_supplies_are_conserved(rainstorm, run):
    ev = run.events
    dispatched = ev[ev["kind"] == "supply_dispatched"].groupby("item")["quantity"].sum()
    delivered = ev[ev["kind"] == "supply_delivered"].groupby("item")["quantity"].sum()
    requested = ev[ev["kind"] == "supply_requested"].groupby("item")["quantity"].sum()
    short = ev[ev["kind"] == "supply_short"].groupby("item")["quantity"].sum()
    initial = pd.Series({i.id: sum(d.stock.get(i.id, 0) for d in rainstorm.depots) for i in rainstorm.items})
    for item in requested.index:
        # every unit asked for is either shipped or recorded short
        assert requested[item] == pytest.approx(dispatched.get(item, 0) + short.get(item, 0))
        assert delivered.get(item, 0) <= dispatched.get(item, 0) + 1e-9
        assert dispatched.get(item, 0) <= initial[item] + 1e-9


def test_incident_without_capable_team_stays_open_and_unmet(tiny):
    tiny["incidents"][0]["needs"] = [{"capability": "hazmat", "teams": 1, "on_scene_minutes": 30}]
    events = simulate(parse_scenario(to_yaml(tiny))).events
    kinds = events["kind"].tolist()
    assert "need_unmet" in kinds
    assert "incident_closed" not in kinds
    assert events.loc[events["kind"] == "incident_open", "detail"].tolist() == ["unserved"]
    kpis = compute_kpis(events, 600, ["city_team"])
    assert kpis["incidents_unmet"] == 1
    assert kpis["first_arrival_mean"] is None


def test_busy_team_makes_the_next_incident_wait(tiny):
    # two incidents 10 minutes apart, one team: the second waits for the team to return (214)
    tiny["incidents"][0]["schedule"] = [100, 110]
    events = simulate(parse_scenario(to_yaml(tiny))).events
    assert "need_queued" in events["kind"].tolist()
    dispatched = events.loc[events["kind"] == "team_dispatched", "time"].tolist()
    assert dispatched[0] == 118 and dispatched[1] == 214


def test_closed_road_reroutes_or_blocks(tiny):
    # closing the only road to the village before the incident: no team can reach it
    tiny["injects"] = [{"id": "cut", "time": 50, "text": {"zh": "断路", "en": "road cut"}, "effect": {"type": "close_road", "from": "t", "to": "v"}}]
    events = simulate(parse_scenario(to_yaml(tiny))).events
    kinds = events["kind"].tolist()
    assert "road_closed" in kinds and "team_arrived" not in kinds
    assert "need_queued" in kinds
    assert events.loc[events["kind"] == "supply_short", "quantity"].tolist() == [40]


def test_injected_incident_is_played_out(tiny):
    tiny["incidents"] = []
    tiny["injects"] = [
        {"id": "boat", "time": 30, "text": {"zh": "船翻", "en": "boat capsized"},
         "effect": {"type": "incident", "hazard": "flood", "place": "v", "level": "IV",
                    "needs": [{"capability": "water_rescue", "teams": 1, "on_scene_minutes": 20}]}}
    ]
    events = simulate(parse_scenario(to_yaml(tiny))).events
    closed = events[events["kind"] == "incident_closed"]
    assert closed["incident"].tolist() == ["boat"]
