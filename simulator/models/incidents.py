"""Incidents and the sources that generate them (Poisson rates or fixed schedules)."""

from __future__ import annotations

from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from simulator.engine.context import SimContext
from simulator.engine.sampling import sample
from simulator.models.detection import detection_factor, factors_for
from simulator.scenario.models import AddIncident, IncidentSource, Need
from simulator.scenario.vocabulary import RESPONSE_LEVELS


@dataclass
class Incident:
    id: str
    hazard: str
    place: str
    level: str
    needs: tuple[Need, ...]
    supplies: dict[str, float]
    occurred: float
    detection_delay: float
    source: str = ""
    first_arrival: float | None = None
    unserved: int = 0  # team assignments still without a team
    closed: bool = False
    detected: float | None = None
    reporting_path: list = field(default_factory=list)  # units the reports climb
    on_first_arrival: object = None  # callback for the "3+8" step markers (called once, by the first team on scene)
    commander: object = None  # the unit commanding it, once the report has arrived
    arrived_capabilities: set = field(default_factory=set)  # what has reached the scene so far
    requested: dict = field(default_factory=dict)  # capability -> team assignments asked for so far
    on_capability_arrival: object = None  # callback(capability): rescue of trapped people, if any are trapped
    trapped: object = None  # scenario Trapped spec, if people are trapped
    growth: object = None  # scenario Growth spec, if the incident grows while unattended
    command_post: object = None  # the command post's setting-up (a timeout), from the first arrival until the lifecycle waits on it
    steps_rng: object = None  # the "3+8" steps' stream (incident.X.steps), made when a step first draws


def _level_drawer(source: IncidentSource):
    """A function drawing a response level from the source's severity mix (the mix read once)."""
    levels = [lvl for lvl in RESPONSE_LEVELS if source.severity.get(lvl, 0) > 0]
    probs = [source.severity[lvl] for lvl in levels]
    if len(levels) == 1:
        return lambda rng: levels[0]
    cumulative = list(accumulate(probs))
    total = cumulative[-1]
    # what ``rng.choice(len(levels), p=probs)`` draws (random.choices), without rebuilding the sums each time
    return lambda rng: levels[bisect(cumulative, rng.random() * total, 0, len(levels) - 1)]


def run_source(ctx: SimContext, source: IncidentSource, start_incident: Callable[[Incident], None]):
    """SimPy process: create incidents from one source until its end or the horizon."""
    env = ctx.env
    end = min(source.end if source.end is not None else ctx.horizon, ctx.horizon)
    if source.schedule is not None:
        times = iter(sorted(source.schedule))
    else:
        times = None
    t = max(source.start, 0.0)
    n = 0
    draw_level = _level_drawer(source)
    detection = factors_for(ctx.scenario.places, source.places, ctx.scenario.response.detection)  # grid workers per place
    while True:
        if times is not None:
            t = next(times, None)
            if t is None:
                return
        else:
            # the gap before each arrival is that arrival's own draw, not the n-th of a source-long
            # sequence: a branch that reseeds the streams at some minute gets fresh arrivals after it
            t += float(ctx.rng(f"incidents.{source.id}.{n + 1}.gap").exponential(60.0 / source.rate_per_hour))
        if t >= end:
            return
        yield env.timeout(t - env.now)
        n += 1
        details = ctx.rng(f"incidents.{source.id}.{n}")  # this incident's own draws: a faster source leaves earlier ones as they were
        place = source.places[int(details.integers(len(source.places)))] if len(source.places) > 1 else source.places[0]
        incident = Incident(
            id=f"{source.id}-{n:03d}",
            hazard=source.hazard,
            place=place,
            level=draw_level(details),
            needs=source.needs,
            supplies=dict(source.supplies),
            occurred=env.now,
            detection_delay=sample(source.detection_minutes, details) * detection[place],
            source=source.id,
            trapped=source.trapped,
            growth=source.growth,
        )
        start_incident(incident)


def injected_incident(ctx: SimContext, inject_id: str, effect: AddIncident) -> Incident:
    factor = detection_factor(ctx.scenario.place(effect.place), ctx.scenario.response.detection)
    return Incident(
        id=inject_id,
        hazard=effect.hazard,
        place=effect.place,
        level=effect.level,
        needs=effect.needs,
        supplies=dict(effect.supplies),
        occurred=ctx.now,
        detection_delay=sample(effect.detection_minutes, ctx.rng(f"injects.{inject_id}")) * factor,
        source="inject",
        trapped=effect.trapped,
    )
