"""Out-of-fold metrics: ranking, calibration and lift."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

from qualify.scoring.models.base import FloatArray

Labels = npt.NDArray[np.int64]
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
_EPS = 1e-15


def auc(y: Labels, p: FloatArray) -> float:
    """ROC AUC; 0.5 when only one class is present (no ranking to judge)."""
    if len(np.unique(y)) < 2:
        return 0.5
    return float(roc_auc_score(y, p))


def log_loss(y: Labels, p: FloatArray) -> float:
    """Mean negative log-likelihood, probabilities clipped away from 0 and 1."""
    q = np.clip(p, _EPS, 1 - _EPS)
    return float(-np.mean(y * np.log(q) + (1 - y) * np.log(1 - q)))


def brier(y: Labels, p: FloatArray) -> float:
    """Mean squared error of the probabilities."""
    return float(np.mean((p - y) ** 2))


def calibration_bins(y: Labels, p: FloatArray, n_bins: int = 10) -> list[dict[str, float]]:
    """Equal-width bins over [0, 1] (1.0 falls in the last), with rows, mean p and rate."""
    index = np.minimum((p * n_bins).astype(np.int64), n_bins - 1)
    bins = []
    for b in range(n_bins):
        inside = index == b
        count = int(inside.sum())
        bins.append(
            {
                "low": b / n_bins,
                "high": (b + 1) / n_bins,
                "n": count,
                "mean_predicted": float(p[inside].mean()) if count else 0.0,
                "observed_rate": float(y[inside].mean()) if count else 0.0,
            }
        )
    return bins


def ece(y: Labels, p: FloatArray, n_bins: int = 10) -> float:
    """Expected calibration error: the row-weighted mean |observed - predicted| per bin."""
    bins = calibration_bins(y, p, n_bins)
    total = len(y)
    return float(sum(b["n"] / total * abs(b["observed_rate"] - b["mean_predicted"]) for b in bins))


def lift_table(y: Labels, p: FloatArray, n_groups: int = 10) -> list[dict[str, float]]:
    """Deciles by score, best first: rows, positives, rate, lift over base, cumulative recall."""
    order = np.argsort(-p, kind="stable")
    base = float(y.mean())
    positives = max(int(y.sum()), 1)
    rows, captured = [], 0
    for k, part in enumerate(np.array_split(order, n_groups)):
        hits = int(y[part].sum())
        captured += hits
        rate = hits / len(part) if len(part) else 0.0
        rows.append(
            {
                "decile": k + 1,
                "n": len(part),
                "positives": hits,
                "rate": rate,
                "lift": rate / base if base else 0.0,
                "cumulative_recall": captured / positives,
                "min_score": float(p[part].min()) if len(part) else 0.0,
            }
        )
    return rows


def threshold_table(y: Labels, p: FloatArray) -> list[dict[str, float]]:
    """Precision and recall when every lead with P >= threshold is called qualified."""
    positives = max(int(y.sum()), 1)
    rows = []
    for t in THRESHOLDS:
        called = p >= t
        hits = int((called & (y == 1)).sum())
        n = int(called.sum())
        rows.append(
            {
                "threshold": t,
                "n_flagged": n,
                "precision": hits / n if n else 0.0,
                "recall": hits / positives,
            }
        )
    return rows


def summary(y: Labels, p: FloatArray) -> dict[str, float]:
    """The headline numbers of one set of out-of-fold predictions."""
    lifts = lift_table(y, p)
    return {
        "auc": auc(y, p),
        "pr_auc": float(average_precision_score(y, p)) if y.any() else 0.0,
        "log_loss": log_loss(y, p),
        "brier": brier(y, p),
        "ece": ece(y, p),
        "lift_top_decile": lifts[0]["lift"],
    }


def roc_points(y: Labels, p: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(false positive rate, true positive rate) for plotting."""
    fpr, tpr, _ = roc_curve(y, p)
    return np.asarray(fpr, np.float64), np.asarray(tpr, np.float64)
