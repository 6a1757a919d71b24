"""The append-only ledger: one row per verdict change of a person or an account.

`ledger_head` keeps each entity's latest ledger row (by recorded_at, then as_of): a rescore
compares against it instead of a window over the whole, ever-growing ledger. `record`
appends the changes and moves the head in one transaction, so a crash leaves both or neither.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from qualify.store.base import Store

__all__ = ["HEAD", "KEYS", "changes", "record"]

KEYS = ("is_pql", "stage_plg", "stage_traditional", "route", "model_version")
ENTITY = ("entity_type", "entity_id")
HEAD = (*ENTITY, *KEYS, "recorded_at", "as_of")
PREV = {
    "is_pql": "p_pql",
    "stage_plg": "p_plg",
    "stage_traditional": "p_trad",
    "route": "p_route",
    "model_version": "p_model",
    "recorded_at": "p_recorded_at",
    "as_of": "p_as_of",
}


def changes(store: Store, current: pd.DataFrame, recorded_at: dt.datetime) -> pd.DataFrame:
    """Rows of `current` whose is_pql, stage, route or model version differ from their last
    ledger row."""
    prev = _head(store).rename(columns=PREV)
    m = current.merge(prev, on=["entity_type", "entity_id"], how="left", indicator=True)
    new = (m["_merge"] == "left_only").to_numpy()
    pql = (m["is_pql"].astype(bool) != m["p_pql"].fillna(False).astype(bool)).to_numpy() & ~new
    stage = (
        (m["stage_plg"] != m["p_plg"]) | (m["stage_traditional"] != m["p_trad"])
    ).to_numpy() & ~new
    route = (m["route"] != m["p_route"]).to_numpy() & ~new
    # Older ledgers stored an all-NULL model_version, typed as a number: compare as text.
    model = (_text(m["model_version"]) != _text(m["p_model"])).to_numpy() & ~new
    entered = m["is_pql"].astype(bool).to_numpy()
    change = np.select(
        [new, pql & entered, pql, stage, route, model],
        ["new", "entered_pql", "left_pql", "stage", "route", "model"],
        "",
    )
    out = m.loc[change != "", list(current.columns)].copy()
    out["change"] = change[change != ""]
    out["recorded_at"] = pd.Timestamp(recorded_at)
    # The head moves only where this row is the latest (scoring the past leaves it).
    stamp = pd.Timestamp(recorded_at)
    later = (m["p_recorded_at"] < stamp) | (
        (m["p_recorded_at"] == stamp) & (m["p_as_of"] <= m["as_of"])
    )
    out["_head"] = (new | later.to_numpy())[change != ""]
    result: pd.DataFrame = out.reset_index(drop=True)
    return result


def record(store: Store, rows: pd.DataFrame) -> None:
    """Append the change rows of `changes` and move the ledger head, atomically."""
    if not len(rows):
        return
    head = rows.loc[rows["_head"].to_numpy(dtype=bool), list(HEAD)]
    with store.transaction():
        store.append_table("ledger", rows.drop(columns="_head"))
        store.upsert_table("ledger_head", head, ENTITY)


def _head(store: Store) -> pd.DataFrame:
    """Each entity's latest ledger row; built once from the ledger where the head is missing
    (a workspace scored before the head existed)."""
    if not store.has_table("ledger"):
        empty = pd.DataFrame(columns=list(HEAD))
        return empty.astype({"recorded_at": "datetime64[us]", "as_of": "datetime64[us]"})
    if not store.has_table("ledger_head"):
        with store.transaction():
            store.replace_table(
                "ledger_head",
                store.query(
                    f"""SELECT {", ".join(HEAD)} FROM ledger
                        QUALIFY row_number() OVER (PARTITION BY entity_type, entity_id
                                                   ORDER BY recorded_at DESC, as_of DESC) = 1"""
                ),
            )
    return store.query(f"SELECT {', '.join(HEAD)} FROM ledger_head")


def _text(column: pd.Series) -> pd.Series:
    return column.astype("string").fillna("")
