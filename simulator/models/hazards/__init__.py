"""Hazard dynamics switched on by a root section of their own (typhoon, ...): one module per hazard."""
