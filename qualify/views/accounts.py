"""Accounts' roll-up verdicts as JSON: the `accounts` list and one `account`."""

from __future__ import annotations

from typing import Any

from qualify.errors import NotFound
from qualify.store import Store
from qualify.views.history import ledger, stage_history
from qualify.views.people import lead_item
from qualify.views.rows import (
    distance_steps,
    limit_clause,
    parse_json,
    records,
    require_tables,
    with_account_detail,
    with_detail,
    with_reasons,
)

__all__ = ["account", "account_item", "accounts"]

_ORDER = "ORDER BY readiness DESC NULLS LAST, account_id"


def accounts(
    store: Store, *, limit: int | None = 50, pqa_only: bool = False
) -> list[dict[str, Any]]:
    """Accounts by readiness (highest first), then account_id."""
    require_tables(store, "account_verdicts")
    where = "WHERE is_pqa" if pqa_only else ""
    sql = f"SELECT * FROM account_verdicts {where} {_ORDER} {limit_clause(limit)}"
    rows = with_account_detail(store, records(store, sql))
    return [account_item(row) for row in rows]


def account(store: Store, account_id: str) -> dict[str, Any]:
    """One account's roll-up with every reason, its people, histories and ledger."""
    require_tables(store, "account_verdicts", "person_verdicts")
    rows = records(store, "SELECT * FROM account_verdicts WHERE account_id = ?", [account_id])
    rows = with_account_detail(store, rows)
    if not rows:
        raise NotFound(f"no account {account_id!r} in the verdicts; `qualify accounts` lists them")
    out = with_reasons(account_item(rows[0]), rows[0])
    out["people"] = _people(store, account_id)
    out["history"] = stage_history(store, "account", account_id)
    out["ledger"] = ledger(store, "account", account_id)
    return out


def account_item(row: dict[str, Any]) -> dict[str, Any]:
    """One `account_verdicts` row (already JSON-safe) as an `accounts` item."""
    detail = parse_json(row.get("detail")) or {}
    activation = detail.get("activation") or {}
    is_pqa = bool(row["is_pqa"])
    return {
        "account_id": row["account_id"],
        "as_of": row["as_of"],
        "is_pqa": is_pqa,
        "fit": {"score": row["fit_score"]},
        "activation": {
            "share": row["activation_share"],
            "seat_share": row["seat_share"],
            "discovered": list(activation.get("discovered") or []),
            "missing": list(activation.get("missing") or []),
        },
        "intent": {"score": row["intent_score"]},
        "readiness": row["readiness"],
        "route": row["route"],
        "route_reason": row["route_reason"],
        "members": row["members"],
        "pql_members": row["pql_members"],
        "stages": {"plg": row["stage_plg"], "traditional": row["stage_traditional"]},
        "distance": distance_steps(row, is_pqa),
        "model_score": row.get("model_score"),
    }


def _people(store: Store, account_id: str) -> list[dict[str, Any]]:
    rows = records(
        store,
        """SELECT * FROM person_verdicts WHERE account_id = ?
           ORDER BY readiness DESC NULLS LAST, person_id""",
        [account_id],
    )
    return [lead_item(row) for row in with_detail(store, rows)]
