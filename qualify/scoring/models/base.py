"""The contract every scorer follows, and the column handling they share.

A scorer is scikit-learn shaped: parameters in ``__init__``, ``fit(x, y)`` returns ``self``,
learned state ends in ``_``. ``predict_proba(x)`` returns P(positive) as a 1-D array rather than
scikit-learn's two columns: every caller wants the positive class, and the two-column form
invites picking the wrong one.
"""

from __future__ import annotations

import inspect
from typing import Any, Protocol, Self

import numpy as np
import numpy.typing as npt
import pandas as pd

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MISSING = "(missing)"


class Scorer(Protocol):
    """What evaluation and workspace training need from a model."""

    def fit(self, x: pd.DataFrame, y: npt.ArrayLike) -> Self: ...

    def predict_proba(self, x: pd.DataFrame) -> FloatArray: ...

    def clone(self) -> Self: ...


class ParamsMixin:
    """get_params/clone read from ``__init__``'s signature, as in scikit-learn."""

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters, by name."""
        names = [n for n in inspect.signature(type(self).__init__).parameters if n != "self"]
        return {name: getattr(self, name) for name in names}

    def clone(self) -> Self:
        """A new, unfitted scorer with the same parameters (nested scorers cloned too)."""
        params = {
            k: v.clone() if isinstance(v, ParamsMixin) else v for k, v in self.get_params().items()
        }
        return type(self)(**params)

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"


def as_labels(y: npt.ArrayLike) -> IntArray:
    """0/1 labels as int64; anything else is a programming error."""
    labels = np.asarray(y).astype(np.int64)
    if not np.isin(labels, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    return labels


def split_columns(x: pd.DataFrame) -> tuple[list[str], list[str]]:
    """(numeric, categorical) column names: numbers are numeric, everything else a category."""
    numeric = [
        str(c)
        for c in x.columns
        if pd.api.types.is_numeric_dtype(x[c]) and not pd.api.types.is_bool_dtype(x[c])
    ]
    categorical = [str(c) for c in x.columns if str(c) not in numeric]
    return numeric, categorical


def as_text(values: pd.Series) -> pd.Series:
    """A categorical column as plain strings, missing as one explicit level."""
    return values.astype("str").fillna(MISSING)


def level_codes(values: pd.Series, levels: list[str]) -> npt.NDArray[np.intp]:
    """Each value's position in ``levels``; -1 for a value not among them (unseen or rare)."""
    indexer = pd.Index(levels, dtype=object).get_indexer(pd.Index(as_text(values)))
    return np.asarray(indexer, np.intp)


def frequent_levels(values: pd.Series, max_levels: int, min_count: int) -> list[str]:
    """The most frequent levels (at least ``min_count`` rows each); the rest are pooled."""
    counts = as_text(values).value_counts()
    counts = counts[counts >= min_count]
    return [str(v) for v in counts.index[:max_levels]]


def numeric_matrix(x: pd.DataFrame, columns: list[str]) -> FloatArray:
    """The numeric columns as a float matrix, missing as NaN."""
    if not columns:
        return np.zeros((len(x), 0))
    numbers = x[columns].apply(pd.to_numeric, errors="coerce")
    return np.asarray(numbers.to_numpy(dtype=np.float64, na_value=np.nan), np.float64)


def require_fitted(scorer: object, attribute: str) -> None:
    """Raise the scikit-learn style error when a scorer is used before fit."""
    if not hasattr(scorer, attribute):
        raise RuntimeError(f"{type(scorer).__name__} is not fitted yet: call fit(x, y) first")
