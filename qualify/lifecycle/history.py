"""Stage histories for many people at once, with the semantics of `journeys.transition`.

Each stage's candidate time is the first event of its kind (post-customer kinds only from the
customer time on, as `customer` is never skipped). Processing events in time order under
`transition`, a stage is entered exactly when its time is not after any later stage's time,
so the history follows from suffix minima, without a loop over people.

`history_rows` returns the rows as numpy arrays (stage, reason and skipped as codes into
small tables), which the pipeline turns into Arrow columns without a Python string per row;
`history` is the same rows as a DataFrame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from qualify.lifecycle.journeys import JOURNEYS, TARGETS

__all__ = ["HistoryRows", "history", "history_rows"]

NAT = np.datetime64("NaT", "us")
FAR = np.datetime64("9999-01-01", "us")


@dataclass(frozen=True)
class HistoryRows:
    """One row per stage entry, ordered by entity then time: `i` the entity's position,
    `stage` an index into `stages`, `reason` one into `reasons`, `skipped` one into
    `skips` (-1: none)."""

    journey: str
    i: np.ndarray
    stage: np.ndarray
    entered_at: np.ndarray  # datetime64[us]
    exited_at: np.ndarray  # datetime64[us]
    reason: np.ndarray
    skipped: np.ndarray
    stages: tuple[str, ...]
    reasons: list[str]
    skips: list[str]
    # A backward move was configured: the written column keeps nanosecond precision.
    backward: bool

    def current(self, n: int, default: str) -> np.ndarray:
        """Each entity's last stage (`default` without rows), as Python strings."""
        out = np.full(n, default, dtype=object)
        if len(self.i):
            last = np.r_[self.i[1:] != self.i[:-1], True]
            out[self.i[last]] = np.array(self.stages, dtype=object)[self.stage[last]]
        return out

    def arrow(self, ids: pa.Array) -> dict[str, pa.Array]:
        """entity_id, journey, stage, entered_at, exited_at, reason, skipped as Arrow."""
        m = len(self.i)
        exited = self.exited_at.astype("datetime64[ns]" if self.backward else "datetime64[us]")
        skip = pa.array(self.skipped.astype("int32"), mask=self.skipped < 0)
        return {
            "entity_id": ids.take(pa.array(self.i)),
            "journey": _decoded(np.zeros(m, "int32"), [self.journey]),
            "stage": _decoded(self.stage, list(self.stages)),
            "entered_at": pa.array(self.entered_at.astype("datetime64[us]")),
            "exited_at": pa.array(exited),
            "reason": _decoded(self.reason, self.reasons),
            "skipped": pa.DictionaryArray.from_arrays(
                skip, pa.array(self.skips, pa.string())
            ).dictionary_decode(),
        }


def _decoded(codes: np.ndarray, values: list[str]) -> pa.Array:
    return pa.DictionaryArray.from_arrays(
        pa.array(np.asarray(codes, dtype="int32")), pa.array(values, pa.string())
    ).dictionary_decode()


def history_rows(
    n: int,
    journey: str,
    times: dict[str, np.ndarray],
    reasons: dict[str, str],
    backward: tuple[np.ndarray, str] | None = None,
) -> HistoryRows:
    """The rows of `history` for `n` entities, as arrays (see HistoryRows)."""
    stages = JOURNEYS[journey]
    s = len(stages)
    kind_of = {stage: kind for kind, stage in TARGETS[journey].items()}
    cand = np.column_stack([_or_far(times.get(kind_of[st], np.full(n, NAT))) for st in stages])
    later = np.minimum.accumulate(cand[:, ::-1], axis=1)[:, ::-1]
    later = np.column_stack([later[:, 1:], np.full(n, FAR)])
    entered = (cand != FAR) & (cand <= later)
    rows, cols = np.nonzero(entered)  # row-major: by entity, then stage
    cols = cols.astype("int64")
    ent = cand[rows, cols]
    same_next = np.r_[rows[1:] == rows[:-1], False] if len(rows) else np.zeros(0, bool)
    exited = np.where(same_next, np.r_[ent[1:], NAT] if len(rows) else ent, NAT)
    prev = np.r_[-1, cols[:-1]] if len(rows) else cols
    if len(rows):
        prev[1:][rows[1:] != rows[:-1]] = -1
    skips: list[str] = []
    gap_code = np.full((s + 1, s), -1, dtype="int64")
    for a in range(-1, s):
        for b in range(a + 1, s):
            text = ",".join(stages[a + 1 : b])
            if text:
                gap_code[a + 1, b] = len(skips)
                skips.append(text)
    skipped = gap_code[prev + 1, cols]
    texts = [reasons.get(kind_of[st], kind_of[st]) for st in stages]
    reason = cols.copy()
    if backward is not None:
        lost, why = backward
        pql, trial = stages.index("pql"), stages.index("trial")
        when = lost.astype("datetime64[us]")[rows] if len(rows) else ent
        hit = ~same_next & (cols == pql) & ~np.isnat(when) & (when >= ent)
        exited = np.where(hit, when, exited)
        k = int(hit.sum())
        rows = np.r_[rows, rows[hit]]
        cols = np.r_[cols, np.full(k, trial, dtype="int64")]
        ent = np.r_[ent, when[hit]]
        exited = np.r_[exited, np.full(k, NAT)]
        skipped = np.r_[skipped, np.full(k, -1, dtype="int64")]
        reason = np.r_[reason, np.full(k, s, dtype="int64")]
        texts.append(why)
        order = np.lexsort((cols, ent.view("int64"), rows))
        rows, cols, ent, exited = rows[order], cols[order], ent[order], exited[order]
        skipped, reason = skipped[order], reason[order]
    return HistoryRows(
        journey=journey,
        i=rows.astype("int64"),
        stage=cols,
        entered_at=ent,
        exited_at=exited,
        reason=reason,
        skipped=skipped,
        stages=stages,
        reasons=texts,
        skips=skips,
        backward=backward is not None,
    )


def history(
    ids: np.ndarray,
    journey: str,
    times: dict[str, np.ndarray],
    reasons: dict[str, str],
    backward: tuple[np.ndarray, str] | None = None,
) -> pd.DataFrame:
    """Rows (entity_id, journey, stage, entered_at, exited_at, reason, skipped) per entity.

    `times[kind]` holds each entity's first time of an event kind (NaT if none); `backward`
    is (time of pql_lost or NaT, reason), applied to entities whose furthest stage is pql.
    """
    h = history_rows(len(ids), journey, times, reasons, backward)
    skips = np.array([*h.skips, None], dtype=object)
    return pd.DataFrame(
        {
            "entity_id": np.asarray(ids)[h.i],
            "journey": journey,
            "stage": np.array(h.stages, dtype=object)[h.stage],
            "entered_at": h.entered_at,
            "exited_at": h.exited_at.astype("datetime64[ns]" if h.backward else "datetime64[us]"),
            "reason": np.array(h.reasons, dtype=object)[h.reason],
            "skipped": skips[h.skipped],
        }
    )


def _or_far(t: np.ndarray) -> np.ndarray:
    t = t.astype("datetime64[us]")
    return np.where(np.isnat(t), FAR, t)
