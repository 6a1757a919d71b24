"""Keep "as of" honest in one place: the events, identities, traits and memberships as they
stood at a time. Every feature starts here; nothing else reads the raw tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ibis
from ibis import _

from qualify.config import TypedColumn
from qualify.core.clock import naive_utc
from qualify.store.aggregates import last_by
from qualify.store.base import Store

__all__ = ["AsOf", "as_of"]


@dataclass(frozen=True)
class AsOf:
    """The workspace as it stood at `time` (naive UTC), as ibis tables.

    events: person_id (null for anonymous visitors), account_id, anonymous_id, type, event,
        timestamp, properties and the typed columns.
    person_events: person_id, type, event, timestamp and the typed
        property columns only (no account, no JSON): the narrow input of the per-person
        features, which saves a join and keeps the engine's shared subquery small.
    people: user_id, first_seen, last_seen of every identified person.
    person_traits / account_traits: user_id / group_id plus the latest value of each typed
        trait column (t_*), each taken from the newest call that set it.
    memberships: user_id, group_id, since.
    """

    time: dt.datetime
    events: Any
    person_events: Any
    people: Any
    accounts: Any
    person_traits: Any
    account_traits: Any
    memberships: Any


def as_of(store: Store, time: dt.datetime, typed: Sequence[TypedColumn]) -> AsOf:
    """Everything known at `time`; an event, trait, identify or group call after it changes
    nothing here."""
    t = naive_utc(time)
    con = store.ibis()
    ts = ibis.literal(t, type="timestamp")
    raw = con.table("events").filter(_.timestamp <= ts)
    identities = con.table("identities").filter(_.merged_at <= ts)
    memberships = con.table("memberships").filter(_.since <= ts)
    trait_cols = [c.column for c in typed if c.source == "traits"]
    prop_cols = [c.column for c in typed if c.source == "properties"]
    # Two resolutions of the same events: the features' CTE stays narrow (the engine keeps a
    # shared subquery whole, JSON columns and all), the full one serves everything else.
    person_events = _resolve_person(raw, identities, NARROW, prop_cols)
    full = _resolve_person(raw, identities, WIDE, [c.column for c in typed])
    events = _resolve_account(full, memberships)
    return AsOf(
        time=t,
        events=events,
        person_events=person_events,
        # Its own narrow resolution: a subquery used once streams, a shared one is kept whole.
        people=_people(_resolve_person(raw, identities, ("timestamp",), [])),
        accounts=_accounts(events),
        person_traits=_latest(raw.filter(_.type == "identify"), "user_id", trait_cols),
        account_traits=_latest(raw.filter(_.type == "group"), "group_id", trait_cols),
        memberships=memberships.select("user_id", "group_id", "since"),
    )


NARROW = ("type", "event", "timestamp")
WIDE = ("type", "event", "anonymous_id", "user_id", "group_id", "timestamp", "properties", "traits")


def _resolve_person(raw: Any, identities: Any, base: Sequence[str], typed_cols: list[str]) -> Any:
    cols = [*base, *typed_cols]
    ids = identities.select(_anon=_.anonymous_id, _merged=_.user_id)
    # Only the columns asked for enter the join, so each resolution is its own subquery.
    src = raw.select(*dict.fromkeys([*cols, "anonymous_id", "user_id"]))
    joined = src.left_join(ids, src.anonymous_id == ids._anon)
    # mutate ends the join chain, so later joins can use person_id in their predicates.
    resolved = joined.mutate(person_id=joined.user_id.coalesce(joined._merged))
    return resolved.select(*cols, "person_id")


def _resolve_account(events: Any, memberships: Any) -> Any:
    # A person's first account is where their ungrouped events belong.
    primary = memberships.group_by("user_id").aggregate(
        _primary=_.group_id.argmin(_.since.cast("string").concat(_.group_id))
    )
    primary = primary.rename(_puser="user_id")
    full = events.left_join(primary, events.person_id == primary._puser)
    account = full.group_id.coalesce(full._primary)
    return full.select(*[full[c] for c in events.columns], account_id=account)


def _people(events: Any) -> Any:
    known = events.filter(events.person_id.notnull())
    return known.group_by(user_id=known.person_id).aggregate(
        first_seen=known.timestamp.min(), last_seen=known.timestamp.max()
    )


def _accounts(events: Any) -> Any:
    grouped = events.filter(events.account_id.notnull())
    return grouped.group_by(group_id=grouped.account_id).aggregate(
        first_seen=grouped.timestamp.min(), last_seen=grouped.timestamp.max()
    )


def _latest(calls: Any, key: str, trait_cols: list[str]) -> Any:
    calls = calls.filter(calls[key].notnull())
    aggs = {c: last_by(calls[c], calls.timestamp, where=calls[c].notnull()) for c in trait_cols}
    if not aggs:
        return calls.select(calls[key]).distinct()
    return calls.group_by(key).aggregate(**aggs)
