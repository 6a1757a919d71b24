"""Outcome leakage: columns that know the answer because they were filled in after it.

A column is flagged when, out of fold, it alone separates the label (AUC >= ``alone_auc``),
or when it is strong alone (AUC >= ``strong_auc``) and dominant: dropping it costs the full
model at least ``dominance`` AUC. Single-column AUCs are cheap (a one-field frequency model
per fold); the drop-one refit runs only for the few strong columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from qualify.scoring.evaluate.cv import Fold, OnFold, out_of_fold
from qualify.scoring.evaluate.metrics import auc
from qualify.scoring.models.base import Scorer

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class LeakSettings:
    """Thresholds of the leakage test."""

    alone_auc: float = 0.9
    strong_auc: float = 0.75
    dominance: float = 0.05


@dataclass
class Leak:
    """One flagged column; ``kept`` when the user kept it with ``--keep``."""

    column: str
    auc: float
    reason: str
    drop_cost: float | None = None
    kept: bool = False


def single_column_aucs(
    x: pd.DataFrame, y: npt.NDArray[np.int64], folds: list[Fold], alpha: float = 0.1
) -> dict[str, float]:
    """Out-of-fold AUC of each column alone: its value's smoothed won/lost ratio per fold.

    Value codes (levels, or quantile bins of a number) come from the whole column: they use
    no label, so only the per-fold counts need to be out of fold, and that keeps this cheap.
    """
    result = {}
    for name in x.columns:
        codes = _value_codes(x[name])
        size = int(codes.max()) + 1
        scores = np.full(len(y), np.nan)
        for train, test in folds:
            won = np.bincount(codes[train][y[train] == 1], minlength=size)
            lost = np.bincount(codes[train][y[train] == 0], minlength=size)
            ratio = np.log((won + alpha) / (won.sum() + alpha * size)) - np.log(
                (lost + alpha) / (lost.sum() + alpha * size)
            )
            ratio[(won + lost) == 0] = 0.0  # unseen in training: skipped, as Odoo does
            scores[test] = ratio[codes[test]]
        seen = np.isfinite(scores)
        result[str(name)] = auc(y[seen], scores[seen])
    return result


def _value_codes(values: pd.Series, n_bins: int = 10) -> npt.NDArray[np.intp]:
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.to_numpy(np.float64, na_value=np.nan)
        present = numbers[~np.isnan(numbers)]
        quantiles = np.linspace(0, 1, n_bins + 1)[1:-1]
        edges = np.unique(np.quantile(present, quantiles)) if present.size else np.zeros(0)
        bins = np.searchsorted(edges, numbers, side="right")
        return np.asarray(np.where(np.isnan(numbers), len(edges) + 1, bins), np.intp)
    codes, _ = pd.factorize(values.astype("str").fillna("(missing)"))
    return np.asarray(codes, np.intp)


def find_leaks(
    x: pd.DataFrame,
    y: npt.NDArray[np.int64],
    folds: list[Fold],
    singles: dict[str, float],
    factory: Callable[[], Scorer],
    settings: LeakSettings,
    keep: Sequence[str] = (),
    progress: Progress | None = None,
) -> list[Leak]:
    """The flagged columns, strongest first."""
    leaks = [
        Leak(name, score, f"alone separates the label: AUC {score:.3f} >= {settings.alone_auc}")
        for name, score in singles.items()
        if score >= settings.alone_auc
    ]
    alone = {leak.column for leak in leaks if leak.column not in keep}
    strong = [name for name, s in singles.items() if settings.strong_auc <= s < settings.alone_auc]
    if strong:
        base = x.drop(columns=sorted(alone))
        full = _auc_of(factory, base, y, folds, _step(progress, "leakage: full model"))
        for name in strong:
            step = _step(progress, f"leakage: without {name}")
            cost = full - _auc_of(factory, base.drop(columns=[name]), y, folds, step)
            if cost >= settings.dominance:
                reason = (
                    f"strong alone (AUC {singles[name]:.3f} >= {settings.strong_auc}) and "
                    f"dominant: dropping it costs the model {cost:.3f} AUC"
                )
                leaks.append(Leak(name, singles[name], reason, drop_cost=cost))
    for leak in leaks:
        leak.kept = leak.column in keep
    return sorted(leaks, key=lambda leak: -leak.auc)


def _auc_of(
    factory: Callable[[], Scorer],
    x: pd.DataFrame,
    y: npt.NDArray[np.int64],
    folds: list[Fold],
    on_fold: OnFold | None,
) -> float:
    if x.shape[1] == 0:
        return 0.5
    oof = out_of_fold(factory, x, y, folds, on_fold=on_fold)
    seen = np.isfinite(oof.scores)
    return auc(y[seen], oof.scores[seen])


def _step(progress: Progress | None, task: str) -> OnFold | None:
    if progress is None:
        return None
    report = progress
    return lambda k, n: report(task, k, n)
