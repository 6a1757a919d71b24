"""Platt calibration must never reverse the model's ranking (a negative slope would)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from qualify.scoring.models import CalibratedScorer, LogisticScorer


@pytest.mark.parametrize("seed", range(6))
def test_calibrated_scores_keep_the_base_ranking(seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.normal(size=(300, 4)), columns=list("abcd"))
    y = rng.integers(0, 2, size=300)  # pure noise: out-of-fold slopes can come out negative
    model = CalibratedScorer(LogisticScorer(), method="sigmoid").fit(x, y)
    calibrated = model.predict_proba(x)
    raw = model.base_.predict_proba(x)
    rho = spearmanr(calibrated, raw).statistic
    assert rho > 0.999 or np.ptp(calibrated) == 0
    if model.calibrator_ is not None:
        assert model.calibrator_.coef_[0, 0] > 0
