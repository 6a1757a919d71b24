"""The two-step feature computation the fused `daily_facts` replaced, kept only as a test
oracle: group relevant events per person, day, type, name and filter columns, then map those
rows to the config's items with one filtered select per item."""

from __future__ import annotations

from typing import Any

import ibis

from qualify.config import Config
from qualify.features.facts import items
from qualify.features.match import match_expr, prop_column
from qualify.store.asof import AsOf


def _prop_columns(cfg: Config) -> list[str]:
    keys = {k for it in items(cfg) for k in it.match.where}
    return sorted({prop_column(k) for k in keys})


def event_days(asof: AsOf, cfg: Config) -> Any:
    """Relevant events of identified people grouped per person, UTC day, type, name, filters."""
    ev = asof.person_events
    names = sorted({(it.match.type, it.match.event) for it in items(cfg)})
    if not names:
        names = [("track", "")]
    relevant = ibis.or_(*[(ev.type == t) & (ev.event == e) for t, e in names])
    ev = ev.filter(ev.person_id.notnull() & relevant)
    kind_col = prop_column(cfg.lifecycle.signup_kind_property)
    keys = ["type", "event", *sorted({*_prop_columns(cfg), kind_col})]
    return ev.group_by(
        person_id=ev.person_id, day=ev.timestamp.truncate("D"), **{k: ev[k] for k in keys}
    ).aggregate(n=ev.count(), first_at=ev.timestamp.min(), last_at=ev.timestamp.max())


def facts(days: Any, cfg: Config) -> Any:
    """Map event-day rows to items: person_id, item, day, n, first_at, last_at, kind (the
    signup kind property, e.g. trial or freemium)."""
    kind_col = prop_column(cfg.lifecycle.signup_kind_property)
    parts = [
        days.filter(match_expr(days, it.match)).select(
            "person_id",
            item=ibis.literal(it.code),
            day="day",
            n="n",
            first_at="first_at",
            last_at="last_at",
            kind=days[kind_col].cast("string"),
        )
        for it in items(cfg)
    ]
    if not parts:
        return days.limit(0).select("person_id", item=ibis.literal(""), day="day", n="n")
    return ibis.union(*parts, distinct=False)
