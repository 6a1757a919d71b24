"""Numeric conventions shared by features and scoring."""

from __future__ import annotations

__all__ = ["EPS"]

# Scores and points are sums of float weights (94.00000000000001): thresholds compare with a
# hair of slack, the same everywhere, so the engine's and numpy's verdicts agree.
EPS = 1e-9
