"""The Odoo-style frequency model: naive Bayes over per-field won/lost counts."""

from __future__ import annotations

from typing import Self

import numpy as np
import numpy.typing as npt
import pandas as pd

from qualify.scoring.models.base import (
    FloatArray,
    ParamsMixin,
    as_labels,
    as_text,
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

    def fit(self, X: pd.DataFrame, y: npt.ArrayLike) -> Self:
        """Count won and lost rows per field value."""
        labels = as_labels(y)
        self.columns_ = [str(c) for c in X.columns]
        self.numeric_, self.categorical_ = split_columns(X)
        numbers = numeric_matrix(X, self.numeric_)
        quantiles = np.linspace(0, 1, self.n_bins + 1)[1:-1]
        self.edges_ = {
            name: _edges(numbers[:, i], quantiles) for i, name in enumerate(self.numeric_)
        }
        won, lost = int(labels.sum()), int(len(labels) - labels.sum())
        self.prior_ = float(np.log(max(won, 1)) - np.log(max(lost, 1)))
        self.log_ratio_ = {c: self._field_table(self._tokens(X, c), labels) for c in self.columns_}
        return self

    def _field_table(self, tokens: pd.Series, labels: npt.NDArray[np.int64]) -> dict[str, float]:
        counts = pd.crosstab(tokens.to_numpy(), labels).reindex(columns=[0, 1], fill_value=0)
        lost = counts[0].to_numpy(dtype=np.float64) + self.alpha
        won = counts[1].to_numpy(dtype=np.float64) + self.alpha
        ratio = np.log(won / won.sum()) - np.log(lost / lost.sum())
        return dict(zip(map(str, counts.index), ratio.tolist(), strict=True))

    def _tokens(self, X: pd.DataFrame, name: str) -> pd.Series:
        if name not in self.numeric_:
            return as_text(X[name])
        values = numeric_matrix(X, [name])[:, 0]
        bins = np.searchsorted(self.edges_[name], values, side="right")
        tokens = pd.Series([f"bin{b}" for b in bins], index=X.index, dtype=object)
        return tokens.where(~np.isnan(values), "(missing)")

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Per field, log P(value | won) - log P(value | lost); unseen values give 0."""
        require_fitted(self, "log_ratio_")
        out = pd.DataFrame(index=X.index)
        for name in self.columns_:
            mapped = self._tokens(X, name).map(self.log_ratio_[name])
            out[name] = pd.to_numeric(mapped, errors="coerce").fillna(0.0).to_numpy(np.float64)
        out[BASELINE] = self.prior_
        return out

    def predict_proba(self, X: pd.DataFrame) -> FloatArray:
        """P(positive) per row: the prior odds times each field's likelihood ratio."""
        logit = self.contributions(X).sum(axis=1).to_numpy(dtype=np.float64)
        return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logit, -50, 50))), dtype=np.float64)


def _edges(values: FloatArray, quantiles: FloatArray) -> FloatArray:
    """Distinct quantile cut points; an all-missing column has none."""
    present = values[~np.isnan(values)]
    if present.size == 0:
        return np.zeros(0)
    return np.unique(np.quantile(present, quantiles))
