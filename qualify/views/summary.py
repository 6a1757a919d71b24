"""How many people and accounts were scored, and how many qualified."""

from __future__ import annotations

from typing import Any

from qualify.store import Store
from qualify.views.rows import records, require_tables

__all__ = ["verdict_counts"]


def verdict_counts(store: Store) -> dict[str, Any]:
    """`{people, pqls, accounts, pqas, as_of}` from the verdict tables."""
    require_tables(store, "person_verdicts", "account_verdicts")
    people = records(
        store,
        """SELECT count(*) AS people, count(*) FILTER (WHERE is_pql) AS pqls, max(as_of) AS as_of
           FROM person_verdicts""",
    )[0]
    accounts = records(
        store,
        """SELECT count(*) AS accounts, count(*) FILTER (WHERE is_pqa) AS pqas
           FROM account_verdicts""",
    )[0]
    return {**people, **accounts}
