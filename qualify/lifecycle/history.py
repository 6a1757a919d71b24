"""Stage histories for many people at once, with the semantics of `journeys.transition`.

Each stage's candidate time is the first event of its kind (post-customer kinds only from the
customer time on, as `customer` is never skipped). Processing events in time order under
`transition`, a stage is entered exactly when its time is not after any later stage's time,
so the history follows from suffix minima, without a loop over people.

The entry times come from `stages.entry_times` (what scoring stores); `history_rows` returns
the rows as numpy arrays (stage, reason and skipped as codes into small tables) and `history`
the same rows as a DataFrame: the reference the `stage_history` view is tested against.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualify.lifecycle.journeys import JOURNEYS, TARGETS
from qualify.lifecycle.stages import NAT, entry_times

__all__ = ["HistoryRows", "history", "history_rows"]


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
    entry = entry_times(n, journey, times, None if backward is None else backward[0])
    rows, cols = np.nonzero(~np.isnat(entry.entered))  # row-major: by entity, then stage
    cols = cols.astype("int64")
    ent = entry.entered[rows, cols]
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
        why = backward[1]
        pql, trial = stages.index("pql"), stages.index("trial")
        # The move back happens on the entity's last row, pql, when entry_times found one.
        when = entry.back_at[rows] if len(rows) else ent
        hit = (cols == pql) & ~np.isnat(when)
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
