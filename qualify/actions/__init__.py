"""What Qualify does with a verdict: route it (self-serve or sales-assisted)."""

from qualify.actions.routing import Routes, route

__all__ = ["Routes", "route"]
