"""Calibration of any scorer on held-out predictions inside its own training data."""

from __future__ import annotations

from typing import Any, Self

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, TimeSeriesSplit

from qualify.scoring.models.base import FloatArray, ParamsMixin, Scorer, as_labels, require_fitted

METHODS = ("sigmoid", "isotonic")


def _logit(p: FloatArray) -> FloatArray:
    clipped = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(clipped / (1 - clipped)), dtype=np.float64)


class CalibratedScorer(ParamsMixin):
    """``base`` refitted on all rows, its scores mapped through a calibrator.

    The calibrator is fitted on ``cv``-fold out-of-fold predictions of ``base`` within the
    training rows (time-ordered folds when ``time_ordered``), so it never sees a row the model
    was trained on. ``sigmoid`` (Platt) keeps the ranking and so the AUC; ``isotonic`` is more
    flexible but creates ties.
    """

    def __init__(
        self,
        base: Scorer,
        method: str = "sigmoid",
        cv: int = 3,
        time_ordered: bool = False,
        random_state: int = 0,
    ) -> None:
        self.base = base
        self.method = method
        self.cv = cv
        self.time_ordered = time_ordered
        self.random_state = random_state

    def fit(self, x: pd.DataFrame, y: npt.ArrayLike) -> Self:
        """Inner out-of-fold predictions, the calibrator on them, then ``base`` on everything."""
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, not {self.method!r}")
        labels = as_labels(y)
        scores = np.full(len(labels), np.nan)
        for train, test in self._splits(labels):
            model = self.base.clone().fit(x.iloc[train], labels[train])
            scores[test] = model.predict_proba(x.iloc[test])
        seen = ~np.isnan(scores)
        self.calibrator_ = self._calibrator(scores[seen], labels[seen])
        self.base_ = self.base.clone().fit(x, labels)
        return self

    def _splits(self, labels: npt.NDArray[np.int64]) -> list[tuple[Any, Any]]:
        index = np.zeros((len(labels), 1))
        if self.time_ordered:
            return list(TimeSeriesSplit(n_splits=self.cv).split(index))
        folds = min(self.cv, int(np.bincount(labels, minlength=2).min()))
        splitter = StratifiedKFold(max(folds, 2), shuffle=True, random_state=self.random_state)
        return list(splitter.split(index, labels))

    def _calibrator(self, scores: FloatArray, labels: npt.NDArray[np.int64]) -> Any:
        if len(np.unique(labels)) < 2:
            return None  # nothing to learn: keep the raw scores
        if self.method == "isotonic":
            iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
            return iso.fit(scores, labels)
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(_logit(scores)[:, None], labels)
        if platt.coef_[0, 0] <= 0:
            # A non-positive slope would reverse the model's ranking (seen on shuffled labels):
            # the base model ranks no better than chance out of fold, so keep its raw scores.
            return None
        return platt

    def predict_proba(self, x: pd.DataFrame) -> FloatArray:
        """Calibrated P(positive) per row."""
        require_fitted(self, "base_")
        raw = self.base_.predict_proba(x)
        if self.calibrator_ is None:
            return raw
        if self.method == "isotonic":
            return np.asarray(self.calibrator_.predict(raw), dtype=np.float64)
        return np.asarray(self.calibrator_.predict_proba(_logit(raw)[:, None])[:, 1], np.float64)

    def contributions(self, x: pd.DataFrame) -> pd.DataFrame:
        """The base model's contributions (log-odds before calibration)."""
        require_fitted(self, "base_")
        explain = getattr(self.base_, "contributions", None)
        if explain is None:
            raise NotImplementedError(f"{type(self.base_).__name__} has no contributions")
        result: pd.DataFrame = explain(x)
        return result
