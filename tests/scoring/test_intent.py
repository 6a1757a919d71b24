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
