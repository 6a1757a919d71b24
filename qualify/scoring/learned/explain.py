"""Plain-words factors from exact contributions (LightGBM TreeSHAP or logistic terms).

Contributions arrive in log-odds. They are put on a 0-100 points scale with the secant of the
logistic curve between the baseline (the bias alone) and the row's raw prediction:
``points_i = 100 * c_i * (p - p0) / (logit(p) - logit(p0))``. Signs are kept, and the points
of all features add up exactly to ``100 * (p - p0)``: how far this lead's raw probability
sits from the average lead's, in percentage points.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["BASELINE", "factor_lists", "factors_json", "to_points"]

BASELINE = "(baseline)"


def _sigmoid(x: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x, -50, 50))), dtype=np.float64)


def to_points(contrib: pd.DataFrame) -> pd.DataFrame:
    """Per-feature contributions (log-odds, with a `(baseline)` column) as 0-100 points."""
    bias = contrib[BASELINE].to_numpy(np.float64)
    terms = contrib.drop(columns=[BASELINE])
    logit = bias + terms.sum(axis=1).to_numpy(np.float64)
    p, p0 = _sigmoid(logit), _sigmoid(bias)
    gap = logit - bias
    tangent = p * (1 - p)
    with np.errstate(divide="ignore", invalid="ignore"):
        secant = np.where(np.abs(gap) > 1e-9, (p - p0) / gap, tangent)
    return terms.mul(100.0 * secant, axis=0)


def _say(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "unknown"
    if isinstance(value, float):
        return f"{value:.0f}" if value == round(value) else f"{value:.2f}"
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        number = float(value)
        return None if math.isnan(number) else round(number, 4)
    return value


def factor_lists(
    points: pd.DataFrame, values: pd.DataFrame, texts: dict[str, str], top: int = 3
) -> list[list[dict[str, Any]]]:
    """Per row: the `top` most positive factors (largest first), then the `top` most negative,
    each {feature, value, text, contribution}; contribution is in points, rounded to 0.1."""
    out = []
    for index, row in points.iterrows():
        ranked = row.sort_values(ascending=False)
        chosen = [*ranked[ranked >= 0.05].index[:top], *ranked[ranked <= -0.05].index[::-1][:top]]
        items = []
        for feature in chosen:
            value = values.at[index, feature]
            pts = float(row[feature])
            text = texts.get(str(feature), str(feature) + ": {v}").format(v=_say(value))
            shown = f"{pts:+.0f}" if abs(pts) >= 1 else f"{pts:+.1f}"
            items.append(
                {
                    "feature": str(feature),
                    "value": _plain(value),
                    "text": f"{text}: {shown}",
                    "contribution": round(pts, 1),
                }
            )
        out.append(items)
    return out


def factors_json(
    points: pd.DataFrame, values: pd.DataFrame, texts: dict[str, str], top: int = 3
) -> list[str]:
    """`factor_lists` as one JSON text per row."""
    return [json.dumps(items) for items in factor_lists(points, values, texts, top)]
