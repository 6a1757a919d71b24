"""The Odoo-style frequency model: naive Bayes over per-field won/lost counts."""

from __future__ import annotations

from typing import Self

import numpy as np
import numpy.typing as npt
import pandas as pd

from qualify.scoring.models.base import (
    FloatArray,
    IntArray,
    ParamsMixin,
    as_labels,
    as_text,
    level_codes,
    numeric_matrix,
    require_fitted,
    split_columns,
)

BASELINE = "(baseline)"


class FrequencyNBScorer(ParamsMixin):
    """Odoo CRM's predictive lead scoring, as a baseline.

    Per field and value: won and lost counts plus ``alpha`` (Odoo uses 0.1). A lead's score is
    prior x product over its fields of P(value | won) against the same for lost; a value never
    seen in training is skipped, as Odoo does. Numerics are cut into ``n_bins`` quantile bins
    first. Unlike Odoo, a blank is a value of its own, because in CRM exports blankness itself
    carries signal.
    """

    def __init__(self, alpha: float = 0.1, n_bins: int = 10) -> None:
        self.alpha = alpha
        self.n_bins = n_bins

    def fit(self, x: pd.DataFrame, y: npt.ArrayLike) -> Self:
        """Count won and lost rows per field value."""
        labels = as_labels(y)
        self.columns_ = [str(c) for c in x.columns]
        self.numeric_, self.categorical_ = split_columns(x)
        numbers = numeric_matrix(x, self.numeric_)
        quantiles = np.linspace(0, 1, self.n_bins + 1)[1:-1]
        self.edges_ = {n: _edges(numbers[:, i], quantiles) for i, n in enumerate(self.numeric_)}
        self.levels_ = {c: sorted(set(as_text(x[c]))) for c in self.categorical_}
        won, lost = int(labels.sum()), int(len(labels) - labels.sum())
        self.prior_ = float(np.log(max(won, 1)) - np.log(max(lost, 1)))
        self.log_ratio_ = {c: self._field_ratio(c, x, labels) for c in self.columns_}
        return self

    def _field_ratio(self, name: str, x: pd.DataFrame, labels: IntArray) -> FloatArray:
        """log P(value | won) - log P(value | lost) per value code of one field."""
        codes = self._codes(x, name)
        size = self._size(name)
        won = np.bincount(codes[labels == 1], minlength=size) + self.alpha
        lost = np.bincount(codes[labels == 0], minlength=size) + self.alpha
        return np.asarray(np.log(won / won.sum()) - np.log(lost / lost.sum()), np.float64)

    def _size(self, name: str) -> int:
        if name in self.numeric_:
            return len(self.edges_[name]) + 2  # the bins, then one code for missing
        return len(self.levels_[name])

    def _codes(self, x: pd.DataFrame, name: str) -> npt.NDArray[np.intp]:
        """Value codes of one field; -1 for a level never seen in training."""
        if name not in self.numeric_:
            return level_codes(x[name], self.levels_[name])
        values = numeric_matrix(x, [name])[:, 0]
        edges = self.edges_[name]
        bins = np.searchsorted(edges, values, side="right")
        return np.asarray(np.where(np.isnan(values), len(edges) + 1, bins), np.intp)

    def contributions(self, x: pd.DataFrame) -> pd.DataFrame:
        """Per field, log P(value | won) - log P(value | lost); unseen values give 0."""
        require_fitted(self, "log_ratio_")
        out = pd.DataFrame(index=x.index)
        for name in self.columns_:
            codes = self._codes(x, name)
            ratio = self.log_ratio_[name]
            out[name] = np.where(codes >= 0, ratio[np.maximum(codes, 0)], 0.0)
        out[BASELINE] = self.prior_
        return out

    def predict_proba(self, x: pd.DataFrame) -> FloatArray:
        """P(positive) per row: the prior odds times each field's likelihood ratio."""
        logit = self.contributions(x).sum(axis=1).to_numpy(dtype=np.float64)
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logit, -50, 50))), dtype=np.float64)


def _edges(values: FloatArray, quantiles: FloatArray) -> FloatArray:
    """Distinct quantile cut points; an all-missing column has none."""
    present = values[~np.isnan(values)]
    if present.size == 0:
        return np.zeros(0)
    return np.unique(np.quantile(present, quantiles))
