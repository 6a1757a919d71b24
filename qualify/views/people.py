"""People's verdicts as JSON: the `leads` list and one person's `explain`."""

from __future__ import annotations

from typing import Any

from qualify.errors import NotFound
from qualify.store import Store
from qualify.views.history import ledger, stage_history
from qualify.views.rows import (
    distance_steps,
    limit_clause,
    parse_json,
    records,
    require_tables,
    with_detail,
    with_reasons,
)

__all__ = ["explain", "lead_item", "leads"]

# Ties in readiness fall back to person_id so the order is total and reproducible.
_ORDER = "ORDER BY readiness DESC NULLS LAST, person_id"


LOW_DATA = "low_data"  # the same word as qualify.scoring.learned.apply.LOW_DATA


def leads(store: Store, *, limit: int | None = 50, pql_only: bool = False) -> list[dict[str, Any]]:
    """Identified people by readiness (highest first), then person_id."""
    require_tables(store, "person_verdicts")
    where = "WHERE is_pql" if pql_only else ""
    sql = f"SELECT * FROM person_verdicts {where} {_ORDER} {limit_clause(limit)}"
    rows = with_detail(store, records(store, sql))
    return [lead_item(row) for row in rows]


def explain(store: Store, person_id: str) -> dict[str, Any]:
    """One person's verdict with every reason, both journeys' histories and the ledger."""
    require_tables(store, "person_verdicts")
    rows = records(store, "SELECT * FROM person_verdicts WHERE person_id = ?", [person_id])
    rows = with_detail(store, rows)
    if not rows:
        raise NotFound(f"no person {person_id!r} in the verdicts; `qualify leads` lists them")
    row = rows[0]
    out = with_reasons(lead_item(row), row)
    out["model_version"] = row.get("model_version")
    out["shadow"] = {"version": row.get("shadow_version"), "score": row.get("shadow_score")}
    out["factors"] = parse_json(row.get("factors")) or []
    out["history"] = stage_history(store, "person", person_id)
    out["ledger"] = ledger(store, "person", person_id)
    return out


def lead_item(row: dict[str, Any]) -> dict[str, Any]:
    """One `person_verdicts` row (already JSON-safe) as a `leads` item."""
    detail = parse_json(row.get("detail")) or {}
    activation = detail.get("activation") or {}
    is_pql = bool(row["is_pql"])
    return {
        "person_id": row["person_id"],
        "account_id": row["account_id"],
        "as_of": row["as_of"],
        "is_pql": is_pql,
        "fit": {"score": row["fit_score"], "passed": row["fit_ok"]},
        "activation": {
            "share": row["activation_share"],
            "activated": row["activated"],
            "discovered": list(activation.get("discovered") or []),
            "missing": list(activation.get("missing") or []),
        },
        "intent": {"score": row["intent_score"], "passed": row["intent_ok"]},
        "readiness": row["readiness"],
        "route": row["route"],
        "route_reason": row["route_reason"],
        "stages": {
            "plg": row["stage_plg"],
            "traditional": row["stage_traditional"],
            "trial_kind": row["trial_kind"],
        },
        "distance": distance_steps(row, is_pql),
        "model_score": model_score(row),
    }


def model_score(row: dict[str, Any]) -> float | str:
    """The learned score, or "low_data" where the rules stay (no model, or too little history
    to train one)."""
    value = row.get("model_score")
    return LOW_DATA if value is None else round(float(value), 4)
