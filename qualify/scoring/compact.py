"""The person `detail` as compact typed columns, and the JSON rebuilt from them on read.

Scoring stores what `person_detail` and the distance to qualify need per person (rule and
gate flags, per-feature counts and first times, per-signal points, events and last times, the
unrounded intent, the rule fields' values) as DuckDB LIST and plain columns; a read rebuilds
`detail` and `distance` for the rows it returns with the same code path, so the JSON is
identical to what building it for everyone would store.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd
import pyarrow as pa

from qualify.config import Config
from qualify.scoring.activation import ActivationResult
from qualify.scoring.detail import person_detail
from qualify.scoring.fit import FitResult

__all__ = [
    "COMPACT",
    "account_detail_column",
    "detail_column",
    "distance_of",
    "field_column",
    "field_columns",
    "field_frame",
    "fields_of",
    "fit_columns",
    "lists",
    "route_reasons",
    "signal_columns",
]


COMPACT = (
    "c_rule_passed",
    "c_gates_failed",
    "c_disqualified",
    "c_kf_count",
    "c_kf_first_at",
    "c_sig",
    "c_sig_points",
    "c_sig_events",
    "c_sig_last_at",
    "c_intent",
)


def fields_of(cfg: Config) -> list[str]:
    """The fields the detail quotes (ICP rules, disqualifiers and routing rules), in a stable
    order: the route's reason is rebuilt from them on read, as the rules' reasons are."""
    rules = [*cfg.icp.rules, *cfg.icp.disqualifiers, *cfg.routing.sales_assisted]
    return sorted({r.field for r in rules})


def field_columns(frame: pd.DataFrame, fields: list[str]) -> dict[str, pa.Array]:
    """The `c_field:` columns: each field's values (numbers as float, the rest as text)."""
    return {field_column(f): _field_values(frame[f]) for f in fields if f in frame.columns}


def field_frame(rows: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """The fields' values back from the `c_field:` columns of stored rows."""
    frame = pd.DataFrame(index=range(len(rows)))
    for f in fields:
        col = field_column(f)
        if col in rows.columns:
            frame[f] = rows[col].reset_index(drop=True)
    return frame


def field_column(field: str) -> str:
    return f"c_field:{field}"


def lists(matrix: np.ndarray, kind: str) -> pa.Array:
    """An (n, k) matrix as a LIST column of k items per row."""
    n, k = matrix.shape
    values = matrix.astype(kind).reshape(-1)
    offsets = pa.array(np.arange(0, n * k + 1, k, dtype="int32"))
    return pa.ListArray.from_arrays(offsets, pa.array(values))


def fit_columns(
    frame: pd.DataFrame, cfg: Config, fitr: FitResult, act: ActivationResult
) -> dict[str, Any]:
    """The rule, gate, disqualifier and key feature columns, and the rule fields' values."""
    out: dict[str, Any] = {
        "c_rule_passed": lists(fitr.passed, "bool"),
        "c_gates_failed": lists(fitr.gates_failed, "bool"),
        "c_disqualified": lists(fitr.disqualified, "bool"),
        "c_kf_count": lists(act.counts, "int64"),
        "c_kf_first_at": lists(act.first_at.astype("datetime64[us]").view("int64"), "int64"),
    }
    return {**out, **field_columns(frame, fields_of(cfg))}


def signal_columns(cells: dict[str, np.ndarray], n: int, intent: np.ndarray) -> dict[str, Any]:
    """Each person's signals with events (sparse: most people have none of most signals) as
    aligned lists: the signal index, its points, events and last time; and the intent."""
    offsets = pa.array(np.r_[0, np.cumsum(np.bincount(cells["person"], minlength=n))], pa.int32())

    def ragged(values: np.ndarray, kind: str) -> pa.Array:
        return pa.ListArray.from_arrays(offsets, pa.array(values.astype(kind)))

    return {
        "c_sig": ragged(cells["signal"], "int8"),
        "c_sig_points": ragged(cells["points"], "float64"),
        "c_sig_events": ragged(cells["events"], "int32"),
        "c_sig_last_at": ragged(cells["last_at"].astype("datetime64[us]").view("int64"), "int64"),
        # Unrounded: the distance's missing intent points are decided on it, as is the verdict.
        "c_intent": pa.array(np.asarray(intent, dtype="float64")),
    }


def _field_values(values: pd.Series) -> pa.Array:
    if pd.api.types.is_numeric_dtype(values):
        return pa.array(values.to_numpy(dtype="float64"), pa.float64(), from_pandas=True)
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        # Arrow-backed text: handed over as it is.
        return pa.array(values.array, from_pandas=True).cast(pa.string())
    text = values.astype("string")
    return pa.array(text.to_numpy(dtype=object, na_value=cast(Any, None)), pa.string())


def _matrix(column: pd.Series, k: int, kind: str) -> np.ndarray:
    if k == 0:
        return np.zeros((len(column), 0), dtype=kind)
    return np.array([np.asarray(v, dtype=kind) for v in column], dtype=kind).reshape(-1, k)


def _signal_matrices(rows: pd.DataFrame, k: int) -> dict[str, np.ndarray]:
    """(n, k) points, events and last times from the stored signal lists (sparse with a
    `c_sig` index list; dense, one item per signal, in workspaces scored before it)."""
    if "c_sig" not in rows.columns:
        return {
            "points": _matrix(rows["c_sig_points"], k, "float64"),
            "events": _matrix(rows["c_sig_events"], k, "float64"),
            "last_at": _matrix(rows["c_sig_last_at"], k, "int64").view("datetime64[us]"),
        }
    n = len(rows)
    out = {
        "points": np.zeros((n, k)),
        "events": np.zeros((n, k)),
        "last_at": np.full((n, k), np.iinfo("int64").min, dtype="int64"),
    }
    for i, signals in enumerate(rows["c_sig"]):
        sig = np.asarray(signals, dtype="int64")
        for key, column in (("points", "c_sig_points"), ("events", "c_sig_events")):
            out[key][i, sig] = np.asarray(rows[column].iloc[i], dtype="float64")
        out["last_at"][i, sig] = np.asarray(rows["c_sig_last_at"].iloc[i], dtype="int64")
    out["last_at"] = out["last_at"].view("datetime64[us]")  # int64 min is NaT
    return out


def distance_of(rows: pd.DataFrame, cfg: Config) -> list[str | None]:
    """`distance` JSON for each row of `rows` (person_verdicts rows with the compact columns):
    built on read, for the rows a read returns, from the bits and intent scoring stored."""
    from qualify.scoring.distance import distance_column

    r, d = len(cfg.icp.rules), len(cfg.icp.disqualifiers)
    counts = _matrix(rows["c_kf_count"], len(cfg.activation.key_features), "int64")
    mins = np.array([f.min_count for f in cfg.activation.key_features], dtype="int64")
    return distance_column(
        _matrix(rows["c_rule_passed"], r, "bool"),
        _matrix(rows["c_disqualified"], d, "bool"),
        counts >= mins[None, :],
        rows["c_intent"].to_numpy("float64"),
        rows["is_pql"].to_numpy("bool"),
        cfg,
    )


def route_reasons(
    rows: pd.DataFrame, cfg: Config, frame: pd.DataFrame | None = None
) -> list[str | None]:
    """Each stored row's route reason, rebuilt from its routing fields' values (`frame`, the
    `field_frame` of `rows` if not given). Rows that carry a `route_reason` column (stored by
    an older workspace, or rebuilt by the caller) keep theirs."""
    if "route_reason" in rows.columns:
        return list(rows["route_reason"])
    from qualify.actions.routing import route

    fields = field_frame(rows, fields_of(cfg)) if frame is None else frame
    return list(route(fields, cfg).reason)


def account_detail_column(rows: pd.DataFrame, cfg: Config) -> list[str]:
    """`detail` JSON for each account_verdicts row (with its c_covered flags)."""
    from qualify.scoring.people import account_detail

    covered = _matrix(rows["c_covered"], len(cfg.activation.key_features), "bool")
    table = rows.reset_index(drop=True)
    if "route_reason" not in table.columns:
        table = table.assign(route_reason=np.array(route_reasons(table, cfg), dtype=object))
    return [str(v) for v in account_detail(table, covered, cfg)]


def detail_column(rows: pd.DataFrame, cfg: Config) -> list[str]:
    """`detail` JSON for each row of `rows` (person_verdicts rows with the compact columns)."""
    n = len(rows)
    r, d = len(cfg.icp.rules), len(cfg.icp.disqualifiers)
    k, s = len(cfg.activation.key_features), len(cfg.intent.signals)
    frame = field_frame(rows, fields_of(cfg))
    fit_score = rows["fit_score"].to_numpy("float64")
    fitr = FitResult(
        score=fit_score,
        passed=_matrix(rows["c_rule_passed"], r, "bool"),
        disqualified=_matrix(rows["c_disqualified"], d, "bool"),
        gates_failed=_matrix(rows["c_gates_failed"], r, "bool"),
        ok=rows["fit_ok"].to_numpy("bool"),
    )
    counts = _matrix(rows["c_kf_count"], k, "int64")
    mins = np.array([f.min_count for f in cfg.activation.key_features], dtype="int64")
    share = rows["activation_share"].to_numpy("float64")
    act = ActivationResult(
        counts=counts,
        first_at=_matrix(rows["c_kf_first_at"], k, "int64").view("datetime64[us]"),
        discovered_at=np.full((n, k), np.datetime64("NaT"), dtype="datetime64[us]"),
        discovered=counts >= mins[None, :],
        share=share,
        ok=rows["activated"].to_numpy("bool"),
    )
    signals = _signal_matrices(rows, s)
    intent = rows["intent_score"].to_numpy("float64")
    scores = {
        "fit": fit_score,
        "activation": share,
        "intent": intent,
        "readiness": rows["readiness"].to_numpy("float64"),
    }
    route = (
        rows["route"].to_numpy(dtype=object),
        np.array(route_reasons(rows, cfg, frame), dtype=object),
    )
    detail = person_detail(frame, cfg, fitr, act, signals, scores, route)
    return [str(v) for v in detail.to_pylist()]
