"""A synthetic city of any size, for benchmarks and scale tests.

    scenario = synthetic_city(districts=10, townships_per_district=12, communities_per_township=10,
                              teams=300, depots=131, incidents_per_hour=139, hours=72)

Places at every level (city, districts, townships, communities) with
roads between each place and its parent plus cross links (between
neighbouring districts, townships of a district and communities of a
township), a command unit at every place (city HQ with a flood HQ, district
bureaus, township offices, community stations), teams spread over the
tiers, tiered depots with trucks and reorders, a shelter per district, a
red warning and a road closure. Incidents (waterlogging, people trapped,
collapses, fires) arrive as Poisson streams over each district's
communities at ``incidents_per_hour`` for the whole city.

Everything is drawn from ``random.Random(seed)``, so the same arguments
give the same scenario. :func:`synthetic_data` gives the plain data (dump
it as YAML to get a big scenario file); :func:`synthetic_city` passes it
through the same validation as a scenario file (pydantic models, then the
cross-reference and work checks) and raises :class:`ScenarioError` if it fails.
"""

from __future__ import annotations

import math
import random

from simulator.scenario.models import Scenario
from simulator.scenario.problems import ScenarioError
from simulator.scenario.references import check_references
from simulator.scenario.work import check_work

# incident mix: (id, hazard, share of incidents, needs, supplies, severity)
_INCIDENT_TYPES = (
    (
        "waterlogging", "flood", 0.6,
        [{"capability": "pumping", "teams": 1, "on_scene_minutes": {"dist": "lognormal", "mean": 25, "sd": 12}}],
        {"sandbag": 100},
        {"IV": 0.85, "III": 0.13, "II": 0.02},
    ),
    (
        "trapped", "flood", 0.2,
        [
            {"capability": "water_rescue", "teams": 1, "on_scene_minutes": {"dist": "lognormal", "mean": 20, "sd": 10}},
            {"capability": "medical", "teams": 1, "on_scene_minutes": {"dist": "lognormal", "mean": 15, "sd": 8}},
        ],
        {"life_jacket": 10, "first_aid": 2},
        {"IV": 0.6, "III": 0.35, "II": 0.05},
    ),
    (
        "collapse", "geological", 0.12,
        [{"capability": "collapse", "teams": 1, "on_scene_minutes": {"dist": "triangular", "low": 15, "mode": 30, "high": 60}}],
        {},
        {"IV": 0.7, "III": 0.3},
    ),
    (
        "fire", "fire", 0.08,
        [{"capability": "fire", "teams": 1, "on_scene_minutes": {"dist": "lognormal", "mean": 20, "sd": 10}}],
        {},
        {"IV": 0.8, "III": 0.2},
    ),
)

# team kinds per tier: (type, capabilities, mobilisation minutes)
_CITY_TEAMS = (
    ("comprehensive", ["water_rescue", "collapse", "evacuation", "pumping"], {"dist": "triangular", "low": 5, "mode": 10, "high": 20}),
    ("government_fire", ["fire", "water_rescue", "collapse"], {"dist": "triangular", "low": 2, "mode": 5, "high": 10}),
    ("medical", ["medical"], {"dist": "triangular", "low": 5, "mode": 10, "high": 20}),
    ("professional", ["geological", "collapse"], {"dist": "triangular", "low": 15, "mode": 25, "high": 45}),
)
_DISTRICT_TEAMS = (
    ("professional", ["pumping"], {"dist": "triangular", "low": 10, "mode": 15, "high": 30}),
    ("government_fire", ["fire", "water_rescue", "collapse"], {"dist": "triangular", "low": 2, "mode": 5, "high": 10}),
    ("medical", ["medical"], {"dist": "triangular", "low": 5, "mode": 10, "high": 20}),
)
_TOWNSHIP_TEAMS = (
    ("shock", ["evacuation", "pumping", "fire"], {"dist": "triangular", "low": 5, "mode": 8, "high": 15}),
    ("social", ["water_rescue", "pumping"], {"dist": "triangular", "low": 5, "mode": 10, "high": 20}),
    ("shock", ["pumping", "collapse"], {"dist": "triangular", "low": 5, "mode": 8, "high": 15}),
    ("volunteer", ["medical", "pumping"], {"dist": "triangular", "low": 5, "mode": 8, "high": 15}),
)

_ITEMS = [
    {"id": "sandbag", "name": {"zh": "沙袋", "en": "sandbags"}, "unit": {"zh": "条", "en": "bags"}, "kind": "rescue", "weight_kg": 0.1, "volume_m3": 0.0005},
    {"id": "life_jacket", "name": {"zh": "救生衣", "en": "life jackets"}, "unit": {"zh": "件", "en": "pieces"}, "kind": "rescue", "weight_kg": 1, "volume_m3": 0.02},
    {"id": "first_aid", "name": {"zh": "急救包", "en": "first-aid kits"}, "unit": {"zh": "个", "en": "kits"}, "kind": "medical", "weight_kg": 1.2, "volume_m3": 0.004},
    {"id": "water", "name": {"zh": "瓶装水", "en": "bottled water"}, "unit": {"zh": "瓶", "en": "bottles"}, "kind": "water", "weight_kg": 0.58, "volume_m3": 0.0008},
    {"id": "food", "name": {"zh": "方便食品", "en": "ready meals"}, "unit": {"zh": "份", "en": "meals"}, "kind": "food", "weight_kg": 0.4, "volume_m3": 0.0012},
]


def _text(zh: str, en: str) -> dict:
    return {"zh": zh, "en": en}


def _exp(mean: float) -> dict:
    return {"dist": "exponential", "mean": mean}


def _tri(low: float, mode: float, high: float) -> dict:
    return {"dist": "triangular", "low": low, "mode": mode, "high": high}


def synthetic_data(
    districts: int = 10,
    townships_per_district: int = 12,
    communities_per_township: int = 10,
    teams: int = 300,
    depots: int | None = None,
    incidents_per_hour: float = 139.0,
    hours: float = 72.0,
    seed: int = 0,
) -> dict:
    """The scenario as plain data (what a YAML file would hold); see :func:`synthetic_city`."""
    if min(districts, townships_per_district, communities_per_township) < 1:
        raise ValueError("a synthetic city needs at least one district, township and community")
    if teams < 1 or incidents_per_hour <= 0 or hours <= 0:
        raise ValueError("teams, incidents_per_hour and hours must be positive")
    rng = random.Random(seed)
    horizon = hours * 60.0
    n_townships = districts * townships_per_district
    depots = 1 + districts + n_townships if depots is None else depots
    if depots < 1:
        raise ValueError("a synthetic city needs at least one depot")

    places = [{"id": "city", "name": _text("市", "City"), "level": "city", "x": 0.0, "y": 0.0}]
    roads: list[dict] = []
    units = [
        {"id": "city_hq", "name": _text("市应急救援总指挥部", "City emergency HQ"), "level": "city", "kind": "general_hq", "place": "city", "duty_staff": 8, "handling_minutes": _exp(4)},
        {"id": "city_flood_hq", "name": _text("市防汛抗旱指挥部", "City flood HQ"), "level": "city", "kind": "specialised_hq", "place": "city", "parent": "city_hq", "duty_staff": 6, "handling_minutes": _exp(5), "leads": ["flood"]},
    ]
    coords = {"city": (0.0, 0.0)}

    def road(a: str, b: str, per_km: float, extra: float) -> None:
        (x1, y1), (x2, y2) = coords[a], coords[b]
        minutes = round(extra + per_km * math.hypot(x2 - x1, y2 - y1) * rng.uniform(0.9, 1.3), 1)
        roads.append({"from": a, "to": b, "minutes": max(minutes, 1.0)})

    district_ids, township_ids, community_ids = [], [], []
    communities_of: dict[str, list[str]] = {}
    radius = 6.0 + 2.5 * math.sqrt(districts)
    for d in range(districts):
        did = f"d{d + 1:02d}"
        angle = 2 * math.pi * d / districts
        dx, dy = radius * math.cos(angle), radius * math.sin(angle)
        coords[did] = (dx, dy)
        places.append({"id": did, "name": _text(f"第{d + 1}区", f"District {d + 1}"), "level": "district", "parent": "city", "x": round(dx, 3), "y": round(dy, 3)})
        units.append({"id": f"{did}_office", "name": _text(f"第{d + 1}区应急管理局", f"District {d + 1} emergency bureau"), "level": "district", "place": did, "parent": "city_hq", "duty_staff": 5, "handling_minutes": _exp(5)})
        road("city", did, 1.0, 2)
        district_ids.append(did)
        communities_of[did] = []
        t_radius = 2.0 + 0.6 * math.sqrt(townships_per_district)
        first_township = len(township_ids)
        for t in range(townships_per_district):
            tid = f"{did}t{t + 1:02d}"
            t_angle = 2 * math.pi * t / townships_per_district
            tx, ty = dx + t_radius * math.cos(t_angle), dy + t_radius * math.sin(t_angle)
            coords[tid] = (tx, ty)
            places.append({"id": tid, "name": _text(f"第{d + 1}区第{t + 1}街道", f"Street {t + 1} of district {d + 1}"), "level": "township", "parent": did, "x": round(tx, 3), "y": round(ty, 3)})
            units.append({
                "id": f"{tid}_office", "name": _text(f"{tid}街道应急办", f"Street office {tid}"), "level": "township", "place": tid,
                "parent": f"{did}_office", "duty_staff": 3, "handling_minutes": _exp(6), "absence_probability": 0.05,
            })
            road(did, tid, 1.2, 1)
            township_ids.append(tid)
            c_radius = 0.8 + 0.15 * math.sqrt(communities_per_township)
            first_community = len(community_ids)
            for c in range(communities_per_township):
                cid = f"{tid}c{c + 1:02d}"
                c_angle = 2 * math.pi * c / communities_per_township
                cx, cy = tx + c_radius * math.cos(c_angle), ty + c_radius * math.sin(c_angle)
                coords[cid] = (cx, cy)
                places.append({
                    "id": cid, "name": _text(f"{cid}社区", f"Community {cid}"), "level": "village", "parent": tid,
                    "x": round(cx, 3), "y": round(cy, 3), "population": rng.randrange(2000, 12000, 500), "grid_workers": rng.randint(2, 10),
                })
                units.append({"id": f"{cid}_station", "name": _text(f"{cid}社区应急服务站", f"Station {cid}"), "level": "village", "place": cid, "parent": f"{tid}_office", "duty_staff": 2, "handling_minutes": _exp(4)})
                road(tid, cid, 1.5, 1)
                community_ids.append(cid)
                communities_of[did].append(cid)
            # a ring of streets between neighbouring communities of the township
            ring = community_ids[first_community:]
            if len(ring) > 2:
                for a, b in zip(ring, ring[1:] + ring[:1]):
                    road(a, b, 1.5, 1)
            elif len(ring) == 2:
                road(ring[0], ring[1], 1.5, 1)
        ring = township_ids[first_township:]
        if len(ring) > 2:
            for a, b in zip(ring, ring[1:] + ring[:1]):
                road(a, b, 1.2, 1)
        elif len(ring) == 2:
            road(ring[0], ring[1], 1.2, 1)
    if districts > 2:
        for a, b in zip(district_ids, district_ids[1:] + district_ids[:1]):
            road(a, b, 1.0, 2)
    elif districts == 2:
        road(district_ids[0], district_ids[1], 1.0, 2)

    # teams: about 5% at the city, 25% at district seats, the rest at townships
    team_list = []
    n_city = max(1, teams // 20) if teams >= 4 else min(teams, 1)
    n_district = min(teams - n_city, teams // 4)
    n_township = teams - n_city - n_district
    tiers = [("city", n_city, ["city"], _CITY_TEAMS), ("district", n_district, district_ids, _DISTRICT_TEAMS), ("township", n_township, township_ids, _TOWNSHIP_TEAMS)]
    for tier, count, bases, kinds in tiers:
        for k in range(count):
            kind, capabilities, mobilisation = kinds[k % len(kinds)]
            base = bases[k % len(bases)]
            tid = f"{tier}_team{k + 1:03d}"
            team_list.append({
                "id": tid, "name": _text(f"{base}{kind}队{k + 1}", f"{kind} team {k + 1} ({base})"), "type": kind,
                "size": rng.randrange(10, 60, 5), "base": base, "capabilities": capabilities, "mobilisation_minutes": mobilisation,
            })

    # depots: the city reserve, then district reserves, then township stores, as many as asked for
    fleet = lambda n, kg, m3: {"count": n, "capacity_kg": kg, "capacity_m3": m3}  # noqa: E731
    depot_list = [{
        "id": "city_reserve", "name": _text("市级应急物资储备库", "City reserve"), "tier": "city", "place": "city",
        "stock": {"sandbag": 300000, "life_jacket": 20000, "first_aid": 10000, "water": 200000, "food": 100000},
        "loading_minutes": _tri(15, 25, 45), "unloading_minutes": _tri(10, 15, 25), "trucks": fleet(20, 8000, 40),
        # suppliers refill the city, the city refills the districts, they the townships: a run of any length holds up
        "reorder": {
            "sandbag": {"s": 150000, "S": 300000, "source": "supplier", "lead_minutes": 360},
            "life_jacket": {"s": 10000, "S": 20000, "source": "supplier", "lead_minutes": 360},
            "first_aid": {"s": 5000, "S": 10000, "source": "supplier", "lead_minutes": 360},
        },
    }]
    for d, did in enumerate(district_ids):
        if len(depot_list) >= depots:
            break
        depot_list.append({
            "id": f"{did}_reserve", "name": _text(f"第{d + 1}区物资储备库", f"District {d + 1} reserve"), "tier": "district", "place": did,
            "stock": {"sandbag": 40000, "life_jacket": 2000, "first_aid": 1000, "water": 20000, "food": 10000},
            "loading_minutes": _tri(15, 20, 40), "unloading_minutes": _tri(10, 15, 25), "trucks": fleet(6, 5000, 25),
            "reorder": {"sandbag": {"s": 20000, "S": 40000, "source": "city_reserve"}, "life_jacket": {"s": 1000, "S": 2000, "source": "city_reserve"}},
        })
    district_reserves = {d["place"]: d["id"] for d in depot_list if d["tier"] == "district"}
    for tid in township_ids:
        if len(depot_list) >= depots:
            break
        did = tid.split("t", 1)[0]
        store = {
            "id": f"{tid}_store", "name": _text(f"{tid}街道物资仓库", f"Street warehouse {tid}"), "tier": "township", "place": tid,
            "stock": {"sandbag": 3000, "life_jacket": 100, "first_aid": 50},
            "loading_minutes": _tri(10, 15, 30), "unloading_minutes": _tri(5, 10, 20), "trucks": fleet(3, 1500, 8),
        }
        if did in district_reserves:
            store["reorder"] = {"sandbag": {"s": 1000, "S": 3000, "source": district_reserves[did]}}
        depot_list.append(store)

    shelters = [
        {
            "id": f"{did}_shelter", "name": _text(f"第{d + 1}区避难安置点", f"District {d + 1} shelter"), "place": f"{did}t01",
            "capacity": 2000, "arrivals": [{"time": min(180.0, horizon), "people": 400}, {"time": min(360.0, horizon), "people": 400}],
            "needs_per_person_day": {"water": 6, "food": 3, "first_aid": 0.02},
        }
        for d, did in enumerate(district_ids)
    ]

    incidents = []
    for did in district_ids:
        for kind, hazard, share, needs, supplies, severity in _INCIDENT_TYPES:
            incidents.append({
                "id": f"{did}_{kind}", "name": _text(f"{did}{kind}", f"{kind} in {did}"), "hazard": hazard,
                "rate_per_hour": incidents_per_hour * share / districts, "places": communities_of[did],
                "severity": severity, "needs": needs, "supplies": supplies, "detection_minutes": _exp(10),
            })

    first_road = next(r for r in roads if r["from"] in district_ids and r["to"] in township_ids)
    injects = [
        {"id": "red_warning", "time": min(60.0, horizon), "text": _text("暴雨红色预警", "Red rainstorm warning"), "effect": {"type": "warning", "by": "city_hq", "level": "red", "hazard": "flood"}},
        {"id": "road_cut", "time": min(600.0, horizon), "text": _text("道路中断", "A road is cut"), "effect": {"type": "close_road", "from": first_road["from"], "to": first_road["to"]}},
        {"id": "road_back", "time": min(1200.0, horizon), "text": _text("道路恢复", "The road reopens"), "effect": {"type": "open_road", "from": first_road["from"], "to": first_road["to"]}},
    ]

    return {
        "schema_version": 1,
        "meta": {
            "id": "synthetic_city",
            "title": _text("合成城市", "Synthetic city"),
            "description": _text(
                f"{districts}个区、{n_townships}个街道、{len(community_ids)}个社区,{teams}支队伍,{len(depot_list)}个储备库。",
                f"{districts} districts, {n_townships} townships, {len(community_ids)} communities, {teams} teams, {len(depot_list)} depots.",
            ),
            "seed": seed,
            "horizon": horizon,
        },
        "places": places,
        "roads": roads,
        "command": {"link_minutes": _tri(1, 2, 5), "units": units},
        "teams": team_list,
        "items": _ITEMS,
        "depots": depot_list,
        "shelters": shelters,
        "logistics": {
            "policy": "hybrid",
            "decision_minutes": {"township": _tri(5, 10, 20), "district": _tri(10, 20, 40), "city": _tri(15, 30, 60)},
            "household_hours": 6,
        },
        "incidents": incidents,
        "injects": injects,
        "objectives": [
            {"id": "first_team_fast", "name": _text("首支队伍60分钟内到达", "First team within 60 minutes"), "kpi": "first_arrival_p90", "op": "<=", "target": 60},
            {"id": "reports_fast", "name": _text("平均上报用时不超过30分钟", "Mean report latency at most 30 minutes"), "kpi": "report_latency_mean", "op": "<=", "target": 30},
        ],
    }


def synthetic_city(
    districts: int = 10,
    townships_per_district: int = 12,
    communities_per_township: int = 10,
    teams: int = 300,
    depots: int | None = None,
    incidents_per_hour: float = 139.0,
    hours: float = 72.0,
    seed: int = 0,
) -> Scenario:
    """A validated scenario of a synthetic city (defaults: about 10,000 incidents in 72 hours).

    ``depots`` defaults to one per tier seat (city, each district, each
    township). Raises :class:`ScenarioError` when the data does not pass
    the scenario checks (it always should).
    """
    data = synthetic_data(districts, townships_per_district, communities_per_township, teams, depots, incidents_per_hour, hours, seed)
    scenario = Scenario.model_validate(data)
    problems = check_references(scenario) or check_work(scenario)
    if problems:
        raise ScenarioError("<synthetic>", problems)
    return scenario
