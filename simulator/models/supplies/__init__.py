"""Supply logistics (DOMAIN.md 3): tiered reserves, allocation, trucks, shelters."""

from simulator.models.supplies.system import STATES, SupplySystem

__all__ = ["STATES", "SupplySystem"]
