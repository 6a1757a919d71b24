"""Per-person attributes as of a time: first/last seen, primary account, traits, account size."""

from __future__ import annotations

from typing import Any

from qualify.config import Config, FieldRule
from qualify.store.asof import AsOf

__all__ = ["field_rules", "person_frame", "trait_keys"]


def field_rules(cfg: Config) -> list[FieldRule]:
    """Every field rule the config evaluates (ICP rules, disqualifiers, routing)."""
    return [*cfg.icp.rules, *cfg.icp.disqualifiers, *cfg.routing.sales_assisted]


def trait_keys(cfg: Config, scope: str) -> list[str]:
    """The trait keys read from person or account traits, sorted."""
    return sorted({r.key for r in field_rules(cfg) if r.scope == scope})


def _column(key: str) -> str:
    from qualify.config import TypedColumn

    return TypedColumn(source="traits", key=key, sql_type="VARCHAR").column


def person_frame(asof: AsOf, cfg: Config) -> Any:
    """person_id, account_id (first account joined), first_seen, last_seen, `person.<k>` and
    `account.<k>` trait columns, members (people in that account) and account_first_seen."""
    people = asof.people
    mem = asof.memberships
    primary = mem.group_by(_pid="user_id").aggregate(
        account_id=mem.group_id.argmin(mem.since.cast("string").concat(mem.group_id))
    )
    sizes = mem.group_by(_aid="group_id").aggregate(members=mem.user_id.nunique())
    t = people.left_join(primary, people.user_id == primary._pid)
    t = t.left_join(sizes, t.account_id == sizes._aid)
    pt = asof.person_traits.rename(_ptid="user_id")
    at = asof.account_traits.rename(_atid="group_id")
    pkeys, akeys = trait_keys(cfg, "person"), trait_keys(cfg, "account")
    pt = pt.select("_ptid", **{f"person.{k}": pt[_column(k)] for k in pkeys})
    at = at.select("_atid", **{f"account.{k}": at[_column(k)] for k in akeys})
    t = t.left_join(pt, t.user_id == pt._ptid)
    t = t.left_join(at, t.account_id == at._atid)
    cols = [f"person.{k}" for k in pkeys] + [f"account.{k}" for k in akeys]
    return t.select(
        person_id=t.user_id,
        account_id=t.account_id,
        first_seen=t.first_seen,
        last_seen=t.last_seen,
        members=t.members.fill_null(0),
        **{c: t[c] for c in cols},
    )
