"""Stage histories for many people at once, with the semantics of `journeys.transition`.

Each stage's candidate time is the first event of its kind (post-customer kinds only from the
customer time on, as `customer` is never skipped). Processing events in time order under
`transition`, a stage is entered exactly when its time is not after any later stage's time,
so the history follows from suffix minima, without a loop over people.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qualify.lifecycle.journeys import JOURNEYS, TARGETS

__all__ = ["history"]

NAT = np.datetime64("NaT", "us")
FAR = np.datetime64("9999-01-01", "us")


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
    stages = JOURNEYS[journey]
    kind_of = {stage: kind for kind, stage in TARGETS[journey].items()}
    n = len(ids)
    cand = np.column_stack([_or_far(times.get(kind_of[s], np.full(n, NAT))) for s in stages])
    later = np.minimum.accumulate(cand[:, ::-1], axis=1)[:, ::-1]
    later = np.column_stack([later[:, 1:], np.full(n, FAR)])
    entered = (cand != FAR) & (cand <= later)
    rows, cols = np.nonzero(entered)
    frame = pd.DataFrame({"i": rows, "idx": cols, "entered_at": cand[rows, cols]}).sort_values(
        ["i", "idx"], kind="stable"
    )
    frame = _link(frame, stages)
    frame["reason"] = frame["idx"].map(
        {j: reasons.get(kind_of[s], kind_of[s]) for j, s in enumerate(stages)}
    )
    if backward is not None:
        frame = _backward(frame, stages, backward)
    frame["entity_id"] = ids[frame["i"].to_numpy()]
    frame["journey"] = journey
    frame["stage"] = np.array(stages, dtype=object)[frame["idx"].to_numpy()]
    return frame[["entity_id", "journey", "stage", "entered_at", "exited_at", "reason", "skipped"]]


def _or_far(t: np.ndarray) -> np.ndarray:
    t = t.astype("datetime64[us]")
    return np.where(np.isnat(t), FAR, t)


def _link(frame: pd.DataFrame, stages: tuple[str, ...]) -> pd.DataFrame:
    """exited_at = next stage's entry; skipped = stages passed over on entry."""
    same = frame["i"].shift(-1) == frame["i"]
    nxt = frame["entered_at"].shift(-1)
    frame["exited_at"] = nxt.where(same)
    prev_same = frame["i"].shift(1) == frame["i"]
    prev = frame["idx"].shift(1).where(prev_same, -1).astype("int64")
    gaps = {
        (a, b): ",".join(stages[a + 1 : b]) or None
        for a in range(-1, len(stages))
        for b in range(len(stages))
        if b > a
    }
    frame["skipped"] = [gaps.get(k) for k in zip(prev.tolist(), frame["idx"].tolist(), strict=True)]
    return frame


def _backward(
    frame: pd.DataFrame, stages: tuple[str, ...], backward: tuple[np.ndarray, str]
) -> pd.DataFrame:
    lost, reason = backward
    pql, trial = stages.index("pql"), stages.index("trial")
    last = frame.groupby("i").tail(1)
    last = last[last["idx"] == pql]
    when = lost[last["i"].to_numpy()].astype("datetime64[us]")
    ok = ~np.isnat(when) & (when >= last["entered_at"].to_numpy("datetime64[us]"))
    hit = last[ok]
    frame.loc[hit.index, "exited_at"] = when[ok]
    back = pd.DataFrame(
        {
            "i": hit["i"].to_numpy(),
            "idx": trial,
            "entered_at": when[ok],
            "exited_at": NAT,
            "reason": reason,
            "skipped": None,
        }
    )
    return pd.concat([frame, back], ignore_index=True).sort_values(
        ["i", "entered_at", "idx"], kind="stable"
    )
