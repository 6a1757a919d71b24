"""Intent 0-100: decayed, daily-capped points of the buying signals.

Per (person, signal, UTC day): points = min(points * events, cap_per_day), decayed by the age
in days of that day's last event at the time of scoring (a day's points count from its end, so
a midnight grid point sees only whole days). intent = min(100, sum over signals and days).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from qualify.config import Config, Decay

__all__ = [
    "IntentRows",
    "SignalRows",
    "decay_factor",
    "decay_factors",
    "intent_at",
    "intent_series",
]

DAY_US = 86_400_000_000


def decay_factor(decay: Decay, age_days: np.ndarray) -> np.ndarray:
    """The fraction of points left after `age_days` (0 before an event happened)."""
    age = np.maximum(np.asarray(age_days, dtype="float64"), 0.0)
    if decay.kind == "linear":
        out = np.clip(1.0 - age / float(decay.lifespan_days or 1), 0.0, 1.0)
    elif decay.kind == "exponential":
        out = np.power(0.5, age / float(decay.half_life_days or 1))
    elif decay.kind == "window":
        out = (age <= float(decay.window_days or 0)).astype("float64")
    else:
        out = _step(decay, age)
    return np.asarray(out, dtype="float64")


def decay_factors(decays: Sequence[Decay], signal: np.ndarray, age_days: np.ndarray) -> np.ndarray:
    """`decay_factor` of each row's own signal (`signal` indexes `decays`): one pass per
    decay kind instead of one per signal, with each row's parameter looked up."""
    age = np.maximum(np.asarray(age_days, dtype="float64"), 0.0)
    out = np.zeros(len(age))
    kinds = [d.kind for d in decays]
    code = np.array([KINDS.index(k) for k in kinds], dtype="int64")[signal]
    param = np.array([_param(d) for d in decays], dtype="float64")[signal]
    for k in sorted(set(kinds)):
        sel = code == KINDS.index(k)
        a, p = age[sel], param[sel]
        if k == "exponential":
            out[sel] = np.power(0.5, a / p)
        elif k == "linear":
            out[sel] = np.clip(1.0 - a / p, 0.0, 1.0)
        elif k == "window":
            out[sel] = a <= p
        else:  # step: few signals, each its own steps
            for j in {j for j, d in enumerate(decays) if d.kind == k}:
                one = signal == j
                out[one] = _step(decays[j], age[one])
    return out


KINDS = ("linear", "exponential", "window", "step")


def _param(decay: Decay) -> float:
    """The one number the linear, exponential and window decays take (1.0 for step)."""
    value = {
        "linear": decay.lifespan_days,
        "exponential": decay.half_life_days,
        "window": decay.window_days,
    }.get(decay.kind)
    return float(value or 1.0)


def _step(decay: Decay, age: np.ndarray) -> np.ndarray:
    # steps [[7, 1.0], [21, 0.5]]: full points... up to 7 days, half up to 21, then nothing.
    steps = decay.steps or []
    out = np.zeros_like(age)
    done = np.zeros(age.shape, dtype=bool)
    for days, frac in steps:
        take = ~done & (age <= days)
        out[take] = frac
        done |= take
    return out


@dataclass(frozen=True)
class SignalRows:
    """One row per (person, signal, day): person index, signal index, capped raw points,
    events, end of day (when the points start to count), last event time."""

    person: np.ndarray
    signal: np.ndarray
    raw: np.ndarray
    events: np.ndarray
    day_end: np.ndarray  # datetime64[us]
    last_at: np.ndarray  # datetime64[us]


IntentRows = SignalRows


def points_at(rows: SignalRows, t: np.datetime64, cfg: Config) -> np.ndarray:
    """Each row's decayed points at time `t` (0 for rows not yet complete at `t`)."""
    out = np.zeros(len(rows.raw))
    seen = rows.day_end <= t
    age = (t - rows.last_at).astype("int64") / DAY_US
    for j, sig in enumerate(cfg.intent.signals):
        sel = seen & (rows.signal == j)
        out[sel] = rows.raw[sel] * decay_factor(sig.decay, age[sel])
    return out


def intent_series(
    rows: SignalRows, times: list[np.datetime64], n: int, cfg: Config
) -> Iterator[np.ndarray]:
    """`intent_at` at each of `times` (ascending), touching only the rows still alive.

    A row complete before the first time ("settled") either has faded for good (linear,
    window and step decays reach 0 at their horizon and stay there) and is dropped, or decays
    exponentially, in which case its points at t are its points at the first time times
    0.5 ** ((t - first) / half-life): one number per person and signal carries them all."""
    if not times:
        return
    t0 = times[0]
    live: list[tuple[Decay, np.ndarray]] = []
    carried: list[tuple[Decay, np.ndarray]] = []
    for j, sig in enumerate(cfg.intent.signals):
        idx = np.flatnonzero(rows.signal == j)
        settled = rows.day_end[idx] <= t0
        age0 = (t0 - rows.last_at[idx]).astype("int64") / DAY_US
        if sig.decay.kind == "exponential":
            old = idx[settled]
            at0 = rows.raw[old] * decay_factor(sig.decay, age0[settled])
            carried.append((sig.decay, np.bincount(rows.person[old], weights=at0, minlength=n)))
            idx = idx[~settled]
        else:
            idx = idx[~settled | (age0 <= sig.decay.horizon_days)]
        live.append((sig.decay, idx))
    keep = np.concatenate([idx for _, idx in live]) if live else np.zeros(0, "int64")
    person, raw = rows.person[keep], rows.raw[keep]
    day_end, last_at = rows.day_end[keep], rows.last_at[keep]
    bounds = np.cumsum([0, *(len(idx) for _, idx in live)])
    for t in times:
        pts = raw * 0.0
        age = (t - last_at).astype("int64") / DAY_US
        for (decay, _), lo, hi in zip(live, bounds[:-1], bounds[1:], strict=True):
            pts[lo:hi] = raw[lo:hi] * decay_factor(decay, age[lo:hi])
        pts[day_end > t] = 0.0  # not yet complete at t
        total = np.bincount(person, weights=pts, minlength=n)[:n]
        for decay, base in carried:
            since = np.array([(t - t0).astype("int64") / DAY_US])
            total = total + base[:n] * decay_factor(decay, since)[0]
        yield np.minimum(100.0, total)


def intent_at(rows: SignalRows, t: np.datetime64, n: int, cfg: Config) -> np.ndarray:
    """Intent 0-100 of every person at time `t`."""
    total = np.bincount(rows.person, weights=points_at(rows, t, cfg), minlength=n)
    return np.minimum(100.0, total[:n])
