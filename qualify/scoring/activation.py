"""Activation 0-1: the share of key features discovered.

A key feature is discovered once its matching events reach `min_count`; the time it happened
is taken at day precision (the end of the UTC day the count was reached, or `as_of` for the
current day), which is all the daily hysteresis grid needs. The engine rolls those up per
person (`features.rollup`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from qualify.config import Config
from qualify.core.numbers import EPS

if TYPE_CHECKING:
    from qualify.scoring.inputs import PersonInputs

__all__ = ["ActivationResult", "activation", "need_count", "share_of"]


@dataclass(frozen=True)
class ActivationResult:
    counts: np.ndarray  # (n, K) events per key feature
    first_at: np.ndarray  # (n, K) datetime64[us], first matching event (NaT if none)
    discovered_at: np.ndarray  # (n, K) datetime64[us], day-end the count reached min_count
    discovered: np.ndarray  # (n, K) bool
    share: np.ndarray  # (n,)
    ok: np.ndarray  # (n,) share >= threshold


def share_of(discovered: np.ndarray) -> np.ndarray:
    """Share of key features discovered per row (1.0 when the config declares none)."""
    k = discovered.shape[1]
    return discovered.sum(axis=1) / k if k else np.ones(discovered.shape[0])


def need_count(k: int, threshold: float) -> int:
    """The fewest discovered features out of `k` whose share meets `threshold`."""
    if k == 0:
        return 0
    m = int(np.ceil(threshold * k - EPS))
    return m if m / k >= threshold - EPS else m + 1


def activation(inputs: PersonInputs, cfg: Config) -> ActivationResult:
    """Per-person activation from the rolled-up key feature counts and discovery times."""
    mins = np.array([f.min_count for f in cfg.activation.key_features], dtype="int64")
    discovered = inputs.counts >= mins[None, :]
    share = share_of(discovered)
    ok = share >= cfg.activation.threshold - EPS
    return ActivationResult(inputs.counts, inputs.first_at, inputs.found_at, discovered, share, ok)
