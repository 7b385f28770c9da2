"""Supply KPIs and tables from the event log alone (see simulator.models.supplies).

Definitions:
- fill rate: share of demand met: at incident sites, quantity delivered over
  quantity requested; at shelters, quantity consumed over quantity needed
  (a shelter's orders are logistics, not demand, so they are not counted);
- first delivery: per site (incident or shelter), its first request to its
  first delivery; the KPI is the restricted mean over every site that asked
  (one still waiting at the end counts the time it had waited, see
  simulator.metrics.censoring), with the share of sites served beside it;
- person-days without water or food: recorded per shelter and review period
  as the worse of the water and food shortfalls in person-days;
- stockouts: times a depot's available stock of an item, or a shelter's
  stock with people needing it, ran out;
- truck utilisation: share of the horizon a truck spends between starting to
  load and being back at its depot.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.metrics.busy import busy_shares
from simulator.metrics.censoring import censor, observed_until
from simulator.metrics.select import count_of
from simulator.metrics.select import of_kind as _of  # rows of some kinds

STATES = ("depot", "in_transit", "delivered", "consumed", "expired")

# How each event kind moves stock between the states of the ledger.
_MOVES: dict[str, dict[str, int]] = {
    "stock_initial": {"depot": 1, "entered": 1},
    "stock_received": {"depot": 1, "entered": 1},
    "supply_loaded": {"depot": -1, "in_transit": 1},
    "transfer_received": {"in_transit": -1, "depot": 1},
    "supply_delivered": {"in_transit": -1, "delivered": 1},
    "supply_consumed": {"delivered": -1, "consumed": 1},
    "stock_expired": {"depot": -1, "expired": 1},
}
_DEPOT_DELTA = {"stock_initial": 1, "stock_received": 1, "transfer_received": 1, "supply_loaded": -1, "stock_expired": -1}


def ledger_over_time(events: pd.DataFrame) -> pd.DataFrame:
    """Stock in each state after every movement: columns seq, time, item, *STATES, entered."""
    moves = _of(events, *_MOVES).sort_values("seq")
    columns = ["seq", "time", "item", *STATES, "entered"]
    if moves.empty:
        return pd.DataFrame(columns=columns)
    frame = moves[["seq", "time", "item"]].copy()
    for state in (*STATES, "entered"):
        sign = moves["kind"].map(lambda k, s=state: _MOVES[k].get(s, 0)).astype("float64")
        frame[state] = (sign * moves["quantity"]).groupby(moves["item"]).cumsum()
    return frame[columns].reset_index(drop=True)


def ledger(events: pd.DataFrame) -> pd.DataFrame:
    """Per item, the stock in each state at the end of the log (index: item)."""
    over_time = ledger_over_time(events)
    if over_time.empty:
        return pd.DataFrame(columns=[*STATES, "entered"])
    return over_time.groupby("item").last()[[*STATES, "entered"]]


def stock_levels(events: pd.DataFrame) -> pd.DataFrame:
    """On-hand stock of each depot and item after every change: time, depot, tier, item, on_hand."""
    rows = _of(events, *_DEPOT_DELTA).sort_values("seq")
    out = pd.DataFrame({"time": rows["time"], "depot": rows["entity"], "tier": rows["level"], "item": rows["item"]})
    delta = rows["kind"].map(_DEPOT_DELTA).astype("float64") * rows["quantity"]
    out["on_hand"] = delta.groupby([rows["entity"], rows["item"]]).cumsum()
    return out.reset_index(drop=True)


def depot_kinds(events: pd.DataFrame) -> dict[str, str]:
    """Depot id -> government / agreement / capacity, from the initial stock records."""
    first = _of(events, "stock_initial").drop_duplicates("entity")
    return {d: k or "government" for d, k in zip(first["entity"], first["detail"])}


def stock_by_tier(events: pd.DataFrame) -> pd.DataFrame:
    """Stock on hand per tier, kind of reserve and item over time: time, tier, kind, item, on_hand.

    One row per change. Enterprise reserves are kept apart from the
    government stock of their tier (``kind``), as the documents count them apart.
    """
    rows = _of(events, *_DEPOT_DELTA).sort_values("seq")
    delta = rows["kind"].map(_DEPOT_DELTA).astype("float64") * rows["quantity"]
    kinds = rows["entity"].map(depot_kinds(events)).fillna("government")
    frame = pd.DataFrame({"time": rows["time"], "tier": rows["level"], "kind": kinds, "item": rows["item"], "on_hand": delta})
    frame["on_hand"] = frame.groupby(["tier", "kind", "item"])["on_hand"].cumsum()
    columns = ["time", "tier", "kind", "item", "on_hand"]
    return frame.groupby(["tier", "kind", "item", "time"], as_index=False).last()[columns]


def _at_sites(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows about incident sites (not shelters or depots)."""
    return rows[rows["incident"] != ""]


def fill_rate(events: pd.DataFrame) -> float | None:
    requested = _at_sites(_of(events, "supply_requested"))["quantity"].sum()
    delivered = _at_sites(_of(events, "supply_delivered"))["quantity"].sum()
    consumed = _of(events, "supply_consumed")["quantity"].sum()
    unmet = _of(events, "demand_unmet")["quantity"].sum()
    demand = requested + consumed + unmet
    return float((delivered + consumed) / demand) if demand > 0 else None


def _site(frame: pd.DataFrame, column: str) -> pd.Series:
    # logs from before shelters named no site: the incident is the site
    return frame[column].where(frame[column] != "", frame["incident"])


def first_delivery_table(events: pd.DataFrame) -> pd.DataFrame:
    """One row per site that asked for supplies: kind, place, first request, first delivery, wait."""
    req = _of(events, "supply_requested")
    req = req[req["detail"] != "depot"]
    sites = req.assign(site=_site(req, "entity")).groupby("site").agg(
        kind=("detail", "first"), place=("location", "first"), requested=("time", "min")
    )
    sites["kind"] = sites["kind"].replace("", "incident")
    dlv = _of(events, "supply_delivered")
    first = dlv.assign(site=_site(dlv, "detail")).groupby("site")["time"].min()
    sites["first_delivery"] = first.reindex(sites.index)
    sites["wait"] = sites["first_delivery"] - sites["requested"]
    return sites.sort_values("requested")


def truck_utilisation(events: pd.DataFrame, horizon: float) -> pd.Series:
    """Busy share of the horizon per truck (loading until back at the depot)."""
    trucks = sorted(_of(events, "truck_ready")["entity"].unique())
    moves = _of(events, "truck_loading", "truck_returned").sort_values("seq")
    return busy_shares(moves, "entity", "truck_loading", horizon, trucks)


def delivery_flows(events: pd.DataFrame) -> pd.DataFrame:
    """Quantities moved, summed: source, target, item, quantity.

    Nodes are ``depot:<id>``, ``place:<id>`` (incident sites, by place),
    ``shelter:<id>`` and ``external:supplier`` / ``external:production``.
    """
    parts = []
    dlv = _of(events, "supply_delivered")
    if len(dlv):
        target = np.where(dlv["incident"] != "", "place:" + dlv["location"], "shelter:" + dlv["detail"])
        parts.append(pd.DataFrame({"source": "depot:" + dlv["entity"], "target": target, "item": dlv["item"], "quantity": dlv["quantity"]}))
    moved = _of(events, "transfer_received")
    if len(moved):
        parts.append(pd.DataFrame({"source": "depot:" + moved["detail"], "target": "depot:" + moved["entity"], "item": moved["item"], "quantity": moved["quantity"]}))
    made = _of(events, "stock_received")
    if len(made):
        parts.append(pd.DataFrame({"source": "external:" + made["detail"], "target": "depot:" + made["entity"], "item": made["item"], "quantity": made["quantity"]}))
    if not parts:
        return pd.DataFrame(columns=["source", "target", "item", "quantity"])
    flows = pd.concat(parts, ignore_index=True)
    return flows.groupby(["item", "source", "target"], as_index=False, sort=True)["quantity"].sum()[["source", "target", "item", "quantity"]]


def unmet_over_time(events: pd.DataFrame) -> pd.DataFrame:
    """Unmet quantity per item after each change: time, item, short, filled, cumulative, outstanding.

    - ``cumulative``: everything that went unmet when it was needed, summed:
      shelter needs not met (``demand_unmet``) and what an incident's request
      was short when it was made (``supply_short``). It never falls.
    - ``outstanding``: what of that is still not met: ``cumulative`` less what
      was found later for incidents' owed requests (``supply_short_filled``).
      A shelter's unmet need stays in it (it is not owed: the shelter orders
      again at its next review, simulator.models.supplies.bureau).

    (Before, one column subtracted the later fills from the running sum and
    was called cumulative, so a "cumulative" line fell when stock came in.)
    """
    rows = _of(events, "demand_unmet", "supply_short", "supply_short_filled")
    rows = rows[(rows["kind"] == "demand_unmet") | (rows["incident"] != "")].sort_values("seq")
    filled = rows["kind"] == "supply_short_filled"
    frame = pd.DataFrame({
        "time": rows["time"],
        "item": rows["item"],
        "short": rows["quantity"].where(~filled, 0.0).astype("float64"),
        "filled": rows["quantity"].where(filled, 0.0).astype("float64"),
    })
    by_item = frame.groupby("item")
    frame["cumulative"] = by_item["short"].cumsum()
    frame["outstanding"] = frame["cumulative"] - by_item["filled"].cumsum()
    return frame.reset_index(drop=True)


def supply_kpis(events: pd.DataFrame, horizon: float, until: float | None = None) -> dict[str, float | None]:
    """The supply KPIs other than the fill rate, in the order of KPI_NAMES."""
    sites = first_delivery_table(events)
    first = censor(sites["requested"], sites["first_delivery"], observed_until(events, horizon) if until is None else until)
    has_stock = count_of(events, "stock_initial") > 0
    has_shelters = count_of(events, "evacuees_arrived") > 0
    trucks = truck_utilisation(events, horizon)
    return {
        "supply_first_delivery_mean": first.mean,
        "supply_first_delivery_completed_share": first.completed_share,
        "unmet_person_days": float(_of(events, "person_days_unmet")["quantity"].sum()) if has_shelters else None,
        "supply_stockouts": float(count_of(events, "stock_out")) if has_stock or has_shelters else None,
        "truck_utilisation_mean": float(trucks.mean()) if len(trucks) else None,
    }
