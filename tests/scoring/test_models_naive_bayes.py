"""The Odoo-style frequency baseline, checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from qualify.scoring.models import CalibratedScorer, FrequencyNBScorer, LogisticScorer


def test_counts_with_smoothing_match_a_hand_computation() -> None:
    x = pd.DataFrame({"source": ["ads", "ads", "ads", "web"]})
    y = np.array([1, 1, 0, 0])
    model = FrequencyNBScorer(alpha=0.1).fit(x, y)
    # won: ads 2.1, web 0.1 (total 2.2); lost: ads 1.1, web 1.1 (total 2.2); prior 2:2
    expected = (2.1 / 2.2) / (1.1 / 2.2)
    p = model.predict_proba(pd.DataFrame({"source": ["ads"]}))[0]
    assert p == pytest.approx(expected / (1 + expected))


def test_unseen_value_is_skipped_so_only_the_prior_speaks() -> None:
    x = pd.DataFrame({"source": ["ads", "ads", "web", "web", "web"]})
    y = np.array([1, 1, 0, 0, 1])
    model = FrequencyNBScorer().fit(x, y)
    p = model.predict_proba(pd.DataFrame({"source": ["print"]}))[0]
    assert p == pytest.approx(3 / 5)


def test_numerics_are_binned_by_quantile() -> None:
    x = pd.DataFrame({"visits": np.arange(100, dtype=float)})
    y = (x["visits"] > 70).astype(int).to_numpy()
    model = FrequencyNBScorer(n_bins=10).fit(x, y)
    assert len(model.edges_["visits"]) == 9
    p = model.predict_proba(pd.DataFrame({"visits": [5.0, 95.0]}))
    assert p[0] < 0.05 < 0.9 < p[1]


def test_unknown_calibration_method_is_rejected() -> None:
    x = pd.DataFrame({"a": np.arange(20.0)})
    y = np.array([0, 1] * 10)
    with pytest.raises(ValueError, match="method"):
        CalibratedScorer(LogisticScorer(), method="beta").fit(x, y)


def test_sigmoid_calibration_keeps_the_ranking() -> None:
    rng = np.random.default_rng(1)
    x = pd.DataFrame({"a": rng.normal(size=300)})
    y = (rng.random(300) < 1 / (1 + np.exp(-2 * x["a"]))).astype(int).to_numpy()
    raw = LogisticScorer().fit(x, y).predict_proba(x)
    calibrated = CalibratedScorer(LogisticScorer()).fit(x, y).predict_proba(x)
    assert np.array_equal(np.argsort(raw), np.argsort(calibrated))
    assert math.isclose(calibrated.mean(), y.mean(), abs_tol=0.05)
