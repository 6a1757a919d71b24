"""The scoring inputs computed the way the pipeline did before the engine rolled them up per
person: from the daily fact rows (person, item, day), in numpy. Kept only as a test oracle for
`features.rollup` + `scoring.inputs`."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from qualify.config import Config
from qualify.core.numbers import EPS
from qualify.scoring.inputs import PersonInputs
from qualify.scoring.intent import SignalRows

NAT = np.datetime64("NaT", "us")


def inputs_from_facts(
    people: pd.DataFrame, fx: pd.DataFrame, cfg: Config, t: dt.datetime
) -> PersonInputs:
    n = len(people)
    now = np.datetime64(t, "us")
    pidx = _person_index(people["person_id"], fx["person_id"])
    if not (pidx >= 0).all():
        fx = fx.loc[pidx >= 0]
        pidx = pidx[pidx >= 0]
    fx = fx.assign(
        day_end=np.minimum(fx["day"].to_numpy("datetime64[us]") + np.timedelta64(1, "D"), now)
    )
    counts, first, found = _kf(fx, pidx, n, cfg)
    times = _times(fx, pidx, n, cfg, people)
    times.pop("seen")
    return PersonInputs(
        counts=counts,
        first_at=first,
        found_at=found,
        times=times,
        signup_kind=pd.Series(_signup_kind(fx, pidx, n), dtype=object),
        signals=signal_rows(fx, pidx, cfg),
    )


def _kf(facts: pd.DataFrame, pidx: np.ndarray, n: int, cfg: Config) -> tuple[np.ndarray, ...]:
    """Per-person activation from the daily facts (`pidx` maps each fact row to a person)."""
    feats = cfg.activation.key_features
    k = len(feats)
    counts = np.zeros((n, k), dtype="int64")
    first = np.full((n, k), np.datetime64("NaT"), dtype="datetime64[us]")
    disc_at = np.full((n, k), np.datetime64("NaT"), dtype="datetime64[us]")
    item = facts["item"].astype("category")
    code_of = {c: i for i, c in enumerate(item.cat.categories)}
    codes = item.cat.codes.to_numpy()
    n_all = facts["n"].to_numpy()
    first_all = facts["first_at"].to_numpy("datetime64[us]")
    end_all = facts["day_end"].to_numpy("datetime64[us]")
    for j, feat in enumerate(feats):
        sel = codes == code_of.get(f"kf:{j}", -2)
        p = pidx[sel]
        cnt = n_all[sel]
        np.add.at(counts[:, j], p, cnt)
        first[:, j] = _group_min(p, first_all[sel], n)
        disc_at[:, j] = _reached_at(p, end_all[sel], cnt, feat.min_count, n)
    return counts, first, disc_at


def _group_min(p: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    if len(p) == 0:
        return out
    as_int = values.astype("int64")
    best = np.full(n, np.iinfo("int64").max, dtype="int64")
    np.minimum.at(best, p, as_int)
    hit = best != np.iinfo("int64").max
    out[hit] = best[hit].astype("datetime64[us]")
    return out


def _reached_at(
    p: np.ndarray, ends: np.ndarray, counts: np.ndarray, min_count: int, n: int
) -> np.ndarray:
    """Day-end at which each person's running count first reached min_count."""
    if len(p) == 0:
        return np.full(n, np.datetime64("NaT"), dtype="datetime64[us]")
    order = np.lexsort((ends, p))
    ps, es, cnt = p[order], ends[order], counts[order]
    cum = np.cumsum(cnt)
    start = np.r_[0, np.flatnonzero(ps[1:] != ps[:-1]) + 1]
    base = np.repeat(cum[start] - cnt[start], np.diff(np.r_[start, len(ps)]))
    reached = (cum - base) >= min_count
    return _group_min(ps[reached], es[reached], n)


def _person_index(ids: pd.Series, fact_ids: pd.Series) -> np.ndarray:
    """Each fact row's position in `ids` (-1 if absent), looking up each distinct id once."""
    cat = fact_ids.astype("category")
    pos = pd.Index(ids).get_indexer(cat.cat.categories)
    out: np.ndarray = np.r_[pos, -1][cat.cat.codes.to_numpy()]
    return out


def _first(
    fx: pd.DataFrame, pidx: np.ndarray, n: int, kind: str, since: np.ndarray | None = None
) -> np.ndarray:
    sel = fx["item"].str.startswith(kind + ":").to_numpy()
    first = fx["first_at"].to_numpy("datetime64[us]")[sel]
    last = fx["last_at"].to_numpy("datetime64[us]")[sel]
    p = pidx[sel]
    if since is not None:
        # Post-customer kinds count only from the customer time on.
        s = since[p]
        first = np.where(first >= s, first, np.where(last >= s, last, NAT))
    out = np.full(n, np.iinfo("int64").max)
    ok = ~np.isnat(first)
    np.minimum.at(out, p[ok], first[ok].astype("int64"))
    return np.where(out == np.iinfo("int64").max, NAT, out.astype("datetime64[us]"))


def _times(
    fx: pd.DataFrame, pidx: np.ndarray, n: int, cfg: Config, people: pd.DataFrame
) -> dict[str, np.ndarray]:
    times: dict[str, np.ndarray] = {"seen": people["first_seen"].to_numpy("datetime64[us]")}
    for kind in ("signup", "sql", "opportunity", "customer"):
        times[kind] = _first(fx, pidx, n, kind)
    cust = times["customer"]
    for kind in ("expansion", "advocacy"):
        times[kind] = _first(fx, pidx, n, kind, since=cust)
    times["mql"] = _mql(fx, pidx, n, cfg)
    return times


def _mql(fx: pd.DataFrame, pidx: np.ndarray, n: int, cfg: Config) -> np.ndarray:
    sel = fx["item"].str.startswith("touch:").to_numpy()
    rows = fx.loc[sel]
    pts = np.array([tch.points for tch in cfg.marketing.touches])
    idx = (
        rows["item"].str.slice(6).astype("int64").to_numpy() if len(rows) else np.zeros(0, "int64")
    )
    w = pts[idx] * rows["n"].to_numpy() if len(rows) else np.zeros(0)
    p = pidx[sel]
    ends = rows["last_at"].to_numpy("datetime64[us]")
    order = np.lexsort((ends, p))
    p, ends, w = p[order], ends[order], w[order]
    cum = pd.Series(w).groupby(p).cumsum().to_numpy() if len(p) else np.zeros(0)
    hit = cum >= cfg.marketing.mql_points - EPS
    out = np.full(n, np.iinfo("int64").max)
    np.minimum.at(out, p[hit], ends[hit].astype("int64"))
    return np.where(out == np.iinfo("int64").max, NAT, out.astype("datetime64[us]"))


def _signup_kind(fx: pd.DataFrame, pidx: np.ndarray, n: int) -> np.ndarray:
    sel = fx["item"].str.startswith("signup:").to_numpy()
    rows = fx.loc[sel].assign(_p=pidx[sel]).sort_values("first_at").drop_duplicates("_p")
    out = np.full(n, None, dtype=object)
    out[rows["_p"].to_numpy()] = rows["kind"].to_numpy()
    return out


def signal_rows(facts: pd.DataFrame, pidx: np.ndarray, cfg: Config) -> SignalRows:
    """The signal facts with daily caps applied."""
    sigs = cfg.intent.signals
    # The item codes arrive as a categorical: parse the few categories, not every row.
    item = facts["item"].astype("category")
    code_sig = np.array(
        [int(c.split(":")[1]) if c.startswith("signal:") else -1 for c in item.cat.categories]
        + [-1],  # code -1 (a missing item) takes the last entry
        dtype="int64",
    )
    sig_of_row = code_sig[item.cat.codes.to_numpy()]
    is_sig = sig_of_row >= 0
    signal = sig_of_row[is_sig]
    points = np.array([s.points for s in sigs], dtype="float64")
    caps = np.array([s.cap_per_day or np.inf for s in sigs], dtype="float64")
    events = facts["n"].to_numpy("int64")[is_sig]
    raw = np.minimum(points[signal] * events, caps[signal]) if len(signal) else np.zeros(0)
    return SignalRows(
        person=pidx[is_sig],
        signal=signal,
        raw=raw,
        events=events,
        day_end=facts["day_end"].to_numpy("datetime64[us]")[is_sig],
        last_at=facts["last_at"].to_numpy("datetime64[us]")[is_sig],
    )
