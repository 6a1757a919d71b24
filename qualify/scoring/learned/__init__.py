"""Learned, calibrated, explained readiness: labels, features, training, a model registry,
scoring with the active/shadow model, plain-words factors and rule backtests."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Training pulls in scikit-learn and LightGBM (seconds of import); scoring without a model,
# which every `qualify score` does until one is trained, needs only the registry.
_HOME = {
    "score_people": "apply",
    "backtest": "backtest",
    "LabelSpec": "labels",
    "LowData": "labels",
    "TrainOptions": "train",
    "TrainResult": "train",
    "train": "train",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(name)
    module = importlib.import_module(f"qualify.scoring.learned.{_HOME[name]}")
    return getattr(module, name)
