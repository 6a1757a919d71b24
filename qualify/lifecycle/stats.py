"""Rates with honest uncertainty: Wilson score intervals, free of scipy."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

__all__ = ["Z95", "Rate", "wilson"]

# The two-sided 95% normal quantile; written out so this module needs no scipy.
Z95 = 1.959963984540054


@dataclass(frozen=True, slots=True)
class Rate:
    """`hits` of `n`, with a confidence interval; every figure is None when n is 0."""

    hits: int
    n: int
    rate: float | None
    low: float | None
    high: float | None

    def to_json(self) -> dict[str, Any]:
        return {"rate": self.rate, "low": self.low, "high": self.high, "n": self.n}


def wilson(hits: int, n: int, z: float = Z95) -> Rate:
    """The Wilson score interval for `hits` successes in `n` trials.

    Unlike the normal approximation it stays inside [0, 1] and behaves at 0 or n hits, which
    matters for the small cohorts a young workspace has.
    """
    if n < 0 or hits < 0 or hits > n:
        raise ValueError(f"need 0 <= hits <= n, got hits={hits}, n={n}")
    if n == 0:
        return Rate(hits, n, None, None, None)
    p = hits / n
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom
    # Clamp float dust so low <= rate <= high holds exactly at 0 and n hits.
    return Rate(hits, n, p, max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half)))
