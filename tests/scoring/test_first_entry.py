"""The PQL entry time against a brute force: intent summed over every row at every candidate."""

import datetime as dt
from pathlib import Path

import numpy as np

import qualify
from qualify.config import load_config
from qualify.core.numbers import EPS
from qualify.scoring.hysteresis import _activation_time, first_entry
from qualify.scoring.intent import DAY_US, SignalRows, decay_factor

DAY = np.timedelta64(1, "D")


def _world(seed: int) -> tuple[SignalRows, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n, m, k = 120, 2500, 5
    end = np.datetime64(dt.datetime(2026, 6, 1, 15, 30), "us")
    last = end - rng.integers(0, 400 * DAY_US, m).astype("timedelta64[us]")
    day_end = np.minimum(last.astype("datetime64[D]").astype("datetime64[us]") + DAY, end)
    rows = SignalRows(
        person=rng.integers(0, n, m),
        signal=rng.integers(0, 6, m),
        raw=rng.choice([5.0, 10.0, 15.0, 25.0, 40.0], m),
        events=np.ones(m, "int64"),
        day_end=day_end,
        last_at=last,
    )
    found = end - rng.integers(0, 500 * DAY_US, (n, k)).astype("timedelta64[us]")
    discovered_at = np.where(rng.random((n, k)) < 0.7, found, np.datetime64("NaT", "us"))
    return rows, discovered_at, rng.random(n) < 0.8


def _brute(rows: SignalRows, discovered_at: np.ndarray, fit_ok: np.ndarray, cfg) -> np.ndarray:
    decays = [s.decay for s in cfg.intent.signals]
    horizon = max(d.horizon_days for d in decays)
    act_t = _activation_time(discovered_at, cfg.activation.threshold)
    out = np.full(len(fit_ok), np.datetime64("NaT", "us"))
    for p in np.flatnonzero(fit_ok & ~np.isnat(act_t)):
        mine = rows.person == p
        for c in sorted({*rows.day_end[mine].tolist(), act_t[p].item()}):
            c = np.datetime64(c, "us")
            if c < act_t[p]:
                continue
            age = (c - rows.last_at[mine]).astype("int64") / DAY_US
            use = (rows.day_end[mine] <= c) & (age <= horizon)
            pts = sum(
                float(
                    rows.raw[mine][i]
                    * decay_factor(decays[rows.signal[mine][i]], age[i : i + 1])[0]
                )
                for i in np.flatnonzero(use)
            )
            if min(pts, 100.0) >= cfg.intent.threshold - EPS:
                out[p] = c
                break
    return out


def test_first_entry_equals_the_brute_force() -> None:
    # The starter config's six signals use all four decay kinds.
    cfg = load_config(Path(qualify.__file__).parent / "templates" / "qualify.yaml")
    assert {s.decay.kind for s in cfg.intent.signals} == {"linear", "exponential", "window", "step"}
    for seed in (1, 2):
        rows, discovered_at, fit_ok = _world(seed)
        got = first_entry(rows, discovered_at, fit_ok, cfg)
        want = _brute(rows, discovered_at, fit_ok, cfg)
        np.testing.assert_array_equal(got, want)
        entered = ~np.isnat(want)
        # Both kinds of entry moment occur: a signal day's end and the activation time.
        act_t = _activation_time(discovered_at, cfg.activation.threshold)
        assert 10 < entered.sum() < fit_ok.sum()
        assert (want[entered] == act_t[entered]).any() and (want[entered] != act_t[entered]).any()
