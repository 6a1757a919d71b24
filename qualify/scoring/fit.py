"""Fit 0-100: the weighted share of ICP rules passed, with gates and disqualifiers.

fit = 100 * sum(weights of passed rules) / sum(weights) (100 with no rules). Fit passes when
fit >= icp.threshold, no required rule (gate) failed and no disqualifier hit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualify.config import Config
from qualify.core.numbers import EPS
from qualify.scoring.rules import rule_passed

__all__ = ["FitResult", "fit"]


@dataclass(frozen=True)
class FitResult:
    score: np.ndarray  # (n,) 0-100
    passed: np.ndarray  # (n, rules) bool
    disqualified: np.ndarray  # (n, disqualifiers) bool
    gates_failed: np.ndarray  # (n, rules) bool: required and failed
    ok: np.ndarray  # (n,) bool


def fit(frame: pd.DataFrame, cfg: Config) -> FitResult:
    """Evaluate the ICP over a frame with `person.*`, `account.*` and `metric.*` columns."""
    n = len(frame)
    rules, disq = cfg.icp.rules, cfg.icp.disqualifiers
    passed = _matrix([rule_passed(r, _col(frame, r.field)) for r in rules], n)
    hits = _matrix([rule_passed(d, _col(frame, d.field)) for d in disq], n)
    weights = np.array([r.weight for r in rules], dtype="float64")
    required = np.array([r.required for r in rules], dtype=bool)
    score = score_of(passed, weights)
    gates = ~passed & required[None, :] if rules else np.zeros((n, 0), dtype=bool)
    ok = (score >= cfg.icp.threshold - EPS) & ~gates.any(axis=1) & ~hits.any(axis=1)
    return FitResult(score=score, passed=passed, disqualified=hits, gates_failed=gates, ok=ok)


def score_of(passed: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """100 * passed weight / total weight, per row."""
    total = float(weights.sum())
    if total <= 0:
        return np.full(passed.shape[0], 100.0)
    score: np.ndarray = 100.0 * (passed.astype("float64") @ weights) / total
    return score


def _col(frame: pd.DataFrame, field: str) -> pd.Series:
    if field in frame.columns:
        return frame[field]
    return pd.Series([None] * len(frame), index=frame.index, dtype="object")


def _matrix(columns: list[np.ndarray], n: int) -> np.ndarray:
    if not columns:
        return np.zeros((n, 0), dtype=bool)
    return np.column_stack(columns).astype(bool)
