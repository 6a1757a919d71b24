"""Gradient-boosted trees (LightGBM) with native categorical splits."""

from __future__ import annotations

from typing import Self

import lightgbm as lgb
import numpy as np
import numpy.typing as npt
import pandas as pd

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


class LightGBMScorer(ParamsMixin):
    """LightGBM on numerics as they are and categoricals as pandas categories.

    Categories are fixed at fit (the ``max_categories`` most frequent), so an unseen value
    becomes missing at predict time instead of shifting every code. Columns are renamed
    ``f0..fN`` inside, which keeps feature names consistent and free of characters LightGBM
    rejects.
    """

    def __init__(
        self,
        n_estimators: int = 300,
        learning_rate: float = 0.05,
        num_leaves: int = 15,
        min_child_samples: int = 20,
        subsample: float = 0.8,
        colsample: float = 0.8,
        reg_lambda: float = 1.0,
        max_categories: int = 64,
        n_jobs: int = 1,
        random_state: int = 0,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.subsample = subsample
        self.colsample = colsample
        self.reg_lambda = reg_lambda
        self.max_categories = max_categories
        self.n_jobs = n_jobs
        self.random_state = random_state

    def _params(self) -> dict[str, object]:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_data_in_leaf": self.min_child_samples,
            "bagging_fraction": self.subsample,
            "bagging_freq": 1 if self.subsample < 1 else 0,
            "feature_fraction": self.colsample,
            "lambda_l2": self.reg_lambda,
            "num_threads": self.n_jobs,
            "seed": self.random_state,
            "deterministic": True,
            "force_col_wise": True,
            "verbose": -1,
        }

    def fit(self, x: pd.DataFrame, y: npt.ArrayLike) -> Self:
        """Learn the categories and the trees."""
        labels = as_labels(y)
        self.columns_ = [str(c) for c in x.columns]
        self.numeric_, self.categorical_ = split_columns(x)
        self.categories_ = {
            c: frequent_levels(x[c], self.max_categories, 1) for c in self.categorical_
        }
        data = lgb.Dataset(self._frame(x), label=labels, free_raw_data=True)
        self.booster_ = lgb.train(self._params(), data, num_boost_round=self.n_estimators)
        return self

    def _frame(self, x: pd.DataFrame) -> pd.DataFrame:
        columns: dict[str, object] = {}
        numbers = numeric_matrix(x, self.numeric_)
        for i, name in enumerate(self.columns_):
            if name in self.numeric_:
                columns[f"f{i}"] = numbers[:, self.numeric_.index(name)]
            else:
                levels = self.categories_[name]
                codes = level_codes(x[name], levels)
                columns[f"f{i}"] = pd.Categorical.from_codes(codes, categories=pd.Index(levels))
        return pd.DataFrame(columns, index=x.index)

    def predict_proba(self, x: pd.DataFrame) -> FloatArray:
        """P(positive) per row."""
        require_fitted(self, "booster_")
        return np.asarray(self.booster_.predict(self._frame(x)), dtype=np.float64)

    def contributions(self, x: pd.DataFrame) -> pd.DataFrame:
        """Exact per-column tree contributions (log-odds, TreeSHAP); ``(baseline)`` is the bias."""
        require_fitted(self, "booster_")
        raw = np.asarray(self.booster_.predict(self._frame(x), pred_contrib=True))
        out = pd.DataFrame(raw[:, :-1], columns=self.columns_, index=x.index)
        out[BASELINE] = raw[:, -1]
        return out
