"""Metrics on examples small enough to check by hand."""

from __future__ import annotations

import numpy as np
import pytest

from qualify.scoring.evaluate import metrics


def test_ece_by_hand() -> None:
    # bin 0.1-0.2: p 0.1,0.1 vs 1 positive of 2 -> |0.5-0.1|=0.4, weight 2/4
    # bin 0.9-1.0: p 0.9,1.0 vs 2 of 2 -> |1-0.95|=0.05, weight 2/4
    y = np.array([0, 1, 1, 1])
    p = np.array([0.1, 0.1, 0.9, 1.0])
    assert metrics.ece(y, p) == pytest.approx(0.5 * 0.4 + 0.5 * 0.05)


def test_perfect_calibration_has_zero_ece() -> None:
    y = np.array([0, 1] * 50)
    assert metrics.ece(y, np.full(100, 0.5)) == pytest.approx(0.0)


def test_lift_table_by_hand() -> None:
    # 20 rows, 4 positives (base 0.2); the two best-scored rows are both positive
    p = np.linspace(1.0, 0.05, 20)
    y = np.zeros(20, dtype=np.int64)
    y[[0, 1, 5, 19]] = 1
    table = metrics.lift_table(y, p)
    assert len(table) == 10
    assert table[0]["positives"] == 2
    assert table[0]["lift"] == pytest.approx(1.0 / 0.2)
    assert table[2]["lift"] == pytest.approx(0.5 / 0.2)
    assert table[-1]["cumulative_recall"] == pytest.approx(1.0)
    assert metrics.summary(y, p)["lift_top_decile"] == pytest.approx(5.0)


def test_thresholds_by_hand() -> None:
    y = np.array([1, 0, 1, 0])
    p = np.array([0.95, 0.85, 0.45, 0.05])
    rows = {r["threshold"]: r for r in metrics.threshold_table(y, p)}
    assert rows[0.5]["n_flagged"] == 2
    assert rows[0.5]["precision"] == pytest.approx(0.5)
    assert rows[0.5]["recall"] == pytest.approx(0.5)
    assert rows[0.4]["recall"] == pytest.approx(1.0)
    assert rows[0.9]["precision"] == pytest.approx(1.0)


def test_summary_values() -> None:
    y = np.array([0, 0, 1, 1])
    p = np.array([0.1, 0.4, 0.35, 0.8])
    result = metrics.summary(y, p)
    assert result["auc"] == pytest.approx(0.75)
    assert result["brier"] == pytest.approx((0.01 + 0.16 + 0.4225 + 0.04) / 4)
    assert result["log_loss"] == pytest.approx(-np.mean(np.log([0.9, 0.6, 0.35, 0.8])))
