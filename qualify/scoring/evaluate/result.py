"""What an evaluation found, and its JSON form."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from qualify.scoring.evaluate.leakage import Leak
from qualify.scoring.models.base import FloatArray


@dataclass
class EvaluationResult:
    """Every figure of one ``evaluate_table`` run; all metrics are out of fold.

    ``y``, ``scores`` and ``baseline_scores`` are the scored rows' labels and out-of-fold
    probabilities, kept for the report's plots and left out of the JSON.
    """

    label: str
    positive: str
    n_rows: int
    base_rate: float
    model: str
    calibration_method: str
    metrics: dict[str, float]
    auc_with_flagged: float
    cv: dict[str, Any]
    models: dict[str, dict[str, Any]]
    baselines: dict[str, float]
    single_best_column: str | None
    leakage: list[Leak]
    single_column_aucs: dict[str, float]
    placeholders: list[dict[str, object]]
    excluded: dict[str, str]
    features: list[str]
    importance: dict[str, float]
    thresholds: list[dict[str, float]]
    lift: list[dict[str, float]]
    calibration_bins: list[dict[str, float]]
    rows_without_label: int = 0
    seconds: float = 0.0
    y: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64), repr=False)
    scores: FloatArray = field(default_factory=lambda: np.zeros(0), repr=False)
    baseline_scores: dict[str, FloatArray] = field(default_factory=dict, repr=False)

    @property
    def auc(self) -> float:
        """Out-of-fold ROC AUC of the calibrated chosen model, flagged columns excluded."""
        return self.metrics["auc"]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (no NaN: a metric that cannot be computed is null)."""
        document: dict[str, Any] = {
            **self.metrics,
            "auc_with_flagged": self.auc_with_flagged,
            "model": self.model,
            "baselines": self.baselines,
            "single_best_column": self.single_best_column,
            "leakage": [_leak_json(leak) for leak in self.leakage],
            "placeholders": self.placeholders,
            "label": self.label,
            "positive": self.positive,
            "n_rows": self.n_rows,
            "n_scored": len(self.y),
            "rows_without_label": self.rows_without_label,
            "base_rate": self.base_rate,
            "folds": self.cv["folds"],
            "cv": self.cv,
            "models": self.models,
            "calibration": {"method": self.calibration_method, "bins": self.calibration_bins},
            "thresholds": self.thresholds,
            "lift": self.lift,
            "importance": self.importance,
            "single_column_aucs": self.single_column_aucs,
            "features": self.features,
            "excluded_columns": self.excluded,
            "id_columns": [c for c, r in self.excluded.items() if r.startswith(("id", "unique"))],
            "dropped_columns": [c for c, r in self.excluded.items() if r.startswith("dropped")],
            "seconds": self.seconds,
        }
        return dict(_finite(document))


def _leak_json(leak: Leak) -> dict[str, Any]:
    return {
        "column": leak.column,
        "auc": leak.auc,
        "reason": leak.reason,
        "drop_cost": leak.drop_cost,
        "excluded": not leak.kept,
    }


def _finite(value: Any) -> Any:
    """NaN and infinities become None, recursively; numpy scalars become Python numbers."""
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
