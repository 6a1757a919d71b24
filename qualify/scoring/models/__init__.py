"""The scorers: one contract (see ``base``), shared by evaluation and workspace training."""

from __future__ import annotations

from qualify.scoring.models.base import Scorer
from qualify.scoring.models.calibrated import CalibratedScorer
from qualify.scoring.models.lgbm import LightGBMScorer
from qualify.scoring.models.logistic import LogisticScorer
from qualify.scoring.models.naive_bayes import FrequencyNBScorer

__all__ = [
    "CalibratedScorer",
    "FrequencyNBScorer",
    "LightGBMScorer",
    "LogisticScorer",
    "Scorer",
]
