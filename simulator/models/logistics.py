"""Supply logistics; the model lives in :mod:`simulator.models.supplies`.

Kept as the name :mod:`simulator.models.world` imports it by.
"""

from simulator.models.supplies import STATES, SupplySystem

__all__ = ["STATES", "SupplySystem"]
