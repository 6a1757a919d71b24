"""The fused feature step against the two-step one it replaced and against raw events."""

from __future__ import annotations

import pandas as pd
from two_step_facts import event_days, facts

from qualify.features.wide import daily_facts
from qualify.pipeline import load_features
from qualify.store.asof import as_of
from qualify.workspace import Workspace

KEYS = ["person_id", "item", "day"]


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.astype({"person_id": "string", "item": "string"})
    return out.sort_values(KEYS).reset_index(drop=True)


def test_fused_facts_equal_the_two_step_facts(world: Workspace) -> None:
    t = world.store.event_time_range()[1]
    assert t is not None
    tables = as_of(world.store, t, world.config.typed_columns())
    con = world.store.ibis()
    days = con.create_table("_days", event_days(tables, world.config), temp=True, overwrite=True)
    old = facts(days, world.config).to_pyarrow().to_pandas()
    # The two-step version could split one day in rows per property value: sum them.
    old = old.groupby(KEYS, as_index=False).agg(
        n=("n", "sum"), first_at=("first_at", "min"), last_at=("last_at", "max")
    )
    new = daily_facts(tables, world.config).to_pyarrow().to_pandas()
    assert len(new) > 100
    pd.testing.assert_frame_equal(_sorted(new)[old.columns], _sorted(old), check_dtype=False)


def test_load_features_counts_match_raw_events(world: Workspace) -> None:
    t = world.store.event_time_range()[1]
    assert t is not None
    people, inputs = load_features(world.store, world.config, t)
    raw = world.store.query(
        """SELECT coalesce(e.user_id, i.user_id) AS person_id, count(*) AS n
           FROM events e LEFT JOIN identities i ON e.anonymous_id = i.anonymous_id
           WHERE e.type = 'track' AND e.event = 'Project Created'
           GROUP BY ALL"""
    ).dropna(subset=["person_id"])
    want = dict(zip(raw["person_id"], raw["n"], strict=True))
    got = dict(zip(people["person_id"], inputs.counts[:, 0].tolist(), strict=True))
    assert sum(want.values()) > 50
    assert {p: n for p, n in got.items() if n} == want
    assert people["person_id"].is_monotonic_increasing
