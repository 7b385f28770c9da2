"""People's states, shelters and evacuation KPIs, rebuilt from the event log.

Each row that moves people (simulator.models.people) names the place they
come from and a change of state; :func:`moves` lists them, and the books
(people per place and state) are their running sums. People are conserved:
at every row, the people in all states of a place add up to those that
entered it (its population, or arrivals from outside the map).

KPIs (``None`` when the run had no evacuation, no shelters or nobody moved):
- ``evacuation_sheltered_before_hazard_share``: of the people at risk
  (``people_at_risk``), the share admitted to a shelter no later than the
  hazard reached their place (``hazard_arrived``; a hazard not arrived by
  the end of the log counts to the end). People still on the road, at home
  or turned away are not sheltered: a plan that leaves more people moving
  never reads better. At most a place's people at risk count for it;
- ``shelter_occupancy_peak_share``: the fullest shelter's peak occupancy
  over its capacity (needs the scenario for capacities);
- ``shelter_overflow_people``: people sent on from a shelter full or closed
  when they reached it;
- ``people_turned_away``: people who found no open shelter with room
  (each time: people sent away twice count twice).
"""

from __future__ import annotations

import pandas as pd

from simulator.metrics.select import count_of, of_kind

STATES = ("home", "moving", "sheltered", "trapped", "rescued", "casualty")

# kind -> (the column naming the place of origin, from state, to state); "" from: entering the books
_MOVES = {
    "people_entered": ("entity", "", None),  # into the state its detail names
    "evacuation_departed": ("entity", "home", "moving"),
    "evacuees_arrived": ("detail", "moving", "sheltered"),
    "people_turned_away": ("entity", "moving", "home"),
    "people_trapped": ("location", "home", "trapped"),
    "people_rescued": ("location", "trapped", "rescued"),
    "people_lost": ("location", "trapped", "casualty"),
}
_KPIS = ("evacuation_sheltered_before_hazard_share", "shelter_occupancy_peak_share", "shelter_overflow_people", "people_turned_away")


def moves(events: pd.DataFrame) -> pd.DataFrame:
    """Every move of people in log order: seq, time, place (of origin), source and target state, people."""
    columns = ["seq", "time", "place", "source", "target", "people"]
    if not count_of(events, "people_entered"):
        # a log from before the people ledger, or nobody moved
        return pd.DataFrame({"seq": pd.Series(dtype="int64"), "time": pd.Series(dtype=float), "place": pd.Series(dtype=object),
                             "source": pd.Series(dtype=object), "target": pd.Series(dtype=object), "people": pd.Series(dtype=float)})
    rows = of_kind(events, *_MOVES)
    parts = []
    for kind, (column, source, target) in _MOVES.items():
        part = rows[rows["kind"] == kind]
        if part.empty:
            continue
        parts.append(pd.DataFrame({
            "seq": part["seq"], "time": part["time"], "place": part[column],
            "source": source, "target": part["detail"] if target is None else target, "people": part["quantity"],
        }))
    out = pd.concat(parts).sort_values("seq", kind="stable")
    return out[out["people"] > 0].reset_index(drop=True)[columns]


def books_over_time(events: pd.DataFrame) -> pd.DataFrame:
    """After every move: the people of its place in each state and how many entered it (per place, log order)."""
    mv = moves(events)
    out = mv[["seq", "time", "place"]].copy()
    for state in STATES:
        delta = mv["people"].where(mv["target"] == state, 0) - mv["people"].where(mv["source"] == state, 0)
        out[state] = delta.groupby(mv["place"]).cumsum()
    out["entered"] = mv["people"].where(mv["source"] == "", 0).groupby(mv["place"]).cumsum()
    return out


def people_by_state(events: pd.DataFrame) -> pd.DataFrame:
    """People in each state over all places after every move (time and one column per state).

    ``at_risk_at_home``: of the people at risk, those not gone from home (at
    most a place's people at risk less those of it who have left), so a
    figure can show them without the whole population of the places at home.
    """
    mv = moves(events)
    out = pd.DataFrame({"time": mv["time"].astype(float)})
    for state in STATES:
        out[state] = (mv["people"].where(mv["target"] == state, 0) - mv["people"].where(mv["source"] == state, 0)).cumsum()
    out["at_risk_at_home"] = _at_risk_at_home(events, mv)
    return out.reset_index(drop=True)


def _at_risk_at_home(events: pd.DataFrame, mv: pd.DataFrame) -> pd.Series:
    at_risk = of_kind(events, "people_at_risk").groupby("entity")["quantity"].sum()
    if at_risk.empty or mv.empty:
        return pd.Series(0.0, index=mv.index)
    away = mv["people"].where(mv["source"] == "home", 0) - mv["people"].where(mv["target"] == "home", 0)
    away = away.where(mv["source"] != "", 0)  # entering the books is not leaving home
    left = pd.DataFrame({p: away.where(mv["place"] == p, 0).cumsum() for p in at_risk.index})
    return (at_risk - left).clip(lower=0).sum(axis=1)


def shelter_table(events: pd.DataFrame, scenario=None) -> pd.DataFrame:
    """Per shelter: people admitted at the peak (nobody leaves a shelter in the model), capacity, share, sent on."""
    admitted = of_kind(events, "evacuees_arrived").groupby("entity")["quantity"].sum()
    overflow = of_kind(events, "shelter_overflow").groupby("entity")["quantity"].sum()
    ids = [s.id for s in scenario.shelters] if scenario is not None else sorted(set(admitted.index) | set(overflow.index))
    table = pd.DataFrame(index=pd.Index(ids, name="shelter"))
    table["peak"] = admitted.reindex(table.index).fillna(0.0)
    capacity = {s.id: s.capacity for s in scenario.shelters} if scenario is not None else {}
    table["capacity"] = [float(capacity[i]) if i in capacity else float("nan") for i in table.index]
    table["peak_share"] = table["peak"] / table["capacity"]
    table["overflow"] = overflow.reindex(table.index).fillna(0.0)
    return table


def sheltered_before_hazard(events: pd.DataFrame, until: float | None = None) -> float | None:
    """Share of the people at risk sheltered no later than the hazard reached their place (see module doc)."""
    at_risk = of_kind(events, "people_at_risk").groupby("entity")["quantity"].sum()
    if at_risk.empty or at_risk.sum() <= 0:
        return None
    end = float(events["time"].max()) if until is None else until
    hazard = of_kind(events, "hazard_arrived").groupby("entity")["time"].min()
    arrived = of_kind(events, "evacuees_arrived")
    sheltered = 0.0
    for place, people in at_risk.items():
        by = min(float(hazard.get(place, end)), end)
        mine = arrived[(arrived["detail"] == place) & (arrived["time"] <= by)]["quantity"].sum()
        sheltered += min(float(mine), float(people))
    return sheltered / float(at_risk.sum())


def people_kpis(events: pd.DataFrame, scenario=None, until: float | None = None) -> dict[str, float | None]:
    if not count_of(events, "people_entered"):
        return dict.fromkeys(_KPIS)
    table = shelter_table(events, scenario)
    peak = table["peak_share"].max() if len(table) else None
    turned = of_kind(events, "people_turned_away", "evacuation_no_shelter")["quantity"].sum()
    has_shelters = len(table) > 0
    return {
        "evacuation_sheltered_before_hazard_share": sheltered_before_hazard(events, until),
        "shelter_occupancy_peak_share": None if peak is None or peak != peak else float(peak),
        "shelter_overflow_people": float(table["overflow"].sum()) if has_shelters else None,
        "people_turned_away": float(turned) if has_shelters else None,
    }
