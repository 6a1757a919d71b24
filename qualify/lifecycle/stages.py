"""Stage entry times per entity, stored as columns; the `stage_history` rows are a view.

Scoring keeps, per person and account and journey, the time each stage was entered (NULL if
never) and the time of the one backward move (pql -> trial). That is a handful of timestamp
columns on the verdict tables; the view turns them into the history rows (entered_at,
exited_at = the next entry, reason, skipped stages) when something reads them, with the
semantics of `lifecycle.history.history` (its test oracle), instead of writing a million rows
on every score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qualify.lifecycle.journeys import JOURNEYS, TARGETS

__all__ = ["StageTimes", "column", "current_sql", "entry_times", "history_view"]

NAT = np.datetime64("NaT", "us")
FAR = np.datetime64("9999-01-01", "us")
BACK = "back"  # the column suffix of the backward move's time


@dataclass(frozen=True)
class StageTimes:
    journey: str
    entered: np.ndarray  # (n, stages) datetime64[us], NaT where never entered
    back_at: np.ndarray  # (n,) when pql -> trial happened (NaT if not)

    def columns(self) -> dict[str, np.ndarray]:
        """The verdict-table columns: one per stage, plus the backward move's."""
        out = {
            column(self.journey, stage): self.entered[:, k]
            for k, stage in enumerate(JOURNEYS[self.journey])
        }
        out[column(self.journey, BACK)] = self.back_at
        return out


def column(journey: str, stage: str) -> str:
    return f"at_{journey}_{stage}"


def current_sql(journey: str) -> str:
    """SQL for an entity's stage now, from its stage columns: the furthest stage entered (the
    journey's first stage if none), `trial` after the backward move."""
    stages = JOURNEYS[journey]
    whens = [f'WHEN "{column(journey, st)}" IS NOT NULL THEN {_lit(st)}' for st in stages[::-1]]
    if "trial" in stages:
        whens.insert(0, f'WHEN "{column(journey, BACK)}" IS NOT NULL THEN {_lit("trial")}')
    return f"CASE {' '.join(whens)} ELSE {_lit(stages[0])} END"


def entry_times(
    n: int, journey: str, times: dict[str, np.ndarray], lost: np.ndarray | None = None
) -> StageTimes:
    """Stage entry times from each event kind's first time (`times`), as `transition` applies
    them in time order: a stage is entered when its time is not after any later stage's
    time. `lost` (pql_lost times, if the backward move is allowed) moves an entity whose
    furthest stage is pql back to trial."""
    stages = JOURNEYS[journey]
    kind_of = {stage: kind for kind, stage in TARGETS[journey].items()}
    cand = [_or_far(times.get(kind_of[st], np.full(n, NAT))) for st in stages]
    # Column by column from the last stage: each stage's column against the earliest time of
    # any later stage (whole columns, not short rows: a few vector operations per stage).
    entered = np.empty((len(stages), n), dtype="datetime64[us]")
    later = np.full(n, FAR)
    for k in range(len(stages) - 1, -1, -1):
        entered[k] = np.where((cand[k] != FAR) & (cand[k] <= later), cand[k], NAT)
        later = np.minimum(later, cand[k])
    entered = entered.T  # (n, stages), each stage's column contiguous
    back = np.full(n, NAT)
    if lost is not None and "pql" in stages:
        pql = stages.index("pql")
        beyond = np.zeros(n, dtype=bool)
        for k in range(pql + 1, len(stages)):
            beyond |= ~np.isnat(entered[:, k])
        furthest_is_pql = ~np.isnat(entered[:, pql]) & ~beyond
        when = lost.astype("datetime64[us]")
        hit = furthest_is_pql & ~np.isnat(when) & (when >= entered[:, pql])
        back = np.where(hit, when, NAT)
    return StageTimes(journey, entered, back)


def _or_far(t: np.ndarray) -> np.ndarray:
    t = t.astype("datetime64[us]")
    return np.where(np.isnat(t), FAR, t)


@dataclass(frozen=True)
class Source:
    """One verdict table the view reads: its entity type, id column, each journey's stage
    reasons (by stage), the backward move's reason, and whether it carries trial_kind."""

    entity_type: str
    table: str
    id_column: str
    reasons: dict[str, dict[str, str]]
    back_reason: str | None
    trial_kind: bool


def history_view(sources: Sequence[Source]) -> str:
    """SELECT of the stage_history rows (entity_type, entity_id, journey, stage, entered_at,
    exited_at, reason, trial_kind, skipped) from the verdict tables' stage columns."""
    parts = []
    for src in sources:
        for journey, stages in JOURNEYS.items():
            reasons = src.reasons[journey]
            for k, stage in enumerate(stages):
                parts.append(_branch(src, journey, stage, stage, k, reasons[stage]))
            if src.back_reason is not None and "trial" in stages:
                # After every stage at a tie: the move back ends the pql stint.
                parts.append(_branch(src, journey, BACK, "trial", len(stages), src.back_reason))
    rows = "\n  UNION ALL\n  ".join(parts)
    names = {j: "[" + ", ".join(_lit(s) for s in st) + "]" for j, st in JOURNEYS.items()}
    stage_list = (
        "CASE journey "
        + " ".join(f"WHEN {_lit(j)} THEN {lst}" for j, lst in names.items())
        + " END"
    )
    w = "PARTITION BY entity_type, entity_id, journey ORDER BY entered_at, ord"
    return f"""
SELECT entity_type, entity_id, journey, stage, entered_at,
       lead(entered_at) OVER ({w}) AS exited_at,
       reason, trial_kind,
       -- The stages passed over since the previous stint (none for a move back).
       CASE WHEN pos IS NOT NULL THEN nullif(array_to_string(list_slice({stage_list},
              coalesce(lag(pos) OVER ({w}), -1) + 2, pos), ','), '') END AS skipped
FROM (
  {rows}
)"""


def _branch(src: Source, journey: str, col: str, stage: str, ord_: int, reason: str) -> str:
    name = column(journey, col)
    kind = "trial_kind" if src.trial_kind and stage == "trial" else "NULL"
    return (
        f"SELECT {_lit(src.entity_type)} AS entity_type, {src.id_column} AS entity_id, "
        f"{_lit(journey)} AS journey, {_lit(stage)} AS stage, {ord_} AS ord, "
        f"{'NULL' if col == BACK else ord_} AS pos, "
        f'CAST("{name}" AS TIMESTAMP) AS entered_at, {_lit(reason)} AS reason, '
        f"CAST({kind} AS VARCHAR) AS trial_kind "
        f'FROM {src.table} WHERE "{name}" IS NOT NULL'
    )


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
