"""Field rules (ICP rules, disqualifiers, routing) compiled to vectorised predicates with
reasons.

Evaluated over the per-person frame rather than in the engine: the default ICP uses a regex
look-ahead (`@(?!gmail\\.)`) that RE2-based engines reject, and the frame is one row per person.
"""

from __future__ import annotations

import re
from typing import Any, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qualify.config import FieldRule

__all__ = ["actual_text", "rule_passed", "rule_reason", "rule_text", "value_text"]

_PASS = {"eq": "=", "ne": "!=", "gte": ">=", "lte": "<=", "gt": ">", "lt": "<"}
_FAIL = {"eq": "!=", "ne": "=", "gte": "<", "lte": ">", "gt": "<=", "lt": ">="}


Bools = npt.NDArray[np.bool_]


def rule_passed(rule: FieldRule, values: pd.Series) -> Bools:
    """Whether each value passes; a missing value fails (and passes `is_set: false`)."""
    op, value = rule.op, rule.value
    present: Bools = np.asarray(values.notna().to_numpy(), dtype=bool)
    if op == "is_set":
        return ~present if value is False else present
    if op == "regex":
        return _regex_hits(str(value), values) & present
    if op == "in":
        isin: Bools = np.asarray(values.isin(value), dtype=bool)
        return isin & present
    if op in ("eq", "ne") and isinstance(value, str):
        col = values.astype("string")
        same: Bools = np.asarray((col == value).fillna(False), dtype=bool)
        return (same if op == "eq" else ~same) & present
    nums: npt.NDArray[np.float64] = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64")
    with np.errstate(invalid="ignore"):
        out = _numeric(op, value, nums)
    return out & ~np.isnan(nums)


def _regex_hits(pattern: str, values: pd.Series) -> Bools:
    # Python's `re`, not `str.contains`: pandas warns on patterns with groups, and the
    # Arrow-backed string kernels (RE2) reject look-aheads such as the default work-email rule.
    # Missing values search "" here; the caller masks them out.
    rx = re.compile(pattern)
    texts = values.astype("string").fillna("").tolist()
    return np.fromiter(map(bool, map(rx.search, texts)), dtype=bool, count=len(texts))


def _numeric(op: str, value: Any, nums: npt.NDArray[np.float64]) -> Bools:
    if op == "between":
        return np.asarray((nums >= value[0]) & (nums <= value[1]), dtype=bool)
    v = float(value)
    out: dict[str, Bools] = {
        "eq": nums == v,
        "ne": nums != v,
        "gte": nums >= v,
        "lte": nums <= v,
        "gt": nums > v,
        "lt": nums < v,
    }
    return out[op]


def value_text(value: Any) -> str:
    """A config value as reasons show it: 50, [US, GB], /pattern/."""
    if isinstance(value, list):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rule_text(rule: FieldRule, passed: bool) -> str:
    """The comparison part of a reason, e.g. `>= 50` or `not in [US, GB]`."""
    op, v = rule.op, rule.value
    if op == "in":
        return ("in " if passed else "not in ") + value_text(v)
    if op == "between":
        return ("" if passed else "not ") + f"between {value_text(v[0])} and {value_text(v[1])}"
    if op == "regex":
        return ("matches " if passed else "does not match ") + f"/{v}/"
    if op == "is_set":
        return "is set" if passed != (v is False) else "is not set"
    return (_PASS if passed else _FAIL)[op] + " " + value_text(v)


def actual_text(values: pd.Series) -> Any:
    """Each person's value as text (integral numbers without a fraction); null if missing."""
    if pd.api.types.is_numeric_dtype(values):
        nums = values.to_numpy(dtype="float64")
        ints = np.isfinite(nums) & (np.floor(nums) == nums)
        as_int = pc.cast(pa.array(np.where(ints, nums, 0).astype("int64")), pa.string())
        as_float = pc.cast(pa.array(nums, pa.float64(), from_pandas=True), pa.string())
        return pc.if_else(pa.array(ints), as_int, as_float)
    return pa.array(values.astype("string").to_numpy(na_value=cast(Any, None)), pa.string())


def rule_reason(
    rule: FieldRule, label: str, values: pd.Series, passed: Bools, actual: Any = None
) -> Any:
    """`<label>: <key> <actual> <comparison> (passed|failed)` per person, or `trait not set`."""
    actual = actual_text(values) if actual is None else actual
    key = rule.key
    ok_tail = f" {rule_text(rule, True)} (passed)"
    bad_tail = f" {rule_text(rule, False)} (failed)"
    tail = pc.if_else(pa.array(passed), ok_tail, bad_tail)
    body = pc.binary_join_element_wise(f"{label}: {key} ", actual, tail, "")
    if rule.op == "is_set":
        return pc.if_else(pa.array(passed), f"{label}: {key}{ok_tail}", f"{label}: {key}{bad_tail}")
    missing = f"{label}: {key} trait not set (" + ("passed" if rule.op == "ne" else "failed") + ")"
    return pc.fill_null(body, missing)
