"""Compile an `EventMatch` (type, name, property filters) into an ibis predicate."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qualify.config import Condition, EventMatch, TypedColumn

__all__ = ["condition_expr", "match_expr", "prop_column"]


def prop_column(key: str) -> str:
    """The typed column that mirrors event property `key`."""
    return TypedColumn(source="properties", key=key, sql_type="VARCHAR").column


def match_expr(table: Any, match: EventMatch) -> Any:
    """True where a row of `table` (events or their daily roll-up) is matched by `match`."""
    pred = (table.type == match.type) & (table.event == match.event)
    for key, cond in match.where.items():
        pred = pred & condition_expr(table[prop_column(key)], cond)
    return pred


def condition_expr(col: Any, cond: Condition) -> Any:
    """One comparison as ibis; a missing value never matches (except `is_set: false`)."""
    op, value = cond.op, cond.value
    if op == "is_set":
        return col.isnull() if value is False else col.notnull()
    if op == "in":
        return col.isin(value).fill_null(False)
    if op == "between":
        return col.between(value[0], value[1]).fill_null(False)
    if op == "regex":
        return col.re_search(value).fill_null(False)
    compare: dict[str, Callable[[Any], Any]] = {
        "eq": lambda c: c == value,
        "ne": lambda c: c != value,
        "gte": lambda c: c >= value,
        "lte": lambda c: c <= value,
        "gt": lambda c: c > value,
        "lt": lambda c: c < value,
    }
    return compare[op](col).fill_null(False)
