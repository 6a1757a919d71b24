"""The append-only ledger: one row per verdict change of a person or an account.

`ledger_head` keeps each entity's latest ledger row (by recorded_at, then as_of): a rescore
compares the verdict tables it just wrote against it, in the engine, instead of a window over
the whole, ever-growing ledger. `record` appends the changes and moves the head in one
transaction, so a crash leaves both or neither; a crash before it leaves the head where it
was, and the next run records the change.
"""

from __future__ import annotations

import datetime as dt

from qualify.store.base import Store

__all__ = ["HEAD", "KEYS", "record"]

KEYS = ("is_pql", "stage_plg", "stage_traditional", "route", "model_version")
HEAD = ("entity_type", "entity_id", *KEYS, "recorded_at", "as_of")
COLUMNS = (
    "readiness",
    "fit_score",
    "activation_share",
    "intent_score",
    "stage_plg",
    "stage_traditional",
    "route",
    "as_of",
    "config_hash",
)
MODEL = ("model_version", "model_score", "shadow_version", "shadow_score")

# People and accounts as ledger rows (accounts carry no model score).
CURRENT = f"""
SELECT 'person' AS entity_type, person_id AS entity_id, is_pql, {", ".join(COLUMNS + MODEL)}
FROM person_verdicts
UNION ALL BY NAME
SELECT 'account' AS entity_type, account_id AS entity_id, is_pqa AS is_pql, {", ".join(COLUMNS)}
FROM account_verdicts
"""

# The change kinds in priority order; older ledgers stored an all-NULL model_version typed as
# a number, so versions compare as text.
CHANGES = f"""
SELECT c.*,
  CASE WHEN h.entity_id IS NULL THEN 'new'
       WHEN c.is_pql <> coalesce(h.is_pql, FALSE)
         THEN CASE WHEN c.is_pql THEN 'entered_pql' ELSE 'left_pql' END
       WHEN c.stage_plg IS DISTINCT FROM h.stage_plg
         OR c.stage_traditional IS DISTINCT FROM h.stage_traditional THEN 'stage'
       WHEN c.route IS DISTINCT FROM h.route THEN 'route'
       WHEN coalesce(CAST(c.model_version AS VARCHAR), '')
         <> coalesce(CAST(h.model_version AS VARCHAR), '') THEN 'model'
  END AS change,
  CAST($1 AS TIMESTAMP) AS recorded_at,
  -- The head moves only where this row is the latest (scoring the past leaves it).
  h.entity_id IS NULL OR h.recorded_at < $1 OR (h.recorded_at = $1 AND h.as_of <= c.as_of)
    AS _moves_head
FROM ({CURRENT}) c
LEFT JOIN {{head}} h ON c.entity_type = h.entity_type AND c.entity_id = h.entity_id
"""

REBUILD_HEAD = f"""
CREATE TABLE ledger_head AS
SELECT {", ".join(HEAD)} FROM ledger
QUALIFY row_number() OVER (PARTITION BY entity_type, entity_id
                           ORDER BY recorded_at DESC, as_of DESC) = 1
"""


def record(store: Store, recorded_at: dt.datetime) -> int:
    """Append a ledger row for every person and account of the verdict tables whose is_pql,
    stage, route or model version differ from their ledger head; returns how many."""
    head = ", ".join(HEAD)
    with store.transaction():
        if store.has_table("ledger") and not store.has_table("ledger_head"):
            store.execute(REBUILD_HEAD)  # a workspace scored before the head existed
        source = "ledger_head" if store.has_table("ledger_head") else _EMPTY_HEAD
        store.execute(
            "CREATE OR REPLACE TEMP TABLE _changes AS SELECT * FROM ("
            + CHANGES.format(head=source)
            + ") WHERE change IS NOT NULL",
            [recorded_at],
        )
        n = int(store.query("SELECT count(*) AS n FROM _changes")["n"].iloc[0])
        if n:
            store.append_query("ledger", "SELECT * EXCLUDE (_moves_head) FROM _changes")
            if store.has_table("ledger_head"):
                store.execute(
                    """DELETE FROM ledger_head WHERE (entity_type, entity_id) IN
                       (SELECT (entity_type, entity_id) FROM _changes WHERE _moves_head)"""
                )
            store.append_query("ledger_head", f"SELECT {head} FROM _changes WHERE _moves_head")
        store.execute("DROP TABLE _changes")
    return n


# A ledger head with no rows, typed, for a workspace's first score.
_EMPTY_HEAD = (
    "(SELECT NULL::VARCHAR AS entity_type, NULL::VARCHAR AS entity_id, NULL::BOOLEAN AS is_pql,"
    " NULL::VARCHAR AS stage_plg, NULL::VARCHAR AS stage_traditional, NULL::VARCHAR AS route,"
    " NULL::VARCHAR AS model_version, NULL::TIMESTAMP AS recorded_at,"
    " NULL::TIMESTAMP AS as_of WHERE FALSE)"
)
