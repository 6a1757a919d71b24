"""The PQL verdict on one feature vector, as a pure function (the reference the vectorised
pipeline is tested against), and readiness.

A person is a PQL when activated (share >= activation.threshold), fit (score >= icp.threshold,
no gate failed, no disqualifier hit) and showing intent. Intent must reach intent.threshold to
enter; a person already PQL (`was_pql`) stays while intent >= threshold - exit_margin.

Readiness 0-100 = (w_fit * fit + w_activation * 100 * activation + w_intent * intent) /
(w_fit + w_activation + w_intent), with the weights of pql.readiness_weights; a disqualified
lead (a disqualifier hit: a student, a competitor) has readiness 0, however active, so it never
tops the list sales works from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qualify.config import Config
from qualify.core.numbers import EPS

__all__ = ["Vector", "activation_share", "fit_ok", "fit_score", "is_pql", "readiness"]


@dataclass(frozen=True)
class Vector:
    """What the verdict depends on: which ICP rules pass, which disqualifiers hit, which key
    features are discovered, and intent."""

    rules: tuple[bool, ...]
    disqualified: tuple[bool, ...]
    discovered: tuple[bool, ...]
    intent: float
    extra: dict[str, float] = field(default_factory=dict, compare=False)


def fit_score(v: Vector, cfg: Config) -> float:
    weights = [r.weight for r in cfg.icp.rules]
    total = sum(weights)
    if total <= 0:
        return 100.0
    return 100.0 * sum(w for w, ok in zip(weights, v.rules, strict=True) if ok) / total


def fit_ok(v: Vector, cfg: Config) -> bool:
    gates = any(r.required and not ok for r, ok in zip(cfg.icp.rules, v.rules, strict=True))
    return fit_score(v, cfg) >= cfg.icp.threshold - EPS and not gates and not any(v.disqualified)


def activation_share(v: Vector) -> float:
    return sum(v.discovered) / len(v.discovered) if v.discovered else 1.0


def is_pql(v: Vector, cfg: Config, *, was_pql: bool = False) -> bool:
    """The verdict; `was_pql` applies the exit margin instead of the entry threshold."""
    bar = cfg.intent.threshold - (cfg.pql.hysteresis.exit_margin if was_pql else 0.0)
    activated = activation_share(v) >= cfg.activation.threshold - EPS
    return activated and fit_ok(v, cfg) and v.intent >= bar - EPS


def readiness(
    fit: np.ndarray,
    activation: np.ndarray,
    intent: np.ndarray,
    cfg: Config,
    disqualified: np.ndarray | None = None,
) -> np.ndarray:
    """Readiness 0-100, vectorised (see the module docstring)."""
    w = cfg.pql.readiness_weights
    total = w.fit + w.activation + w.intent
    if total <= 0:
        return np.zeros(len(fit))
    score = (w.fit * fit + w.activation * 100.0 * activation + w.intent * intent) / total
    return score if disqualified is None else np.where(disqualified, 0.0, score)
