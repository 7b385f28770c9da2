"""Supply logistics (Zhengzhou's reply of 9 July 2021, seed 002): tiered reserves, allocation, trucks, shelters."""

from simulator.models.supplies.system import STATES, SupplySystem

__all__ = ["STATES", "SupplySystem"]
