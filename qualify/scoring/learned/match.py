"""Config event matches and field rules as backend-free expressions (ibis) or pandas masks."""

from __future__ import annotations

import re
from typing import Any

import ibis
import numpy as np
import pandas as pd

from qualify.config import Condition, Decay, EventMatch, FieldRule, TypedColumn


def slug(name: str) -> str:
    """A name as a column-safe lower-case stem."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def property_column(key: str) -> str:
    """The typed column that mirrors event property `key`."""
    return TypedColumn(source="properties", key=key, sql_type="VARCHAR").column


def event_condition(events: Any, match: EventMatch) -> Any:
    """An ibis boolean: the row is an event `match` describes."""
    cond = (events.type == match.type) & (events.event == match.event)
    for key, rule in match.where.items():
        cond = cond & _compare(events[property_column(key)], rule)
    return cond


def _compare(col: Any, rule: Condition) -> Any:
    op, value = rule.op, rule.value
    simple = {
        "eq": lambda: col == value,
        "ne": lambda: col != value,
        "gte": lambda: col >= value,
        "lte": lambda: col <= value,
        "gt": lambda: col > value,
        "lt": lambda: col < value,
    }
    if op in simple:
        return simple[op]().fill_null(False)
    if op == "in":
        return col.isin(value).fill_null(False)
    if op == "between":
        return col.between(value[0], value[1]).fill_null(False)
    if op == "regex":
        return col.cast("string").re_search(value).fill_null(False)
    return col.notnull() if value in (None, True) else col.isnull()


def decay_factor(age_days: Any, decay: Decay) -> Any:
    """The share of a signal's points left after `age_days` (an ibis numeric)."""
    if decay.kind == "exponential":
        return (age_days * (-np.log(2) / float(decay.half_life_days or 1))).exp()
    if decay.kind == "linear":
        return ibis.greatest(1 - age_days / float(decay.lifespan_days or 1), 0.0)
    if decay.kind == "window":
        return ibis.ifelse(age_days <= float(decay.window_days or 0), 1.0, 0.0)
    cases = [(age_days <= float(days), float(share)) for days, share in decay.steps or []]
    return ibis.cases(*cases, else_=0.0) if cases else ibis.literal(0.0)


def rule_passes(values: pd.Series, rule: FieldRule) -> pd.Series:
    """A pandas mask: which values pass `rule` (a missing value passes only `is_set: false`)."""
    op, target = rule.op, rule.value
    if op == "is_set":
        present = values.notna()
        return present if target in (None, True) else ~present
    if op == "regex":
        pattern = re.compile(str(target))
        found: pd.Series = values.map(lambda v: isinstance(v, str) and bool(pattern.search(v)))
        return found.astype(bool)
    if op in ("gte", "lte", "gt", "lt", "between"):
        return _numeric_passes(pd.to_numeric(values, errors="coerce"), op, target)
    if op == "in":
        return values.isin(target).fillna(False).astype(bool)
    same = values.astype(object).eq(target).fillna(False).astype(bool)
    return same if op == "eq" else ~same & values.notna()


def _numeric_passes(numbers: pd.Series, op: str, target: Any) -> pd.Series:
    if op == "between":
        result = (numbers >= target[0]) & (numbers <= target[1])
    else:
        result = {
            "gte": numbers >= target,
            "lte": numbers <= target,
            "gt": numbers > target,
            "lt": numbers < target,
        }[op]
    passed: pd.Series = result.fillna(False).astype(bool)
    return passed
