"""Engine aggregates ibis spells slowly: its argmin / argmax compile to an ordered
`FIRST(... ORDER BY ...)`, which sorts every group; DuckDB's arg_min_null / arg_max keep one
running value per group. Builtin aggregate UDFs name them directly (DuckDB only, like the
store; another engine would map them to its own, e.g. Spark's min_by / max_by)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis

__all__ = ["first_by", "last_by"]


@ibis.udf.agg.builtin(name="arg_min_null")  # type: ignore[untyped-decorator]
def first_by(arg: str, key: dt.datetime) -> str:  # type: ignore[empty-body]
    """The value of `arg` on the row with the smallest `key`, NULL kept (as "take the
    earliest row" does)."""


@ibis.udf.agg.builtin(name="arg_max")  # type: ignore[untyped-decorator]
def _last_text(arg: str, key: dt.datetime) -> str:  # type: ignore[empty-body]
    """DuckDB's arg_max: the value on the row with the largest key, NULL values skipped."""


@ibis.udf.agg.builtin(name="arg_max")  # type: ignore[untyped-decorator]
def _last_number(arg: float, key: dt.datetime) -> float:  # type: ignore[empty-body]
    """As _last_text, for DOUBLE columns."""


@ibis.udf.agg.builtin(name="arg_max")  # type: ignore[untyped-decorator]
def _last_flag(arg: bool, key: dt.datetime) -> bool:  # type: ignore[empty-body]
    """As _last_text, for BOOLEAN columns."""


def last_by(arg: Any, key: Any, where: Any = None) -> Any:
    """The latest non-NULL value of `arg` (a typed column: text, number or flag) by `key`."""
    kind = arg.type()
    udf = _last_flag if kind.is_boolean() else _last_number if kind.is_numeric() else _last_text
    return udf(arg, key, where=where)
