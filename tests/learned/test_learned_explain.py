from __future__ import annotations

import numpy as np
import pandas as pd

from qualify.scoring.learned.explain import BASELINE, factor_lists, to_points

TEXTS = {"pricing_7d": "Pricing page {v} times in the last 7 days", "role": "Person role is {v}"}


def _frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    contrib = pd.DataFrame(
        {
            "pricing_7d": [1.2, -0.1],
            "role": [-0.6, 0.0],
            "other": [0.3, 0.4],
            BASELINE: [-2.0, -2.0],
        }
    )
    values = pd.DataFrame(
        {"pricing_7d": [3.0, 0.0], "role": ["Student", "VP"], "other": [1.0, 2.0]}
    )
    return contrib, values


def test_points_add_up_to_the_probability_gap() -> None:
    contrib, _ = _frames()
    points = to_points(contrib)
    logit = contrib.sum(axis=1).to_numpy()
    p, p0 = 1 / (1 + np.exp(-logit)), 1 / (1 + np.exp(2.0))
    np.testing.assert_allclose(points.sum(axis=1).to_numpy(), 100 * (p - p0))
    assert (
        np.sign(points.to_numpy()) == np.sign(contrib.drop(columns=[BASELINE]).to_numpy())
    ).all()


def test_factors_say_it_in_plain_words_with_signs() -> None:
    contrib, values = _frames()
    first = factor_lists(to_points(contrib), values, TEXTS, top=3)[0]
    assert [f["feature"] for f in first] == ["pricing_7d", "other", "role"]
    assert first[0]["text"].startswith("Pricing page 3 times in the last 7 days: +")
    assert first[0]["contribution"] > 0 > first[-1]["contribution"]
    assert first[-1]["text"].startswith("Person role is Student: -")
    assert first[-1]["value"] == "Student"
    second = factor_lists(to_points(contrib), values, TEXTS, top=1)[1]
    assert [f["feature"] for f in second] == ["other", "pricing_7d"]  # zero terms are left out


def test_public_api_is_pinned() -> None:
    import qualify.scoring.learned as learned

    assert learned.__all__ == sorted(learned.__all__)
    assert set(learned.__all__) == {
        "LabelSpec",
        "LowData",
        "TrainOptions",
        "TrainResult",
        "backtest",
        "score_people",
        "train",
    }
