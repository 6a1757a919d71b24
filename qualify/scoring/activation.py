"""Activation 0-1: the share of key features discovered.

A key feature is discovered once its matching events reach `min_count`; the time it happened
is taken at day precision (the end of the UTC day the count was reached, or `as_of` for the
current day), which is all the daily hysteresis grid needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualify.config import Config

__all__ = ["ActivationResult", "activation", "need_count", "share_of"]

EPS = 1e-9


@dataclass(frozen=True)
class ActivationResult:
    counts: np.ndarray  # (n, K) events per key feature
    first_at: np.ndarray  # (n, K) datetime64[us], first matching event (NaT if none)
    discovered_at: np.ndarray  # (n, K) datetime64[us], day-end the count reached min_count
    discovered: np.ndarray  # (n, K) bool
    share: np.ndarray  # (n,)
    ok: np.ndarray  # (n,) share >= threshold


def share_of(discovered: np.ndarray) -> np.ndarray:
    """Share of key features discovered per row (1.0 when the config declares none)."""
    k = discovered.shape[1]
    return discovered.sum(axis=1) / k if k else np.ones(discovered.shape[0])


def need_count(k: int, threshold: float) -> int:
    """The fewest discovered features out of `k` whose share meets `threshold`."""
    if k == 0:
        return 0
    m = int(np.ceil(threshold * k - EPS))
    return m if m / k >= threshold - EPS else m + 1


def activation(facts: pd.DataFrame, pidx: np.ndarray, n: int, cfg: Config) -> ActivationResult:
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
    discovered = counts >= np.array([f.min_count for f in feats], dtype="int64")[None, :]
    share = share_of(discovered)
    ok = share >= cfg.activation.threshold - EPS
    return ActivationResult(counts, first, disc_at, discovered, share, ok)


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
