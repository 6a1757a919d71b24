"""From raw text cells to typed columns: the label, placeholders, types and exclusions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from qualify.errors import EvaluationError

Kind = Literal["numeric", "categorical", "datetime"]

# Spellings CRM and survey exports use for "no answer"; matched case-insensitively.
PLACEHOLDER_WORDS = frozenset(
    {
        "select", "please select", "select one", "unknown", "n/a", "na", "n.a.", "#n/a", "none",
        "null", "nil", "nan", "missing", "not available", "not provided", "not specified",
        "undefined", "(blank)", "blank", "tbd", "?", "-", "--", "---", ".",
    }
)  # fmt: skip
_PLACEHOLDER_PATTERN = re.compile(r"^[-\s]*(please\s+)?select\b[^a-z]*$|^[-_.?*\s]+$", re.I)
_DATE_PATTERN = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}.*)?$")
DATE_FORMATS = ("ISO8601", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M")
_NUMERIC_SHARE = 0.98
_DATE_SHARE = 0.95


@dataclass
class CleanTable:
    """Typed columns (numeric floats, categorical text, datetimes) and what cleaning decided."""

    frame: pd.DataFrame
    y: npt.NDArray[np.int64]
    kinds: dict[str, Kind]
    excluded: dict[str, str] = field(default_factory=dict)
    placeholders: list[dict[str, object]] = field(default_factory=list)
    rows_without_label: int = 0


def is_placeholder(text: str) -> bool:
    """True for the usual spellings of "no answer"."""
    value = text.strip()
    return value.casefold() in PLACEHOLDER_WORDS or bool(_PLACEHOLDER_PATTERN.match(value))


def label_vector(raw: pd.DataFrame, label: str, positive: str) -> npt.NDArray[np.int64]:
    """1 where the label cell's raw text is ``positive``, -1 where the cell is blank, else 0.

    Exact text first; if that never matches, case-insensitive, then numeric equality
    (so ``TRUE`` finds ``True`` and ``1`` finds ``1.0``).
    """
    if label not in raw.columns:
        raise EvaluationError(
            f"label column {label!r} is not in the table; columns are: {', '.join(raw.columns)}"
        )
    cells = raw[label].astype(object).map(lambda v: str(v).strip())
    present = cells != ""
    wanted = positive.strip()
    hits = cells == wanted
    if not hits.any():
        hits = cells.map(str.casefold) == wanted.casefold()
    if not hits.any():
        hits = _numeric_equal(cells, wanted)
    if not hits.any():
        seen = sorted(set(cells[present]))[:20]
        raise EvaluationError(
            f"--positive {positive!r} never occurs in label column {label!r}; its values are: "
            f"{', '.join(seen)} (pass one of them as --positive)"
        )
    labels = np.where(present, hits.astype(np.int64), -1)
    if len(set(labels[labels >= 0].tolist())) < 2:
        raise EvaluationError(
            f"label column {label!r} has one class only: every labelled row is positive for "
            f"--positive {positive!r}; evaluation needs both won and lost leads"
        )
    return np.asarray(labels, dtype=np.int64)


def _numeric_equal(cells: pd.Series, wanted: str) -> pd.Series:
    target = pd.to_numeric(pd.Series([wanted]), errors="coerce").iloc[0]
    if pd.isna(target):
        return pd.Series(False, index=cells.index)
    same: pd.Series = pd.to_numeric(cells, errors="coerce") == target
    return same


def find_placeholders(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    """Blank cells and placeholder values as missing, and the placeholders that were found."""
    found: dict[str, dict[str, int]] = {}
    cleaned = pd.DataFrame(index=raw.index)
    for name in raw.columns:
        text = raw[name].astype(object).map(lambda v: str(v).strip())
        distinct = pd.Series(text.unique())
        flagged = distinct[distinct.map(lambda v: v != "" and is_placeholder(v))]
        mask = text.isin(set(flagged)) | (text == "")
        for value in flagged:
            found.setdefault(value, {})[str(name)] = int((text == value).sum())
        cleaned[name] = text.where(~mask, np.nan).astype(object)
    listing: list[dict[str, object]] = [
        {"value": value, "count": sum(cols.values()), "columns": sorted(cols)}
        for value, cols in sorted(found.items(), key=lambda kv: -sum(kv[1].values()))
    ]
    return cleaned, listing


def infer_column(values: pd.Series) -> tuple[Kind, pd.Series]:
    """The column's kind and its typed values (float, datetime64 or text with NaN)."""
    present = values.dropna()
    if present.empty:
        return "categorical", values
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.notna().sum() >= _NUMERIC_SHARE * len(present):
        return "numeric", numbers.astype(np.float64)
    dates = _parse_dates(values, present)
    if dates is not None:
        return "datetime", dates
    return "categorical", values


def _parse_dates(values: pd.Series, present: pd.Series) -> pd.Series | None:
    sample = present.iloc[:500].astype(str)
    if sample.map(lambda v: bool(_DATE_PATTERN.match(v))).mean() < _DATE_SHARE:
        return None
    for fmt in DATE_FORMATS:
        parsed = pd.to_datetime(sample, format=fmt, errors="coerce", utc=True)
        if parsed.notna().mean() >= _DATE_SHARE:
            full = pd.to_datetime(values, format=fmt, errors="coerce", utc=True)
            return full.dt.tz_localize(None)
    return None


def exclusion_reason(name: str, kind: Kind, values: pd.Series) -> str | None:
    """Why a column can never be a feature, or None.

    Unique-on-every-row applies to text and whole numbers (ids); a continuous measure or a
    timestamp is naturally unique per row and stays.
    """
    present = values.dropna()
    if present.empty:
        return "empty: every value is blank or a placeholder"
    if present.nunique() == 1 and len(present) == len(values):
        return "constant: one value on every row"
    if len(values) > 1 and len(present) == len(values) and present.nunique() == len(values):
        whole = kind == "numeric" and bool(np.all(np.mod(present.to_numpy(np.float64), 1) == 0))
        if kind == "categorical" or whole:
            return "unique on every row: an identifier, not a feature"
    return None
