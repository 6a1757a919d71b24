"""Intent 0-100: decayed, daily-capped points of the buying signals.

Per (person, signal, UTC day): points = min(points * events, cap_per_day), decayed by the age
in days of that day's last event at the time of scoring (a day's points count from its end, so
a midnight grid point sees only whole days). intent = min(100, sum over signals and days).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from qualify.config import Config, Decay

__all__ = [
    "IntentRows",
    "SignalRows",
    "decay_factor",
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
    """`intent_at` at each of `times`, with each signal's rows picked out once."""
    groups = []
    for j, sig in enumerate(cfg.intent.signals):
        idx = np.flatnonzero(rows.signal == j)
        groups.append((sig.decay, idx, rows.raw[idx], rows.day_end[idx], rows.last_at[idx]))
    for t in times:
        pts = np.zeros(len(rows.raw))
        for decay, idx, raw, day_end, last_at in groups:
            age = (t - last_at).astype("int64") / DAY_US
            value = raw * decay_factor(decay, age)
            value[day_end > t] = 0.0  # not yet complete at t
            pts[idx] = value
        total = np.bincount(rows.person, weights=pts, minlength=n)
        yield np.minimum(100.0, total[:n])


def intent_at(rows: SignalRows, t: np.datetime64, n: int, cfg: Config) -> np.ndarray:
    """Intent 0-100 of every person at time `t`."""
    total = np.bincount(rows.person, weights=points_at(rows, t, cfg), minlength=n)
    return np.minimum(100.0, total[:n])
