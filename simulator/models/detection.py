"""The grid-worker rule: how much longer (or shorter) finding an incident takes at a place.

The delay is the source's own draw times a factor of the place
(``simulator.scenario.detection`` gives the figures and their sources), so
under common random numbers more grid workers shorten the same incident's
delay: the same draw, a smaller factor.
"""

from __future__ import annotations

from simulator.scenario.detection import Detection
from simulator.scenario.geography import Place


def detection_factor(place: Place, rule: Detection) -> float:
    """Delay multiplier at ``place``: 1 at the reference load, never rising with more grid workers."""
    if place.grid_workers is None or place.population <= 0:
        return 1.0  # nothing stated to scale by: the source's time as written
    if place.grid_workers == 0:
        return rule.public_factor
    households_per_worker = place.population / rule.people_per_household / place.grid_workers
    factor = households_per_worker / rule.households_per_grid_worker
    return min(max(factor, rule.fastest_factor), rule.slowest_factor)


def factors_for(places: list[Place] | tuple[Place, ...], wanted, rule: Detection) -> dict[str, float]:
    """``detection_factor`` of each place id in ``wanted``, looked up once."""
    wanted = set(wanted)
    return {p.id: detection_factor(p, rule) for p in places if p.id in wanted}
