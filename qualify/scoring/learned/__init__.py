"""Learned, calibrated, explained readiness: labels, features, training, a model registry,
scoring with the active/shadow model, plain-words factors and rule backtests."""

from __future__ import annotations

from qualify.scoring.learned.apply import score_people
from qualify.scoring.learned.backtest import backtest
from qualify.scoring.learned.labels import LabelSpec, LowData
from qualify.scoring.learned.train import TrainOptions, TrainResult, train

__all__ = [
    "LabelSpec",
    "LowData",
    "TrainOptions",
    "TrainResult",
    "backtest",
    "score_people",
    "train",
]
