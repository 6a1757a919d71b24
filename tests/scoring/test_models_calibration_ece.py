"""Calibration on held-out predictions repairs an overconfident model, measured on a held-out
sample large enough for ECE to mean something."""

from __future__ import annotations

import numpy as np
import pandas as pd

from qualify.scoring.evaluate.metrics import ece
from qualify.scoring.models import CalibratedScorer, LightGBMScorer


def world(n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.normal(size=(n, 6)), columns=[f"x{i}" for i in range(6)])
    logit = 0.8 * x["x0"] - 0.6 * x["x1"] + 0.4 * x["x2"] * x["x3"] - 1.5
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(int)
    return x, y.to_numpy()


def test_platt_calibration_lowers_ece_of_an_overconfident_model() -> None:
    x, y = world(3000, 1)
    x_new, y_new = world(20000, 2)
    # Deep trees on few rows are overconfident: the case calibration exists for.
    raw = LightGBMScorer(n_estimators=400, learning_rate=0.2, num_leaves=63, min_child_samples=2)
    base = raw.clone().fit(x, y)
    calibrated = CalibratedScorer(raw, method="sigmoid").fit(x, y)
    before = ece(y_new, base.predict_proba(x_new))
    after = ece(y_new, calibrated.predict_proba(x_new))
    assert after < before / 2, f"ECE {before:.3f} -> {after:.3f}"
