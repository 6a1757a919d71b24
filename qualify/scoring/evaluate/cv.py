"""Out-of-fold predictions: stratified or time-ordered folds, models refitted per fold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.model_selection import StratifiedKFold, TimeSeriesSplit

from qualify.errors import EvaluationError
from qualify.scoring.models.base import FloatArray, IntArray, Scorer

Fold = tuple[IntArray, IntArray]
OnFold = Callable[[int, int], None]
EXPLAIN_ROWS = 300


@dataclass
class OutOfFold:
    """Concatenated fold predictions (NaN where a row was never in a test fold)."""

    scores: FloatArray
    fold_aucs: list[float]
    importance: dict[str, float] | None = None


def make_folds(
    y: npt.NDArray[np.int64], n_folds: int, order: IntArray | None = None, seed: int = 0
) -> list[Fold]:
    """Stratified shuffled folds, or, given a time ``order``, expanding-window folds.

    Time-ordered: the rows are cut into ``n_folds + 1`` consecutive blocks and each block is
    predicted by a model trained on every earlier one, so the oldest block is never scored.
    """
    index = np.zeros((len(y), 1))
    if order is not None:
        splits = TimeSeriesSplit(n_splits=n_folds).split(index)
        return [(order[train], order[test]) for train, test in splits]
    smallest = int(np.bincount(y, minlength=2).min())
    if smallest < n_folds:
        raise EvaluationError(
            f"the rarer class has {smallest} rows, fewer than the {n_folds} folds; "
            "add history or lower the number of folds"
        )
    splitter = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    return [(np.asarray(a, np.int64), np.asarray(b, np.int64)) for a, b in splitter.split(index, y)]


def out_of_fold(
    factory: Callable[[], Scorer],
    x: pd.DataFrame,
    y: npt.NDArray[np.int64],
    folds: list[Fold],
    on_fold: OnFold | None = None,
    explain: bool = False,
) -> OutOfFold:
    """Fit a fresh model per fold and predict its test rows; nothing is fitted on all rows.

    With ``explain``, importance is each column's mean |contribution| over the test rows.
    """
    scores = np.full(len(y), np.nan)
    fold_aucs: list[float] = []
    totals: pd.Series | None = None
    for k, (train, test) in enumerate(folds):
        if on_fold:
            on_fold(k + 1, len(folds))
        if len(np.unique(y[train])) < 2:
            scores[test] = float(y[train].mean())  # one class so far: the base rate is all we know
            continue
        model = factory().fit(x.iloc[train], y[train])
        scores[test] = model.predict_proba(x.iloc[test])
        fold_aucs.append(_safe_auc(y[test], scores[test]))
        if explain and hasattr(model, "contributions"):
            # Exact tree contributions are costly; a few hundred rows per fold rank columns fine.
            sample = test[:: max(1, len(test) // EXPLAIN_ROWS)]
            part = model.contributions(x.iloc[sample]).abs().mean(axis=0)
            totals = part if totals is None else totals.add(part, fill_value=0.0)
    importance = None
    if totals is not None:
        importance = {str(k): float(v) / len(folds) for k, v in totals.items() if k in x.columns}
    return OutOfFold(scores=scores, fold_aucs=fold_aucs, importance=importance)


def _safe_auc(y: npt.NDArray[np.int64], scores: FloatArray) -> float:
    from sklearn.metrics import roc_auc_score

    if len(np.unique(y)) < 2:
        return float("nan")
    return float(roc_auc_score(y, scores))
