"""Encoding for the models: typed columns in, a feature frame out, dates expanded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from qualify.errors import EvaluationError
from qualify.scoring.evaluate.clean import (
    CleanTable,
    exclusion_reason,
    find_placeholders,
    infer_column,
    label_vector,
)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Columns:
    """What the user said about the table's columns."""

    label: str
    positive: str = "1"
    id_columns: Sequence[str] = ()
    time_column: str | None = None
    keep: Sequence[str] = ()
    drop: Sequence[str] = ()


def clean_table(raw: pd.DataFrame, spec: Columns) -> CleanTable:
    """Label, placeholders, types and exclusions; rows with a blank label are left out."""
    _check_named(raw, spec)
    labels = label_vector(raw, spec.label, spec.positive)
    kept_rows = labels >= 0
    rows = raw.loc[kept_rows].drop(columns=[spec.label]).reset_index(drop=True)
    cleaned, placeholders = find_placeholders(rows)
    table = CleanTable(
        frame=pd.DataFrame(index=cleaned.index),
        y=labels[kept_rows],
        kinds={},
        placeholders=placeholders,
        rows_without_label=int((~kept_rows).sum()),
    )
    for name in cleaned.columns:
        kind, values = infer_column(cleaned[name])
        table.frame[name] = values
        table.kinds[name] = kind
        reason = _reason(name, kind, values, spec)
        if reason:
            table.excluded[name] = reason
    return table


def _check_named(raw: pd.DataFrame, spec: Columns) -> None:
    named = [*spec.id_columns, *spec.drop, *([spec.time_column] if spec.time_column else [])]
    for name in named:
        if name not in raw.columns:
            raise EvaluationError(
                f"column {name!r} (from --id/--drop/--time) is not in the table; "
                f"columns are: {', '.join(raw.columns)}"
            )


def _reason(name: str, kind: str, values: pd.Series, spec: Columns) -> str | None:
    if name in spec.id_columns:
        return "id column (--id)"
    if name in spec.drop:
        return "dropped (--drop)"
    if name == spec.time_column:
        return None  # orders the folds; its month/weekday/age still become features
    return exclusion_reason(name, kind, values)  # type: ignore[arg-type]


def build_features(table: CleanTable) -> tuple[pd.DataFrame, dict[str, str]]:
    """The feature frame and, per feature, the column it came from.

    A date becomes month and weekday (categories) and age in days before the table's latest
    date (the reference is the data, never the wall clock, so a rerun gives the same numbers).
    """
    features: dict[str, pd.Series] = {}
    sources: dict[str, str] = {}
    for name in table.frame.columns:
        if name in table.excluded:
            continue
        values = table.frame[name]
        if table.kinds[name] != "datetime":
            features[name] = values
            sources[name] = name
            continue
        for suffix, derived in _date_parts(values).items():
            features[f"{name} {suffix}"] = derived
            sources[f"{name} {suffix}"] = name
    if not features:
        raise EvaluationError(
            "no feature columns are left after exclusions: "
            + "; ".join(f"{c}: {r}" for c, r in table.excluded.items())
        )
    return pd.DataFrame(features, index=table.frame.index), sources


def _date_parts(values: pd.Series) -> dict[str, pd.Series]:
    month = values.dt.month.map(lambda m: f"{int(m):02d}", na_action="ignore")
    weekday = values.dt.day_of_week.map(lambda d: WEEKDAYS[int(d)], na_action="ignore")
    age = (values.max() - values).dt.total_seconds() / 86400.0
    return {
        "month": month.astype(object),
        "weekday": weekday.astype(object),
        "age_days": age.astype(np.float64),
    }


def time_order(table: CleanTable, column: str) -> npt.NDArray[np.int64]:
    """Row positions oldest first (rows without a time first, as the oldest)."""
    kind = table.kinds[column]
    if kind == "categorical":
        raise EvaluationError(
            f"--time column {column!r} holds neither dates nor numbers; "
            "pass a date or timestamp column"
        )
    values = table.frame[column]
    ranks = values.rank(method="first", na_option="top").to_numpy(np.float64)
    return np.asarray(np.argsort(ranks, kind="stable"), dtype=np.int64)
