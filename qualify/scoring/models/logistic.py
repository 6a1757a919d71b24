"""Regularised logistic regression on one-hot categoricals and standardised numerics."""

from __future__ import annotations

from typing import Self

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.linear_model import LogisticRegression

from qualify.scoring.models.base import (
    FloatArray,
    ParamsMixin,
    as_labels,
    frequent_levels,
    level_codes,
    numeric_matrix,
    require_fitted,
    split_columns,
)

BASELINE = "(baseline)"


class LogisticScorer(ParamsMixin):
    """L2 logistic regression.

    Numerics: median imputation plus a missing indicator, then standardisation (clipped at
    ``clip`` standard deviations so one extreme row cannot dominate a coefficient).
    Categoricals: one-hot over levels seen at least ``min_count`` times; rare and unseen
    levels encode as all zeros, i.e. the intercept alone speaks for them.
    """

    def __init__(
        self,
        C: float = 1.0,  # noqa: N803  (scikit-learn's name)
        min_count: int = 5,
        max_levels: int = 100,
        clip: float = 8.0,
        max_iter: int = 2000,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.min_count = min_count
        self.max_levels = max_levels
        self.clip = clip
        self.max_iter = max_iter
        self.random_state = random_state

    def fit(self, x: pd.DataFrame, y: npt.ArrayLike) -> Self:
        """Learn imputation, scaling, levels and coefficients, all from ``x`` alone."""
        labels = as_labels(y)
        self.columns_ = [str(c) for c in x.columns]
        self.numeric_, self.categorical_ = split_columns(x)
        numbers = numeric_matrix(x, self.numeric_)
        medians = np.nanmedian(numbers, axis=0) if numbers.size else np.zeros(0)
        self.medians_ = np.where(np.isnan(medians), 0.0, medians)
        self.indicators_ = [c for i, c in enumerate(self.numeric_) if np.isnan(numbers[:, i]).any()]
        filled = np.where(np.isnan(numbers), self.medians_, numbers)
        self.means_ = filled.mean(axis=0)
        scales = filled.std(axis=0)
        self.scales_ = np.where(scales > 0, scales, 1.0)
        self.levels_ = {
            c: frequent_levels(x[c], self.max_levels, self.min_count) for c in self.categorical_
        }
        design, self.sources_ = self._design(x)
        model = LogisticRegression(C=self.C, max_iter=self.max_iter, random_state=self.random_state)
        self.model_ = model.fit(design, labels)
        return self

    def _design(self, x: pd.DataFrame) -> tuple[FloatArray, list[str]]:
        """The model matrix and, per column of it, the input column it came from."""
        numbers = numeric_matrix(x, self.numeric_)
        missing = np.isnan(numbers)
        scaled = (np.where(missing, self.medians_, numbers) - self.means_) / self.scales_
        blocks = [np.clip(scaled, -self.clip, self.clip)]
        sources = list(self.numeric_)
        for name in self.indicators_:
            blocks.append(missing[:, [self.numeric_.index(name)]].astype(np.float64))
            sources.append(name)
        for name in self.categorical_:
            levels = self.levels_[name]
            codes = level_codes(x[name], levels)
            onehot = np.zeros((len(x), len(levels)))
            seen = codes >= 0
            onehot[np.flatnonzero(seen), codes[seen]] = 1.0
            blocks.append(onehot)
            sources.extend([name] * len(levels))
        return np.hstack(blocks), sources

    def predict_proba(self, x: pd.DataFrame) -> FloatArray:
        """P(positive) per row."""
        require_fitted(self, "model_")
        design, _ = self._design(x)
        return np.asarray(self.model_.predict_proba(design)[:, 1], dtype=np.float64)

    def contributions(self, x: pd.DataFrame) -> pd.DataFrame:
        """Coefficient x standardised (or one-hot) value, summed per input column (log-odds)."""
        require_fitted(self, "model_")
        design, sources = self._design(x)
        terms = design * self.model_.coef_[0]
        out = pd.DataFrame(0.0, index=x.index, columns=self.columns_)
        for j, source in enumerate(sources):
            out[source] += terms[:, j]
        out[BASELINE] = float(self.model_.intercept_[0])
        return out
