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
from qualify.scoring.intent import DAY_US, SignalRows, decay_factors, intent_series

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
    time activation reached its threshold. Intent at a candidate sums the person's rows
    complete by then and younger than the longest signal horizon; the loop runs over row lags
    (bounded by the rows inside that horizon), never people.
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
    # At a tie in time the signal rows come first, so the activation row sees them all.
    order = np.lexsort((raw == 0, t, person))
    c = _Candidates(
        person[order], t[order].view("int64"), last[order].view("int64"), raw[order], sig[order]
    )
    # Only a candidate at or after activation can be the entry; every row still counts
    # towards the intent of the candidates after it.
    want = np.flatnonzero(c.t >= act_t[c.person].view("int64"))
    ok = _first_hits(c, want, n, cfg)
    out = np.full(n, NAT)
    if len(ok):
        first = np.full(n, np.iinfo("int64").max)
        np.minimum.at(first, c.person[ok], c.t[ok])
        hit = first != np.iinfo("int64").max
        out[hit] = first[hit].astype("datetime64[us]")
    return out


@dataclass(frozen=True)
class _Candidates:
    """Signal and activation rows sorted by person, then time (t and last in microseconds)."""

    person: np.ndarray
    t: np.ndarray
    last: np.ndarray
    raw: np.ndarray
    sig: np.ndarray


def _first_hits(c: _Candidates, want: np.ndarray, n: int, cfg: Config) -> np.ndarray:
    """Rows of `want` whose intent reaches the threshold, including each person's first.

    The candidates go in blocks of their rank within the person (1, 1, 2, 4, 8, ...); a
    person with a hit stops there. Most of the lag work is in late candidates of people who
    qualified early, and only the first hit counts."""
    if not len(want):
        return want
    p = c.person[want]
    pos = np.arange(len(want))
    rank = pos - np.maximum.accumulate(np.where(np.r_[True, p[1:] != p[:-1]], pos, 0))
    done = np.zeros(n, dtype=bool)
    hits = []
    lo, hi, top = 0, 1, int(rank.max())
    while lo <= top:
        block = want[(rank >= lo) & (rank < hi) & ~done[p]]
        total = _lagged_intent(c, block, cfg)
        hit = block[np.minimum(total, 100.0) >= cfg.intent.threshold - EPS]
        done[c.person[hit]] = True
        hits.append(hit)
        lo, hi = hi, 2 * hi
    return np.concatenate(hits)


def _lagged_intent(c: _Candidates, want: np.ndarray, cfg: Config) -> np.ndarray:
    """Intent (uncapped) at each row of `want`: the sum of raw * decay over the row itself
    and the rows before it in the same person."""
    person, t, last, raw, sig = c.person, c.t, c.last, c.raw, c.sig
    decays = [s.decay for s in cfg.intent.signals]
    horizon = max((d.horizon_days for d in decays), default=0.0)
    span = horizon * DAY_US
    total = np.zeros(len(want))
    # Rows are sorted by person, then time. A row's last event is before its time, so once
    # the lag-th predecessor is another person or more than the horizon older, so is every
    # further one: each lag only looks at the rows still inside their person and horizon.
    at = np.arange(len(want))  # positions in `want` still open
    cur = want
    lag = 0
    while len(cur):
        prev = cur - lag
        # A negative index wraps around; the first test masks it out.
        inside = (prev >= 0) & (person[cur] == person[prev]) & (t[cur] - t[prev] <= span)
        cur, prev, at = cur[inside], prev[inside], at[inside]
        age = (t[cur] - last[prev]) / DAY_US
        live = (age <= horizon) & (raw[prev] > 0)
        total[at[live]] += raw[prev[live]] * decay_factors(decays, sig[prev[live]], age[live])
        lag += 1
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
