"""The per-person feature table: the daily facts rolled up in the engine, one row per person.

Scoring needs, per person: each key feature's count, first time and discovery time (the end
of the UTC day its running count reached `min_count`), the first time of each lifecycle kind,
the signup kind, the moment marketing touches reached `mql_points`, and the signal days (one
struct per signal and UTC day) that the hysteresis grid and the PQL entry time decay at many
times. Only the person rows leave the engine, never the millions of fact rows.
"""

from __future__ import annotations

from typing import Any

import ibis

from qualify.config import Config
from qualify.core.numbers import EPS
from qualify.features.people import person_frame
from qualify.features.wide import daily_facts
from qualify.store.aggregates import first_by
from qualify.store.asof import AsOf

__all__ = ["LIFECYCLE", "POST_CUSTOMER", "person_features"]

LIFECYCLE = ("signup", "sql", "opportunity", "customer")
POST_CUSTOMER = ("expansion", "advocacy")  # counted only from the customer time on


def person_features(asof: AsOf, cfg: Config) -> Any:
    """person_frame's columns plus kf<j>_count / kf<j>_first_at / kf<j>_found_at, <kind>_at,
    signup_kind, mql_at and signal_days (list of {signal, day_end, last_at, n})."""
    f = daily_facts(asof, cfg)
    now = ibis.literal(asof.time, type="timestamp")
    f = f.mutate(day_end=ibis.least(f.day + ibis.interval(days=1), now))
    out = person_frame(asof, cfg)
    for part in (_main(f, cfg), _found(f, cfg), _mql(f, cfg), _post_customer(f)):
        if part is None:
            continue
        part = part.rename(_pid="person_id")
        out = out.left_join(part, out.person_id == part._pid).drop("_pid")
    counts = {
        f"kf{j}_count": out[f"kf{j}_count"].fill_null(0)
        for j in range(len(cfg.activation.key_features))
    }
    return out.mutate(**counts) if counts else out


def _main(f: Any, cfg: Config) -> Any:
    aggs: dict[str, Any] = {}
    for j, feat in enumerate(cfg.activation.key_features):
        this = f.item == f"kf:{j}"
        aggs[f"kf{j}_count"] = f.n.sum(where=this)
        aggs[f"kf{j}_first_at"] = f.first_at.min(where=this)
        if feat.min_count <= 1:
            aggs[f"kf{j}_found_at"] = f.day_end.min(where=this)
    for kind in LIFECYCLE:
        aggs[f"{kind}_at"] = f.first_at.min(where=f.item.startswith(kind + ":"))
    signup = f.item.startswith("signup:")
    aggs["signup_kind"] = first_by(f.kind, f.first_at, where=signup)
    is_signal = f.item.startswith("signal:")
    # The signal's index in the config ("signal:3" -> 3), so no string leaves the engine (a
    # try: the struct is built on every row before the filter drops the other items).
    index = f.item.substr(len("signal:")).try_cast("int16")
    day = ibis.struct({"signal": index, "day_end": f.day_end, "last_at": f.last_at, "n": f.n})
    aggs["signal_days"] = day.collect(where=is_signal)
    return f.group_by("person_id").aggregate(**aggs)


def _found(f: Any, cfg: Config) -> Any | None:
    """Discovery times of the key features that need more than one event: a running count
    per (person, feature) over the days, only over those features' rows."""
    multi = [(j, k.min_count) for j, k in enumerate(cfg.activation.key_features) if k.min_count > 1]
    if not multi:
        return None
    m = f.filter(f.item.isin([f"kf:{j}" for j, _ in multi]))
    w = ibis.window(group_by=[m.person_id, m.item], order_by=m.day, rows=(None, 0))
    m = m.mutate(cum=m.n.sum().over(w))
    return m.group_by("person_id").aggregate(
        **{
            f"kf{j}_found_at": m.day_end.min(where=(m.item == f"kf:{j}") & (m.cum >= count))
            for j, count in multi
        }
    )


def _mql(f: Any, cfg: Config) -> Any | None:
    """When a person's running touch points first reached mql_points (ordered by each day's
    last touch; rows tied on that time reach it together, whatever their order)."""
    touches = cfg.marketing.touches
    if not touches:
        return None
    t = f.filter(f.item.startswith("touch:"))
    points = ibis.cases(
        *[(t.item == f"touch:{i}", float(tch.points)) for i, tch in enumerate(touches)],
        else_=0.0,
    )
    t = t.mutate(w=points * t.n)
    win = ibis.window(group_by=t.person_id, order_by=t.last_at, rows=(None, 0))
    t = t.mutate(cum=t.w.sum().over(win))
    reached = t.cum >= cfg.marketing.mql_points - EPS
    return t.group_by("person_id").aggregate(mql_at=t.last_at.min(where=reached))


def _post_customer(f: Any) -> Any:
    """First expansion / advocacy time from the customer time on: a day that began before
    it counts from its last event if that came after."""
    c = f.filter(f.item.startswith("customer:"))
    cust = c.group_by(_cid=c.person_id).aggregate(_cust=c.first_at.min())
    p = f.filter(f.item.startswith("expansion:") | f.item.startswith("advocacy:"))
    p = p.inner_join(cust, p.person_id == cust._cid)
    at = ibis.cases(
        (p.first_at >= p._cust, p.first_at), (p.last_at >= p._cust, p.last_at), else_=ibis.null()
    )
    return p.group_by("person_id").aggregate(
        **{f"{kind}_at": at.min(where=p.item.startswith(kind + ":")) for kind in POST_CUSTOMER}
    )
