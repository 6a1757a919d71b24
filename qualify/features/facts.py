"""Daily facts: one row per (person, item, UTC day) with its event count and first/last time.

Two steps keep the expensive part to one pass over the events: `event_days` groups the
relevant events by person, day, type, name and the few properties the config filters on;
`facts` then maps those (much fewer) rows to the config's items. An event may feed several
items (a teammate invite is a key feature and an intent signal).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import ibis

from qualify.config import Config, EventMatch
from qualify.features.match import match_expr, prop_column
from qualify.store.asof import AsOf

__all__ = ["Item", "event_days", "facts", "items"]


@dataclass(frozen=True)
class Item:
    """One thing the config counts: `kind` is kf|signal|touch|sql|signup|opportunity|customer|
    expansion|advocacy|churn, `index` its position in its config list."""

    kind: str
    index: int
    match: EventMatch

    @property
    def code(self) -> str:
        return f"{self.kind}:{self.index}"


def items(cfg: Config) -> list[Item]:
    """Every item of the config, in a stable order."""
    lc = cfg.lifecycle
    groups: list[tuple[str, list[Any]]] = [
        ("kf", list(cfg.activation.key_features)),
        ("signal", list(cfg.intent.signals)),
        ("touch", list(cfg.marketing.touches)),
        ("sql", list(cfg.marketing.sql_events)),
        ("signup", list(lc.signup)),
        ("opportunity", list(lc.opportunity)),
        ("customer", list(lc.customer)),
        ("expansion", list(lc.expansion)),
        ("advocacy", list(lc.advocacy)),
        ("churn", list(lc.churn)),
    ]
    return [Item(kind, i, m) for kind, ms in groups for i, m in enumerate(ms)]


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
