"""The fused feature step: one pass over the as-of events for the daily facts.

The events are joined to a tiny item map (type, event -> item code), so an event that feeds
several items (a teammate invite is a key feature and an intent signal) is counted once per
item in the same pass; an item's property filters are evaluated on the joined rows. The
result has one row per (person, item, UTC day): the old `event_days` + 30-way union, fused.
"""

from __future__ import annotations

from typing import Any

import ibis

from qualify.config import Config
from qualify.features.facts import items
from qualify.features.match import condition_expr, prop_column
from qualify.store.aggregates import first_by
from qualify.store.asof import AsOf

__all__ = ["daily_facts", "item_map"]


def item_map(cfg: Config) -> Any:
    """The (type, event, item) rows of every config item, as an ibis memtable."""
    its = items(cfg)
    rows = {
        "_type": [it.match.type for it in its],
        "_event": [it.match.event for it in its],
        "item": [it.code for it in its],
    }
    schema = ibis.schema({"_type": "string", "_event": "string", "item": "string"})
    return ibis.memtable(rows, schema=schema)


def daily_facts(asof: AsOf, cfg: Config) -> Any:
    """person_id, item, day, n, first_at, last_at, kind: one row per (person, item, UTC day).

    `kind` (the signup kind property, e.g. trial or freemium) is that of the day's first
    signup event and null on other items."""
    ev = asof.person_events
    ev = ev.filter(ev.person_id.notnull())
    m = item_map(cfg)
    j = ev.inner_join(m, [ev.type == m._type, ev.event == m._event])
    filtered = [it for it in items(cfg) if it.match.where]
    if filtered:
        keep = ~j.item.isin([it.code for it in filtered])
        for it in filtered:
            cond = ibis.literal(True)
            for key, c in it.match.where.items():
                cond = cond & condition_expr(j[prop_column(key)], c)
            keep = keep | ((j.item == it.code) & cond)
        j = j.filter(keep)
    kind = j[prop_column(cfg.lifecycle.signup_kind_property)].cast("string")
    signup = j.item.startswith("signup:")
    return j.group_by(person_id=j.person_id, item=j.item, day=j.timestamp.truncate("D")).aggregate(
        n=j.count(),
        first_at=j.timestamp.min(),
        last_at=j.timestamp.max(),
        kind=first_by(kind, j.timestamp, where=signup),
    )
