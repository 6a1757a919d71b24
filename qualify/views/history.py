"""An entity's stage history in both journeys, and its ledger entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qualify.core.clock import UTC, parse_time
from qualify.lifecycle.funnel import JOURNEYS
from qualify.store import Store
from qualify.views.rows import records

__all__ = ["ledger", "stage_history"]

_NEVER = dt.datetime.min.replace(tzinfo=UTC)
_STINT_COLUMNS = ("stage", "entered_at", "exited_at", "reason", "trial_kind", "skipped")


def stage_history(
    store: Store, entity_type: str, entity_id: str
) -> dict[str, list[dict[str, Any]]]:
    """`{plg: [...], traditional: [...]}`, each stint in the order it was entered."""
    out: dict[str, list[dict[str, Any]]] = {journey: [] for journey in JOURNEYS}
    if not store.has_table("stage_history"):
        return out
    rows = records(
        store,
        f"""SELECT journey, {", ".join(_STINT_COLUMNS)} FROM stage_history
            WHERE entity_type = ? AND entity_id = ?""",
        [entity_type, entity_id],
    )
    for row in sorted(rows, key=_entry_order):
        journey = row.pop("journey")
        if journey in out:
            row["skipped"] = _names(row["skipped"])
            out[journey].append(row)
    return out


def ledger(store: Store, entity_type: str, entity_id: str) -> list[dict[str, Any]]:
    """Every recorded verdict change of the entity, oldest first."""
    if not store.has_table("ledger"):
        return []
    rows = records(
        store,
        "SELECT * FROM ledger WHERE entity_type = ? AND entity_id = ? ORDER BY as_of, recorded_at",
        [entity_type, entity_id],
    )
    for row in rows:
        del row["entity_type"], row["entity_id"]
    return rows


def _entry_order(row: dict[str, Any]) -> tuple[dt.datetime, int]:
    # Stages entered at the same instant (awareness and trial at signup) keep journey order.
    stages = JOURNEYS.get(row["journey"], ())
    rank = stages.index(row["stage"]) if row["stage"] in stages else len(stages)
    entered = parse_time(row["entered_at"]) if row["entered_at"] else _NEVER
    return (entered, rank)


def _names(skipped: Any) -> list[str]:
    if not skipped:
        return []
    return [name.strip() for name in str(skipped).split(",") if name.strip()]
