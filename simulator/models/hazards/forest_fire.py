"""A forest fire at run time: the front crossing links, suppression, warnings and people reached.

The model and its sources are in simulator.scenario.hazards_forest_fire.
Every link the front is crossing has one timer, set for the minute it
reaches the far cell at the present rate; a change of rate (the wind turns,
a team starts or stops work on the fire line, the cell is put out) books
the distance covered so far and sets a new timer (a stale one finds its
token changed and does nothing). Nothing polls. Rows written:

- ``fire_ignited`` (entity: the place) at the ignition; ``fire_front_arrived``
  (entity: the place reached, detail: the cell it came from);
- ``fire_spread_rate`` (entity ``a|b``, location a, quantity: metres a
  minute, detail: why: burning, wind, suppressed, held, out) whenever the
  front starts along a link or its rate changes;
- ``fire_wind`` (quantity: m/s, detail: the bearing it blows toward);
- ``fire_held`` (entity: the cell, quantity: teams) when the teams on the
  fire line there reach ``hold_teams``; ``fire_out`` when it is put out;
- ``hazard_arrived`` (detail ``forest_fire``) for people at risk without
  their own ``hazard_minute``; the incident ``fire_<place>`` of each cell
  reached (its trapped people taken from those still at home);
- ``warning_issued`` by ``warnings_by`` (warning id
  ``fire_<colour>_<place>``) when the front, as predicted now, is the
  warning's lead away: contingency plans trigger on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from simulator.engine.sampling import sample
from simulator.models.detection import detection_factor
from simulator.models.hazards.fire_spread import Edge, arrival_minutes, edges_of, rate_m_per_min
from simulator.models.incidents import Incident
from simulator.scenario.distributions import Dist
from simulator.scenario.limits import MAX_TRAPPED
from simulator.scenario.response import Trapped

_TEAM_ROWS = frozenset({"team_arrived", "team_released", "team_recalled"})


@dataclass
class Run:
    """The front on its way along one link."""

    edge: Edge
    remaining: float  # metres still to go at ``since``
    rate: float  # metres a minute since ``since``
    since: float
    token: int = 0


class ForestFire:
    def __init__(self, world):
        self.world = world
        self.ctx = ctx = world.ctx
        sc = ctx.scenario
        self.spec = spec = sc.forest_fire
        self.places = {p.id: p for p in sc.places}
        self.cells = {c.place: c for c in spec.cells}
        self.edges = edges_of(spec, sc.places)
        self.wind = spec.wind[0]
        self.burning: dict[str, float] = {}  # cell -> minute the front reached it
        self.out: set[str] = set()
        self.runs: dict[tuple[str, str], Run] = {}
        self.working: dict[str, int] = {}  # cell -> suppression teams on its fire line now
        self.finished: dict[str, int] = {}  # cell -> suppression assignments done
        self.on_line: dict[tuple[str, str], str] = {}  # (incident, team) -> cell, for suppression teams on scene
        self.fire_of: dict[str, str] = {}  # incident id -> cell
        self.warned: dict[int, tuple[float, int]] = {}  # warning index -> (minute set for, token)
        self.issued: set[int] = set()
        evacuation = sc.evacuation
        self.at_risk = {e.place for e in evacuation.places if e.hazard_minute is None} if evacuation is not None else set()
        self._token = 0

    @classmethod
    def of(cls, world) -> "ForestFire | None":
        """The model when the scenario has a ``forest_fire:`` section; None (nothing started) otherwise."""
        return cls(world) if world.ctx.scenario.forest_fire is not None else None

    # -- start ---------------------------------------------------------------------------
    def start(self) -> None:
        spec, ctx = self.spec, self.ctx
        self._at(spec.ignition.minute, lambda: self._ignite(spec.ignition.place, ""))
        for wind in spec.wind[1:]:
            self._at(wind.minute, lambda w=wind: self._wind_changes(w))
        base = ctx.record

        def record(kind: str, **fields) -> None:  # a tap on the team rows of the fire incidents only
            base(kind, **fields)
            if kind in _TEAM_ROWS and fields.get("incident") in self.fire_of:
                self._team(kind, fields["incident"], fields.get("team", ""), fields.get("detail", ""))

        ctx.record = record

    def _at(self, minute: float, action) -> None:
        """One timer: ``action()`` at ``minute`` if it falls within the run."""
        if minute <= self.ctx.horizon:
            self.ctx.env.timeout(max(0.0, minute - self.ctx.now)).callbacks.append(lambda _e: action())

    # -- rates -----------------------------------------------------------------------------
    def base_rate(self, edge: Edge) -> float:
        """R along ``edge`` in today's wind, nobody on the fire line (metres a minute)."""
        w = self.wind
        return rate_m_per_min(self.spec.r0_m_per_min, self.cells[edge.target].fuel, w.speed_m_s, w.toward_deg, edge)

    def rate(self, edge: Edge) -> float:
        """R as suppressed at the burning cell it leaves: x rate_factor per team on the line, 0 when held or out."""
        rule, teams = self.spec.suppression, self.working.get(edge.source, 0)
        if edge.source in self.out or teams >= rule.hold_teams:
            return 0.0
        return self.base_rate(edge) * rule.rate_factor**teams

    # -- the front -------------------------------------------------------------------------
    def _ignite(self, cell: str, source: str) -> None:
        ctx = self.ctx
        self.burning[cell] = ctx.now
        if source:
            ctx.record("fire_front_arrived", entity=cell, location=cell, detail=source)
        else:
            ctx.record("fire_ignited", entity=cell, location=cell, detail=self.spec.name.en)
        for key in [k for k in self.runs if k[1] == cell]:
            del self.runs[key]  # other fronts heading here have nothing left to burn
        if cell in self.at_risk:
            ctx.record("hazard_arrived", entity=cell, location=cell, detail="forest_fire")
        self.world.start_incident(self._incident(cell))
        for edge in self.edges[cell]:
            if edge.target not in self.burning:
                run = self.runs[(cell, edge.target)] = Run(edge, edge.metres, 0.0, ctx.now)
                self._set(run, self.rate(edge), "burning")
        self._predict()

    def _set(self, run: Run, rate: float, why: str) -> None:
        """Book the distance covered at the old rate, go on at ``rate``, and set the one timer."""
        ctx = self.ctx
        run.remaining = max(0.0, run.remaining - run.rate * (ctx.now - run.since))
        run.since, run.rate = ctx.now, rate
        self._token += 1
        run.token = token = self._token
        edge = run.edge
        ctx.record("fire_spread_rate", entity=f"{edge.source}|{edge.target}", location=edge.source, quantity=round(rate, 4), detail=why)
        if rate > 0:
            self._at(ctx.now + run.remaining / rate, lambda: self._reach(run, token))

    def _reach(self, run: Run, token: int) -> None:
        edge = run.edge
        if run.token != token or self.runs.get((edge.source, edge.target)) is not run:
            return  # the rate changed since, or another front got there first
        del self.runs[(edge.source, edge.target)]
        self._ignite(edge.target, edge.source)

    def _retime(self, cell: str | None, why: str) -> None:
        """Rates of the links leaving ``cell`` (every link when None) changed: new timers where they differ."""
        for (source, _target), run in sorted(self.runs.items()):
            if cell is None or source == cell:
                rate = self.rate(run.edge)
                if rate != run.rate:
                    self._set(run, rate, why)
        self._predict()

    def _wind_changes(self, wind) -> None:
        self.wind = wind
        self.ctx.record("fire_wind", entity="wind", quantity=wind.speed_m_s, detail=f"{wind.toward_deg:g}")
        self._retime(None, "wind")

    # -- suppression -------------------------------------------------------------------------
    def _team(self, kind: str, incident: str, team: str, capability: str) -> None:
        cell, wanted = self.fire_of[incident], self.spec.suppression.capability
        if kind == "team_arrived":
            if capability != wanted:
                return
            self.on_line[(incident, team)] = cell
            self.working[cell] = self.working.get(cell, 0) + 1
            if cell in self.out:
                return
            if self.working[cell] == self.spec.suppression.hold_teams:
                self.ctx.record("fire_held", entity=cell, location=cell, incident=incident, quantity=self.working[cell])
            self._retime(cell, "held" if self.working[cell] >= self.spec.suppression.hold_teams else "suppressed")
            return
        if self.on_line.pop((incident, team), None) is None:
            return  # not a team on the fire line (another capability)
        self.working[cell] -= 1
        if kind == "team_released":
            self.finished[cell] = self.finished.get(cell, 0) + 1
        inc = self.world.incidents[incident]
        if cell not in self.out and self.working[cell] == 0 and self.finished.get(cell, 0) >= inc.requested.get(wanted, 0):
            self.out.add(cell)  # every team asked for has done its work
            self.ctx.record("fire_out", entity=cell, location=cell, incident=incident)
            self._retime(cell, "out")
        elif cell not in self.out:
            self._retime(cell, "suppressed" if self.working[cell] else "burning")

    # -- incidents and people ----------------------------------------------------------------
    def _incident(self, cell: str) -> Incident:
        ctx, spec = self.ctx, self.spec.incident
        people = self.world.people
        home = people.ledger().get(cell, {}).get("home", people.population.get(cell, 0))
        trapped_people = min(round(home * spec.trapped_share), MAX_TRAPPED)  # each one a survival draw (scenario.limits)
        trapped = Trapped(people=Dist(dist="fixed", value=trapped_people), rescue_capability=spec.rescue_capability) if trapped_people > 0 else None
        inc_id = f"fire_{cell}"
        self.fire_of[inc_id] = cell
        return Incident(
            id=inc_id,
            hazard="forest_fire",  # the forest-fire HQ leads ("1+12")
            place=cell,
            level=self.cells[cell].level or spec.level,
            needs=spec.needs,
            supplies={},
            occurred=ctx.now,
            # lookouts and rangers find a forest cell (no grid workers there: factor 1); a village's grid workers scale it
            detection_delay=sample(spec.detection_minutes, ctx.rng(f"forest_fire.{cell}.detection")) * detection_factor(self.places[cell], ctx.scenario.response.detection),
            source="forest_fire",
            trapped=trapped,
        )

    # -- warnings ----------------------------------------------------------------------------
    def predicted(self) -> dict[str, float]:
        """Minute the front reaches each cell at today's rates (burning cells: when it did; no more suppression assumed)."""
        now = self.ctx.now
        starts: dict[str, float] = {}  # the fronts on their way: a burning cell spreads only along its runs (suppressed as they are)
        for run in self.runs.values():
            if run.rate > 0:
                eta = now + max(0.0, run.remaining - run.rate * (now - run.since)) / run.rate
                target = run.edge.target
                starts[target] = min(starts.get(target, math.inf), eta)
        along = lambda edge: edge.metres / self.base_rate(edge)  # noqa: E731
        return {**arrival_minutes(starts, self.edges, along, closed=frozenset(self.burning)), **self.burning}

    def _predict(self) -> None:
        spec = self.spec
        if not spec.warnings or len(self.issued) == len(spec.warnings):
            return
        eta = self.predicted()
        for i, warning in enumerate(spec.warnings):
            if i in self.issued:
                continue
            at = eta.get(warning.place, math.inf)
            due = max(self.ctx.now, at - warning.lead_minutes) if at < math.inf else math.inf
            if self.warned.get(i, (None,))[0] == due:
                continue  # its timer is set for that minute already
            self._token += 1
            self.warned[i] = (due, self._token)
            if due < math.inf:
                self._at(due, lambda i=i, token=self._token: self._warn(i, token))

    def _warn(self, i: int, token: int) -> None:
        if self.warned.get(i, (None, None))[1] != token or i in self.issued:
            return
        self.issued.add(i)
        warning = self.spec.warnings[i]
        self.ctx.env.process(self.world.warnings.issue(f"fire_{warning.level}_{warning.place}", self.spec.warnings_by, warning.level))
