"""What scoring reads per person, taken column-wise from the per-person feature table.

`features.rollup.person_features` does the per-person work in the engine; this module only
reshapes its Arrow columns into matrices (people x key features) and the flat signal-day rows
the hysteresis grid decays, without building a Python object per row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qualify.config import Config
from qualify.features.rollup import LIFECYCLE, POST_CUSTOMER
from qualify.scoring.intent import SignalRows

__all__ = ["TIME_KINDS", "PersonInputs", "from_rollup"]

TIME_KINDS = (*LIFECYCLE, *POST_CUSTOMER, "mql")
US = "datetime64[us]"


@dataclass(frozen=True)
class PersonInputs:
    counts: np.ndarray  # (n, K) int64 events per key feature
    first_at: np.ndarray  # (n, K) first matching event (NaT if none)
    found_at: np.ndarray  # (n, K) day-end the count reached min_count (NaT if never)
    times: dict[str, np.ndarray]  # TIME_KINDS -> (n,) first time (NaT if never)
    signup_kind: pd.Series  # (n,) text: the first signup's kind (missing if none)
    signals: SignalRows


def from_rollup(table: pa.Table, cfg: Config) -> tuple[pd.DataFrame, PersonInputs]:
    """(people frame with person_frame's columns, scoring inputs), rows in the same order."""
    k = len(cfg.activation.key_features)
    feature_cols = [f"kf{j}_{part}" for j in range(k) for part in ("count", "first_at", "found_at")]
    feature_cols += [f"{kind}_at" for kind in TIME_KINDS] + ["signup_kind", "signal_days"]
    have = set(table.column_names)

    def times(name: str) -> np.ndarray:
        if name not in have:  # e.g. no touches configured: no mql_at column
            return np.full(table.num_rows, np.datetime64("NaT"), dtype=US)
        return _times(table.column(name))

    def matrix(part: str) -> np.ndarray:
        cols = [times(f"kf{j}_{part}") for j in range(k)]
        return np.stack(cols, axis=1) if cols else np.zeros((table.num_rows, 0), dtype=US)

    counts = [table.column(f"kf{j}_count").to_numpy().astype("int64") for j in range(k)]
    inputs = PersonInputs(
        counts=np.stack(counts, axis=1) if counts else np.zeros((table.num_rows, 0), "int64"),
        first_at=matrix("first_at"),
        found_at=matrix("found_at"),
        times={kind: times(f"{kind}_at") for kind in TIME_KINDS},
        signup_kind=pd.Series(dtype="str"),
        signals=_signal_rows(table.column("signal_days"), cfg),
    )
    # Text stays Arrow-backed through pandas: no Python object per row.
    rest = table.drop_columns([c for c in feature_cols if c in have and c != "signup_kind"])
    people = rest.to_pandas(self_destruct=True, split_blocks=True)
    kind = people.pop("signup_kind").reset_index(drop=True)
    return people, replace(inputs, signup_kind=kind)


def _times(col: pa.ChunkedArray) -> np.ndarray:
    out: np.ndarray = col.cast(pa.timestamp("us")).to_numpy(zero_copy_only=False).astype(US)
    return out


def _signal_rows(col: pa.ChunkedArray, cfg: Config) -> SignalRows:
    """The signal days flattened: person index (the row), signal index, capped raw points."""
    days = pa.chunked_array(col.chunks, col.type).combine_chunks()
    person = pc.list_parent_indices(days).to_numpy().astype("int64")
    flat = pc.list_flatten(days)
    signal = flat.field("signal").to_numpy(zero_copy_only=False).astype("int64")
    sigs = cfg.intent.signals
    points = np.array([s.points for s in sigs], dtype="float64")
    caps = np.array([s.cap_per_day or np.inf for s in sigs], dtype="float64")
    events = flat.field("n").to_numpy().astype("int64")
    raw = np.minimum(points[signal] * events, caps[signal]) if len(signal) else np.zeros(0)
    return SignalRows(
        person=person,
        signal=signal,
        raw=raw,
        events=events,
        day_end=_times(pa.chunked_array([flat.field("day_end")])),
        last_at=_times(pa.chunked_array([flat.field("last_at")])),
    )
