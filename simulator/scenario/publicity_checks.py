"""Cross-reference checks of the public information section (simulator.scenario.publicity)."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.scenario.models import Scenario
from simulator.scenario.problems import Problem


def check_publicity(sc: Scenario) -> Iterator[Problem]:
    """The publicity unit exists and is not a specialised HQ (a release speaks for the city, not one hazard's HQ)."""
    spec = sc.public_information
    if spec is None:
        return
    loc = ("public_information", "unit")
    unit = next((u for u in sc.command.units if u.id == spec.unit), None)
    if unit is None:
        yield Problem(loc, "unknown_unit", {"ref": spec.unit})
    elif unit.kind == "specialised_hq":
        yield Problem(loc, "publicity_unit_is_hq", {"ref": spec.unit})
