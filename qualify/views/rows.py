"""Rows of the derived tables as JSON-able dicts: ISO 8601 times with Z, null for NaN."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from qualify.core.clock import iso
from qualify.errors import NotScored
from qualify.store import Store

if TYPE_CHECKING:
    from qualify.config import Config

__all__ = [
    "distance_steps",
    "jsonable",
    "limit_clause",
    "parse_json",
    "records",
    "require_tables",
    "with_account_detail",
    "with_detail",
    "with_reasons",
]


def require_tables(store: Store, *names: str) -> None:
    """Raise NotScored naming the fix when any verdict table is missing."""
    missing = [name for name in names if not store.has_table(name)]
    if missing:
        raise NotScored(f"no {', '.join(missing)} in this workspace; run `qualify score` first")


def records(store: Store, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Run a query and return its rows with plain Python, JSON-safe values."""
    frame = store.query(sql, params)
    columns = [str(c) for c in frame.columns]
    return [
        {col: jsonable(value) for col, value in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def with_account_detail(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill each account row's `detail` JSON and `route_reason` from its covered flags and
    routing fields (see scoring.compact)."""
    pending = _pending(store, rows, "c_covered")
    if pending is not None:
        from qualify.scoring.compact import account_detail_column

        todo, frame, cfg = pending
        _fill(todo, "detail", account_detail_column(frame, cfg))
    return rows


def with_detail(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill each person row's `detail`, `distance` and `route_reason` from its compact columns
    (see scoring.compact); rows that already carry them (an older workspace) keep theirs."""
    pending = _pending(store, rows, "c_rule_passed")
    if pending is not None:
        from qualify.scoring.compact import detail_column, distance_of

        todo, frame, cfg = pending
        _fill(todo, "detail", detail_column(frame, cfg))
        if "c_intent" in frame.columns and "distance" not in frame.columns:
            _fill(todo, "distance", distance_of(frame, cfg))
    return rows


def _pending(
    store: Store, rows: list[dict[str, Any]], marker: str
) -> tuple[list[dict[str, Any]], pd.DataFrame, Config] | None:
    """The rows still without a detail (those with the compact column `marker`), as a frame,
    and the config they were scored with; their route reasons are filled in already, once,
    and the frame carries them for the detail to quote. None when there is nothing to do."""
    todo = [row for row in rows if row.get("detail") is None and marker in row]
    cfg = _verdict_config(store) if todo else None
    if cfg is None:
        return None
    from qualify.scoring.compact import route_reasons

    frame = pd.DataFrame(todo)
    frame["route_reason"] = reasons = route_reasons(frame, cfg)
    _fill(todo, "route_reason", reasons)
    return todo, frame, cfg


def _fill(rows: list[dict[str, Any]], key: str, values: list[Any]) -> None:
    """Set `key` on each row to the value built for it (one per row, in order)."""
    for row, value in zip(rows, values, strict=True):
        row[key] = value


def _verdict_config(store: Store) -> Config | None:
    """The config the verdict tables were scored with."""
    from qualify.config import Config

    text = store.get_meta("verdict_config")
    return None if text is None else Config.model_validate_json(text)


def jsonable(value: Any) -> Any:
    """One scalar from pandas/numpy/DuckDB as what `json.dumps(allow_nan=False)` accepts."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.datetime):
        return iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | np.ndarray):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def parse_json(text: Any) -> Any:
    """A JSON column's value decoded, NaN-free; NULL (or empty) stays None."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    decoded = json.loads(text) if isinstance(text, str | bytes) else text
    return jsonable(decoded)


def limit_clause(limit: int | None) -> str:
    """`LIMIT n` (None: no limit); a negative limit is a caller's mistake."""
    if limit is None:
        return ""
    if limit < 0:
        raise ValueError(f"limit must be zero or more, not {limit}")
    return f"LIMIT {int(limit)}"


def distance_steps(row: dict[str, Any], qualified: bool) -> list[dict[str, Any]] | None:
    """The steps left to qualify: None once qualified, otherwise a list (maybe empty)."""
    if qualified:
        return None
    return list(parse_json(row.get("distance")) or [])


def with_reasons(item: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """A list item enriched with the row's full `detail`: every rule, feature and signal."""
    detail = parse_json(row.get("detail")) or {}
    out = dict(item)
    for part in ("fit", "activation", "intent"):
        # The verdict columns win over the detail's copies, so list and explain always agree.
        out[part] = {**(detail.get(part) or {}), **item[part]}
    out["readiness_components"] = detail.get("readiness") or {}
    out["route_detail"] = detail.get("route") or {
        "route": row.get("route"),
        "reason": row.get("route_reason"),
    }
    out["config_hash"] = row.get("config_hash")
    return out
