"""The append-only ledger: one row per verdict change of a person or an account."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from qualify.store.base import Store

__all__ = ["KEYS", "changes"]

KEYS = ("is_pql", "stage_plg", "stage_traditional", "route", "model_version")


def changes(store: Store, current: pd.DataFrame, recorded_at: dt.datetime) -> pd.DataFrame:
    """Rows of `current` whose is_pql, stage, route or model version differ from their last
    ledger row."""
    if store.has_table("ledger"):
        prev = store.query(
            """SELECT entity_type, entity_id, is_pql AS p_pql, stage_plg AS p_plg,
                      stage_traditional AS p_trad, route AS p_route,
                      model_version AS p_model
               FROM (SELECT *, row_number() OVER (PARTITION BY entity_type, entity_id
                                                  ORDER BY recorded_at DESC, as_of DESC) AS rn
                     FROM ledger) WHERE rn = 1"""
        )
    else:
        prev = pd.DataFrame(
            columns=["entity_type", "entity_id", "p_pql", "p_plg", "p_trad", "p_route", "p_model"]
        )
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
    result: pd.DataFrame = out.reset_index(drop=True)
    return result


def _text(column: pd.Series) -> pd.Series:
    return column.astype("string").fillna("")
