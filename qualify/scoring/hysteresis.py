"""The PQL verdict over a fixed daily grid, so it stays a function of the log, config and as_of.

Grid: every UTC midnight from `as_of - lookback_days` up to `as_of`, then `as_of` itself.
Starting from not-PQL, a person enters when activated, fit and intent >= threshold, and stays
while activated, fit and intent >= threshold - exit_margin. Intent and activation are
recomputed at every grid point; fit is taken as of `as_of` (traits rarely change and their
history is not kept per day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from qualify.config import Config
from qualify.core.clock import naive_utc
from qualify.core.numbers import EPS
from qualify.scoring.activation import need_count
from qualify.scoring.intent import DAY_US, SignalRows, decay_factor, intent_series

__all__ = ["GridResult", "first_entry", "grid", "run_grid"]

NAT = np.datetime64("NaT", "us")


@dataclass(frozen=True)
class GridResult:
    is_pql: np.ndarray  # (n,) state at as_of
    intent: np.ndarray  # (n,) intent at as_of
    entered_at: np.ndarray  # grid time the current PQL stint began (NaT if not PQL)
    left_at: np.ndarray  # grid time of the last PQL -> not-PQL move (NaT if none)


def grid(as_of: dt.datetime, lookback_days: int) -> list[np.datetime64]:
    """Midnights from as_of - lookback_days to as_of, then as_of (naive UTC)."""
    t = naive_utc(as_of)
    day = (t - dt.timedelta(days=lookback_days)).replace(hour=0, minute=0, second=0, microsecond=0)
    points: list[np.datetime64] = []
    while day < t:
        points.append(np.datetime64(day, "us"))
        day += dt.timedelta(days=1)
    points.append(np.datetime64(t, "us"))
    return points


def run_grid(
    rows: SignalRows, discovered_at: np.ndarray, fit_ok: np.ndarray, as_of: dt.datetime, cfg: Config
) -> GridResult:
    """Run the hysteresis state machine over the grid for every person at once."""
    n = len(fit_ok)
    thr = cfg.intent.threshold
    margin = cfg.pql.hysteresis.exit_margin
    state = np.zeros(n, dtype=bool)
    entered = np.full(n, NAT)
    left = np.full(n, NAT)
    intent = np.zeros(n)
    times = grid(as_of, cfg.pql.hysteresis.lookback_days)
    # Activated at t <=> the time activation was reached is not after t.
    act_t = _activation_time(discovered_at, cfg.activation.threshold)
    ready = fit_ok & ~np.isnat(act_t)
    for t, intent in zip(times, intent_series(rows, times, n, cfg), strict=True):
        base = ready & (act_t <= t)
        new = np.where(state, base & (intent >= thr - margin - EPS), base & (intent >= thr - EPS))
        entered[new & ~state] = t
        left[state & ~new] = t
        state = new
    entered[~state] = NAT
    return GridResult(is_pql=state, intent=intent, entered_at=entered, left_at=left)


def first_entry(
    rows: SignalRows, discovered_at: np.ndarray, fit_ok: np.ndarray, cfg: Config
) -> np.ndarray:
    """The first time each person met the PQL entry conditions (NaT if never).

    Candidates are the moments intent or activation rose: the end of each signal day and the
    time activation reached its threshold. Intent at a candidate sums the person's earlier
    rows; the loop runs over row lags (bounded by the longest signal horizon), never people.
    """
    n = len(fit_ok)
    act_t = _activation_time(discovered_at, cfg.activation.threshold)
    eligible = fit_ok & ~np.isnat(act_t)
    keep = eligible[rows.person]
    person = np.r_[rows.person[keep], np.flatnonzero(eligible)]
    t = np.r_[rows.day_end[keep], act_t[eligible]]
    last = np.r_[rows.last_at[keep], act_t[eligible]]
    raw = np.r_[rows.raw[keep], np.zeros(int(eligible.sum()))]
    sig = np.r_[rows.signal[keep], np.zeros(int(eligible.sum()), dtype="int64")]
    order = np.lexsort((raw == 0, t, person))
    person, t, last, raw, sig = person[order], t[order], last[order], raw[order], sig[order]
    total = _lagged_intent(person, t, last, raw, sig, cfg)
    ok = (t >= act_t[person]) & (np.minimum(total, 100.0) >= cfg.intent.threshold - EPS)
    out = np.full(n, NAT)
    if ok.any():
        first = np.full(n, np.iinfo("int64").max)
        np.minimum.at(first, person[ok], t[ok].astype("int64"))
        hit = first != np.iinfo("int64").max
        out[hit] = first[hit].astype("datetime64[us]")
    return out


def _lagged_intent(
    person: np.ndarray,
    t: np.ndarray,
    last: np.ndarray,
    raw: np.ndarray,
    sig: np.ndarray,
    cfg: Config,
) -> np.ndarray:
    horizon = max((s.decay.horizon_days for s in cfg.intent.signals), default=0.0)
    total = np.zeros(len(t))
    # Rows are sorted by person then time: once a row's lag-th predecessor is another person,
    # so is every further one, so each lag only looks at the rows still inside their person.
    cur = np.arange(len(t))
    lag = 0
    while len(cur):
        prev = cur - lag
        same = person[cur] == person[prev]
        cur, prev = cur[same], prev[same]
        age = (t[cur] - last[prev]).astype("int64") / DAY_US
        live = age <= horizon
        for j, s in enumerate(cfg.intent.signals):
            sel = live & (sig[prev] == j) & (raw[prev] > 0)
            total[cur[sel]] += raw[prev[sel]] * decay_factor(s.decay, age[sel])
        lag += 1
        cur = cur[cur >= lag]
    return total


def _activation_time(discovered_at: np.ndarray, threshold: float) -> np.ndarray:
    """When each person's discovered count reached the activation threshold (NaT if never)."""
    n, k = discovered_at.shape
    need = need_count(k, threshold)
    if need == 0:
        return np.full(n, np.datetime64("1970-01-01", "us"))
    filled = np.where(np.isnat(discovered_at), np.datetime64("9999-01-01", "us"), discovered_at)
    nth = np.sort(filled, axis=1)[:, need - 1]
    return np.where(nth == np.datetime64("9999-01-01", "us"), NAT, nth)
