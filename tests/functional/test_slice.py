"""Behaviour of the first vertical slice on the flagship scenario."""

from __future__ import annotations

import pandas as pd
import pytest

from simulator.metrics import compute_kpis, incident_table
from simulator.metrics.supplies import unmet_over_time
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
    # a contingency plan's response level over an area raises the incidents there (simulator.models.contingency)
    events = run.events
    raised = events[events["kind"].isin(["response_level_applied", "plan_decision"]) & (events["incident"] != "")]
    final_level = dict(zip(raised["incident"], raised["level"]))
    for incident, row in table.iterrows():
        commander = units[row["commander"]]
        tier = rainstorm.command.commanding_tier[final_level.get(incident, row["level"])]
        if commander.kind == "specialised_hq":
            # "1+12": the general HQ handed it to the HQ that leads for the hazard
            parent = units[commander.parent]
            assert level_rank(parent.level) >= level_rank(tier)
            assert lead_hq(rainstorm, parent, row["hazard"]).id == commander.id
        else:
            assert commander.level == tier


# What a team may do next: it is only sent when idle at base, or straight on
# from a finished job (redeployed), so it is never in two places at once.
NEXT = {
    None: {"team_dispatched", "team_available"},
    "team_available": {"team_dispatched"},
    "team_dispatched": {"team_mobilised", "team_coordinated", "team_arrived", "team_recalled", "team_rerouted", "team_blocked"},
    "team_coordinated": {"team_mobilised", "team_arrived", "team_recalled", "team_rerouted", "team_blocked"},
    "team_mobilised": {"team_arrived", "team_recalled", "team_rerouted", "team_blocked"},
    "team_rerouted": {"team_arrived", "team_returned", "team_rerouted", "team_blocked", "team_recalled"},
    "team_blocked": {"team_arrived", "team_returned", "team_rerouted", "team_blocked", "team_recalled"},
    "team_arrived": {"team_released", "team_recalled"},
    "team_released": {"team_returned", "team_redeployed", "team_rerouted", "team_blocked"},
    "team_redeployed": {"team_dispatched"},
    "team_recalled": {"team_returned", "team_rerouted", "team_blocked"},
    "team_returned": {"team_dispatched", "team_resting"},
    "team_resting": {"team_rested"},
    "team_rested": {"team_dispatched"},
    # a contingency plan's pre-positioning: from free to a staging place, free again there
    "team_prepositioning": {"team_staged", "team_rerouted", "team_blocked"},
    "team_staged": {"team_dispatched", "team_prepositioning"},
}
for _free in (None, "team_available", "team_returned", "team_rested"):
    NEXT[_free] = NEXT[_free] | {"team_prepositioning"}
for _moving in ("team_rerouted", "team_blocked"):
    NEXT[_moving] = NEXT[_moving] | {"team_staged"}


def assert_never_in_two_places(events):
    moves = events[events["kind"].str.startswith("team_")].sort_values("seq")
    for team, rows in moves.groupby("team"):
        state = None
        for kind in rows["kind"]:
            assert kind in NEXT[state], (team, state, kind)
            state = kind


def test_a_team_is_never_in_two_places(run):
    assert (run.events["kind"] == "team_arrived").sum() > 10
    assert_never_in_two_places(run.events)


def test_supplies_are_conserved(rainstorm, run):
    ev = run.events
    dispatched = ev[ev["kind"] == "supply_dispatched"].groupby("item")["quantity"].sum()
    delivered = ev[ev["kind"] == "supply_delivered"].groupby("item")["quantity"].sum()
    requested = ev[ev["kind"] == "supply_requested"].groupby("item")["quantity"].sum()
    short = ev[ev["kind"] == "supply_short"].groupby("item")["quantity"].sum()
    filled = ev[ev["kind"] == "supply_short_filled"].groupby("item")["quantity"].sum()
    initial = pd.Series({i.id: sum(d.stock.get(i.id, 0) for d in rainstorm.depots) for i in rainstorm.items})
    for item in requested.index:
        # every unit asked for is either shipped or still owed (recorded short, less what was found later)
        owed = short.get(item, 0) - filled.get(item, 0)
        assert requested[item] == pytest.approx(dispatched.get(item, 0) + owed)
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
    # never reached: censored at the horizon, 600 - detected 110 (simulator.metrics.censoring)
    assert kpis["first_arrival_mean"] == 600 - 110
    assert kpis["first_arrival_completed_share"] == 0.0


def test_busy_team_makes_the_next_incident_wait(tiny):
    # two incidents 10 minutes apart, one team: the second waits until the team is released (199)
    # and the team goes straight on to it (redeployment) without mobilising again
    tiny["incidents"][0]["schedule"] = [100, 110]
    events = simulate(parse_scenario(to_yaml(tiny))).events
    assert "need_queued" in events["kind"].tolist()
    dispatched = events.loc[events["kind"] == "team_dispatched", "time"].tolist()
    assert dispatched == [118, 199]
    assert events.loc[events["kind"] == "team_redeployed", "time"].tolist() == [199]
    assert events.loc[events["kind"] == "team_mobilised", "time"].tolist() == [124]
    # without redeployment it drives back to base first (returns at 214)
    tiny["response"] = {"redeploy": False}
    events = simulate(parse_scenario(to_yaml(tiny))).events
    assert events.loc[events["kind"] == "team_dispatched", "time"].tolist() == [118, 214]


def test_closed_road_reroutes_or_blocks(tiny):
    # closing the only road to the village before the incident: no team can reach it
    tiny["injects"] = [{"id": "cut", "time": 50, "text": {"zh": "断路", "en": "road cut"}, "effect": {"type": "close_road", "from": "t", "to": "v"}}]
    events = simulate(parse_scenario(to_yaml(tiny))).events
    kinds = events["kind"].tolist()
    assert "road_closed" in kinds and "team_arrived" not in kinds
    assert "need_queued" in kinds
    assert events.loc[events["kind"] == "supply_short", "quantity"].tolist() == [40]


def test_a_reopened_road_brings_the_waiting_team_and_the_owed_supplies(tiny):
    # cut at 50, reopened at 300. The sandbags (40, short at 118) go at 300: the town store is the
    # township's, decided at once; loading 10, road 5 -> 315. The queued need is served at 300 too:
    # order 1 minute down the chain, mobilising 5, road 10 + 5 -> on scene 321, 60 minutes there -> 381,
    # and relief (no minutes of its own) has had its sandbags since 315, so the incident closes at 381
    tiny["injects"] = [
        {"id": "cut", "time": 50, "text": {"zh": "断路", "en": "road cut"}, "effect": {"type": "close_road", "from": "t", "to": "v"}},
        {"id": "mend", "time": 300, "text": {"zh": "抢通", "en": "road reopened"}, "effect": {"type": "open_road", "from": "t", "to": "v"}},
    ]
    events = simulate(parse_scenario(to_yaml(tiny))).events

    def at(kind):
        return events.loc[events["kind"] == kind, "time"].tolist()

    assert at("supply_short") == [118] and at("supply_short_filled") == [300] and at("supply_delivered") == [315]
    assert at("team_dispatched") == [300] and at("team_arrived") == [321]
    assert at("incident_closed") == [381] and at("incident_open") == []


def test_supplies_never_found_keep_the_incident_open_and_unmet(tiny):
    # the store holds 10 of the 40 sandbags: 30 stay owed to the end, relief never ends
    tiny["depots"][0]["stock"] = {"sandbag": 10}
    events = simulate(parse_scenario(to_yaml(tiny))).events
    assert "team_arrived" in events["kind"].tolist() and "incident_closed" not in events["kind"].tolist()
    assert events.loc[events["kind"] == "incident_open", "detail"].tolist() == ["awaiting_supplies"]
    assert compute_kpis(events, 600, ["city_team"])["incidents_unmet"] == 1
    assert unmet_over_time(events)["cumulative"].tolist() == [30]
    # with lost shortfalls the 30 are dropped and relief ends with what came
    tiny["logistics"] = {"shortfall": "lost"}
    events = simulate(parse_scenario(to_yaml(tiny))).events
    assert "incident_closed" in events["kind"].tolist() and "incident_open" not in events["kind"].tolist()


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
