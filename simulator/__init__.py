"""drillsim: emergency-management drill simulator."""
__version__ = "0.1.0"
