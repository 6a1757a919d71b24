import numpy as np

from qualify.config import Decay
from qualify.scoring.intent import decay_factor


def test_decay_kinds() -> None:
    age = np.array([0.0, 7.0, 14.0, 30.0])
    assert np.allclose(
        decay_factor(Decay(kind="exponential", half_life_days=7), age)[:3], [1, 0.5, 0.25]
    )
    assert np.allclose(decay_factor(Decay(kind="linear", lifespan_days=14), age), [1, 0.5, 0, 0])
    assert np.allclose(decay_factor(Decay(kind="window", window_days=14), age), [1, 1, 1, 0])
    step = Decay(kind="step", steps=[(7, 1.0), (21, 0.5)])
    assert np.allclose(decay_factor(step, age), [1, 1, 0.5, 0])


def test_intent_series_equals_intent_at_every_time() -> None:
    """The grid's shortcut (faded rows dropped, settled exponential rows carried as one number
    per person) gives what summing every row at every time gives."""
    import datetime as dt
    from pathlib import Path

    import qualify
    from qualify.config import load_config
    from qualify.scoring.hysteresis import grid
    from qualify.scoring.intent import SignalRows, intent_at, intent_series

    # The starter config's signals use all four decay kinds.
    cfg = load_config(Path(qualify.__file__).parent / "templates" / "qualify.yaml")
    rng = np.random.default_rng(7)
    n, m = 300, 6000
    as_of = dt.datetime(2026, 6, 1, 15, 30)
    end = np.datetime64(as_of, "us")
    last = end - rng.integers(0, 200 * 86_400_000_000, m).astype("timedelta64[us]")
    day_end = np.minimum(
        last.astype("datetime64[D]").astype("datetime64[us]") + np.timedelta64(1, "D"), end
    )
    k = len(cfg.intent.signals)
    rows = SignalRows(
        person=rng.integers(0, n, m),
        signal=rng.integers(0, k, m),
        raw=rng.choice([10.0, 15.0, 20.0, 25.0, 40.0], m),
        events=np.ones(m, "int64"),
        day_end=day_end,
        last_at=last,
    )
    times = grid(as_of, 30)
    kinds = {s.decay.kind for s in cfg.intent.signals}
    assert kinds == {"linear", "exponential", "window", "step"}
    series = list(intent_series(rows, times, n, cfg))
    assert len(series) == len(times)
    for t, got in zip(times, series, strict=True):
        np.testing.assert_allclose(got, intent_at(rows, t, n, cfg), rtol=0, atol=1e-9)
    assert (series[0] > 0).sum() > 100 and (series[0] != series[-1]).any()


def test_decay_factors_equal_each_signals_own_decay() -> None:
    from qualify.config import Decay
    from qualify.scoring.intent import decay_factors

    decays = [
        Decay(kind="exponential", half_life_days=7),
        Decay(kind="linear", lifespan_days=45),
        Decay(kind="step", steps=[(7, 1.0), (21, 0.5)]),
        Decay(kind="window", window_days=14),
        Decay(kind="exponential", half_life_days=30),
        Decay(kind="step", steps=[(3, 0.8)]),
    ]
    rng = np.random.default_rng(3)
    signal = rng.integers(0, len(decays), 5000)
    age = rng.uniform(-2, 120, 5000)
    got = decay_factors(decays, signal, age)
    for j, d in enumerate(decays):
        np.testing.assert_array_equal(got[signal == j], decay_factor(d, age[signal == j]))
    assert len(decay_factors(decays, signal[:0], age[:0])) == 0
